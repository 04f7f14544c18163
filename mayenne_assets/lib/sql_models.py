"""The SQL models of dbt_like_sql/: one SELECT per file, materialised as a DuckDB table of the same name.

`stg_effectifs.sql` becomes the table `stg.effectifs`: the prefix before the first underscore is the schema.
A model may name a variable as {{ name }} (the folder of the reference files, say); run_model fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from mayenne_assets.settings import SQL_DIR


@dataclass(frozen=True)
class SqlModel:
    name: str
    path: Path

    @property
    def schema(self) -> str:
        return self.name.split("_", 1)[0]

    @property
    def table(self) -> str:
        return f"{self.schema}.{self.name.split('_', 1)[1]}"

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def model(name: str, sql_dir: Path = SQL_DIR) -> SqlModel:
    path = sql_dir / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL model {name!r} in {sql_dir}")
    return SqlModel(name, path)


def run_model(
    con: duckdb.DuckDBPyConnection, name: str, variables: dict[str, str] | None = None
) -> tuple[SqlModel, int]:
    """Build the model's table from its SELECT; returns the model and its row count."""
    sql_model = model(name)
    sql = sql_model.sql
    for key, value in (variables or {}).items():
        sql = sql.replace("{{ " + key + " }}", value.replace("'", "''"))
    con.execute(f"create schema if not exists {sql_model.schema}")
    con.execute(f"create or replace table {sql_model.table} as\n{sql}")
    count = con.execute(f"select count(*) from {sql_model.table}").fetchone()[0]
    return sql_model, count
