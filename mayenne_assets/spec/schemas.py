"""One pandera schema per export: the single source of the column names, order, types, checks and descriptions.

The Table Schema of the export, the portal's field descriptions and the UI's column schema are generated from it.
"""

from __future__ import annotations

import datetime as dt

import pandera.pandas as pa

from mayenne_assets.settings import REFERENCE_DATA
from mayenne_assets.spec.checks import (
    email,
    french_phone,
    insee_code_in_departement,
    inside_departement_bounds,
    postal_code_in_departement,
    siren_or_siret,
    valid_uai_in_departement,
)

FIRST_RENTREE = 1985


def _last_rentree() -> int:
    today = dt.date.today()
    return today.year if today.month >= 9 else today.year - 1


def _text(title: str, description: str, *checks: pa.Check, nullable: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), nullable=nullable, title=title, description=description)


UAI = pa.Column(str, valid_uai_in_departement(), title="UAI",
                description="Identifiant national de l'établissement (UAI, anciennement RNE)")
CODE_ARRONDISSEMENT = _text("Code arrondissement", "Code INSEE de l'arrondissement",
                            pa.Check.isin(["531", "532", "533"]))
NOM_ARRONDISSEMENT = _text("Arrondissement", "Nom de l'arrondissement",
                           pa.Check.isin(["Château-Gontier", "Laval", "Mayenne"]))

EFFECTIFS = pa.DataFrameSchema(
    {
        "rentree_scolaire": pa.Column(
            int, pa.Check.in_range(FIRST_RENTREE, _last_rentree()), title="Rentrée scolaire",
            description="Année de la rentrée scolaire (1985 pour l'année 1985-1986)"),
        "uai": pa.Column(str, valid_uai_in_departement(), title="UAI",
                         description="Identifiant national de l'établissement (UAI, anciennement RNE)"),
        "nom_etablissement": pa.Column(str, title="Nom de l'établissement",
                                       description="Nom officiel du collège (annuaire de l'éducation)"),
        "secteur": pa.Column(str, pa.Check.isin(["Public", "Privé"]), title="Secteur",
                             description="Public ou Privé (sous contrat)"),
        "code_commune": pa.Column(str, insee_code_in_departement(), title="Code commune",
                                  description="Code INSEE de la commune du collège (COG 2022)"),
        "nom_commune": pa.Column(str, title="Commune", description="Nom de la commune (COG 2022)"),
        "code_arrondissement": pa.Column(str, pa.Check.isin(["531", "532", "533"]), title="Code arrondissement",
                                         description="Code INSEE de l'arrondissement"),
        "nom_arrondissement": pa.Column(str, title="Arrondissement", description="Nom de l'arrondissement"),
        "code_departement": pa.Column(str, pa.Check.eq("053"), title="Code département",
                                      description="Code du département, 053"),
        "code_academie": pa.Column(str, pa.Check.eq("17"), title="Code académie",
                                   description="Code de l'académie (17 : Nantes)"),
        "libelle_academie": pa.Column(str, pa.Check.eq("Nantes"), title="Académie", description="Académie"),
        "region_academique": pa.Column(str, pa.Check.eq("Pays de la Loire"), title="Région académique",
                                       description="Région académique"),
        "effectif": pa.Column(int, pa.Check.ge(0), title="Effectif",
                              description="Nombre d'élèves inscrits à la rentrée"),
    },
    unique=["uai", "rentree_scolaire"],
    strict=True,
    ordered=True,
    coerce=True,
    name="effectifs-colleges",
)


PROJECTIONS = pa.DataFrameSchema(
    {
        "uai": UAI,
        "nom_etablissement": _text("Nom de l'établissement", "Nom officiel du collège (annuaire de l'éducation)"),
        "nom_commune": _text("Commune", "Nom de la commune du collège (COG 2022)"),
        "code_arrondissement": CODE_ARRONDISSEMENT,
        "nom_arrondissement": NOM_ARRONDISSEMENT,
        "rentree_scolaire": pa.Column(int, pa.Check.in_range(2000, 2050), title="Rentrée scolaire",
                                      description="Année de la rentrée scolaire (2022 pour 2022-2023)"),
        "effectif": pa.Column(int, pa.Check.ge(0), title="Effectif",
                              description="Nombre d'élèves constaté ou projeté à la rentrée"),
        "nature": _text("Nature", "« constat » (effectif observé) ou « projection »",
                        pa.Check.isin(["constat", "projection"])),
        "source": _text("Source", "« département » pour l'étude du Département, sinon le nom du modèle"),
    },
    unique=["uai", "rentree_scolaire", "source"],
    strict=True, ordered=True, coerce=True, name="projection-effectifs-colleges",
)

