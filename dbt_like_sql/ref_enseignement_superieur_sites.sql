-- The sites of the territory's higher-education establishments: each distinct position of their Parcoursup
-- programmes, in the commune of the territory's nearest collège (the directory's position, within about 30 km; a
-- point farther from every collège of the territory, Mayotte's for a Paris university, is none of its sites).
-- A published row takes the site of its establishment in its own commune: a university teaching in three
-- communes is placed three times, never at another territory's point.
with programmes as (
    select
        "Code UAI de l etablissement" as uai,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 1) as double) as latitude,
        try_cast(split_part("Coordonnées GPS de la formation", ',', 2) as double) as longitude
    from read_parquet('{{ reference_data }}/parcoursup.parquet')
    where list_contains(string_split('{{ uai_prefixes }}', ','), left("Code UAI de l etablissement", 3))
),
sites as (
    select uai, latitude, longitude, count(*) as programmes
    from programmes
    where latitude is not null and longitude is not null
    group by all
),
colleges as (
    select code_commune, try_cast(latitude as double) as latitude, try_cast(longitude as double) as longitude
    from read_parquet('{{ reference_data }}/colleges.parquet')
    where list_contains(string_split('{{ departements_men }}', ','), code_departement)
      and ('{{ communes }}' = '' or list_contains(string_split('{{ communes }}', ','), code_commune))
      and try_cast(latitude as double) is not null
)
select
    s.uai,
    arg_min(c.code_commune, pow(c.latitude - s.latitude, 2)
            + pow((c.longitude - s.longitude) * cos(radians(s.latitude)), 2)) as code_commune,
    s.latitude,
    s.longitude,
    s.programmes
from sites as s
join colleges as c
    on c.latitude between s.latitude - 0.3 and s.latitude + 0.3
    and c.longitude between s.longitude - 0.4 and s.longitude + 0.4
group by s.uai, s.latitude, s.longitude, s.programmes
order by s.uai, code_commune, s.programmes desc, s.latitude, s.longitude
