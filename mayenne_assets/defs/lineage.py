"""The four stages every dataset goes through, built from its declaration (mayenne_assets/datasets/):

    raw_<group>     the tables of its workbook families, read from the shared drive into raw.<family>
    stg_<group>     collèges resolved to their UAI (stg.<family>_matches), then the SQL models of dbt_like_sql/
    export_<group>  stg.<group> validated by the dataset's pandera schema, written as CSV, Parquet, Table Schema
    portal_<group>  the published record with its descriptive record

Which SQL models run, in which order, and which assets a lineage depends on are read from the SQL itself: a
model reading ref.colleges needs the reference asset that builds it, one reading validated.effectifs needs the
enrolment export (only what passed its blocking checks).
"""

from __future__ import annotations

import json
import time

import dagster as dg
import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import (
    LICENCE,
    LICENCE_SPDX,
    LICENCE_URL,
    PUBLISHER_SERVICE,
    Dataset,
)
from mayenne_assets.defs.column_lineage import (
    column_trail,
    dataset_trail,
    export_lineage,
    raw_column_schema,
    staging_lineage,
    trail_rows,
)
from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets.defs.publication import READ_BACK_CHECK, publish_export
from mayenne_assets.defs.reporting import column_schema, fail_with, read_report_metadata, refusal_reported
from mayenne_assets.defs.revisions import REVISIONS_CHECK, revisions_check_result
from mayenne_assets.defs.validation import SCHEMA_CHECK, schema_check_result
from mayenne_assets.lib.drive.layout import archive_snapshot, current_files
from mayenne_assets.lib.drive.reception import receptions
from mayenne_assets.lib.export.files import package_about, write_export
from mayenne_assets.lib.export.schemas import dataset_schema, expand
from mayenne_assets.lib.export.validation import export_frames, validate
from mayenne_assets.lib.governance.versions import code_version, data_version
from mayenne_assets.lib.publish.coverage import coverage_text
from mayenne_assets.lib.read.families import family
from mayenne_assets.lib.read.raw_tables import ReadReport, read_changing_folder
from mayenne_assets.lib.warehouse.revisions import settle_revisions
from mayenne_assets.lib.warehouse.sql_models import run_model
from mayenne_assets.lib.warehouse.tables import (
    PROJECTION_MODEL,
    data_modified,
    held_row_count,
    joined_groups,
    lineage_assets,
    raw_sources,
    replace_table,
    resolve_matches,
    row_count,
    staging_models,
    store_validated,
    temporal_coverage,
    upstream_assets,
)
from mayenne_assets.lib.warehouse.tables import sources as all_sources
from mayenne_assets.resources import (
    DataProtection,
    ExportStore,
    FailureNotifier,
    PortalResource,
    SharedDrive,
    Warehouse,
)


