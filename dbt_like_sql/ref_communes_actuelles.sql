-- One row per current commune of the département (INSEE COG 2022), with its arrondissement: what the staging
-- models join to name a commune, whatever name (current or former) the workbook used.
select distinct code_commune, nom_commune, code_arrondissement, nom_arrondissement
from ref.communes
order by code_commune
