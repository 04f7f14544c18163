"""The warnings a dataset declares (WarningCheck), as non-blocking Dagster checks on its export: they read the
published table and list the rows a person should look at before trusting a figure."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.declarations.dataset import Dataset, WarningCheck
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.export.validation import read_export
from mayenne_assets.lib.warehouse.tables import lineage_assets
from mayenne_assets.resources import ExportStore

SAMPLE_SIZE = 20


def _warning_check(dataset: Dataset, warning: WarningCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(name=warning.name, asset=lineage_assets(dataset.group).export, blocking=False,
                    description=warning.description)
    def check(exports: ExportStore) -> dg.AssetCheckResult:
        found = warning.finds(read_export(exports.folder(dataset.dataset_id), dataset))
        return dg.AssetCheckResult(
            passed=found.empty, severity=dg.AssetCheckSeverity.WARN,
            metadata={"count": len(found), "what": warning.what, "sample": markdown_table(found, SAMPLE_SIZE)},
        )

    return check


def warning_checks(dataset: Dataset) -> list[dg.AssetChecksDefinition]:
    return [_warning_check(dataset, warning) for warning in dataset.warning_checks]
