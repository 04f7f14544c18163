-- Enrolments, long: one row per collège and rentrée with a known enrolment, resolved to its UAI and placed in
-- its commune and arrondissement. Cells without a value (blank, "nc", "-") are not rows: null is never 0.
with cells as (
    select r.* exclude (uai), m.uai, m.code_commune as code_commune_ecrite
    from raw.effectifs as r
    join stg.effectifs_matches as m using (source_file, source_sheet, source_row)
    where r.effectif is not null
)
select
    cells.rentree_scolaire::integer as rentree_scolaire,
    cells.uai,
    coalesce(c.appellation_officielle, cells.nom) as nom_etablissement,
    coalesce(cells.secteur, c.secteur) as secteur,
    com.code_commune,
    com.nom_commune,
    com.code_arrondissement,
    com.nom_arrondissement,
    com.code_departement_men as code_departement,
    com.code_academie,
    com.libelle_academie,
    com.libelle_region as region_academique,
    cells.effectif::bigint as effectif,
    cells.source_file,
    cells.source_sha256,
    cells.source_sheet,
    cells.source_row,
    cells.source_column
from cells
left join ref.colleges as c on c.uai = cells.uai
left join ref.communes_situees as com on com.code_commune = coalesce(c.code_commune, cells.code_commune_ecrite)
order by rentree_scolaire, uai