PROJECTIONS_BY_AREA = pa.DataFrameSchema(
    {
        "niveau": _text("Niveau", "« arrondissement » ou « département »",
                        pa.Check.isin(["arrondissement", "département"])),
        "code_territoire": _text("Code du territoire", "Code INSEE de l'arrondissement, ou 53 pour le département"),
        "nom_territoire": _text("Territoire", "Nom de l'arrondissement, ou Mayenne"),
        "rentree_scolaire": pa.Column(int, pa.Check.in_range(2000, 2050), title="Rentrée scolaire",
                                      description="Année de la rentrée scolaire"),
        "nature": _text("Nature", "« constat » ou « projection »", pa.Check.isin(["constat", "projection"])),
        "source": _text("Source", "« département » ou le nom du modèle"),
        "effectif": pa.Column(int, pa.Check.ge(0), title="Effectif", description="Somme des effectifs des collèges"),
    },
    unique=["niveau", "code_territoire", "rentree_scolaire", "source"],
    strict=True, ordered=True, coerce=True, name="projection-effectifs-par-territoire",
)


SCHOOL_YEAR = pa.Column(str, pa.Check.str_matches(r"^(19|20)\d{2}-(19|20)\d{2}$"), title="Année scolaire",
                        description="Année scolaire, par exemple 2020-2021")

ACTIONS = pa.DataFrameSchema(
    {
        "annee_scolaire": SCHOOL_YEAR,
        "uai": UAI,
        "nom_etablissement": _text("Nom de l'établissement", "Nom officiel du collège (annuaire de l'éducation)"),
        "nom_commune": _text("Commune", "Nom de la commune du collège (COG 2022)", nullable=True),
        "dispositif": _text("Dispositif", "Équipement informatique, Biclou (vélos prêtés) ou CDVC (contrat "
                            "départemental de vie collégienne)",
                            pa.Check.isin(["Équipement informatique", "Biclou", "CDVC"])),
        "objet": _text("Objet", "Ce qui est financé : type d'équipement, vélos, subvention"),
        "quantite": pa.Column("Int64", pa.Check.ge(0), nullable=True, title="Quantité",
                              description="Nombre d'équipements ou de vélos ; vide pour une subvention"),
        "montant_euros": pa.Column(float, pa.Check.ge(0), nullable=True, title="Montant (€)",
                                   description="Montant versé en euros ; vide pour un équipement"),
    },
    unique=["annee_scolaire", "uai", "dispositif", "objet"],
    strict=True, ordered=True, coerce=True, name="actions-colleges",
)


ENSEIGNEMENT_SUPERIEUR = pa.DataFrameSchema(
    {
        "uai": pa.Column(str, valid_uai_in_departement(), nullable=True, title="UAI",
                         description="Identifiant national de l'établissement, quand il est connu"),
        "etablissement": _text("Établissement", "Nom de l'établissement"),
        "sigle": _text("Sigle", "Sigle de l'établissement", nullable=True),
        "type": _text("Type", "Université, IUT, école d'ingénieurs, IFSI, lycée (BTS, CPGE)…", nullable=True),
        "statut": _text("Statut", "Public ou Privé", pa.Check.isin(["Public", "Privé"]), nullable=True),
        "formation": _text("Formation", "Diplôme ou programme préparé dans l'établissement"),
        "adresse": _text("Adresse", "Adresse postale", nullable=True),
        "code_postal": _text("Code postal", "Code postal", postal_code_in_departement(), nullable=True),
        "code_commune": _text("Code commune", "Code INSEE de la commune (COG 2022)", insee_code_in_departement(),
                              nullable=True),
        "nom_commune": _text("Commune", "Nom de la commune", nullable=True),
        "site_web": _text("Site web", "Adresse du site internet", nullable=True),
        "latitude": pa.Column(float, inside_departement_bounds("lat"), nullable=True, title="Latitude",
                              description="Latitude WGS84 en degrés décimaux"),
        "longitude": pa.Column(float, inside_departement_bounds("lon"), nullable=True, title="Longitude",
                               description="Longitude WGS84 en degrés décimaux"),
    },
    unique=["etablissement", "formation"],
    strict=True, ordered=True, coerce=True, name="enseignement-superieur",
)


