"""Turning the raw text of count cells into numbers, with an error for each cell that is not one."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.lib.text import NotANumber, normalise_label, parse_number
from mayenne_assets.spec.families import not_data_rules


def where(row: pd.Series) -> str:
    """The place of a raw row, as a person finds it in the workbook."""
    column = f", column {row['source_column']} ({row['source_label']})" if "source_column" in row else ""
    return f"{row['source_file']}, sheet {row['source_sheet']!r}, row {row['source_row']}{column}"


def parse_counts(frame: pd.DataFrame, raw_column: str = "value_raw") -> tuple[pd.Series, list[str]]:
    """Whole numbers ≥ 0 from text cells; missing markers give null. Returns the values and the problems."""
    missing = not_data_rules().missing_markers
    values: list[float | None] = []
    problems: list[str] = []
    for _, row in frame.iterrows():
        try:
            number = parse_number(row[raw_column], missing)
        except NotANumber:
            number = None
            problems.append(f"{where(row)}: {row[raw_column]!r} is not a number; expected a whole number "
                            "of pupils, or blank, « nc » or « - » when it is not known")
        if number is not None and (number < 0 or not float(number).is_integer()):
            problems.append(f"{where(row)}: {row[raw_column]!r} is not a whole number ≥ 0")
            number = None
        values.append(number)
    return pd.Series(values, index=frame.index, dtype="Float64"), problems


def normalise_choice(values: pd.Series, choices: dict[str, tuple[str, ...]]) -> pd.Series:
    """Map free text to one of the declared values by keyword ("PU", "public" → "Public"); else null."""
    def pick(value: object) -> str | None:
        words = set(normalise_label(value).split())
        for choice, keywords in choices.items():
            if words & set(keywords) or normalise_label(value) in keywords:
                return choice
        return None

    return values.map(pick)
