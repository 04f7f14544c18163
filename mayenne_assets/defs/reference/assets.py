"""Reference tables the datasets join against: the collège directory and the communes with arrondissements."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.lib.sql_models import run_model
from mayenne_assets.resources import Warehouse
from mayenne_assets.settings import REFERENCE_DATA

GROUP = "reference"


def _build(warehouse: Warehouse, *model_names: str) -> dg.MaterializeResult:
    metadata: dict[str, object] = {}
    with warehouse.connect() as con:
        for name in model_names:
            model, rows = run_model(con, name, {"reference_data": REFERENCE_DATA.as_posix()})
            metadata[f"rows_{model.table}"] = rows
            metadata[f"sql_{name}"] = dg.MetadataValue.md(f"```sql\n{model.sql}\n```")
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool=DUCKDB_POOL, owners=["team:data"])
def ref_colleges(warehouse: Warehouse) -> dg.MaterializeResult:
    """The collèges of the département in the national directory of schools (MEN, geolocated)."""
    return _build(warehouse, "ref_colleges")


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool=DUCKDB_POOL, owners=["team:data"])
def ref_communes(warehouse: Warehouse) -> dg.MaterializeResult:
    """Communes of the département with their arrondissement (INSEE COG 2022), former names included
    (ref.communes), and one row per current commune (ref.communes_actuelles)."""
    return _build(warehouse, "ref_communes", "ref_communes_actuelles")


@dg.asset(group_name=GROUP, kinds={"duckdb"}, pool=DUCKDB_POOL, owners=["team:data"])
def ref_enseignement_superieur(warehouse: Warehouse) -> dg.MaterializeResult:
    """Higher-education establishments of the département with their UAI and position (Parcoursup, MESR)."""
    return _build(warehouse, "ref_enseignement_superieur")
