-- One row per current commune of the territory with its arrondissement, its département and the académie and
-- region of that département: the one join the staging models make to place a collège, from its commune in the
-- directory or the commune its workbook wrote.
select
    com.code_commune,
    com.nom_commune,
    com.code_arrondissement,
    com.nom_arrondissement,
    com.code_departement,
    dep.code_departement_men,
    dep.nom_departement,
    dep.code_academie,
    dep.libelle_academie,
    dep.code_region,
    dep.libelle_region
from ref.communes_actuelles as com
left join ref.departements as dep using (code_departement)
order by com.code_commune
