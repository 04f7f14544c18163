"""Projected enrolments of the public collèges, with their sum by arrondissement and for the département."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable, Resource
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.resolve import COLLEGES
from mayenne_assets.lib.prepare.cells import parse_enrolments


def prepare_projections(cells: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    cells = cells.copy()
    cells["effectif"], problems = parse_enrolments(cells)
    return cells, problems


DATASET = Dataset(
    slug="projection-effectifs-colleges",
    group="projections",
    title_template="Projection des effectifs des collèges publics {de_departement}",
    description_template=(
        "Effectifs constatés puis projetés, rentrée par rentrée, de chaque collège public {de_departement} : "
        "l'étude prospective {du_publisher} (un onglet par arrondissement) et, à côté, la projection du modèle "
        "de la chaîne (lissage exponentiel à tendance amortie sur les effectifs publiés depuis 1985, avec un "
        "intervalle de prévision à 80 %). La colonne « source » les distingue ; « millesime » est la rentrée "
        "observée dont part chaque projection, pour que les projections successives restent comparables. Une "
        "deuxième ressource les agrège par arrondissement ({arrondissements}) et pour le "
        "département ; une troisième dit l'erreur passée du modèle à chaque horizon (MAPE et biais), face à la "
        "dernière valeur répétée. Limites : une projection n'est pas une prévision certaine ; elle suppose les "
        "secteurs de recrutement inchangés."
    ),
    keywords_template=("éducation", "collèges", "effectifs", "projection", "prospective", "{departement}"),
    raw_tables=(RawTable("projections", prepare=prepare_projections, resolver=COLLEGES,
                         prepared_from={"effectif": "value_raw"}),),
    columns=("uai", "nom_etablissement", "nom_commune", "code_arrondissement", "nom_arrondissement",
             "rentree_scolaire", "effectif", "nature", "source", "millesime", "effectif_bas_80", "effectif_haut_80"),
    unique=("uai", "rentree_scolaire", "source", "millesime"),
    extra_resources=(
        Resource("par-territoire", "stg.projections_by_area",
                 columns=("niveau", "code_territoire", "nom_territoire", "rentree_scolaire", "nature", "source",
                          "millesime", "effectif"),
                 unique=("niveau", "code_territoire", "rentree_scolaire", "source", "millesime")),
        Resource("backtest", "stg.projections_backtest",
                 columns=("millesime", "horizon", "mape_modele", "biais_modele", "mape_naif", "biais_naif",
                          "comparaisons", "mape_departement", "comparaisons_departement"),
                 unique=("millesime", "horizon")),
    ),
    temporal_column="rentree_scolaire",
)
