"""Validating a dataset's resources against their pandera schemas, each failure traced to the workbook row it
came from; the resources as read from staging; the published table as exported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.problems import Problem
from mayenne_assets.lib.export.schemas import resource_schemas

SOURCE_COLUMNS = ["source_file", "source_sheet", "source_row"]


@dataclass(frozen=True)
class SchemaFailure:
    resource: str
    column: str
    check: str
    value: str
    place: str  # where the value comes from in the workbooks, when known
    file: str | None = None  # the workbook it comes from, when known

    def __str__(self) -> str:
        where = f" — {self.place}" if self.place else ""
        if self.check == "not_nullable":
            return f"{self.resource} : la colonne {self.column} est vide là où une valeur est obligatoire{where}"
        return (f"{self.resource} : colonne {self.column}, la vérification « {self.check} » échoue pour "
                f"« {self.value} »{where}")

    def problem(self) -> Problem:
        return Problem(str(self), blames=self.file)


def _place(frame: pd.DataFrame, index: object) -> tuple[str, str | None]:
    """Where a failing value comes from, and its workbook."""
    if pd.isna(index) or not set(SOURCE_COLUMNS) <= set(frame.columns) or index not in frame.index:
        return "", None
    row = frame.loc[index]
    return f"{row['source_file']}, onglet « {row['source_sheet']} », ligne {row['source_row']}", row["source_file"]


def validate(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[SchemaFailure]]:
    """The validated table (schema columns only), or the failures, each placed in its workbook when it can be."""
    try:
        return schema.validate(frame[list(schema.columns)], lazy=True), []
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases
        return frame, [
            SchemaFailure(name, str(case["column"]), str(case["check"]), str(case["failure_case"]),
                          *_place(frame, case["index"]))
            for _, case in cases.iterrows()
        ]


Resources = dict[str, tuple[pd.DataFrame, pa.DataFrameSchema]]


def export_frames(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> Resources:
    """Every resource of the dataset as read from staging, with its source columns when the table has them."""
    frames = {}
    for name, (table, schema) in resource_schemas(dataset).items():
        available = {row[0] for row in con.execute(f"describe {table}").fetchall()}
        columns = [*schema.columns, *(c for c in [*SOURCE_COLUMNS, "source_sha256"] if c in available)]
        frames[name] = (con.execute(f"select {', '.join(columns)} from {table}").df(), schema)
    return frames


def read_export(folder: Path, dataset: Dataset) -> pd.DataFrame:
    """The dataset's main table as exported into its folder (its Parquet file)."""
    return pd.read_parquet(folder / f"{dataset.dataset_id}.parquet")
