"""Sensors on the shared drive and on runs.

- shared_drive_sensor: a workbook dropped on the drive runs exactly the assets its family feeds, once per
  content (the run key is the file's sha256); files still being copied wait for the next tick; files that no
  family recognises are set aside in quarantine with a report. It never opens DuckDB.
- processed_files_sensor: when a run for a workbook succeeds, the workbook is archived (exact bytes, dated) and
  becomes the processed version of its name.
- run_failure_alert_sensor: every failed run is written where the data engineer looks (a log file, and a
  webhook when one is configured).
- dataset_automation_sensor: evaluates the automation conditions (a dataset that joins another's staging table
  updates when that table changes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dagster as dg

from mayenne_assets.lib.classify import classify
from mayenne_assets.lib.drive_cursor import DriveCursor
from mayenne_assets.lib.drive_layout import PROCESSED, is_archived, mark_processed, quarantine, waiting_files
from mayenne_assets.lib.raw_tables import sha256_of
from mayenne_assets.resources import FailureNotifier, SharedDrive

FILE_TAG, SHA_TAG, FEED_TAG = "mayenne/file", "mayenne/sha256", "mayenne/feed"


def quarantine_report(path: Path, sha256: str, reason: str) -> str:
    return (
        f"Fichier mis de côté : {path.name}\n"
        f"Date : {dt.datetime.now():%d/%m/%Y %H:%M}\n"
        f"Empreinte SHA-256 : {sha256}\n\n"
        f"Pourquoi / why:\n{reason}\n\n"
        "Que faire : corrigez le classeur (les colonnes attendues sont rappelées ci-dessus), puis déposez-le de "
        "nouveau sur le lecteur partagé. Rien n'a été publié à partir de ce fichier ; les données déjà publiées "
        "sont inchangées.\n"
    )


class DriveTick:
    """One evaluation of the drive: what to run, what was set aside, what waits."""

    def __init__(self, drive: Path, cursor: DriveCursor, targets: dict[str, list[dg.AssetKey]], log):
        self.drive, self.cursor, self.targets, self.log = drive, cursor, targets, log
        self.run_requests: list[dg.RunRequest] = []
        self.waiting: list[str] = []

    def consider(self, path: Path) -> None:
        stat = path.stat()
        if not self.cursor.observe(path.name, stat.st_size, stat.st_mtime_ns):
            self.waiting.append(f"{path.name} (new or still being written)")
            return
        state = self.cursor.files[path.name]
        state.sha256 = state.sha256 or sha256_of(path)
        if state.requested_sha256 == state.sha256 or self.cursor.was_requested(state.sha256):
            return  # the same bytes, under this name or another, were already sent to a run
        if self._already_processed(path, state.sha256):
            return
        classification = classify(path)
        if classification.feed is None or classification.feed not in self.targets:
            target = quarantine(self.drive, path, quarantine_report(path, state.sha256, classification.reason))
            self.log.warning(f"{path.name} set aside in {target.parent.name}: {classification.reason}")
            del self.cursor.files[path.name]
            return
        self.run_requests.append(dg.RunRequest(
            run_key=f"{classification.feed}-{state.sha256}",
            asset_selection=self.targets[classification.feed],
            tags={FILE_TAG: path.name, SHA_TAG: state.sha256, FEED_TAG: classification.feed},
        ))
        self.cursor.mark_requested(path.name, state.sha256)

    def _already_processed(self, path: Path, sha256: str) -> bool:
        """An identical copy of a processed workbook: its bytes are archived already, so it needs no run."""
        processed = self.drive / PROCESSED / path.name
        if processed.is_file() and is_archived(self.drive, path.name, sha256) and sha256_of(processed) == sha256:
            path.unlink()
            self.log.info(f"{path.name}: identical to the workbook already processed; nothing to do")
            del self.cursor.files[path.name]
            return True
        return False


def build_drive_sensor(targets: dict[str, list[dg.AssetKey]]) -> dg.SensorDefinition:
    @dg.sensor(name="shared_drive_sensor", minimum_interval_seconds=30, target=dg.AssetSelection.all(),
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Runs the lineage a new or changed workbook feeds; sets unknown files aside.")
    def shared_drive_sensor(context: dg.SensorEvaluationContext, shared_drive: SharedDrive) -> dg.SensorResult:
        cursor = DriveCursor.load(context.cursor)
        tick = DriveTick(shared_drive.root, cursor, targets, context.log)
        files = waiting_files(shared_drive.root)
        for path in files:
            try:
                tick.consider(path)
            except OSError as error:  # a file moved or locked meanwhile: look again at the next tick
                context.log.warning(f"{path.name}: {error}")
                cursor.files.pop(path.name, None)
        cursor.forget_all_but({p.name for p in files})
        context.update_cursor(cursor.dump())
        if tick.run_requests:
            return dg.SensorResult(run_requests=tick.run_requests)
        reason = f"waiting: {', '.join(tick.waiting)}" if tick.waiting else "no new workbook on the drive"
        return dg.SensorResult(skip_reason=reason)

    return shared_drive_sensor


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, name="processed_files_sensor",
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="Archives a workbook and marks it processed once its run succeeded.")
def processed_files_sensor(context: dg.RunStatusSensorContext, shared_drive: SharedDrive) -> None:
    tags = context.dagster_run.tags
    if FILE_TAG not in tags:
        return
    path = shared_drive.root / tags[FILE_TAG]
    if path.is_file() and sha256_of(path) == tags[SHA_TAG]:
        target = mark_processed(shared_drive.root, path, tags[SHA_TAG])
        context.log.info(f"{path.name} processed: now {target}")


@dg.run_failure_sensor(name="run_failure_alert_sensor", default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Writes every failed run, and why, to the failure log and the webhook.")
def run_failure_alert_sensor(context: dg.RunFailureSensorContext, failure_notifier: FailureNotifier) -> None:
    run = context.dagster_run
    steps = [
        {"step": event.step_key, "error": event.event_specific_data.error.message
         if event.event_specific_data and event.event_specific_data.error else event.message}
        for event in context.get_step_failure_events()
    ]
    failure_notifier.notify({
        "run_id": run.run_id,
        "job": run.job_name,
        "file": run.tags.get(FILE_TAG),
        "sha256": run.tags.get(SHA_TAG),
        "message": context.failure_event.message,
        "failed_steps": steps,
    })


dataset_automation_sensor = dg.AutomationConditionSensorDefinition(
    "dataset_automation_sensor", target=dg.AssetSelection.all(), default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30, emit_backfills=False,
    description="Updates a dataset when a dataset it joins changed (the annuaire after the enrolments).",
)
