"""Revised figures: the workbook received last wins, whatever its name or its file's date says; two rows for one
key inside one workbook are refused, blaming that workbook."""

from __future__ import annotations

import duckdb
import pandas as pd

from mayenne_assets.lib.common.problems import blamed_files
from mayenne_assets.lib.warehouse.revisions import settle_revisions
from mayenne_assets.lib.warehouse.tables import replace_table
from mayenne_assets_tests.support.settings import DATASETS

EFFECTIFS = DATASETS["effectifs"]


def _warehouse(rows: list[tuple[str, int, str]], received: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """stg.effectifs with a row per (uai, effectif, workbook), and when each workbook was received."""
    con = duckdb.connect()
    con.execute("create schema raw; create schema stg")
    con.execute("create table raw.effectifs (source_file varchar, source_received varchar)")
    con.executemany("insert into raw.effectifs values (?, ?)", list(received.items()))
    staged = [{"uai": uai, "rentree_scolaire": 2021, "effectif": effectif, "source_file": file,
               "source_sheet": "Feuil1", "source_row": row} for row, (uai, effectif, file) in enumerate(rows, start=2)]
    replace_table(con, "stg.effectifs", pd.DataFrame(staged))
    return con


def test_the_workbook_received_last_wins_even_when_its_name_sorts_first():
    con = _warehouse([("0530484N", 500, "b-premier.xlsx"), ("0530484N", 505, "a-corrige.xlsx")],
                     {"b-premier.xlsx": "2022-09-01T08:00:00", "a-corrige.xlsx": "2022-11-01T08:00:00"})
    problems, revisions = settle_revisions(con, EFFECTIFS, ["effectif"])
    assert problems == []
    assert con.execute("select effectif, source_file from stg.effectifs").fetchall() == [(505, "a-corrige.xlsx")]
    [revision] = revisions.to_dict("records")
    assert (revision["old_value"], revision["old_workbook"]) == ("500", "b-premier.xlsx")
    assert (revision["new_value"], revision["new_workbook"]) == ("505", "a-corrige.xlsx")


def test_a_key_twice_in_one_workbook_is_refused_blaming_that_workbook():
    con = _warehouse([("0530484N", 500, "doublon.xlsx"), ("0530484N", 501, "doublon.xlsx"),
                      ("0530914F", 300, "autre.xlsx")],
                     {"doublon.xlsx": "2022-09-01T08:00:00", "autre.xlsx": "2022-09-02T08:00:00"})
    problems, _ = settle_revisions(con, EFFECTIFS, ["effectif"])
    assert len(problems) == 1 and blamed_files(problems) == {"doublon.xlsx"}
