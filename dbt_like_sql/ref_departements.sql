-- The départements of the territory (COG 2022), with their académie and region as the Ministry names them: what the
-- published tables say of each collège's département.
select
    code_departement,
    code_departement_men,
    nom_departement,
    code_academie,
    libelle_academie,
    code_region,
    libelle_region
from read_parquet('{{ reference_data }}/departements.parquet')
where list_contains(string_split('{{ departements }}', ','), code_departement)
order by code_departement
