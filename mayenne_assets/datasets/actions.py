"""What the département funds in its collèges: equipment, Biclou and CDVC compiled into one table of actions."""

from __future__ import annotations

import json

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.resolve import COLLEGES
from mayenne_assets.lib.prepare.cells import parse_values, problem_at
from mayenne_assets.lib.read.families import family
from mayenne_assets.lib.read.series_labels import parse_school_year


def _school_years(frame: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """"2020-2021", "2020/21", "Année 2020-2021" → "2020-2021"; a row without one is an error."""
    years = [parse_school_year(text) if pd.notna(text) else None for text in frame["annee_scolaire"]]
    problems = [
        problem_at(row, "aucune année scolaire (« 2020-2021 »), ni dans une colonne « Année scolaire », ni dans le nom "
                        "de l'onglet ou le titre")
        for _, row in frame[[year is None for year in years]].iterrows()
    ]
    labels = [None if year is None else f"{year}-{year + 1}" for year in years]
    return pd.Series(labels, index=frame.index, dtype="string"), problems


def prepare_equipment(rows: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """One row per collège, year and kind of equipment (objet: the kind's label), its count as a number."""
    rows = rows.copy()
    rows["annee_scolaire"], problems = _school_years(rows)
    spec = family("equipements")
    cells = rows["source_cells"].map(json.loads)
    per_kind = []
    for kind in spec.quantities:
        counts, found = parse_values(rows, kind, "count", spec.label(kind))
        problems += found
        located = cells.map(lambda known, kind=kind: json.dumps({**known, "quantite": known.get(kind)},
                                                                ensure_ascii=False))
        per_kind.append(rows.drop(columns=list(spec.quantities)).assign(objet=spec.label(kind), quantite=counts,
                                                                        source_cells=located))
    return pd.concat(per_kind, ignore_index=True), problems


def prepare_biclou(rows: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    rows = rows.copy()
    rows["annee_scolaire"], problems = _school_years(rows)
    rows["quantite_velos"], found = parse_values(rows, "velos", "count", family("biclou").label("velos"))
    return rows, problems + found


def prepare_cdvc(cells: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    cells = cells.copy()
    cells["montant_euros"], problems = parse_values(cells, "value_raw", "amount")
    cells["annee_scolaire_libelle"] = cells["annee_scolaire"].map(lambda y: f"{y}-{y + 1}").astype("string")
    return cells, problems


DATASET = Dataset(
    slug="actions-colleges",
    group="actions",
    title_template="Actions financées {par_publisher} dans les collèges",
    description_template=(
        "Ce que {le_publisher} finance dans les collèges, par année scolaire : équipements informatiques "
        "(ordinateurs, tablettes, VPI/TBI, vidéoprojecteurs), vélos prêtés aux collégiens (Biclou) et subventions "
        "du contrat départemental de vie collégienne (CDVC). Compilé à partir de deux classeurs de structures "
        "différentes ; chaque ligne est une quantité ou un montant, jamais les deux. Limites : les équipements "
        "sont ceux financés par {le_publisher}, pas l'ensemble du parc des collèges."
    ),
    keywords_template=("éducation", "collèges", "numérique", "équipements", "vélo", "subventions", "{departement}"),
    raw_tables=(
        RawTable("equipements", prepare=prepare_equipment, resolver=COLLEGES),
        RawTable("biclou", prepare=prepare_biclou, resolver=COLLEGES, prepared_from={"quantite_velos": "velos"}),
        RawTable("cdvc", prepare=prepare_cdvc, resolver=COLLEGES,
                 prepared_from={"montant_euros": "value_raw", "annee_scolaire_libelle": "annee_scolaire"}),
    ),
    columns=("annee_scolaire", "uai", "nom_etablissement", "nom_commune", "dispositif", "objet", "quantite",
             "montant_euros"),
    unique=("annee_scolaire", "uai", "dispositif", "objet"),
    temporal_sql="select min(left(annee_scolaire, 4)::int), max(left(annee_scolaire, 4)::int) from {table}",
)
