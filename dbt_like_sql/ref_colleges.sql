-- The collège directory of the département: the national geolocated directory of schools (MEN), 53 only.
select
    numero_uai as uai,
    appellation_officielle,
    patronyme_uai as patronyme,
    secteur_public_prive_libe as secteur,
    adresse_uai as adresse,
    code_postal_uai as code_postal,
    code_commune,
    libelle_commune as nom_commune,
    try_cast(latitude as double) as latitude,
    try_cast(longitude as double) as longitude,
    nature_uai_libe as nature,
    secteur_prive_libelle_type_contrat as type_contrat_prive,
    date_ouverture
from read_csv('{{ reference_data }}/colleges_53.csv', delim = ';', header = true, all_varchar = true)
