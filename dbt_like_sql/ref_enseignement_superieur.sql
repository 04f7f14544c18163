-- Higher-education establishments of the territory (their UAI starts as its collèges' do), one row per
-- establishment, to fill UAIs the workbook lacks (Parcoursup, MESR). Their positions are their sites'
-- (ref.enseignement_superieur_sites). A UAI whose key letter is wrong (Parcoursup lists a few) is no
-- identifier: a row matched to it by name would publish it; such an establishment stays unidentified.
select "Code UAI de l etablissement" as uai,
       first(trim(regexp_replace(etablissement, '\s+', ' ', 'g')) order by etablissement) as etablissement
from read_parquet('{{ reference_data }}/parcoursup.parquet')
where list_contains(string_split('{{ uai_prefixes }}', ','), left("Code UAI de l etablissement", 3))
  and substr('ABCDEFGHJKLMNPRSTUVWXYZ', (try_cast(left("Code UAI de l etablissement", 7) as bigint) % 23)::int + 1, 1)
      = right("Code UAI de l etablissement", 1)
group by uai
order by uai
