-- Higher education, one row per establishment and programme. The UAI is the one written, else the one of the
-- reference establishment matched by name with confidence (stg.enseignement_superieur_matches), else empty.
select
    m.uai,
    r.nom as etablissement,
    r.sigle,
    r.type,
    r.statut,
    r.formation,
    r.adresse,
    r.code_postal,
    m.code_commune,
    coalesce(com.nom_commune, r.commune) as nom_commune,
    r.site_web,
    ref.latitude,
    ref.longitude,
    try_cast(left(r.annee, 4) as integer) as annee_reference,
    r.source_file,
    r.source_sheet,
    r.source_row
from raw.enseignement_superieur as r
join stg.enseignement_superieur_matches as m using (source_file, source_sheet, source_row)
left join ref.enseignement_superieur as ref on ref.uai = m.uai
left join ref.communes_actuelles as com on com.code_commune = m.code_commune
order by r.nom, r.formation
