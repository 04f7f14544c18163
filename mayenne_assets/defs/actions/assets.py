"""What the département funds in its collèges: equipment, Biclou and CDVC compiled into one table of actions."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.defs.lineage import Lineage, RawTable, build_lineage_assets
from mayenne_assets.lib.raw_values import parse_values, where
from mayenne_assets.lib.series_labels import parse_school_year
from mayenne_assets.spec.datasets import ACTIONS
from mayenne_assets.spec.families import family

EQUIPMENT_KINDS = ("ordinateurs_fixes", "ordinateurs_portables", "tablettes", "vpi_tbi", "videoprojecteurs")


def _school_years(frame: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """"2020-2021", "2020/21", "Année 2020-2021" → "2020-2021"; a row without one is an error."""
    years = frame["annee_scolaire"].map(lambda text: parse_school_year(text) if pd.notna(text) else None)
    problems = [
        f"{where(row)}: no school year (« 2020-2021 ») in an « Année scolaire » column, the sheet name or the title"
        for (_, row), year in zip(frame.iterrows(), years, strict=True) if year is None
    ]
    return years.map(lambda y: None if y is None else f"{y}-{y + 1}").astype("string"), problems


def prepare_equipment(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = rows.copy()
    rows["annee_scolaire"], problems = _school_years(rows)
    labels = family("equipements").columns
    for kind in EQUIPMENT_KINDS:
        rows[f"quantite_{kind}"], found = parse_values(rows, kind, "count", labels[kind].labels[0])
        problems += found
    return rows, problems


def prepare_biclou(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = rows.copy()
    rows["annee_scolaire"], problems = _school_years(rows)
    rows["quantite_velos"], found = parse_values(rows, "velos", "count", "Nombre de vélos")
    return rows, problems + found


def prepare_cdvc(cells: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    cells = cells.copy()
    cells["montant_euros"], problems = parse_values(cells, "value_raw", "amount")
    cells["annee_scolaire_libelle"] = cells["annee_scolaire"].map(lambda y: f"{y}-{y + 1}").astype("string")
    return cells, problems


LINEAGE = Lineage(
    dataset=ACTIONS,
    raw_tables=(
        RawTable("equipements", prepare=prepare_equipment),
        RawTable("biclou", prepare=prepare_biclou),
        RawTable("cdvc", prepare=prepare_cdvc),
    ),
    sql_models=("stg_actions",),
)

raw_actions, stg_actions, export_actions, portal_actions = build_lineage_assets(LINEAGE)
