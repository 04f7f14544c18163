"""Validating an export against its pandera schema, reported as a blocking asset check: the number of failing
rows and a sample of them, each traced to the workbook cell it came from."""

from __future__ import annotations

from dataclasses import dataclass

import dagster as dg
import pandas as pd
import pandera.pandas as pa

SCHEMA_CHECK = "schema"
SOURCE_COLUMNS = ["source_file", "source_sheet", "source_row"]
SAMPLE_SIZE = 20


@dataclass(frozen=True)
class SchemaFailure:
    resource: str
    column: str
    check: str
    value: str
    place: str  # where the value comes from in the workbooks, when known

    def __str__(self) -> str:
        where = f" — {self.place}" if self.place else ""
        if self.check == "not_nullable":
            return f"{self.resource}: column {self.column} is empty and a value is required there{where}"
        return f"{self.resource}: column {self.column}, check « {self.check} » failed for {self.value!r}{where}"


def _place(frame: pd.DataFrame, index: object) -> str:
    if pd.isna(index) or not set(SOURCE_COLUMNS) <= set(frame.columns) or index not in frame.index:
        return ""
    row = frame.loc[index]
    return f"{row['source_file']}, sheet {row['source_sheet']!r}, row {row['source_row']}"


def validate(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[SchemaFailure]]:
    """The validated table (schema columns only), or the failures, each placed in its workbook when it can be."""
    try:
        return schema.validate(frame[list(schema.columns)], lazy=True), []
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases
        return frame, [
            SchemaFailure(name, str(case["column"]), str(case["check"]), str(case["failure_case"]),
                          _place(frame, case["index"]))
            for _, case in cases.iterrows()
        ]


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
