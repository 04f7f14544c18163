-- Higher-education establishments of the territory (their UAI starts as its collèges' do), one row per
-- establishment, to fill UAIs the workbook lacks (Parcoursup, MESR). Their positions are their sites'
-- (ref.enseignement_superieur_sites).
select "Code UAI de l etablissement" as uai,
       first(trim(regexp_replace(etablissement, '\s+', ' ', 'g')) order by etablissement) as etablissement
from read_parquet('{{ reference_data }}/parcoursup.parquet')
where list_contains(string_split('{{ uai_prefixes }}', ','), left("Code UAI de l etablissement", 3))
group by uai
order by uai
