"""The declarations agree with each other: every published column is in the dictionary of fields and every field
of the dictionary is published; every family is read by a dataset; each dataset's SQL model exists."""

from __future__ import annotations

import tomllib

from mayenne_assets.declarations import FOLDER
from mayenne_assets.lib.export.schemas import expand, field, resource_schemas
from mayenne_assets.lib.read.families import families
from mayenne_assets.lib.warehouse.tables import staging_models
from mayenne_assets_tests.support.settings import DATASETS, MAYENNE


def _tables() -> dict[str, tuple[str, ...]]:
    """Every published table's name in the dictionary (a group, or group.resource) and its columns."""
    tables = {}
    for dataset in DATASETS.values():
        tables[dataset.group] = expand(dataset.columns)
        tables |= {f"{dataset.group}.{extra.name}": expand(extra.columns) for extra in dataset.extra_resources}
    return tables


def test_every_published_column_is_a_field_of_the_dictionary():
    for table, columns in _tables().items():
        for column in columns:
            assert field(column, table, MAYENNE).description, (table, column)


def test_every_field_and_every_override_of_the_dictionary_is_used():
    declared = tomllib.loads((FOLDER / "fields.toml").read_text(encoding="utf-8"))["fields"]
    tables = _tables()
    used = {column for columns in tables.values() for column in columns}
    assert set(declared) - used == set()
    for name, spec in declared.items():
        for table in spec.get("by_table", {}):
            assert name in tables.get(table, ()), f"fields.{name}.by_table.{table} names no table publishing it"


def test_every_family_is_read_by_one_dataset():
    read = [family for dataset in DATASETS.values() for family in dataset.families]
    assert sorted(read) == sorted(families()) and len(read) == len(set(read))


def test_each_dataset_has_its_staging_models_and_schemas():
    for dataset in DATASETS.values():
        assert staging_models(dataset)[-1].table in {table for table, _ in resource_schemas(dataset).values()}
        assert set(dataset.unique) <= set(expand(dataset.columns))
        assert set(dataset.personal_data) <= set(expand(dataset.columns))