def _column_trail(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> str:
    """Each published column, traced through the staging SQL to the workbook labels it is read under."""
    return column_trail(dataset_trail(con, dataset))


def automation(dataset: Dataset) -> dg.AutomationCondition | None:
    """A dataset that joins another dataset's validated table, or the projection model, updates itself when that
    table changes."""
    follows = joined_groups(dataset) or PROJECTION_MODEL in upstream_assets(dataset)
    return dg.AutomationCondition.eager() if follows else None


def _read_raw(dataset: Dataset, drive: SharedDrive) -> tuple[dict[str, pd.DataFrame], ReadReport]:
    if not drive.root.is_dir():
        fail_with([f"le dossier du lecteur partagé {drive.root} n'existe pas (MAYENNE_SHARED_DRIVE)"],
                  "Lecteur partagé")
    feeds = {family(name).feed for name in dataset.families}
    frames, report = read_changing_folder(lambda: current_files(drive.root), feeds, dataset.territory,
                                          receptions(drive.root))
    for snapshot in report.snapshots:  # the exact bytes behind every value, before anything can be published
        archive_snapshot(drive.root, snapshot)
    return frames, report


def _read_and_prepare(dataset: Dataset, drive: SharedDrive) -> tuple[dict[str, pd.DataFrame], ReadReport]:
    """The dataset's workbooks read and their cells prepared; a workbook or a cell that cannot be is refused."""
    frames, report = _read_raw(dataset, drive)
    fail_with(report.refused, "Classeur illisible", report.files)
    fail_with(report.bad_cells, "Cellules ou lignes illisibles", report.files)
    prepared = {}
    for table in dataset.raw_tables:
        spec = family(table.family)
        frame = frames[table.family]
        if frame.empty:
            fail_with([f"aucun classeur « {spec.title} » sur le lecteur partagé {drive.root} ; attendu : un onglet "
                       f"avec {spec.required_labels_text()}"], lineage_assets(dataset.group).raw)
        problems: list[str] = []
        if table.prepare is not None:
            frame, problems = table.prepare(frame, dataset.territory)
        fail_with(problems, spec.title, report.files)
        prepared[table.family] = frame
    return prepared, report


def _raw_asset(dataset: Dataset) -> dg.AssetsDefinition:
    @dg.asset(name=lineage_assets(dataset.group).raw, group_name=dataset.group, kinds={"excel", "duckdb"},
              pool=DUCKDB_POOL, owners=["team:data"], code_version=code_version(dataset, "raw"),
              description=f"The rows of the workbooks that feed {dataset.dataset_id}, with the file, "
                          "sha256, sheet and row each came from; rows and columns that are not data are dropped "
                          "and counted.")
    def raw(context, shared_drive: SharedDrive, warehouse: Warehouse,
            portal: PortalResource) -> dg.MaterializeResult:
        with refusal_reported(context, dataset, portal):
            prepared, report = _read_and_prepare(dataset, shared_drive)
        with warehouse.connect() as con:
            for name, frame in prepared.items():
                replace_table(con, f"raw.{name}", frame)
            dropped = pd.DataFrame(report.dropped_by_file, columns=["file", "sheet", "row", "reason"])
            replace_table(con, f"raw.{dataset.group}_dropped", dropped)  # the rows left out, and why: for the audit
        return dg.MaterializeResult(metadata={
            **{f"rows_{name}": len(frame) for name, frame in prepared.items()},
            **read_report_metadata(report),
            "dagster/column_schema": raw_column_schema(dataset),
        }, data_version=dg.DataVersion(data_version(report.files)))

    return raw


def _model_names(dataset: Dataset) -> str:
    return ", ".join(model.name for model in staging_models(dataset))


HELD_CHECK = "held_rows"


def _held_check_spec(dataset: Dataset, key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    if not dataset.holding_families:
        return []
    return [dg.AssetCheckSpec(HELD_CHECK, asset=key, blocking=False,
                              description="Lignes retenues : une ligne qui ne peut être identifiée (un UAI faux) "
                                          "n'est pas publiée ; les autres le sont. Chaque ligne retenue est "
                                          "listée avec sa cellule et la raison.")]


def _held_check_result(key: dg.AssetKey, held: pd.DataFrame) -> dg.AssetCheckResult:
    table = "| classeur | onglet | ligne | raison |\n|---|---|---|---|\n" + "\n".join(
        f"| {r.source_file} | {r.source_sheet} | {r.source_row} | {r.held} |" for r in held.itertuples())
    return dg.AssetCheckResult(asset_key=key, check_name=HELD_CHECK, passed=held.empty,
                               severity=dg.AssetCheckSeverity.WARN,
                               metadata={"lignes_retenues": len(held), "detail": dg.MetadataValue.md(table)})


def _stg_asset(dataset: Dataset, raw: dg.AssetsDefinition) -> dg.AssetsDefinition:
    key = dg.AssetKey(lineage_assets(dataset.group).stg)

    @dg.asset(name=key.path[0], group_name=dataset.group, kinds={"duckdb", "sql"},
              pool=DUCKDB_POOL, owners=["team:data"], deps=[raw, *upstream_assets(dataset)],
              automation_condition=automation(dataset),
              code_version=code_version(dataset, "stg", [m.sql for m in staging_models(dataset)]),
              check_specs=[dg.AssetCheckSpec(REVISIONS_CHECK, asset=key, blocking=False,
                                             description="Values of an earlier workbook revised by a workbook "
                                                         "received later (the later one is published)."),
                           *_held_check_spec(dataset, key)],
              description=f"Staging of {dataset.dataset_id} in DuckDB: collèges resolved to their UAI "
                          f"(method and score kept), then the SQL models {_model_names(dataset)}; where several "
                          "workbooks give a value for one key, the one received last wins.")
    def stg(context, warehouse: Warehouse, portal: PortalResource) -> dg.MaterializeResult:
        metadata: dict[str, object] = {}
        held = []
        with refusal_reported(context, dataset, portal), warehouse.connect() as con:
            con.execute("create schema if not exists stg")
            sources = raw_sources(con, dataset)
            started = time.perf_counter()
            for table in dataset.raw_tables:
                if table.resolver is not None:
                    matches, problems = resolve_matches(con, table.family, table.resolver, dataset.territory)
                    fail_with(problems, family(table.family).title, sources)
                    held.append(matches[matches["held"].notna()])
                    metadata[f"resolved_{table.family}"] = dg.MetadataValue.json(
                        matches["match_method"].value_counts().to_dict())
                    metadata[f"approximate_matches_{table.family}"] = _approximate_matches(matches)
            metadata["resolve_seconds"] = round(time.perf_counter() - started, 2)  # for the benchmark, too
            started = time.perf_counter()
            for model in staging_models(dataset):
                metadata[f"rows_{model.table}"] = run_model(con, model)
                metadata[f"sql_{model.name}"] = dg.MetadataValue.md(f"```sql\n{model.sql}\n```")
                if model.table == dataset.table:  # before the models that read it
                    repeated, revisions = settle_revisions(con, dataset, expand(dataset.columns))
                    fail_with(repeated, f"{dataset.dataset_id} : une ligne par clé", sources)
                    metadata[f"rows_{model.table}"] = row_count(con, model.table)
                    prefix = tuple(context.asset_key.path[:-1])
                    lineage = staging_lineage(con, dataset, model, prefix)
                    metadata["dagster/column_lineage"] = lineage
                    metadata["column_trail"] = dg.MetadataValue.md(
                        column_trail(trail_rows(dataset, lineage, list(dataset_schema(dataset).columns), prefix)))
        metadata["sql_seconds"] = round(time.perf_counter() - started, 2)
        metadata["revisions"] = len(revisions)
        checks = [revisions_check_result(context.asset_key, revisions)]
        if dataset.holding_families:
            checks.append(_held_check_result(context.asset_key, pd.concat(held, ignore_index=True)))
        return dg.MaterializeResult(metadata=metadata, check_results=checks)

    return stg


def _approximate_matches(matches: pd.DataFrame) -> dg.MetadataValue:
    fuzzy = matches[(matches["match_method"] != "uai") & (matches["match_score"] < 100)]
    return dg.MetadataValue.md("| written | commune | UAI | score |\n|---|---|---|---|\n" + "\n".join(
        f"| {r.nom_ecrit} | {r.commune_ecrite} | {r.uai} | {r.match_score} |" for r in fuzzy.itertuples()))


def _export_asset(dataset: Dataset, stg: dg.AssetsDefinition) -> dg.AssetsDefinition:
    key = dg.AssetKey(lineage_assets(dataset.group).export)

    @dg.asset(name=key.path[0], group_name=dataset.group, kinds={"pandera", "csv", "parquet"},
              pool=DUCKDB_POOL, owners=["team:data"], deps=[stg], automation_condition=automation(dataset),
              code_version=code_version(dataset, "export"),
              check_specs=[dg.AssetCheckSpec(SCHEMA_CHECK, asset=key, blocking=True,
                                             description=f"Every row of {dataset.dataset_id} passes its pandera "
                                                         "schema; a failure stops publication.")],
              description=f"{dataset.title}: the published table, validated by its pandera schema and written "
                          "as CSV, Parquet and Table Schema.")
    def export(context, warehouse: Warehouse, exports: ExportStore,
               portal: PortalResource):
        with warehouse.connect(read_only=True) as con:
            trail = _column_trail(con, dataset)
            frames = export_frames(con, dataset)
            sources = all_sources(con, dataset)
            modified = data_modified(con, dataset)
            temporal = temporal_coverage(con, dataset)
            held_rows = held_row_count(con, dataset)
        resources, failures = {}, []
        started = time.perf_counter()
        for name, (frame, schema) in frames.items():
            validated, found = validate(name, frame, schema)
            resources[name] = (validated, schema)
            failures += found
        rows = len(frames[dataset.dataset_id][0])
        validated_in = round(time.perf_counter() - started, 2)
        check = schema_check_result(failures, rows, context.asset_key)
        if failures:
            yield check
            with refusal_reported(context, dataset, portal):
                fail_with([f.problem() for f in failures], f"{dataset.dataset_id} ne respecte pas son schéma", sources)
        with warehouse.connect() as con:
            store_validated(con, dataset.group, resources[dataset.dataset_id][0], frames[dataset.dataset_id][0])
        folder = exports.folder(dataset.dataset_id)
        territory = dataset.territory
        about = package_about((LICENCE_SPDX, LICENCE_URL, LICENCE), territory.publisher, PUBLISHER_SERVICE,
                              territory.contact, [s["file"] for s in sources], modified)
        files = write_export(resources, dataset.dataset_id, dataset.title, folder, about)
        published_sources = [{"title": s["file"], "sha256": s["sha256"]} for s in sources]
        provenance = {"sources": published_sources, "temporal": temporal, "rows": rows, "files": sorted(files),
                      "held_rows": held_rows, "data_modified": modified}
        (folder / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=2),
                                                encoding="utf-8")
        yield dg.MaterializeResult(check_results=[check], metadata={
            "rows": rows,
            "validate_seconds": validated_in,
            "temporal_coverage": coverage_text({"start": temporal[0], "end": temporal[1]}),
            "folder": dg.MetadataValue.path(str(folder)),
            "files": dg.MetadataValue.json(sorted(files)),
            "dagster/column_schema": column_schema(dataset_schema(dataset)),
            "dagster/column_lineage": export_lineage(dataset, list(dataset_schema(dataset).columns),
                                                     tuple(context.asset_key.path[:-1])),
            "column_trail": dg.MetadataValue.md(trail),
            "dagster/row_count": rows,
        })

    return export


def _portal_asset(dataset: Dataset, export: dg.AssetsDefinition, portal_kinds: set[str]) -> dg.AssetsDefinition:
    key = dg.AssetKey(lineage_assets(dataset.group).portal)

    @dg.asset(name=key.path[0], group_name=dataset.group, kinds=portal_kinds,
              owners=["team:data"], deps=[export], automation_condition=automation(dataset),
              code_version=code_version(dataset, "portal"),
              check_specs=[dg.AssetCheckSpec(READ_BACK_CHECK, asset=key,
                                             description="What the portal holds after publication equals what "
                                                         "was sent: record count, title, description, licence, "
                                                         "publisher SIREN, temporal coverage.")],
              description=f"{dataset.dataset_id} on the portal with its descriptive record; unchanged data "
                          "publish nothing new; personal data only with the DPO's recorded approval.")
    def portal(context, exports: ExportStore, portal: PortalResource,
               data_protection: DataProtection, warehouse: Warehouse,
               failure_notifier: FailureNotifier) -> dg.MaterializeResult:
        def withheld(reason: str) -> None:  # a run that succeeds and publishes nothing must not go unseen
            failure_notifier.notify({"run_id": context.run.run_id, "job": context.run.job_name,
                                     "withheld": dataset.dataset_id, "message": reason})

        with warehouse.connect(read_only=True) as con:
            trail = _column_trail(con, dataset)
        with refusal_reported(context, dataset, portal):
            return publish_export(dataset, context.asset_key, exports, portal, data_protection, warehouse, withheld,
                                  trail)

    return portal


def build_lineage_assets(dataset: Dataset, portal_kinds: set[str]) -> list[dg.AssetsDefinition]:
    """portal_kinds: what the UI says the publication goes to (OpenDataSoft, or the local portal's files)."""
    raw = _raw_asset(dataset)
    stg = _stg_asset(dataset, raw)
    export = _export_asset(dataset, stg)
    return [raw, stg, export, _portal_asset(dataset, export, portal_kinds)]
