"""Writing a validated table as the files we publish: CSV for people and the portal, Parquet, and a Table
Schema (datapackage.json) generated from the same pandera schema that validated it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TABLE_SCHEMA_TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean", "date": "date"}


def neutralise_formula(value: object) -> object:
    """A text a spreadsheet would run as a formula is prefixed with an apostrophe; numbers stay as they are."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS):
        return value
    try:
        float(value.replace(",", "."))
        return value
    except ValueError:
        return "'" + value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, ';' separator, '.' decimal point, ISO 8601 dates: what French spreadsheet users open."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    safe.to_csv(path, sep=";", index=False, encoding="utf-8-sig", date_format="%Y-%m-%d", lineterminator="\n")


def _field_type(dtype: object) -> str:
    name = str(dtype).lower()
    for key, table_type in _TABLE_SCHEMA_TYPES.items():
        if key in name:
            return table_type
    return "string"


def table_schema(schema: pa.DataFrameSchema) -> dict:
    """The frictionless Table Schema of a pandera schema: names, types, descriptions, required, unique key."""
    fields = []
    for name, column in schema.columns.items():
        field = {"name": name, "type": _field_type(column.dtype), "description": column.description or ""}
        if column.title:
            field["title"] = column.title
        if not column.nullable:
            field["constraints"] = {"required": True}
        fields.append(field)
    result: dict = {"fields": fields}
    if schema.unique:
        result["primaryKey"] = list(schema.unique)
    return result


def write_datapackage(dataset_id: str, title: str, schema: pa.DataFrameSchema, csv_name: str, path: Path) -> None:
    package = {
        "name": dataset_id,
        "title": title,
        "resources": [{
            "name": dataset_id,
            "path": csv_name,
            "format": "csv",
            "encoding": "utf-8-sig",
            "dialect": {"delimiter": ";"},
            "schema": table_schema(schema),
        }],
    }
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def write_export(frame: pd.DataFrame, dataset_id: str, title: str, schema: pa.DataFrameSchema,
                 folder: Path) -> dict[str, Path]:
    """The export's files, by published name."""
    files = {
        f"{dataset_id}.csv": folder / f"{dataset_id}.csv",
        f"{dataset_id}.parquet": folder / f"{dataset_id}.parquet",
        "datapackage.json": folder / "datapackage.json",
    }
    write_csv(frame, files[f"{dataset_id}.csv"])
    frame.to_parquet(files[f"{dataset_id}.parquet"], index=False)
    write_datapackage(dataset_id, title, schema, f"{dataset_id}.csv", files["datapackage.json"])
    return files
