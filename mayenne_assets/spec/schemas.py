"""One pandera schema per export: the single source of the column names, order, types, checks and descriptions.

The Table Schema of the export, the portal's field descriptions and the UI's column schema are generated from it.
"""

from __future__ import annotations

import datetime as dt

import pandera.pandas as pa

from mayenne_assets.spec.checks import insee_code_in_departement, valid_uai_in_departement

FIRST_RENTREE = 1985


def _last_rentree() -> int:
    today = dt.date.today()
    return today.year if today.month >= 9 else today.year - 1


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
