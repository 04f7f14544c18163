"""An export's validation as a blocking asset check: the number of failing rows and a sample of them, each traced
to the workbook cell it came from (the validation itself: lib/export/validation.py)."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.lib.export.validation import SchemaFailure

SCHEMA_CHECK = "schema"
SAMPLE_SIZE = 20


def schema_check_result(failures: list[SchemaFailure], rows: int, asset_key: dg.AssetKey) -> dg.AssetCheckResult:
    failing_rows = len({(f.resource, f.place or f.value) for f in failures})
    sample = "\n".join(f"| {f.resource} | {f.column} | {f.check} | {f.value} | {f.place} |"
                       for f in failures[:SAMPLE_SIZE])
    return dg.AssetCheckResult(
        asset_key=asset_key, check_name=SCHEMA_CHECK, passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rows_checked": rows,
            "failing_rows": failing_rows,
            "failures": len(failures),
            "sample": dg.MetadataValue.md(
                "| resource | column | check | value | from |\n|---|---|---|---|---|\n" + sample),
        },
    )
