-- Projected enrolments, long: one row per public collège and rentrée. A year marked "constat" is observed, one
-- marked "prévision", "(p)" or "P" is projected; where the header does not say, the first year of the sheet is
-- the observed one and the later years are projections (raw-workbooks.md, family 3).
with cells as (
    select r.* exclude (uai), m.uai, m.code_commune as code_commune_ecrite
    from raw.projections as r
    join stg.projections_matches as m using (source_file, source_sheet, source_row)
    where r.effectif is not null
),
sheets as (
    select source_file, source_sheet,
           bool_or(series_nature = 'constat') as says_constat,
           min(rentree_scolaire) filter (where series_nature is null) as first_unmarked_year
    from cells
    group by all
)
select
    cells.uai,
    coalesce(c.appellation_officielle, cells.nom) as nom_etablissement,
    com.nom_commune,
    com.code_arrondissement,
    com.nom_arrondissement,
    cells.rentree_scolaire::integer as rentree_scolaire,
    cells.effectif::bigint as effectif,
    case
        when cells.series_nature is not null then cells.series_nature
        when not sheets.says_constat and cells.rentree_scolaire = sheets.first_unmarked_year then 'constat'
        else 'projection'
    end as nature,
    'département' as source,
    cells.source_file,
    cells.source_sheet,
    cells.source_row,
    cells.source_column
from cells
join sheets using (source_file, source_sheet)
left join ref.colleges as c on c.uai = cells.uai
left join ref.communes_actuelles as com on com.code_commune = coalesce(c.code_commune, cells.code_commune_ecrite)
order by uai, rentree_scolaire
