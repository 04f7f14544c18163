-- Higher education, one row per establishment and programme. The UAI is the one written, else the one of the
-- reference establishment matched by name with confidence (stg.enseignement_superieur_matches), else empty. The
-- position is the establishment's site in the row's own commune (the one with the most programmes), else empty.
-- A row held back (a wrong UAI: stg.enseignement_superieur_matches.held) is not published; the others are.
with site as (
    select uai, code_commune, first(latitude order by programmes desc, latitude, longitude) as latitude,
           first(longitude order by programmes desc, latitude, longitude) as longitude
    from ref.enseignement_superieur_sites
    group by all
)
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
    site.latitude,
    site.longitude,
    r.source_file,
    r.source_sheet,
    r.source_row
from raw.enseignement_superieur as r
join stg.enseignement_superieur_matches as m using (source_file, source_sheet, source_row)
left join site on site.uai = m.uai and site.code_commune = m.code_commune
left join ref.communes_actuelles as com on com.code_commune = m.code_commune
where m.held is null
order by r.nom, r.formation
