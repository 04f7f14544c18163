-- Heads of the collèges and the councillors on their boards, one row per collège. The business managers'
-- names and e-mails were never read: they are not in raw.principaux.
select
    m.uai,
    coalesce(c.appellation_officielle, r.nom) as nom_etablissement,
    coalesce(c.nom_commune, r.commune) as nom_commune,
    coalesce(c.secteur, r.secteur) as secteur,
    r.civilite,
    r.nom_principal,
    r.prenom_principal,
    r.mail_principal,
    r.telephone,
    r.conseillers_departementaux,
    try_cast(left(r.annee, 4) as integer) as annee_reference,
    r.source_file,
    r.source_sheet,
    r.source_row
from raw.principaux as r
join stg.principaux_matches as m using (source_file, source_sheet, source_row)
left join ref.colleges as c on c.uai = m.uai
order by m.uai
