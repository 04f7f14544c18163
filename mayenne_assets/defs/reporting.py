"""Turning read reports and problems into what the data engineer sees in the UI."""

from __future__ import annotations

import dagster as dg
import pandera.pandas as pa

from mayenne_assets.lib.common.problems import blamed_files
from mayenne_assets.lib.read.raw_tables import ReadReport

MAX_LISTED = 30


def read_report_metadata(report: ReadReport) -> dict[str, dg.MetadataValue]:
    dropped = "\n".join(
        f"| {r.sheet} | {r.row} | {r.reason} | {r.preview.replace('|', '/')} |" for r in report.dropped_rows
    )
    columns = "\n".join(
        f"| {c.sheet} | {c.column} | {c.label.replace('|', '/')} | {c.reason} |" for c in report.dropped_columns
    )
    return {
        "source_files": dg.MetadataValue.json(report.files),
        "dropped_rows": dg.MetadataValue.json(report.dropped_row_counts()),
        "dropped_columns": dg.MetadataValue.json(report.dropped_column_counts()),
        "dropped_rows_detail": dg.MetadataValue.md(
            "| sheet | row | reason | content |\n|---|---|---|---|\n" + dropped
        ),
        "dropped_columns_detail": dg.MetadataValue.md(
            "| sheet | column | label | reason |\n|---|---|---|---|\n" + columns
        ),
        "skipped_sheets": dg.MetadataValue.json(report.skipped_sheets),
    }


REFUSED_FILES = "refused_files"  # the failure's metadata: the workbooks its problems name, to set aside


def named_sources(problems: list[str], sources: list[dict]) -> list[dict]:
    """The sources (file, sha256) the problems blame (Problem.blames), whatever their wording."""
    blamed = blamed_files(problems)
    return [{"file": s["file"], "sha256": s["sha256"]} for s in sources if s["file"] in blamed]


def fail_with(problems: list[str], what: str, sources: list[dict] | None = None) -> None:
    """Stop the run with every problem listed (the first ones), in words the data officer can act on; the
    workbooks among `sources` that the problems name are given in the metadata, for the drive to set aside."""
    if not problems:
        return
    listed = "\n".join(f"- {p}" for p in problems[:MAX_LISTED])
    more = f"\n… and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    raise dg.Failure(
        description=f"{what}: {len(problems)} problem(s); nothing was published.\n{listed}{more}",
        metadata={"problems": len(problems),
                  REFUSED_FILES: dg.MetadataValue.json(named_sources(problems, sources or []))},
        allow_retries=False,
    )


def column_schema(schema: pa.DataFrameSchema) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(name, str(column.dtype), description=column.description or "")
        for name, column in schema.columns.items()
    ])


def markdown_table(frame, limit: int = MAX_LISTED) -> dg.MetadataValue:
    """A small table for the UI: the first rows of a DataFrame, as Markdown."""
    if frame.empty:
        return dg.MetadataValue.md("(none)")
    header = "| " + " | ".join(map(str, frame.columns)) + " |\n|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(str(v).replace("|", "/") for v in row) + " |"
            for row in frame.head(limit).itertuples(index=False)]
    return dg.MetadataValue.md("\n".join([header, *rows]))
