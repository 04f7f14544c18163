"""The key of a published row as one text: how changes and audit dossiers name a row."""

from __future__ import annotations

import json

import pandas as pd


def row_keys(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """{"uai": "0530484N", "rentree_scolaire": "2020"} for each row, its columns in the key's order."""
    values = zip(*(frame[column].astype(object).where(frame[column].notna(), None).tolist()
                   for column in columns), strict=True)
    return [json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) for row in values]
