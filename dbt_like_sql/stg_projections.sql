-- Projected enrolments, long: one row per public collège, rentrée, source and vintage (millesime: the last
-- observed rentrée the projection starts from). The département's study: a year marked "constat" is observed, one
-- marked "prévision", "(p)" or "P" is projected; where the header does not say, the first year of the sheet is
-- the observed one and the later years are projections (raw-workbooks.md, family 3). Beside it, the pipeline's own
-- model (model.projections), for the public collèges, with its 80 % interval.
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
),
labelled as (
    select cells.*,
        case
            when cells.series_nature is not null then cells.series_nature
            when not sheets.says_constat and cells.rentree_scolaire = sheets.first_unmarked_year then 'constat'
            else 'projection'
        end as nature
    from cells
    join sheets using (source_file, source_sheet)
),
departement as (
    select labelled.*,
           max(rentree_scolaire) filter (where nature = 'constat') over (partition by source_file) as millesime
    from labelled
)
select
    d.uai,
    coalesce(c.appellation_officielle, d.nom) as nom_etablissement,
    com.nom_commune,
    com.code_arrondissement,
    com.nom_arrondissement,
    d.rentree_scolaire::integer as rentree_scolaire,
    d.effectif::bigint as effectif,
    d.nature,
    'département' as source,
    d.millesime::integer as millesime,
    null::bigint as effectif_bas_80,
    null::bigint as effectif_haut_80,
    d.source_file,
    d.source_sheet,
    d.source_row,
    d.source_column
from departement as d
left join ref.colleges as c on c.uai = d.uai
left join ref.communes_actuelles as com on com.code_commune = coalesce(c.code_commune, d.code_commune_ecrite)
union all
select
    p.uai,
    c.appellation_officielle,
    com.nom_commune,
    com.code_arrondissement,
    com.nom_arrondissement,
    p.rentree_scolaire::integer,
    p.effectif,
    'projection',
    p.source,
    p.millesime::integer,
    p.effectif_bas_80,
    p.effectif_haut_80,
    null,
    null,
    null,
    null
from model.projections as p
join ref.colleges as c on c.uai = p.uai and c.secteur = 'Public'
left join ref.communes_actuelles as com on com.code_commune = c.code_commune
order by uai, rentree_scolaire, source, millesime
