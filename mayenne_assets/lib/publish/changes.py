"""What changed from one publication of a dataset to the next, for the people who reuse it: every row added or
removed and every value changed (changes.csv, published with the version; each row named by its key and by its
collège), and a summary in words ("2022 : 27 lignes ajoutées ; 2021 : 3 valeurs modifiées")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from mayenne_assets.lib.common.keys import row_keys
from mayenne_assets.lib.export.files import write_csv

CHANGE_COLUMNS = ["changement", "cle", "etablissement", "colonne", "ancienne_valeur", "nouvelle_valeur"]
NAME_COLUMNS = ("nom_etablissement", "Nom_etablissement", "etablissement")  # what names a row's collège
ADDED, REMOVED, CHANGED = "ligne ajoutée", "ligne retirée", "valeur modifiée"


def read_published(path: Path) -> pd.DataFrame:
    """A published CSV as text, the way it reads for a reuser: empty cells are empty strings."""
    return pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Index:
    return pd.Index(row_keys(frame, key), dtype=object)


def table_changes(previous: pd.DataFrame | None, current: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows added and removed (by key), and values changed in the rows both hold."""
    previous = previous if previous is not None else current.iloc[0:0]
    before = previous.set_index(_keys(previous, key))
    after = current.set_index(_keys(current, key))
    names = {**_names(before), **_names(after)}  # a removed row is named as it was
    rows = [(ADDED, k, names.get(k, ""), "", "", "") for k in after.index.difference(before.index)]
    rows += [(REMOVED, k, names.get(k, ""), "", "", "") for k in before.index.difference(after.index)]
    both = after.index.intersection(before.index)
    for column in [c for c in current.columns if c not in key and c in previous.columns]:
        old, new = before.loc[both, column], after.loc[both, column]
        rows += [(CHANGED, k, names.get(k, ""), column, old[k], new[k]) for k in both[(old != new).to_numpy()]]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _names(frame: pd.DataFrame) -> dict[str, str]:
    """Each row's collège (or establishment) by its key, when the table names one."""
    column = next((c for c in NAME_COLUMNS if c in frame.columns), None)
    return {} if column is None else dict(zip(frame.index, frame[column], strict=True))


def summary(changes: pd.DataFrame, period: str | None, first: bool) -> dict:
    """Counts, and a sentence per period (the dataset's temporal column, when its key holds one)."""
    counts = Counter(changes["changement"])
    per_period = _per_period(changes, period)
    words = {ADDED: ("ligne ajoutée", "lignes ajoutées"), REMOVED: ("ligne retirée", "lignes retirées"),
             CHANGED: ("valeur modifiée", "valeurs modifiées")}
    order = {ADDED: 0, REMOVED: 1, CHANGED: 2}
    ranked = sorted(per_period.items(), key=lambda item: (_descending(item[0][0]), order[item[0][1]]))
    parts = [f"{name + ' : ' if name else ''}{n} {words[what][n > 1]}" for (name, what), n in ranked]
    text = " ; ".join(parts) if parts else "aucun changement"
    return {"premiere_publication": first, "lignes_ajoutees": counts[ADDED], "lignes_retirees": counts[REMOVED],
            "valeurs_modifiees": counts[CHANGED], "resume": ("première publication : " if first else "") + text}


def _per_period(changes: pd.DataFrame, period: str | None) -> Counter:
    """(period, kind of change) → how many, the period read from each row's key in one query: a first national
    publication adds half a million rows."""
    if period is None:
        return Counter({("", what): n for what, n in changes["changement"].value_counts().items()})
    with duckdb.connect() as con:
        con.register("changes", changes[["cle", "changement"]])
        counted = con.execute("select coalesce(cle::json ->> ?, '') as periode, changement, count(*) from changes "
                              "group by all", [period]).fetchall()
    return Counter({(found, what): n for found, what, n in counted})


def _descending(period: str) -> tuple[int, str]:
    """The latest period first; periods are years or school years, compared as text of equal shape."""
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in period)) if period else (1, "")


def write_changes(changes: pd.DataFrame, path: Path) -> Path:
    write_csv(changes, path)
    return path
