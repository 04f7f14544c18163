"""Higher education in the département: one row per establishment and programme."""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from mayenne_assets.defs.lineage import Lineage, RawTable, build_lineage_assets
from mayenne_assets.lib.raw_values import normalise_choice, require_year, where
from mayenne_assets.lib.resolve import higher_education_matcher, resolve_rows
from mayenne_assets.lib.text import cell_text
from mayenne_assets.spec.datasets import ENSEIGNEMENT_SUPERIEUR
from mayenne_assets.spec.families import choices

_FORMATION_SEPARATORS = r"\s*(?:\n|\r|;)\s*"


def _programmes(cell: object) -> list[str]:
    """The distinct programmes of one cell, in the order written."""
    if cell is None or pd.isna(cell):
        return []
    text = "\n".join(str(cell).splitlines())
    return list(dict.fromkeys(p for p in (cell_text(part) for part in re.split(_FORMATION_SEPARATORS, text)) if p))


def prepare_establishments(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """One row per programme: a cell lists several, separated by line breaks or ";"."""
    rows = rows.copy()
    rows["statut"] = normalise_choice(rows["statut"], choices("secteur"))
    programmes = [_programmes(cell) for cell in rows["formations"]]
    problems = [f"{where(row)}: no programme in the « Formations » column for {row['nom']!r}"
                for (_, row), found in zip(rows.iterrows(), programmes, strict=True) if not found]
    problems += require_year(rows)
    exploded = rows.loc[rows.index.repeat([len(found) for found in programmes])].reset_index(drop=True)
    exploded["formation"] = pd.Series([p for found in programmes for p in found], dtype="string")
    return exploded, problems


def resolve_establishments(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The UAI written, else the reference establishment whose name matches with confidence, else none."""
    return resolve_rows(rows, higher_education_matcher(con), required=False, by_commune=False)


LINEAGE = Lineage(
    dataset=ENSEIGNEMENT_SUPERIEUR,
    raw_tables=(RawTable("enseignement_superieur", prepare=prepare_establishments, resolve=resolve_establishments),),
    sql_models=("stg_enseignement_superieur",),
    upstream=("ref_enseignement_superieur", "ref_communes"),
)

(raw_enseignement_superieur, stg_enseignement_superieur, export_enseignement_superieur,
 portal_enseignement_superieur) = build_lineage_assets(LINEAGE)