PRINCIPAUX = pa.DataFrameSchema(
    {
        "uai": UAI,
        "nom_etablissement": _text("Nom de l'établissement", "Nom officiel du collège (annuaire de l'éducation)"),
        "nom_commune": _text("Commune", "Nom de la commune du collège"),
        "secteur": _text("Secteur", "Public ou Privé", pa.Check.isin(["Public", "Privé"])),
        "civilite": _text("Civilité", "M. ou Mme", pa.Check.isin(["M.", "Mme"]), nullable=True),
        "nom_principal": _text("Nom du principal", "Nom du chef d'établissement (fonction publique)"),
        "prenom_principal": _text("Prénom du principal", "Prénom du chef d'établissement", nullable=True),
        "mail_principal": _text("Courriel du principal", "Adresse électronique professionnelle", email(),
                                nullable=True),
        "telephone": _text("Téléphone", "Téléphone du collège, dix chiffres", french_phone(), nullable=True),
        "conseillers_departementaux": _text(
            "Conseillers départementaux", "Conseillers départementaux siégeant au conseil d'administration, "
            "séparés par « ; »", nullable=True),
    },
    unique=["uai"],
    strict=True, ordered=True, coerce=True, name="principaux-colleges",
)


# The Annuaire de l'éducation: the national header, in the national order, then Nombre_d_eleves. Columns not
# listed here are text, empty where the national field does not apply to a collège.
ANNUAIRE_HEADER = tuple((REFERENCE_DATA / "annuaire_education_header.txt").read_text(encoding="utf-8").split())
_YES_NO = ("Ecole_maternelle", "Ecole_elementaire", "Restauration", "Hebergement", "ULIS", "Segpa", "Section_arts",
           "Section_sport", "Section_internationale", "Section_europeenne", "multi_uai", "rpi_concentre")
_ANNUAIRE_SPECIAL = {
    "Identifiant_de_l_etablissement": pa.Column(str, valid_uai_in_departement(), title="UAI",
                                                description="Identifiant national de l'établissement (UAI)"),
    "Nom_etablissement": _text("Nom", "Nom officiel de l'établissement"),
    "Type_etablissement": _text("Type", "Type d'établissement", pa.Check.eq("Collège")),
    "Statut_public_prive": _text("Statut", "Public ou Privé", pa.Check.isin(["Public", "Privé"])),
    "Code_postal": _text("Code postal", "Code postal", postal_code_in_departement(), nullable=True),
    "Code_commune": _text("Code commune", "Code INSEE de la commune (COG 2022)", insee_code_in_departement()),
    "Nom_commune": _text("Commune", "Nom de la commune (COG 2022)"),
    "Code_departement": _text("Code département", "053", pa.Check.eq("053")),
    "Code_academie": _text("Code académie", "17 (Nantes)", pa.Check.eq("17")),
    "Code_region": _text("Code région", "52 (Pays de la Loire)", pa.Check.eq("52")),
    "Telephone": _text("Téléphone", "Dix chiffres", french_phone(), nullable=True),
    "Mail": _text("Courriel", "Adresse électronique de l'établissement", email(), nullable=True),
    "latitude": pa.Column(float, inside_departement_bounds("lat"), nullable=True, title="Latitude",
                          description="Latitude WGS84 en degrés décimaux, dans le département"),
    "longitude": pa.Column(float, inside_departement_bounds("lon"), nullable=True, title="Longitude",
                           description="Longitude WGS84 en degrés décimaux, dans le département"),
    "SIREN_SIRET": _text("SIREN ou SIRET", "Numéro SIREN ou SIRET de l'établissement", siren_or_siret(),
                         nullable=True),
    "Libelle_departement": _text("Département", "Mayenne", pa.Check.eq("Mayenne")),
    "Libelle_academie": _text("Académie", "Nantes", pa.Check.eq("Nantes")),
    "Libelle_region": _text("Région", "Pays de la Loire", pa.Check.eq("Pays de la Loire")),
    **{name: pa.Column("Int64", pa.Check.isin([0, 1]), nullable=True, title=name.replace("_", " "),
                       description="1 : oui, 0 : non") for name in _YES_NO},
}


def _national_field(name: str) -> pa.Column:
    return _text(name.replace("_", " "), f"Champ « {name} » de l'Annuaire de l'éducation national", nullable=True)


ANNUAIRE = pa.DataFrameSchema(
    {
        **{name: _ANNUAIRE_SPECIAL.get(name) or _national_field(name) for name in ANNUAIRE_HEADER},
        "Nombre_d_eleves": pa.Column("Int64", pa.Check.ge(0), nullable=True, title="Nombre d'élèves",
                                     description="Effectif de la dernière rentrée du jeu des effectifs"),
    },
    unique=["Identifiant_de_l_etablissement"],
    strict=True, ordered=True, coerce=True, name="annuaire-education-colleges",
)
