"""Reading what the pipeline exported and published, as the tests check it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mayenne_assets.settings import Settings
from mayenne_assets_tests.support.settings import DATASETS


def read_export(settings: Settings, group: str, resource: str | None = None) -> pd.DataFrame:
    """An export's CSV as text columns, the way a spreadsheet user gets it."""
    dataset_id = DATASETS[group].dataset_id
    name = f"{dataset_id}_{resource}" if resource else dataset_id
    return pd.read_csv(settings.exports_dir / dataset_id / f"{name}.csv", sep=";", dtype=str, encoding="utf-8-sig",
                       keep_default_na=False, na_values=[""])


def export_bytes(settings: Settings, group: str) -> bytes:
    dataset_id = DATASETS[group].dataset_id
    return (settings.exports_dir / dataset_id / f"{dataset_id}.csv").read_bytes()


def csv_parquet_differences(folder: Path) -> list[str]:
    """Every cell where a CSV of the export folder says something else than its Parquet twin, compared as the
    text a reuser reads (a number as it prints, an empty cell for a null): the CSV must neutralise formulas only."""
    differences = []
    for csv_path in sorted(folder.glob("*.csv")):
        if not csv_path.with_suffix(".parquet").is_file():
            continue
        as_csv = pd.read_csv(csv_path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
        as_parquet = pd.read_parquet(csv_path.with_suffix(".parquet"))
        if list(as_csv.columns) != list(as_parquet.columns) or len(as_csv) != len(as_parquet):
            differences.append(f"{csv_path.name}: columns or row count differ")
            continue
        for column in as_parquet.columns:
            expected = as_parquet[column].astype(object).map(_as_printed)
            for row in (expected != as_csv[column]).to_numpy().nonzero()[0]:
                differences.append(f"{csv_path.name} row {row} {column}: CSV {as_csv[column].iat[row]!r}, "
                                   f"Parquet {expected.iat[row]!r}")
    return differences


def _as_printed(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)
