"""The key of a published row as one text: how changes and audit dossiers name a row."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def _json_values(values: pd.Series) -> np.ndarray:
    """Each value as JSON writes it in an object (a missing one as null), encoded once per distinct value."""
    plain = values.astype(object).where(values.notna(), None)
    distinct = pd.unique(plain.to_numpy())
    encoded = {value: json.dumps(value, ensure_ascii=False) for value in distinct if value is not None}
    return np.array([encoded[v] if v is not None else "null" for v in plain.tolist()], dtype=object)


def row_keys(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """{"uai": "0530484N", "rentree_scolaire": "2020"} for each row, its columns in the key's order (the text
    json.dumps gives the row's dict)."""
    if frame.empty:
        return []
    keys = np.full(len(frame), "{", dtype=object)
    for position, column in enumerate(columns):
        name = json.dumps(column, ensure_ascii=False)
        keys = keys + (", " if position else "") + name + ": " + _json_values(frame[column])
    return (keys + "}").tolist()
