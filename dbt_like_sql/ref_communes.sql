-- Communes of the département (INSEE COG 2022) with their arrondissement. Delegated and associated communes
-- (COMD, COMA) keep their own name and point to the commune they now belong to, so old names still resolve.
with cog as (
    select * from read_csv('{{ reference_data }}/communes_53.csv', delim = ';', header = true, all_varchar = true)
),
arrondissements as (
    select * from read_csv('{{ reference_data }}/arrondissements_53.csv', delim = ';', header = true,
                           all_varchar = true)
),
current_communes as (
    select com as code_commune, libelle as nom_commune, arr as code_arrondissement from cog where typecom = 'COM'
)
select
    coalesce(nullif(cog.comparent, ''), cog.com) as code_commune,
    cog.libelle as libelle,
    cog.typecom as type_commune,
    parent.nom_commune,
    parent.code_arrondissement,
    a.nom_arrondissement
from cog
join current_communes as parent on parent.code_commune = coalesce(nullif(cog.comparent, ''), cog.com)
join arrondissements as a on a.code_arrondissement = parent.code_arrondissement
