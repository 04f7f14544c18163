"""Data and code versions, by which the Dagster UI marks what is stale: the workbooks' bytes make the data
version, the SQL and the Python of a stage make its code version."""

from __future__ import annotations

from mayenne_assets.lib.governance.versions import code_version, data_version
from mayenne_assets.lib.warehouse.tables import staging_models
from mayenne_assets_tests.support.settings import DATASETS

EFFECTIFS = DATASETS["effectifs"]


def test_the_data_version_follows_the_workbooks_bytes_not_their_order():
    one = {"file": "a.xlsx", "sha256": "1" * 64}
    other = {"file": "b.xlsx", "sha256": "2" * 64}
    assert data_version([one, other]) == data_version([other, one])
    assert data_version([one]) != data_version([{**one, "sha256": "3" * 64}])  # the same name, edited
    assert data_version([one]) != data_version([one, other])


def test_the_code_version_changes_with_the_sql_and_with_the_stage():
    sql = [model.sql for model in staging_models(EFFECTIFS)]
    assert code_version(EFFECTIFS, "stg", sql) == code_version(EFFECTIFS, "stg", list(sql))
    assert code_version(EFFECTIFS, "stg", sql) != code_version(EFFECTIFS, "stg", [*sql[:-1], sql[-1] + " "])
    assert code_version(EFFECTIFS, "stg", sql) != code_version(EFFECTIFS, "export", sql)
    assert code_version(EFFECTIFS, "raw") != code_version(DATASETS["annuaire"], "raw")
