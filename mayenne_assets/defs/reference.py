"""Reference tables the datasets join against, built by the ref_* SQL models from the national files shipped in
reference_data/: which asset builds which tables is declared here; the order of their models comes from the SQL."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import dagster as dg

from mayenne_assets.defs.directory import directory_source
from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.defs.reporting import fail_with
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.directory_changes import directory_changes
from mayenne_assets.lib.warehouse.directory import apply_local_knowledge, current_directory, previous_directory
from mayenne_assets.lib.warehouse.sql_models import build_order, run_model
from mayenne_assets.lib.warehouse.tables import REFERENCE_TABLES, content_version, sql_models
from mayenne_assets.resources import ReferenceSources, Warehouse
from mayenne_assets.settings import REFERENCE_DATA

GROUP = "reference"

DESCRIPTIONS = {
    "ref_colleges": ("The collèges of the territory in the national directory of schools (MEN, geolocated), "
                     "refreshed from the Ministry's open-data portal when MAYENNE_REFERENCE_API is set (else, or "
                     "when it cannot be reached, the snapshot shipped with the package), completed by the local "
                     "knowledge file (other names, collèges not yet in the directory)."),
    "ref_communes": ("Communes of the territory with their arrondissement (INSEE COG 2022), former names included "
                     "(ref.communes), one row per current commune (ref.communes_actuelles), its départements "
                     "with their académie and region (ref.departements), and each current commune with its "
                     "département's (ref.communes_situees)."),
    "ref_enseignement_superieur": ("Higher-education establishments of the territory with their UAI, and their "
                                   "sites: each position of their programmes with its commune (Parcoursup, MESR)."),
}


def _run_models(con, tables: tuple[str, ...], reference_data: Path, territory: Territory) -> dict[str, object]:
    metadata: dict[str, object] = {}
    for model in build_order([t for t in tables if t in sql_models()], sql_models()):
        variables = {"reference_data": reference_data.as_posix(), **territory.sql_variables()}
        metadata[f"rows_{model.table}"] = run_model(con, model, variables)
        metadata[f"sql_{model.name}"] = dg.MetadataValue.md(f"```sql\n{model.sql}\n```")
    return metadata


def _reference_asset(name: str, tables: tuple[str, ...], description: str,
                     territory: Territory) -> dg.AssetsDefinition:
    @dg.asset(name=name, group_name=GROUP, kinds={"duckdb"}, pool=DUCKDB_POOL, owners=["team:data"],
              description=description)
    def reference(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            metadata = _run_models(con, tables, REFERENCE_DATA, territory)
            version = content_version(con, tables)
        return dg.MaterializeResult(metadata=metadata, data_version=dg.DataVersion(version))

    return reference


def _ref_colleges(tables: tuple[str, ...], description: str, territory: Territory) -> dg.AssetsDefinition:
    @dg.asset(name="ref_colleges", group_name=GROUP, kinds={"duckdb", "opendatasoft"}, pool=DUCKDB_POOL,
              owners=["team:data"], description=description)
    def ref_colleges(warehouse: Warehouse, reference_sources: ReferenceSources) -> dg.MaterializeResult:
        with tempfile.TemporaryDirectory() as scratch, warehouse.connect() as con:
            folder, source = directory_source(reference_sources, Path(scratch), territory)
            before = previous_directory(con)
            metadata = _run_models(con, ("ref.colleges",), folder, territory)
            changes = directory_changes(before, current_directory(con))
            problems, local = apply_local_knowledge(con, Path(reference_sources.local_colleges), territory)
            version = content_version(con, tables)
        fail_with(problems, f"Connaissance locale des collèges ({reference_sources.local_colleges})")
        return dg.MaterializeResult(metadata={
            **metadata, **source,
            **{name: dg.MetadataValue.json(value) if isinstance(value, list) else value
               for name, value in local.items()},
            **{f"collèges_{what}": dg.MetadataValue.json(found) for what, found in changes.items()},
        }, data_version=dg.DataVersion(version))

    return ref_colleges


def reference_assets(territory: Territory) -> list[dg.AssetsDefinition]:
    return [(_ref_colleges if name == "ref_colleges" else partial(_reference_asset, name))(
        tables, DESCRIPTIONS[name], territory) for name, tables in REFERENCE_TABLES.items()]
