"""Turning read reports and problems into what the data engineer sees in the UI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import pandera.pandas as pa

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.problems import blamed_files
from mayenne_assets.lib.read.raw_tables import ReadReport
from mayenne_assets.lib.warehouse.tables import lineage_assets
from mayenne_assets.resources import PortalResource

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
    workbooks among `sources` that the problems blame are given in the metadata, for the drive to set aside."""
    if not problems:
        return
    listed = "\n".join(f"- {p}" for p in problems[:MAX_LISTED])
    more = f"\n… et {len(problems) - MAX_LISTED} de plus" if len(problems) > MAX_LISTED else ""
    raise dg.Failure(
        description=f"{what} : {len(problems)} problème(s) ; rien n'est publié, la publication en ligne reste "
                    f"celle d'avant.\n{listed}{more}",
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


@contextmanager
def refusal_reported(context: dg.AssetExecutionContext, dataset: Dataset, portal: PortalResource) -> Iterator[None]:
    """A refusal at this step is said where the engineer looks: the step fails with it, and the lineage's portal
    asset records, as an observation, that its publication is unchanged and which version reusers still hold
    (Dagster paints the assets a failed run skipped as failed: the observation says what stands)."""
    try:
        yield
    except dg.Failure as failure:
        context.log_event(publication_unchanged(dataset, portal, failure, context.asset_key))
        raise


def publication_unchanged(dataset: Dataset, portal: PortalResource, failure: dg.Failure,
                          step: dg.AssetKey) -> dg.AssetObservation:
    """Said on the lineage's portal asset (under the same key prefix as the step's)."""
    version = portal.backend(dataset.territory).version_in_force(dataset.dataset_id)
    refused = failure.metadata.get(REFUSED_FILES)
    headline = (failure.description or "").split("\n", 1)[0]
    return dg.AssetObservation(
        asset_key=dg.AssetKey([*step.path[:-1], lineage_assets(dataset.group).portal]),
        description=f"Publication inchangée : la version en ligne reste {version or 'absente (jamais publié)'}.",
        metadata={
            "publication": "inchangée",
            "version_en_ligne": version or "aucune (jamais publié)",
            "refus": f"{step.path[-1]} — {headline}",
            "classeurs_mis_de_cote": dg.MetadataValue.json(
                [s["file"] for s in refused.value] if refused is not None else []),
        })
