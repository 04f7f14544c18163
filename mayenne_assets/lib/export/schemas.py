"""The pandera schema of every published table, built from the dictionary of fields (declarations/fields.toml)
and the columns and key a dataset declares: one source for the names, order, types, checks and descriptions
that the Table Schema, the portal's field descriptions and the Dagster UI's column schema are generated from."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

import pandera.pandas as pa

from mayenne_assets.declarations import FOLDER as DECLARATIONS
from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.export.checks import check_from

_DTYPES = {("string", False): str, ("string", True): str, ("integer", False): int, ("integer", True): "Int64",
           ("number", False): float, ("number", True): float}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    nullable: bool = False
    checks: tuple = ()
    year: bool = False  # shown as written, never grouped in thousands

    def column(self, territory: Territory, in_key: bool = False) -> pa.Column:
        """A column of the row's key is never empty: a row without its whole key is not a row one can publish."""
        nullable = self.nullable and not in_key
        return pa.Column(_DTYPES[(self.type, nullable)], [check_from(c, territory) for c in self.checks],
                         nullable=nullable, title=self.title, description=self.description)


@cache
def _dictionary() -> dict:
    return tomllib.loads((DECLARATIONS / "fields.toml").read_text(encoding="utf-8"))


def field_list(name: str) -> tuple[str, ...]:
    return tuple(_dictionary()["field_lists"][name]["fields"])


def expand(columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns with each "@<list>" replaced by the fields of that list."""
    return tuple(name for column in columns
                 for name in (field_list(column[1:]) if column.startswith("@") else (column,)))


def field(name: str, table: str, territory: Territory) -> Field:
    """The field as published in this table (a dataset's group, or "<group>.<resource>")."""
    fields = _dictionary()["fields"]
    if name in fields:
        declared = dict(fields[name])
        declared |= declared.pop("by_table", {}).get(table, {})
        declared["description"] = territory.fill(declared["description"])
        if "title" in declared:
            declared["title"] = territory.fill(declared["title"])
        where = declared.pop("nullable_where", None)
        if where and getattr(territory, where):
            declared["nullable"] = True
        return Field(name, **{k: tuple(v) if k == "checks" else v for k, v in declared.items()})
    for listed in _dictionary()["field_lists"].values():
        if name in listed["fields"]:
            template = {k: v.format(name=name, title=name.replace("_", " ")) if isinstance(v, str) else v
                        for k, v in listed["template"].items()}
            return Field(name, **template)
    raise KeyError(f"the field {name!r} of {table} is not in declarations/fields.toml")


def build_schema(name: str, table: str, columns: tuple[str, ...], unique: tuple[str, ...],
                 territory: Territory) -> pa.DataFrameSchema:
    """Every export is strict (no other column), ordered, and coerced to the declared types."""
    return pa.DataFrameSchema({c: field(c, table, territory).column(territory, c in unique) for c in expand(columns)},
                              unique=list(unique),
                              strict=True, ordered=True, coerce=True, name=name)


def dataset_schema(dataset: Dataset) -> pa.DataFrameSchema:
    return build_schema(dataset.slug, dataset.group, dataset.columns, dataset.unique, dataset.territory)


def quantities(dataset: Dataset) -> set[str]:
    """The main table's columns that hold numbers a person reads as quantities: not the years."""
    fields = (field(name, dataset.group, dataset.territory) for name in expand(dataset.columns))
    return {f.name for f in fields if f.type in ("integer", "number") and not f.year}


def resource_schemas(dataset: Dataset) -> dict[str, tuple[str, pa.DataFrameSchema]]:
    """Every published table of the dataset: resource name → (its staging table, its schema)."""
    resources = {dataset.dataset_id: (dataset.table, dataset_schema(dataset))}
    for extra in dataset.extra_resources:
        resources[f"{dataset.dataset_id}_{extra.name}"] = (extra.table, build_schema(
            f"{dataset.slug}_{extra.name}", f"{dataset.group}.{extra.name}", extra.columns, extra.unique,
            dataset.territory))
    return resources
