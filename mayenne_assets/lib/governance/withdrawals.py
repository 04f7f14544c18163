"""Periods the data officer withdraws from a published dataset on purpose, recorded in a TOML file (who, when,
why). Without such a record, a school year that the published version holds and the new one lacks stops the
publication: cleared cells or a missing sheet never withdraw a year silently."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd


def withdrawn_periods(withdrawals_file: Path, dataset_id: str) -> set[str]:
    """The periods (« 2021 ») recorded as withdrawn from the dataset, with who decided it and when."""
    if not withdrawals_file.is_file():
        return set()
    recorded = tomllib.loads(withdrawals_file.read_text(encoding="utf-8")).get("retrait", [])
    return {str(entry["periode"]) for entry in recorded
            if entry.get("dataset_id") == dataset_id and entry.get("decide_par") and entry.get("le")
            and "periode" in entry}


def vanished_periods(before: pd.DataFrame | None, current: pd.DataFrame, column: str | None) -> list[str]:
    """The periods of the published table (as text) that the new one no longer holds; none for a dataset
    without a period column."""
    if before is None or column is None or column not in before:
        return []
    return sorted(set(before[column].astype(str)) - set(current[column].astype(str)))
