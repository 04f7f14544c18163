"""Projected enrolments of the public collèges, with their sum by arrondissement and for the département."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.defs.lineage import Lineage, RawTable, build_lineage_assets
from mayenne_assets.lib.raw_values import parse_counts
from mayenne_assets.spec import schemas
from mayenne_assets.spec.datasets import PROJECTIONS


def prepare_projections(cells: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    cells = cells.copy()
    cells["effectif"], problems = parse_counts(cells)
    return cells, problems


LINEAGE = Lineage(
    dataset=PROJECTIONS,
    raw_tables=(RawTable("projections", prepare=prepare_projections),),
    sql_models=("stg_projections", "stg_projections_by_area"),
    extra_resources={"par-territoire": ("stg.projections_by_area", schemas.PROJECTIONS_BY_AREA)},
)

raw_projections, stg_projections, export_projections, portal_projections = build_lineage_assets(LINEAGE)
