"""Writing a validated table as the files we publish: CSV for people and the portal, Parquet, and a Table
Schema (datapackage.json) generated from the same pandera schema that validated it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet reads as numbers, not formulas: a signed decimal (point or comma, with an exponent) and a
# list of them, as a « lat, lon » position is (La Réunion's start with « - »).
_NUMBER = r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?"
_NUMBERS = re.compile(rf"{_NUMBER}(?:\s*[,;]\s*{_NUMBER})*")
_TABLE_SCHEMA_TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean", "date": "date"}


def neutralise_formula(value: object) -> object:
    """A text a spreadsheet would run as a formula is prefixed with an apostrophe; numbers, signed decimals and
    coordinate pairs stay as they are."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_STARTS) or _NUMBERS.fullmatch(value):
        return value
    return "'" + value


def _neutralised(values: pd.Series) -> pd.Series:
    """neutralise_formula over a column: only the texts that start like a formula are looked at, each once."""
    starts = values.astype("string").str.startswith(_FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
    if not starts.any():
        return values
    risky = values[starts]
    neutralised = values.copy()
    neutralised[starts] = risky.map({text: neutralise_formula(text) for text in risky.unique()})
    return neutralised


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, ';' separator, '.' decimal point, ISO 8601 dates: what French spreadsheet users open."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = _neutralised(safe[column])
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


Resource = tuple[pd.DataFrame, pa.DataFrameSchema]


def _resource_entry(name: str, schema: pa.DataFrameSchema) -> dict:
    return {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ";"},
        "schema": table_schema(schema),
    }


def package_about(licence: tuple[str, str, str], publisher: str, service: str, contact: str,
                  sources: list[str], created: str | None) -> dict:
    """What a Data Package says of itself beside its resources: licence (SPDX id, URL, title), the workbooks it
    was read from, who publishes it, and when its data last changed (ISO date, made a datetime)."""
    name, path, title = licence
    about = {"licenses": [{"name": name, "path": path, "title": title}],
             "sources": [{"title": source} for source in sources],
             "contributors": [{"title": publisher, "role": "publisher", "organization": service,
                               **({"email": contact} if "@" in contact else {"path": contact})}]}
    return {**about, "created": f"{created}T00:00:00Z"} if created else about


def write_export(resources: dict[str, Resource], dataset_id: str, title: str, folder: Path,
                 about: dict | None = None) -> dict[str, Path]:
    """Each resource as CSV and Parquet, and one datapackage.json describing them all (with what `about` says:
    package_about); files by published name."""
    files: dict[str, Path] = {}
    for name, (frame, _) in resources.items():
        files[f"{name}.csv"] = folder / f"{name}.csv"
        files[f"{name}.parquet"] = folder / f"{name}.parquet"
        write_csv(frame, files[f"{name}.csv"])
        frame.to_parquet(files[f"{name}.parquet"], index=False)
    package = {
        "name": dataset_id,
        "title": title,
        **(about or {}),
        "resources": [_resource_entry(name, schema) for name, (_, schema) in resources.items()],
    }
    files["datapackage.json"] = folder / "datapackage.json"
    files["datapackage.json"].write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return files
