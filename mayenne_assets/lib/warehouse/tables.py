"""The warehouse's tables, owned in one place: their schemas, which asset builds each (the lineages' dependencies
are derived from it), the SQL models of dbt_like_sql/, one way to write a table from a frame, and the readers of
what passed its checks.

    raw.<family>                 the rows of a workbook family, with their file, sheet and row   raw_<group>
    raw.<group>_dropped          the rows left out, and why                                      raw_<group>
    stg.<family>_matches         each raw row resolved to its UAI                                stg_<group>
    stg.<group>, stg.<group>_*   the SQL models of the dataset                                   stg_<group>
    stg.<group>_revisions        values of an earlier workbook revised by a later one            stg_<group>
    validated.<group>            the published table, once it passed its blocking checks         export_<group>
    model.*                      the pipeline's projection model                                 projection_model
    ref.*                        the reference tables                                            ref_<…> (below)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, Resolver
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.warehouse.sql_models import SqlModel, build_order, inputs_of, load_models, table_exists

SQL_DIR = Path(__file__).resolve().parents[3] / "dbt_like_sql"
VALIDATED = "validated"
PROJECTION_MODEL = "projection_model"
MODEL_TABLES = ("model.projections", "model.projection_backtest", "model.projection_history")
REFERENCE_TABLES = {  # reference asset → the tables it builds
    "ref_colleges": ("ref.colleges", "ref.college_names"),
    "ref_communes": ("ref.communes", "ref.communes_actuelles", "ref.departements", "ref.communes_situees"),
    "ref_enseignement_superieur": ("ref.enseignement_superieur", "ref.enseignement_superieur_sites"),
}


@dataclass(frozen=True)
class LineageAssets:
    """The names of the four assets of a dataset's lineage (its group's)."""

    raw: str
    stg: str
    export: str
    portal: str


def lineage_assets(group: str) -> LineageAssets:
    return LineageAssets(f"raw_{group}", f"stg_{group}", f"export_{group}", f"portal_{group}")


def exported_group(asset: str) -> str | None:
    """The group whose validated table this asset builds, if it is an export."""
    group = asset.removeprefix("export_")
    return group if asset != group and lineage_assets(group).export == asset else None


@cache
def sql_models() -> dict[str, SqlModel]:
    """Every model of dbt_like_sql/, by the table it builds."""
    return load_models(SQL_DIR)


def staging_models(dataset: Dataset) -> list[SqlModel]:
    """The SQL models that build the dataset's staging tables, each after the models it reads."""
    return build_order([dataset.table, *(extra.table for extra in dataset.extra_resources)], sql_models())


def builder_of(table: str) -> str | None:
    """The asset that builds a table a lineage may read from elsewhere; None for a table nothing builds."""
    schema, name = table.split(".", 1)
    if schema == VALIDATED:
        return lineage_assets(name).export
    if table in MODEL_TABLES:
        return PROJECTION_MODEL
    return next((asset for asset, tables in REFERENCE_TABLES.items() if table in tables), None)


def upstream_assets(dataset: Dataset) -> list[str]:
    """The assets built elsewhere whose tables the dataset's SQL and resolvers read."""
    own = {f"raw.{name}" for name in dataset.families} | {f"stg.{name}_matches" for name in dataset.families}
    reads = inputs_of(staging_models(dataset)) | {t for raw in dataset.raw_tables if raw.resolver
                                                  for t in raw.resolver.reads}
    upstream = set()
    for table in sorted(reads - own):
        asset = builder_of(table)
        if asset is None:
            raise ValueError(f"{dataset.group}: its SQL reads {table}, which no asset builds; a lineage reads "
                             f"raw.<family> and stg.<family>_matches of its own families {dataset.families}, "
                             f"the reference tables and {VALIDATED}.<group>")
        upstream.add(asset)
    return sorted(upstream)


def joined_groups(dataset: Dataset) -> list[str]:
    """The datasets whose validated table (validated.<group>) this dataset joins: only what passed their
    blocking checks, so that a refused input never reaches this dataset."""
    return [group for asset in upstream_assets(dataset) if (group := exported_group(asset))]


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """The schema-qualified table replaced by the frame's rows and columns, in one statement."""
    schema = table.split(".", 1)[0]
    con.execute(f"create schema if not exists {schema}")
    con.register("_replacing", frame)
    try:
        con.execute(f"create or replace table {table} as select * from _replacing")
    finally:
        con.unregister("_replacing")


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """The frame's rows added to the table, its columns matched by name."""
    con.register("_inserting", frame)
    try:
        con.execute(f"insert into {table} by name select * from _inserting")
    finally:
        con.unregister("_inserting")


