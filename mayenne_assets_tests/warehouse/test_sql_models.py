"""The SQL models: what each reads is parsed from its SQL, and gives the order they run in and the assets a
dataset needs."""

from __future__ import annotations

import graphlib
from dataclasses import replace

import duckdb
import pytest

from mayenne_assets.defs.lineage import joined_groups, upstream_assets
from mayenne_assets.lib.warehouse.sql_models import SqlModel, build_order, inputs_of, load_models, run_model
from mayenne_assets.lib.warehouse.tables import staging_models
from mayenne_assets_tests.support.settings import DATASETS


def _models(tmp_path, files: dict[str, str]) -> dict[str, SqlModel]:
    for name, sql in files.items():
        (tmp_path / f"{name}.sql").write_text(sql, encoding="utf-8")
    return load_models(tmp_path)


def test_a_model_reads_the_tables_of_its_sql_not_its_ctes_nor_table_functions():
    model = SqlModel("stg_demo", """
        with cells as (select * from raw.effectifs join stg.effectifs_matches using (source_row)),
             files as (select * from read_csv('{{ reference_data }}/x.csv'))
        select * from cells left join ref.colleges as c on c.uai = cells.uai, files
        where uai in (select uai from validated.effectifs)""")
    assert model.reads == {"raw.effectifs", "stg.effectifs_matches", "ref.colleges", "validated.effectifs"}
    assert model.table == "stg.demo"


def test_models_run_after_the_models_they_read_whatever_their_names(tmp_path):
    models = _models(tmp_path, {
        "stg_a_totals": "select sum(n) as n from stg.z_rows",
        "stg_z_rows": "select n from raw.rows",
        "stg_unrelated": "select 1 as n",
    })
    order = build_order(["stg.a_totals"], models)
    assert [m.name for m in order] == ["stg_z_rows", "stg_a_totals"]
    assert inputs_of(order) == {"raw.rows"}
    with duckdb.connect() as con:
        con.execute("create schema raw; create table raw.rows as select 2 as n union all select 3")
        counts = [run_model(con, m) for m in order]
        assert counts == [2, 1] and con.execute("select n from stg.a_totals").fetchone() == (5,)


def test_a_cycle_or_a_missing_model_is_refused(tmp_path):
    models = _models(tmp_path, {"stg_a": "select * from stg.b", "stg_b": "select * from stg.a"})
    with pytest.raises(graphlib.CycleError):
        build_order(["stg.a"], models)
    with pytest.raises(KeyError, match=r"no SQL model builds stg\.missing; expected stg_missing\.sql"):
        build_order(["stg.missing"], models)


def test_each_dataset_depends_on_what_its_sql_reads():
    assert upstream_assets(DATASETS["effectifs"]) == ["ref_colleges", "ref_communes"]
    assert upstream_assets(DATASETS["annuaire"]) == ["export_effectifs", "ref_colleges", "ref_communes"]
    assert joined_groups(DATASETS["annuaire"]) == ["effectifs"]
    assert upstream_assets(DATASETS["enseignement_superieur"]) == ["ref_communes", "ref_enseignement_superieur"]
    order = [m.name for m in staging_models(DATASETS["projections"])]
    assert set(order) == {"stg_projections", "stg_projections_by_area", "stg_projections_backtest"}
    assert order.index("stg_projections") < order.index("stg_projections_by_area")  # it reads stg.projections
    assert "projection_model" in upstream_assets(DATASETS["projections"])  # it reads model.projections


def test_sql_reading_a_family_the_dataset_does_not_declare_is_refused():
    principaux = DATASETS["principaux"]
    without_its_family = replace(principaux, raw_tables=())
    with pytest.raises(ValueError, match=r"its SQL reads raw\.principaux, which no asset builds"):
        upstream_assets(without_its_family)


def test_a_reference_rebuilt_with_the_same_rows_keeps_its_data_version(settings):
    """Every drive run rebuilds the reference tables it joins: unchanged, they must not mark the other datasets'
    staging as unsynced in the UI."""
    import dagster as dg

    from mayenne_assets.definitions import build_definitions, resources_for

    defs = build_definitions(settings)
    references = [a for a in defs.assets if set(a.group_names_by_key.values()) == {"reference"}]
    instance = dg.DagsterInstance.ephemeral()
    for _ in range(2):
        assert dg.materialize(references, resources=resources_for(settings), instance=instance).success
    for key in ("ref_colleges", "ref_communes", "ref_enseignement_superieur"):
        events = instance.fetch_materializations(dg.AssetKey(key), limit=2).records
        versions = {e.asset_materialization.tags["dagster/data_version"] for e in events}
        assert len(events) == 2 and len(versions) == 1, key
