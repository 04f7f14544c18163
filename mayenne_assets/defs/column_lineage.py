"""Dagster's column lineage for each dataset: the staging table's columns traced through its SQL (sqlglot) to the
columns of the assets they come from (the raw table, a reference table, another dataset's validated export), the
export's columns to staging's, and the raw table's columns to the workbook labels they were read from."""

from __future__ import annotations

import dagster as dg
import duckdb

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.export.schemas import dataset_schema
from mayenne_assets.lib.read.families import SERIES, family
from mayenne_assets.lib.read.raw_tables import PROVENANCE_COLUMNS, raw_columns
from mayenne_assets.lib.warehouse.column_lineage import column_sources, warehouse_schema
from mayenne_assets.lib.warehouse.sql_models import SqlModel
from mayenne_assets.lib.warehouse.tables import builder_of, lineage_assets, staging_models

RESOLVER_INPUTS = ("uai", "nom", "commune")  # what stg.<family>_matches is computed from
YEAR_LABELS = "(« 1985 », « Rentrée 1985 », « 1985-1986 », « Montant 2019-2020 »…)"


Prefix = tuple[str, ...]  # the key prefix of the territory's assets (Settings.asset_prefix), or nothing


def _key(prefix: Prefix, name: str) -> dg.AssetKey:
    return dg.AssetKey([*prefix, name])


def _deps(dataset: Dataset, table: str, column: str, prefix: Prefix) -> list[dg.TableColumnDep]:
    schema, name = table.split(".", 1)
    if schema == "raw":
        return [dg.TableColumnDep(_key(prefix, lineage_assets(dataset.group).raw), column)]
    if schema == "stg" and name.endswith("_matches"):  # resolved from what the workbook wrote
        return [dg.TableColumnDep(_key(prefix, lineage_assets(dataset.group).raw), written)
                for written in RESOLVER_INPUTS]
    if schema == "validated":
        return [dg.TableColumnDep(_key(prefix, lineage_assets(name).export), column)]
    asset = builder_of(table)
    return [dg.TableColumnDep(_key(prefix, asset), column)] if asset else []


def staging_lineage(con: duckdb.DuckDBPyConnection, dataset: Dataset, model: SqlModel,
                    prefix: Prefix = ()) -> dg.TableColumnLineage:
    schema = warehouse_schema(con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns").fetchall())
    deps = {column: sorted({dep for table, source in sources for dep in _deps(dataset, table, source, prefix)},
                           key=lambda d: (d.asset_key.to_user_string(), d.column_name))
            for column, sources in column_sources(model, schema).items()}
    return dg.TableColumnLineage(deps_by_column={c: d for c, d in deps.items() if d})


def export_lineage(dataset: Dataset, columns: list[str], prefix: Prefix = ()) -> dg.TableColumnLineage:
    stg = _key(prefix, lineage_assets(dataset.group).stg)
    return dg.TableColumnLineage(deps_by_column={c: [dg.TableColumnDep(stg, c)] for c in columns})


def raw_column_schema(dataset: Dataset) -> dg.TableSchema:
    """Each raw column with the workbook labels it is read from, or where else its value comes from."""
    columns = {}
    for raw in dataset.raw_tables:
        name, spec = raw.family, family(raw.family)
        for column, source in raw.prepared_from.items():
            columns.setdefault(column, f"raw.{name}: prepared from {source} (its cell is {source}'s)")
        for column in raw_columns(spec):
            if column in spec.columns:
                said = f"raw.{name}: read under « {' », « '.join(spec.columns[column].labels)} »"
            elif column == "value_raw":
                said = f"raw.{name}: the cell under a year column ({spec.describe(SERIES)}); see source_column"
            elif spec.series and column == spec.series.name:
                said = f"raw.{name}: the year of the column's label (source_label)"
            elif column in PROVENANCE_COLUMNS or column.startswith("source_"):
                said = f"raw.{name}: provenance (workbook, sheet, row, cell)"
            else:
                said = f"raw.{name}"
            columns.setdefault(column, said)
    return dg.TableSchema(columns=[dg.TableColumn(c, "string", description=d) for c, d in columns.items()])


def _labels(dataset: Dataset, column: str) -> str:
    """The workbook labels a raw column is read under, in every family of the dataset that has it."""
    said = []
    for raw in dataset.raw_tables:
        spec = family(raw.family)
        read = raw.prepared_from.get(column, column)  # a prepared value is read where its source is
        if read in spec.columns:
            said.append(" ou ".join(f"« {label} »" for label in spec.columns[read].labels[:4]))
        elif read == "value_raw" and spec.series:
            said.append(f"la cellule sous une colonne d'année {YEAR_LABELS}")
        elif spec.series and read == spec.series.name:
            said.append(f"le libellé d'une colonne d'année {YEAR_LABELS}")
    return " ; ".join(dict.fromkeys(said))


TrailRow = tuple[str, str, str]  # published column, the columns it comes from, the workbook labels they are read under


def trail_rows(dataset: Dataset, lineage: dg.TableColumnLineage, published: list[str],
               prefix: Prefix = ()) -> list[TrailRow]:
    """The auditor's table: each published column, the columns it comes from, and the workbook labels those are
    read under."""
    rows = []
    raw = _key(prefix, lineage_assets(dataset.group).raw)
    for column in published:
        deps = lineage.deps_by_column.get(column, [])
        sources = ", ".join(f"{d.asset_key.to_user_string()}.{d.column_name}" for d in deps) or "calculée"
        labels = " ; ".join(filter(None, (_labels(dataset, d.column_name) for d in deps if d.asset_key == raw)))
        rows.append((column, sources, labels or "—"))
    return rows


def dataset_trail(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> list[TrailRow]:
    """The trail of every published column of the dataset, traced through its staging SQL."""
    [model] = [m for m in staging_models(dataset) if m.table == dataset.table]
    return trail_rows(dataset, staging_lineage(con, dataset, model), list(dataset_schema(dataset).columns))


def column_trail(rows: list[TrailRow]) -> str:
    """The trail as a Markdown table, which the open-source UI shows (it does not draw dagster/column_lineage)."""
    lines = ["| colonne publiée | vient de | lue dans les classeurs sous |", "|---|---|---|"]
    return "\n".join([*lines, *(f"| {column} | {sources} | {labels} |" for column, sources, labels in rows)])
