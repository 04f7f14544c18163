-- Higher-education establishments of the département and their programmes (Parcoursup, MESR), one row per
-- establishment with the position of its first programme, to fill UAIs and positions the workbook lacks.
with formations as (
    select
        "Code UAI de l etablissement" as uai,
        trim(regexp_replace(etablissement, '\s+', ' ', 'g')) as etablissement,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 1) as double) as latitude,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 2) as double) as longitude
    from read_csv('{{ reference_data }}/parcoursup_53.csv', delim = ';', header = true, all_varchar = true)
)
select uai, first(etablissement order by etablissement) as etablissement,
       first(latitude order by latitude) as latitude, first(longitude order by latitude) as longitude
from formations
group by uai
order by uai
