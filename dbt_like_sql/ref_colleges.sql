-- The collège directory of the territory: the national geolocated directory of schools (MEN), the configured
-- département's rows only (its code as the Ministry writes it: 053), and of them the communes its collectivité
-- runs when it runs only part of the département (the Métropole de Lyon's: {{ communes }}, else empty).
select
    numero_uai as uai,
    appellation_officielle,
    patronyme_uai as patronyme,
    secteur_public_prive_libe as secteur,
    adresse_uai as adresse,
    code_postal_uai as code_postal,
    localite_acheminement_uai as localite_acheminement,
    code_commune,
    libelle_commune as nom_commune,
    try_cast(latitude as double) as latitude,
    try_cast(longitude as double) as longitude,
    coordonnee_x,
    coordonnee_y,
    epsg,
    localisation as precision_localisation,
    nature_uai as code_nature,
    nature_uai_libe as nature,
    etat_etablissement_libe as etat,
    secteur_prive_code_type_contrat as code_type_contrat_prive,
    secteur_prive_libelle_type_contrat as type_contrat_prive,
    libelle_ministere as ministere,
    date_ouverture
from read_parquet('{{ reference_data }}/colleges.parquet')
where list_contains(string_split('{{ departements_men }}', ','), code_departement)
  and ('{{ communes }}' = '' or list_contains(string_split('{{ communes }}', ','), code_commune))
