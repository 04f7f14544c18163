"""The SQL models of dbt_like_sql/: one SELECT per file, materialised as a DuckDB table of the same name.

`stg_effectifs.sql` becomes the table `stg.effectifs`: the prefix before the first underscore is the schema.
A model may name a variable as {{ name }} (the folder of the reference files, say); run_model fills it in.
What a model reads is taken from its SQL with sqlglot (tables, not the CTEs it defines nor table functions such
as read_csv): that gives the order models run in, and the tables a lineage needs from other assets.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp


@dataclass(frozen=True)
class SqlModel:
    name: str
    sql: str

    @property
    def schema(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def table(self) -> str:
        return f"{self.schema}.{self.name.split('_', 1)[1]}"

    @cached_property
    def reads(self) -> frozenset[str]:
        """The schema-qualified tables the SELECT reads."""
        tree = sqlglot.parse_one(self.sql, read="duckdb")
        defined = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        tables = {f"{t.db}.{t.name}" if t.db else t.name for t in tree.find_all(exp.Table) if t.name}
        return frozenset(tables - defined)


def load_models(sql_dir: Path) -> dict[str, SqlModel]:
    """Every model of the folder, by the table it builds."""
    models = [SqlModel(path.stem, path.read_text(encoding="utf-8")) for path in sorted(sql_dir.glob("*.sql"))]
    return {model.table: model for model in models}


def build_order(targets: Iterable[str], models: dict[str, SqlModel]) -> list[SqlModel]:
    """The models that build the target tables and the models of the same schema they read, each after what it
    reads. Tables of another schema (raw, ref, validated...) are inputs built elsewhere."""
    graph: dict[str, set[str]] = {}
    waiting = list(targets)
    while waiting:
        table = waiting.pop()
        if table in graph:
            continue
        if table not in models:
            raise KeyError(f"no SQL model builds {table}; expected {table.replace('.', '_', 1)}.sql")
        schema = models[table].schema
        graph[table] = {t for t in models[table].reads if t in models and models[t].schema == schema}
        waiting += graph[table]
    return [models[table] for table in graphlib.TopologicalSorter(graph).static_order()]


def inputs_of(order: list[SqlModel]) -> set[str]:
    """The tables these models read and do not build themselves."""
    built = {model.table for model in order}
    return {table for model in order for table in model.reads} - built


def run_model(con: duckdb.DuckDBPyConnection, model: SqlModel, variables: dict[str, str] | None = None) -> int:
    """Build the model's table from its SELECT; returns its row count."""
    sql = model.sql
    for key, value in (variables or {}).items():
        sql = sql.replace("{{ " + key + " }}", value.replace("'", "''"))
    con.execute(f"create schema if not exists {model.schema}")
    con.execute(f"create or replace table {model.table} as\n{sql}")
    return con.execute(f"select count(*) from {model.table}").fetchone()[0]


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the warehouse holds this schema-qualified table yet."""
    schema, name = table.split(".", 1)
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? and "
                            "table_name = ?", [schema, name]).fetchone()[0])
