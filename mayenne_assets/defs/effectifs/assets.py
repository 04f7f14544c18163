"""Enrolments per collège and rentrée since 1985: raw workbook → DuckDB staging → validated export → portal."""

from __future__ import annotations

import json

import dagster as dg
import pandera.pandas as pa

from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.defs.publication import publish_export
from mayenne_assets.defs.reporting import column_schema, fail_with, read_report_metadata, schema_problems
from mayenne_assets.lib.exports import write_export
from mayenne_assets.lib.raw_tables import drive_files, read_family_files
from mayenne_assets.lib.raw_values import normalise_choice, parse_counts
from mayenne_assets.lib.resolve import matcher_from_warehouse, resolve_rows
from mayenne_assets.lib.sql_models import run_model
from mayenne_assets.resources import ExportStore, PortalResource, SharedDrive, Warehouse
from mayenne_assets.spec.datasets import EFFECTIFS as DATASET
from mayenne_assets.spec.families import family

GROUP = DATASET.group
FAMILY = family("effectifs")


@dg.asset(group_name=GROUP, kinds={"excel", "duckdb"}, pool=DUCKDB_POOL, owners=["team:data"])
def raw_effectifs(shared_drive: SharedDrive, warehouse: Warehouse) -> dg.MaterializeResult:
    """Every enrolment cell of the enrolment workbooks on the shared drive, one row per collège and year column,
    with the file, sha256, sheet, row and column it came from. Totals, notes and derived columns are dropped
    and counted."""
    frames, report = read_family_files(drive_files(shared_drive.root), FAMILY.feed)
    fail_with(report.refused, "Enrolment workbook that cannot be read")
    cells = frames[FAMILY.name]
    if cells.empty:
        fail_with([f"no enrolment workbook on the shared drive {shared_drive.root}; expected a workbook with "
                   f"{FAMILY.required_labels_text()}"], "raw_effectifs")
    cells["effectif"], problems = parse_counts(cells)
    fail_with(problems, "Enrolment workbook")
    cells["secteur"] = normalise_choice(cells["secteur"], FAMILY.context["secteur"].values)
    with warehouse.connect() as con:
        con.execute("create schema if not exists raw")
        con.register("cells", cells)
        con.execute("create or replace table raw.effectifs as select * from cells")
    return dg.MaterializeResult(metadata={
        "rows": len(cells),
        "cells_with_value": int(cells["effectif"].notna().sum()),
        "table": "raw.effectifs",
        **read_report_metadata(report),
    })


@dg.asset(
    group_name=GROUP, kinds={"duckdb", "sql"}, pool=DUCKDB_POOL, owners=["team:data"],
    deps=[raw_effectifs, "ref_colleges", "ref_communes"],
)
def stg_effectifs(warehouse: Warehouse) -> dg.MaterializeResult:
    """Enrolments in long form, each collège resolved to its UAI (by the UAI written, or by name and commune
    against the directory, the match and its score kept in stg.effectifs_matches)."""
    with warehouse.connect() as con:
        raw_rows = con.execute("select distinct source_file, source_sheet, source_row, nom, commune, uai "
                               "from raw.effectifs").df()
        matches, problems = resolve_rows(raw_rows, matcher_from_warehouse(con))
        fail_with(problems, "Enrolment workbook")
        con.execute("create schema if not exists stg")
        con.register("matches", matches)
        con.execute("create or replace table stg.effectifs_matches as select * from matches")
        model, rows = run_model(con, "stg_effectifs")
        duplicates = con.execute(
            "select uai, rentree_scolaire, string_agg(source_sheet || ' row ' || source_row, ', ') as places "
            "from stg.effectifs group by all having count(*) > 1").fetchall()
        fuzzy = matches[matches["match_method"] != "uai"]
        fuzzy = fuzzy[fuzzy["match_score"] < 100]
    fail_with([f"collège {uai}, rentrée {year} appears more than once ({places}); keep one row per collège"
               for uai, year, places in duplicates], "Enrolment workbook")
    return dg.MaterializeResult(metadata={
        "rows": rows,
        "table": model.table,
        "sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```"),
        "collèges_resolved": len(matches),
        "resolved_by": dg.MetadataValue.json(matches["match_method"].value_counts().to_dict()),
        "approximate_matches": dg.MetadataValue.md(
            "| written | commune | UAI | score |\n|---|---|---|---|\n" + "\n".join(
                f"| {r.nom_ecrit} | {r.commune_ecrite} | {r.uai} | {r.match_score} |" for r in fuzzy.itertuples()
            )
        ),
    })


@dg.asset(group_name=GROUP, kinds={"pandera", "csv", "parquet"}, pool=DUCKDB_POOL, owners=["team:data"],
          deps=[stg_effectifs])
def export_effectifs(warehouse: Warehouse, exports: ExportStore) -> dg.MaterializeResult:
    """The published table, validated by its pandera schema and written as CSV, Parquet and Table Schema."""
    schema = DATASET.schema
    with warehouse.connect(read_only=True) as con:
        frame = con.execute(f"select {', '.join(schema.columns)} from stg.effectifs").df()
        sources = con.execute("select distinct source_file, source_sha256 from raw.effectifs order by 1").fetchall()
    try:
        frame = schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        fail_with(schema_problems(error), f"{DATASET.dataset_id} does not pass its schema")
    folder = exports.folder(DATASET.dataset_id)
    files = write_export(frame, DATASET.dataset_id, DATASET.title, schema, folder)
    provenance = {
        "sources": [{"title": name, "sha256": sha} for name, sha in sources],
        "temporal": [int(frame["rentree_scolaire"].min()), int(frame["rentree_scolaire"].max())],
        "rows": len(frame),
    }
    (folder / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=2), encoding="utf-8")
    totals = frame.groupby("rentree_scolaire")["effectif"].sum()
    return dg.MaterializeResult(metadata={
        "rows": len(frame),
        "collèges": int(frame["uai"].nunique()),
        "rentrées": f"{provenance['temporal'][0]}–{provenance['temporal'][1]}",
        "effectif_total_last_year": int(totals.iloc[-1]),
        "folder": dg.MetadataValue.path(str(folder)),
        "files": dg.MetadataValue.json(sorted(files)),
        "dagster/column_schema": column_schema(schema),
    })


@dg.asset(group_name=GROUP, kinds={"opendatasoft"}, owners=["team:data"], deps=[export_effectifs])
def portal_effectifs(exports: ExportStore, portal: PortalResource) -> dg.MaterializeResult:
    """The published record on the portal, with its descriptive record; unchanged data publish nothing new."""
    return publish_export(DATASET, exports, portal)
