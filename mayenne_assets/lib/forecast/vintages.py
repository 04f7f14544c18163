"""The projection model's tables (model.*, lib/warehouse/tables.py): projections kept by vintage (millesime, the
last observed rentrée they start from), the latest backtest beside them, and the published enrolments the latest
vintage was fitted on (what a study made earlier is compared with)."""

from __future__ import annotations

import duckdb
import pandas as pd

from mayenne_assets.lib.warehouse.tables import insert_rows, replace_table


def create_model_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The model's tables: projections accumulate by vintage; with nothing to project yet they stay empty."""
    con.execute("create schema if not exists model")
    con.execute("create table if not exists model.projections (uai varchar, rentree_scolaire bigint, "
                "effectif bigint, effectif_bas_80 bigint, effectif_haut_80 bigint, source varchar, millesime bigint)")
    con.execute("create table if not exists model.projection_backtest (millesime bigint, horizon bigint, "
                "mape_modele double, biais_modele double, mape_naif double, biais_naif double, comparaisons bigint)")
    con.execute("create table if not exists model.projection_history (uai varchar, rentree_scolaire bigint, "
                "effectif bigint)")


def store_vintage(con: duckdb.DuckDBPyConnection, history: pd.DataFrame, projected: pd.DataFrame,
                  tested: pd.DataFrame) -> list[int]:
    """This vintage's projections in place of any earlier run of the same vintage (the other vintages stay), its
    backtest and history in place of the last; returns every vintage kept."""
    millesime = int(history["rentree_scolaire"].max())
    con.execute("delete from model.projections where millesime = ?", [millesime])
    insert_rows(con, "model.projections", projected)
    replace_table(con, "model.projection_backtest", tested)
    replace_table(con, "model.projection_history", history[["uai", "rentree_scolaire", "effectif"]])
    return [v for (v,) in con.execute("select distinct millesime from model.projections order by 1").fetchall()]
