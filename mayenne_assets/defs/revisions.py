"""Revised figures in staging: the workbook received last wins for the keys it carries; what it changed is kept
in stg.<group>_revisions, in the run's metadata and in a warning check on the staging asset."""

from __future__ import annotations

import dagster as dg
import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.export.schemas import expand
from mayenne_assets.lib.warehouse.revisions import settle

REVISIONS_CHECK = "revisions"


def _received_order(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Each workbook of the dataset → (when it was received, its name): the later, the stronger."""
    union = " union ".join(f"select distinct source_file, source_received from raw.{name}"
                           for name in dataset.families)
    return {file: (received or "", file) for file, received in con.execute(union).fetchall()}


def settle_revisions(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> tuple[list[str], pd.DataFrame]:
    """Keep, for each key of the staging table, the row of the workbook received last; returns the keys repeated
    inside one workbook (errors) and the revisions."""
    rows = con.execute(f"select rowid as row_id, * from {dataset.table}").df()
    key = list(dataset.unique)
    compared = [column for column in expand(dataset.columns) if column not in key]
    settled = settle(rows, key, compared, _received_order(con, dataset))
    if settled.losing_rows:
        con.execute(f"delete from {dataset.table} where rowid in (select unnest(?::bigint[]))", [settled.losing_rows])
    con.register("revisions_frame", settled.revisions)
    con.execute(f"create or replace table stg.{dataset.group}_revisions as select * from revisions_frame")
    con.unregister("revisions_frame")
    return settled.problems, settled.revisions


def revisions_check_result(asset_key: dg.AssetKey, revisions: pd.DataFrame) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key, check_name=REVISIONS_CHECK, passed=revisions.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"revisions": len(revisions),
                  "workbooks_revised": dg.MetadataValue.json(sorted(set(revisions["old_workbook"]))),
                  "sample": markdown_table(revisions)},
    )
