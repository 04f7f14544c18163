-- Higher-education establishments of the territory (their UAI starts as its collèges' do) and their programmes
-- (Parcoursup, MESR), one row per establishment with the position of its first programme, to fill UAIs and
-- positions the workbook lacks.
with formations as (
    select
        "Code UAI de l etablissement" as uai,
        trim(regexp_replace(etablissement, '\s+', ' ', 'g')) as etablissement,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 1) as double) as latitude,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 2) as double) as longitude
    from read_parquet('{{ reference_data }}/parcoursup.parquet')
    where list_contains(string_split('{{ uai_prefixes }}', ','), left("Code UAI de l etablissement", 3))
)
select uai, first(etablissement order by etablissement) as etablissement,
       first(latitude order by latitude) as latitude, first(longitude order by latitude) as longitude
from formations
group by uai
order by uai
