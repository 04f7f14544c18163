-- What the département funds in its collèges, one row per school year, collège, programme and object,
-- compiled from two workbooks built differently: computer equipment (one row per kind of equipment once
-- prepared, the kinds declared in families.toml) and the Biclou (bicycles lent) and CDVC (euros per school year)
-- sheets.
with actions as (
    select e.annee_scolaire, m.uai, e.nom, 'Équipement informatique' as dispositif, e.objet,
           e.quantite::bigint as quantite, null::double as montant_euros, e.source_file, e.source_sheet, e.source_row,
           null::varchar as source_column
    from raw.equipements as e join stg.equipements_matches as m using (source_file, source_sheet, source_row)
    where e.quantite is not null
    union all
    select b.annee_scolaire, m.uai, b.nom, 'Biclou', 'Vélos', b.quantite_velos::bigint, null::double,
           b.source_file, b.source_sheet, b.source_row, null
    from raw.biclou as b join stg.biclou_matches as m using (source_file, source_sheet, source_row)
    where b.quantite_velos is not null
    union all
    select c.annee_scolaire_libelle, m.uai, c.nom, 'CDVC', 'Subvention', null::bigint, c.montant_euros,
           c.source_file, c.source_sheet, c.source_row, c.source_column  -- the year column of the amount
    from raw.cdvc as c join stg.cdvc_matches as m using (source_file, source_sheet, source_row)
    where c.montant_euros is not null
)
select
    a.annee_scolaire,
    a.uai,
    coalesce(col.appellation_officielle, a.nom) as nom_etablissement,
    col.nom_commune,
    a.dispositif,
    a.objet,
    a.quantite,
    a.montant_euros,
    a.source_file,
    a.source_sheet,
    a.source_row,
    a.source_column
from actions as a
left join ref.colleges as col on col.uai = a.uai
order by annee_scolaire, uai, dispositif, objet
