"""End to end on a real Dagster instance (temporary DAGSTER_HOME): workbooks dropped on the drive, the sensor's
run requests executed, processed files archived, every dataset published; and writers in parallel processes."""

from __future__ import annotations

import json
import multiprocessing
import shutil

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.drive.layout import ARCHIVES, PROCESSED
from mayenne_assets.lib.drive.reception import receptions
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.lib.read.families import family
from mayenne_assets.settings import PROJECT_ROOT, SAMPLE_DRIVE, Settings
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.sensors import dagster_home, mark_processed, tick
from mayenne_assets_tests.support.settings import DATASETS, make_settings


def test_workbooks_dropped_on_the_drive_are_all_published(tmp_path):
    settings = make_settings(tmp_path)
    for path in SAMPLE_DRIVE.iterdir():
        shutil.copy2(path, settings.shared_drive / path.name)
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        _, cursor = tick(defs, settings, instance, None)
        result, cursor = tick(defs, settings, instance, cursor)
        assert len(result.run_requests) == 7
        for request in result.run_requests:
            run = dg.materialize(list(defs.assets), selection=request.asset_selection, instance=instance,
                                 resources=resources_for(settings), tags=request.tags)
            assert run.success, request.tags
            mark_processed(defs, settings, instance, run)
        again, _ = tick(defs, settings, instance, cursor)
        assert not again.run_requests
    portal = LocalPortal(settings.portal_dir)
    assert all(portal.current(d.dataset_id) for d in DATASETS.values())
    assert not [p for p in settings.shared_drive.iterdir() if p.is_file()]  # nothing left waiting
    assert sorted(p.name for p in (settings.shared_drive / PROCESSED).iterdir()) == sorted(
        p.name for p in SAMPLE_DRIVE.iterdir())
    archived = [p for p in (settings.shared_drive / ARCHIVES).iterdir() if p.suffix == ".xlsx"]
    assert len(archived) == 7
    received = receptions(settings.shared_drive)  # when the sensor first saw each, and what it feeds
    assert {r.file for r in received.values()} == {p.name for p in SAMPLE_DRIVE.iterdir()}
    assert {r.feed for r in received.values()} == {family(name).feed for d in DATASETS.values() for name in d.families}


def test_a_failed_run_is_written_to_the_failure_log(tmp_path):
    settings = make_settings(tmp_path)
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        run = materialize_group(settings, "effectifs", raise_on_error=False, instance=instance)
        assert not run.success
        sensor = defs.resolve_sensor_def("run_failure_alert_sensor")
        context = dg.build_run_status_sensor_context(
            sensor_name="run_failure_alert_sensor", dagster_event=run.get_run_failure_event(),
            dagster_instance=instance, dagster_run=run.dagster_run,
            resources=resources_for(settings)).for_run_failure()
        sensor(context)
    [line] = settings.failure_log.read_text(encoding="utf-8").splitlines()
    failure = json.loads(line)
    assert failure["run_id"] == run.run_id
    assert failure["failed_steps"][0]["step"] == "raw_effectifs"
    assert "aucun classeur « Effectifs des collèges »" in failure["failed_steps"][0]["error"]


def _materialize_in_own_process(args) -> bool:
    root, group = args
    settings = make_settings_shared(root)
    # each process writes its own lineage only: the projections then start from whatever enrolments are there
    return materialize_group(settings, group, raise_on_error=False, with_needed_groups=False).success


def make_settings_shared(root) -> Settings:
    """Settings of a drive and warehouse shared by several processes."""
    return Settings(shared_drive=root / "drive", warehouse=root / "warehouse" / "shared.duckdb",
                    portal_dir=root / "portal", exports_dir=root / "exports",
                    approvals_file=PROJECT_ROOT / "data" / "dpo_approvals.toml", ods_domain=None, ods_api_key=None,
                    failure_log=root / "logs" / "failures.jsonl")


def test_five_lineages_writing_the_warehouse_at_once_all_succeed(tmp_path):
    """Five processes open the same DuckDB file; they wait for its lock instead of failing."""
    (tmp_path / "drive").mkdir()
    for path in SAMPLE_DRIVE.iterdir():
        shutil.copy2(path, tmp_path / "drive" / path.name)
    groups = ["effectifs", "projections", "principaux", "enseignement_superieur", "actions"]
    with multiprocessing.get_context("spawn").Pool(5) as pool:
        # a worker that dies loses its task and map would wait for ever: a bounded wait fails instead
        results = pool.map_async(_materialize_in_own_process, [(tmp_path, group) for group in groups]).get(
            timeout=300)
    assert results == [True] * 5
    portal = LocalPortal(tmp_path / "portal")
    assert all(portal.current(DATASETS[group].dataset_id) for group in groups)