def content_version(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> str:
    """A digest of what the tables hold, whatever the order of their rows: tables rebuilt with the same rows keep
    their version, so what reads them is not marked stale."""
    digest = hashlib.sha256()
    for table in tables:
        count, rows = con.execute(f"select count(*), bit_xor(hash(t)) from {table} as t").fetchone()
        digest.update(f"{table}:{count}:{rows}".encode())
    return digest.hexdigest()[:16]


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def resolve_matches(con: duckdb.DuckDBPyConnection, family: str, resolver: Resolver,
                    territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """Each distinct raw row of the family resolved to its UAI, into stg.<family>_matches; and the problems."""
    rows = con.execute(f"select distinct source_file, source_sheet, source_row, nom, commune, uai "
                       f"from raw.{family}").df()
    matches, problems = resolver.resolve(con, rows, territory)
    replace_table(con, f"stg.{family}_matches", matches)
    return matches, problems


def temporal_coverage(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> list:
    """The first and last year the staged data cover (or twice the day the list was received, as text)."""
    first_last = con.execute(dataset.temporal_query.format(table=dataset.table)).fetchone()
    return [v if dataset.as_of_reception else int(v) for v in first_last]


def read_validated(con: duckdb.DuckDBPyConnection, group: str, columns: str = "*") -> pd.DataFrame:
    return con.execute(f"select {columns} from {VALIDATED}.{group}").df()


def latest_rentree(con: duckdb.DuckDBPyConnection) -> int | None:
    """The latest rentrée of the published enrolments; None before any is published."""
    if not table_exists(con, f"{VALIDATED}.effectifs"):
        return None
    return con.execute(f"select max(rentree_scolaire) from {VALIDATED}.effectifs").fetchone()[0]


def validated_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Every table that passed its dataset's blocking checks, by the dataset's group."""
    groups = [name for (name,) in con.execute("select table_name from information_schema.tables "
                                              "where table_schema = ?", [VALIDATED]).fetchall()]
    return {group: con.execute(f"select * from {VALIDATED}.{group}").df() for group in groups}


def raw_sources(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> list[dict]:
    """The workbooks this dataset's raw tables were read from: file and sha256."""
    union = " union ".join(f"select distinct source_file, source_sha256 from raw.{name}"
                           for name in dataset.families)
    return [{"file": name, "sha256": sha} for name, sha in con.execute(f"{union} order by 1").fetchall()]


def data_modified(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> str | None:
    """When the data last changed at its producers: the latest modification date of the workbooks it was read
    from (ISO date)."""
    union = " union all ".join(f"select max(source_modified) as day from raw.{name}" for name in dataset.families)
    return con.execute(f"select max(day) from ({union})").fetchone()[0]


def sources(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> list[dict]:
    """Every workbook whose values the dataset holds: its own, and those of the validated tables it joins."""
    found = raw_sources(con, dataset)
    for group in joined_groups(dataset):
        found += [{"file": name, "sha256": sha} for name, sha in con.execute(
            f"select distinct source_file, source_sha256 from {VALIDATED}.{group} order by 1").fetchall()]
    unique = {(s["file"], s["sha256"]): s for s in found}
    return [unique[key] for key in sorted(unique)]


def store_validated(con: duckdb.DuckDBPyConnection, group: str, validated: pd.DataFrame,
                    read: pd.DataFrame) -> None:
    """The table that passed its blocking checks, with where each row came from, where other datasets read it:
    replaced only once the checks passed."""
    replace_table(con, f"{VALIDATED}.{group}",
                  pd.concat([validated, read.drop(columns=list(validated.columns))], axis=1))


def held_row_count(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> int:
    """The rows of the workbooks held back, unpublished, because they could not be identified."""
    return sum(con.execute(f"select count(*) from stg.{name}_matches where held is not null").fetchone()[0]
               for name in dataset.holding_families)
