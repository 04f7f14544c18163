from __future__ import annotations

import inspect

import dagster as dg

from mayenne_assets.definitions import build_definitions, defs
from mayenne_assets.defs.pools import DUCKDB_POOL
from mayenne_assets_tests.support.settings import DATASETS


def test_definitions_load():
    """What the code server loads (workspace.yaml): the definitions of the embedded defaults."""
    dg.Definitions.validate_loadable(defs.load_fn())


def test_each_dataset_is_one_group_of_four_stages(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    for group in ("annuaire", "effectifs", "projections", "principaux", "enseignement_superieur", "actions"):
        stages = {f"{stage}_{group}" for stage in ("raw", "stg", "export", "portal")}
        assert stages <= {k for k, g in groups.items() if g == group}
    assert {k for k, g in groups.items() if g == "effectifs"} == {
        "raw_effectifs", "stg_effectifs", "export_effectifs", "portal_effectifs", "reconciliation_effectifs"}
    assert graph.get(dg.AssetKey("stg_effectifs")).parent_keys == {
        dg.AssetKey("raw_effectifs"), dg.AssetKey("ref_colleges"), dg.AssetKey("ref_communes")}


def test_every_asset_that_opens_the_warehouse_is_in_the_duckdb_pool(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if "duckdb" in node.kinds or key.to_user_string().startswith(("export_", "stg_", "ref_", "raw_")):
            assert node.pools == {DUCKDB_POOL}, key


def test_an_asset_outside_the_duckdb_pool_only_reads_the_warehouse(settings):
    """Writers wait for each other in the pool; a reader outside it (the portal, the charts) opens the file
    read-only, waiting for the lock while a writer holds it."""
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    for assets_def in defs.assets:
        if "warehouse" not in assets_def.required_resource_keys:
            continue
        source = inspect.getsource(assets_def.op.compute_fn.decorated_fn)
        if any(graph.get(key).pools != {DUCKDB_POOL} for key in assets_def.keys):
            assert "warehouse.connect()" not in source and "warehouse.connect(read_only=True)" in source, \
                assets_def.keys


def test_configuration_comes_from_the_environment(monkeypatch, tmp_path):
    from mayenne_assets.settings import load_settings

    monkeypatch.setenv("MAYENNE_SHARED_DRIVE", str(tmp_path / "drive"))
    monkeypatch.setenv("MAYENNE_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("MAYENNE_PORTAL_DIR", str(tmp_path / "portal"))
    settings = load_settings()
    assert settings.shared_drive == tmp_path / "drive"
    assert settings.warehouse == tmp_path / "w.duckdb"
    assert settings.portal_dir == tmp_path / "portal"


def test_sensors_and_schedules_are_on_and_schedules_run_in_paris_time(settings):
    definitions = build_definitions(settings)
    sensors = {s.name: s for s in definitions.sensors}
    assert set(sensors) == {"shared_drive_sensor", "processed_files_sensor", "run_failure_alert_sensor",
                            "dataset_automation_sensor"}
    assert all(s.default_status == dg.DefaultSensorStatus.RUNNING for s in sensors.values())
    schedules = {s.name: s for s in definitions.schedules}
    assert set(schedules) == {"projections_monthly", "reference_monthly", "weekly_full_refresh"}
    assert schedules["reference_monthly"].job.name == "reference_refresh"
    assert {s.execution_timezone for s in schedules.values()} == {"Europe/Paris"}


def test_a_dataset_joining_another_follows_it_by_declarative_automation(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    assert graph.get(dg.AssetKey("stg_annuaire")).automation_condition is not None
    assert graph.get(dg.AssetKey("stg_effectifs")).automation_condition is None


def test_a_new_enrolment_year_reruns_the_projection_model_and_the_projections_by_themselves(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    model = graph.get(dg.AssetKey("projection_model"))
    assert model.automation_condition is not None and dg.AssetKey("export_effectifs") in model.parent_keys
    assert dg.AssetKey("projection_model") in graph.get(dg.AssetKey("stg_projections")).parent_keys
    assert graph.get(dg.AssetKey("stg_projections")).automation_condition is not None


def test_the_register_of_processing_follows_every_publication(settings):
    graph = build_definitions(settings).resolve_asset_graph()
    register = graph.get(dg.AssetKey("registre_traitements"))
    assert register.automation_condition is not None
    assert {dg.AssetKey(f"portal_{group}") for group in DATASETS} <= set(register.parent_keys)


def test_runs_are_grouped_by_what_they_do_and_automation_says_why(settings):
    definitions = build_definitions(settings)
    jobs = {job.name for job in definitions.resolve_all_job_defs()}
    assert {"classeur_effectifs", "classeur_colleges", "classeur_dispositifs", "all_datasets"} <= jobs
    automation = definitions.resolve_sensor_def("dataset_automation_sensor")
    assert "mayenne/cause" in automation.run_tags
