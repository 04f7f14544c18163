"""What a refresh of the collège directory changed: collèges opened, closed, renamed or moved."""

from __future__ import annotations

import pandas as pd

MOVE_DEGREES = 0.001  # about 100 m: less is a survey correction, not a move


def _label(row: pd.Series) -> str:
    return f"{row['uai']} {row['appellation_officielle']}"


def directory_changes(before: pd.DataFrame | None, after: pd.DataFrame) -> dict[str, list[str]]:
    """Both tables have uai, appellation_officielle, code_commune, latitude and longitude."""
    if before is None:
        return {"opened": [], "closed": [], "renamed": [], "moved": []}
    old, new = before.set_index("uai", drop=False), after.set_index("uai", drop=False)
    both = new.index.intersection(old.index)
    renamed = [f"{uai}: {old.loc[uai, 'appellation_officielle']} → {new.loc[uai, 'appellation_officielle']}"
               for uai in both if old.loc[uai, "appellation_officielle"] != new.loc[uai, "appellation_officielle"]]
    moved = [_label(new.loc[uai]) for uai in both if _moved(old.loc[uai], new.loc[uai])]
    return {
        "opened": [_label(new.loc[uai]) for uai in new.index.difference(old.index)],
        "closed": [_label(old.loc[uai]) for uai in old.index.difference(new.index)],
        "renamed": renamed,
        "moved": moved,
    }


def _moved(old: pd.Series, new: pd.Series) -> bool:
    if old["code_commune"] != new["code_commune"]:
        return True
    points = [old["latitude"], old["longitude"], new["latitude"], new["longitude"]]
    if any(pd.isna(v) for v in points):
        return False
    return abs(points[0] - points[2]) > MOVE_DEGREES or abs(points[1] - points[3]) > MOVE_DEGREES
