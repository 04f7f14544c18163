"""Driving the sensors as the Dagster daemon would: tick by tick, on a temporary drive and a real instance."""

from __future__ import annotations

import shutil

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.resources import FailureNotifier, SharedDrive
from mayenne_assets.settings import PROJECT_ROOT, SAMPLE_DRIVE

EFFECTIFS_FILE = "Effectifs collèges 1985-2021.xlsx"


class Drive:
    """A drive and the sensor's successive ticks, the cursor carried from one to the next."""

    def __init__(self, settings):
        self.root = settings.shared_drive
        self.settle_seconds = settings.settle_seconds
        self.failure_log = settings.failure_log
        self.sensor = build_definitions(settings).resolve_sensor_def("shared_drive_sensor")
        self.cursor: str | None = None

    def tick(self) -> dg.SensorResult:
        resources = {"shared_drive": SharedDrive(path=str(self.root), settle_seconds=self.settle_seconds),
                     "failure_notifier": FailureNotifier(log_file=str(self.failure_log))}
        context = dg.build_sensor_context(cursor=self.cursor, resources=resources)
        result = self.sensor(context)
        self.cursor = context.cursor
        return result

    def drop(self, name: str, source=SAMPLE_DRIVE) -> None:
        shutil.copy2(source / name, self.root / name)


def dagster_home(tmp_path):
    """A temporary DAGSTER_HOME with the project's instance configuration (the duckdb pool limit)."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy2(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    return dg.DagsterInstance.local_temp(str(home))


def tick(defs, settings, instance, cursor):
    sensor = defs.resolve_sensor_def("shared_drive_sensor")
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources_for(settings))
    return sensor(context), context.cursor


def mark_processed(defs, settings, instance, result):
    """What processed_files_sensor does once the run succeeded."""
    sensor = defs.resolve_sensor_def("processed_files_sensor")
    context = dg.build_run_status_sensor_context(
        sensor_name="processed_files_sensor", dagster_event=result.get_run_success_event(),
        dagster_instance=instance, dagster_run=result.dagster_run, resources=resources_for(settings))
    sensor(context)


def run_request(defs, settings, instance, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
    """What the daemon would launch for a run request: its assets, with its tags."""
    return dg.materialize(list(defs.assets), selection=request.asset_selection, instance=instance,
                          resources=resources_for(settings), tags=request.tags, raise_on_error=False)


def after_failure(defs, settings, instance, run) -> None:
    """What run_failure_alert_sensor does once the run failed."""
    sensor = defs.resolve_sensor_def("run_failure_alert_sensor")
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_alert_sensor", dagster_event=run.get_run_failure_event(), dagster_instance=instance,
        dagster_run=instance.get_run_by_id(run.run_id), resources=resources_for(settings)).for_run_failure()
    sensor(context)


def first_run(defs, settings, instance) -> dg.ExecuteInProcessResult:
    """The drive seen twice (a file is judged once it settled), and the one run it requests, carried out."""
    _, cursor = tick(defs, settings, instance, None)
    result, _ = tick(defs, settings, instance, cursor)
    [request] = result.run_requests
    return run_request(defs, settings, instance, request)
