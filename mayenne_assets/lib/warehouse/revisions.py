"""Revised figures across workbooks: when several current workbooks give a value for the same key, the one
received last wins for the keys it carries; identical repeats are not problems; two rows for one key inside one
workbook stay an error. Each value that changed is a revision: key, column, old value and its workbook, new value
and its workbook.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.problems import Problem
from mayenne_assets.lib.warehouse.tables import replace_table

REVISION_COLUMNS = ["key", "column", "old_value", "old_workbook", "new_value", "new_workbook"]
MAX_PLACES = 5


@dataclass(frozen=True)
class Settled:
    losing_rows: list[int]  # row ids of the staging table that an older workbook's value lost
    revisions: pd.DataFrame  # REVISION_COLUMNS
    problems: list[str]  # keys repeated inside one workbook


def _key_text(row: pd.Series, key: list[str]) -> str:
    return json.dumps({k: _plain(row[k]) for k in key}, ensure_ascii=False)


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _differs(old: object, new: object) -> bool:
    return _plain(old) != _plain(new)


def _repeats_inside_one_workbook(rows: pd.DataFrame, key: list[str]) -> list[str]:
    repeated = rows[rows.duplicated([*key, "source_file"], keep=False)]
    problems = []
    for _, group in repeated.groupby([*key, "source_file"], dropna=False, sort=True):
        first = group.iloc[0]
        places = " ; ".join(_place(r) for r in group.head(MAX_PLACES).itertuples())
        written = ", ".join(f"{name} = {value}" for name, value in json.loads(_key_text(first, key)).items())
        problems.append(Problem(f"la clé ({written}) apparaît {len(group)} fois ({places}) ; n'en gardez qu'une "
                                "ligne", blames=first["source_file"]))
    return problems


def _place(row) -> str:
    """Row and, for a value under a year column, the column: a year typed twice names both its columns."""
    column = getattr(row, "source_column", None)
    column = f", colonne {column}" if isinstance(column, str) and column else ""
    return f"{row.source_file}, onglet « {row.source_sheet} », ligne {row.source_row}{column}"


def settle(rows: pd.DataFrame, key: list[str], compared: list[str], order: dict[str, object]) -> Settled:
    """rows: the staging table with its row id (`row_id`) and `source_file`, `source_sheet`, `source_row`;
    order: workbook name → a sortable "received" (the workbook ranked last wins)."""
    problems = _repeats_inside_one_workbook(rows, key)
    ranked = rows.assign(_rank=rows["source_file"].map(order)).sort_values([*key, "_rank"], kind="stable")
    winners = ranked.drop_duplicates(key, keep="last")
    losers = ranked[~ranked["row_id"].isin(winners["row_id"])]
    paired = losers.merge(winners, on=key, suffixes=("_old", "_new"))
    revisions = [
        {"key": _key_text(pair, key), "column": column,
         "old_value": _text(pair[f"{column}_old"]), "old_workbook": pair["source_file_old"],
         "new_value": _text(pair[f"{column}_new"]), "new_workbook": pair["source_file_new"]}
        for _, pair in paired.iterrows() if pair["source_file_old"] != pair["source_file_new"]
        for column in compared if _differs(pair[f"{column}_old"], pair[f"{column}_new"])
    ]
    revised = pd.DataFrame(revisions, columns=REVISION_COLUMNS, dtype="string")
    return Settled([int(i) for i in losers["row_id"]], revised, problems)


def _text(value: object) -> str | None:
    plain = _plain(value)
    return None if plain is None else str(plain)


def _received_order(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Each workbook of the dataset → (when it was received, its name): the later, the stronger."""
    union = " union ".join(f"select distinct source_file, source_received from raw.{name}"
                           for name in dataset.families)
    return {file: (received or "", file) for file, received in con.execute(union).fetchall()}


def settle_revisions(con: duckdb.DuckDBPyConnection, dataset: Dataset,
                     columns: list[str]) -> tuple[list[str], pd.DataFrame]:
    """Keep, for each key of the staging table, the row of the workbook received last (its published columns
    compared); stg.<group>_revisions says what changed. Returns the keys repeated inside one workbook (errors)
    and the revisions."""
    rows = con.execute(f"select rowid as row_id, * from {dataset.table}").df()
    key = list(dataset.unique)
    compared = [column for column in columns if column not in key]
    settled = settle(rows, key, compared, _received_order(con, dataset))
    if settled.losing_rows:
        con.execute(f"delete from {dataset.table} where rowid in (select unnest(?::bigint[]))", [settled.losing_rows])
    replace_table(con, f"stg.{dataset.group}_revisions", settled.revisions)
    return settled.problems, settled.revisions
