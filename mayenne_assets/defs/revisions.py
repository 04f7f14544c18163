"""Revised figures in staging, shown as a warning check on the staging asset (what was revised, and how:
lib/warehouse/revisions.py)."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from mayenne_assets.defs.reporting import markdown_table

REVISIONS_CHECK = "revisions"


def revisions_check_result(asset_key: dg.AssetKey, revisions: pd.DataFrame) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset_key, check_name=REVISIONS_CHECK, passed=revisions.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"revisions": len(revisions),
                  "workbooks_revised": dg.MetadataValue.json(sorted(set(revisions["old_workbook"]))),
                  "sample": markdown_table(revisions)},
    )
