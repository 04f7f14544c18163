"""Enrolments per collège and rentrée since 1985: raw workbook → DuckDB staging → validated export → portal."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.defs.lineage import Lineage, RawTable, build_lineage_assets
from mayenne_assets.lib.raw_values import normalise_choice, parse_counts
from mayenne_assets.spec.datasets import EFFECTIFS
from mayenne_assets.spec.families import choices


def prepare_enrolments(cells: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Count cells to whole numbers (missing markers to null), sectors to Public / Privé."""
    cells = cells.copy()
    cells["effectif"], problems = parse_counts(cells)
    cells["secteur"] = normalise_choice(cells["secteur"], choices("secteur"))
    return cells, problems


LINEAGE = Lineage(
    dataset=EFFECTIFS,
    raw_tables=(RawTable("effectifs", prepare=prepare_enrolments),),
    sql_models=("stg_effectifs",),
)

raw_effectifs, stg_effectifs, export_effectifs, portal_effectifs = build_lineage_assets(LINEAGE)
