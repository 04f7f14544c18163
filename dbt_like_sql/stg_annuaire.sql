-- The Annuaire de l'éducation for the collèges of the département: one row per collège of the directory
-- workbook, in the national header and order (71 columns), completed from the national directory where the
-- workbook is silent, then Nombre_d_eleves: the latest rentrée of the enrolments that passed their checks.
with workbook as (
    select r.* exclude (uai), m.uai, m.code_commune as code_commune_ecrite
    from raw.colleges as r
    join stg.colleges_matches as m using (source_file, source_sheet, source_row)
),
latest_enrolment as (
    select uai, effectif from validated.effectifs
    where rentree_scolaire = (select max(rentree_scolaire) from validated.effectifs)
)
select
    w.uai as Identifiant_de_l_etablissement,
    coalesce(c.appellation_officielle, w.nom) as Nom_etablissement,
    'Collège' as Type_etablissement,
    coalesce(w.secteur, c.secteur) as Statut_public_prive,
    coalesce(w.adresse, c.adresse) as Adresse_1,
    null as Adresse_2,
    coalesce(w.code_postal, c.code_postal) || ' ' || upper(coalesce(c.localite_acheminement, com.nom_commune))
        as Adresse_3,
    coalesce(w.code_postal, c.code_postal) as Code_postal,
    com.code_commune as Code_commune,
    com.nom_commune as Nom_commune,
    com.code_departement_men as Code_departement,
    com.code_academie as Code_academie,
    com.code_region as Code_region,
    0 as Ecole_maternelle,
    0 as Ecole_elementaire,
    null as Voie_generale,
    null as Voie_technologique,
    null as Voie_professionnelle,
    w.telephone as Telephone,
    null as Fax,
    w.web as Web,
    w.mail as Mail,
    w.restauration as Restauration,
    w.hebergement as Hebergement,
    w.ulis as ULIS,
    null as Apprentissage,
    w.segpa as Segpa,
    w.section_arts as Section_arts,
    null as Section_cinema,
    null as Section_theatre,
    w.section_sport as Section_sport,
    w.section_internationale as Section_internationale,
    w.section_europeenne as Section_europeenne,
    null as Lycee_Agricole,
    null as Lycee_militaire,
    null as Lycee_des_metiers,
    null as Post_BAC,
    null as Appartenance_Education_Prioritaire,
    null as GRETA,
    null as SIREN_SIRET,
    null as Fiche_onisep,
    coalesce(w.latitude, c.latitude) || ', ' || coalesce(w.longitude, c.longitude) as position,
    coalesce(c.type_contrat_prive, case when w.secteur = 'Public' then 'SANS OBJET' end) as Type_contrat_prive,
    com.nom_departement as Libelle_departement,
    com.libelle_academie as Libelle_academie,
    com.libelle_region as Libelle_region,
    c.coordonnee_x as coordX_origine,
    c.coordonnee_y as coordY_origine,
    c.epsg as epsg_origine,
    null as nom_circonscription,
    coalesce(w.latitude, c.latitude) as latitude,
    coalesce(w.longitude, c.longitude) as longitude,
    c.precision_localisation,
    c.date_ouverture,
    w.source_modified as date_maj_ligne,
    coalesce(c.etat, 'OUVERT') as etat,
    coalesce(c.ministere, 'MINISTERE DE L''EDUCATION NATIONALE') as ministere_tutelle,
    0 as multi_uai,
    0 as rpi_concentre,
    null as rpi_disperse,
    coalesce(c.code_nature, '340') as code_nature,
    coalesce(c.nature, 'COLLEGE') as libelle_nature,
    coalesce(c.code_type_contrat_prive, case when w.secteur = 'Public' then '99' end) as Code_type_contrat_prive,
    null as PIAL,
    null as etablissement_mere,
    null as type_rattachement_etablissement_mere,
    null as code_circonscription,
    null as code_zone_animation_pedagogique,
    null as libelle_zone_animation_pedagogique,
    null as code_bassin_formation,
    null as libelle_bassin_formation,
    e.effectif as Nombre_d_eleves,
    w.position_repair,
    w.source_file,
    w.source_sheet,
    w.source_row
from workbook as w
left join ref.colleges as c on c.uai = w.uai
left join ref.communes_situees as com on com.code_commune = coalesce(c.code_commune, w.code_commune_ecrite)
left join latest_enrolment as e on e.uai = w.uai
order by Identifiant_de_l_etablissement
