-- Communes of the territory (INSEE COG 2022) with their arrondissement and département. Delegated and associated
-- communes (COMD, COMA) keep their own name and point to the commune they now belong to, so old names still
-- resolve. The municipal arrondissements of Paris, Lyon and Marseille (ARM) stand as communes: the Ministry's
-- directory places collèges in them. Mayotte's communes belong to no arrondissement (left join).
with cog as (
    select *, case when typecom = 'ARM' then com else coalesce(nullif(comparent, ''), com) end as current_code
    from read_parquet('{{ reference_data }}/communes.parquet')
),
arrondissements as (
    select * from read_parquet('{{ reference_data }}/arrondissements.parquet')
),
current_communes as (
    select com as code_commune, libelle as nom_commune, nullif(arr, '') as code_arrondissement,
           dep as code_departement
    from cog
    where typecom in ('COM', 'ARM') and list_contains(string_split('{{ departements }}', ','), dep)
      and ('{{ communes }}' = '' or list_contains(string_split('{{ communes }}', ','), com))
)
select
    cog.current_code as code_commune,
    cog.libelle as libelle,
    cog.typecom as type_commune,
    parent.nom_commune,
    parent.code_arrondissement,
    a.nom_arrondissement,
    parent.code_departement
from cog
join current_communes as parent on parent.code_commune = cog.current_code
left join arrondissements as a on a.code_arrondissement = parent.code_arrondissement
