-- One row per current commune of the territory (INSEE COG 2022), with its arrondissement and département: what the
-- staging models join to name a commune, whatever name (current or former) the workbook used.
select distinct code_commune, nom_commune, code_arrondissement, nom_arrondissement, code_departement
from ref.communes
order by code_commune
