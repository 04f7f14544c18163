"""Reference tables the datasets join against, built by the ref_* SQL models from the national files shipped in
reference_data/: which asset builds which tables is declared here; the order of their models comes from the SQL."""

from __future__ import annotations

from functools import cache

import dagster as dg

from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.lib.warehouse.sql_models import SqlModel, build_order, load_models, run_model
from mayenne_assets.resources import Warehouse
from mayenne_assets.settings import REFERENCE_DATA, SQL_DIR

GROUP = "reference"

REFERENCE_ASSETS = {
    "ref_colleges": (("ref.colleges",),
                     "The collèges of the département in the national directory of schools (MEN, geolocated)."),
    "ref_communes": (("ref.communes", "ref.communes_actuelles"),
                     "Communes of the département with their arrondissement (INSEE COG 2022), former names included "
                     "(ref.communes), and one row per current commune (ref.communes_actuelles)."),
    "ref_enseignement_superieur": (("ref.enseignement_superieur",),
                                   "Higher-education establishments of the département with their UAI and position "
                                   "(Parcoursup, MESR)."),
}


@cache
def sql_models() -> dict[str, SqlModel]:
    """Every model of dbt_like_sql/, by the table it builds."""
    return load_models(SQL_DIR)


def reference_asset_of(table: str) -> str | None:
    return next((name for name, (tables, _) in REFERENCE_ASSETS.items() if table in tables), None)


def _reference_asset(name: str, tables: tuple[str, ...], description: str) -> dg.AssetsDefinition:
    @dg.asset(name=name, group_name=GROUP, kinds={"duckdb"}, pool=DUCKDB_POOL, owners=["team:data"],
              description=description)
    def reference(warehouse: Warehouse) -> dg.MaterializeResult:
        metadata: dict[str, object] = {}
        with warehouse.connect() as con:
            for model in build_order(tables, sql_models()):
                metadata[f"rows_{model.table}"] = run_model(con, model, {"reference_data": REFERENCE_DATA.as_posix()})
                metadata[f"sql_{model.name}"] = dg.MetadataValue.md(f"```sql\n{model.sql}\n```")
        return dg.MaterializeResult(metadata=metadata)

    return reference


def reference_assets() -> list[dg.AssetsDefinition]:
    return [_reference_asset(name, tables, description) for name, (tables, description) in REFERENCE_ASSETS.items()]
