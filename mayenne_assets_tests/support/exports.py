"""Reading what the pipeline exported and published, as the tests check it."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.datasets import DATASETS
from mayenne_assets.settings import Settings


def read_export(settings: Settings, group: str, resource: str | None = None) -> pd.DataFrame:
    """An export's CSV as text columns, the way a spreadsheet user gets it."""
    dataset_id = DATASETS[group].dataset_id
    name = f"{dataset_id}_{resource}" if resource else dataset_id
    return pd.read_csv(settings.exports_dir / dataset_id / f"{name}.csv", sep=";", dtype=str, encoding="utf-8-sig",
                       keep_default_na=False, na_values=[""])


def export_bytes(settings: Settings, group: str) -> bytes:
    dataset_id = DATASETS[group].dataset_id
    return (settings.exports_dir / dataset_id / f"{dataset_id}.csv").read_bytes()
