"""Sensors on the shared drive and on runs.

- shared_drive_sensor: a workbook dropped on the drive runs exactly the assets its family feeds, once per
  content (the run key is the file's sha256), and records when that content was first seen (the order of
  revisions) and what it feeds; files still being written wait; files that no family recognises
  are set aside in quarantine with a report. Workbooks are parsed in a child process with limits, so no file can
  stop it. It never opens DuckDB.
- processed_files_sensor: when a run succeeds, the workbooks it read become the processed version of their name.
- run_failure_alert_sensor: every failed run is written where the data engineer looks (a log file, and a
  webhook when one is configured); the workbooks its problems name are set aside with a report, so that later
  runs use the last good version.
- dataset_automation_sensor: evaluates the automation conditions (a dataset that joins another's validated table
  updates when that table changes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from pathlib import Path

import dagster as dg

from mayenne_assets.defs.catalog import workbook_job_name
from mayenne_assets.defs.reporting import REFUSED_FILES
from mayenne_assets.lib.drive.cursor import DriveCursor
from mayenne_assets.lib.drive.file_activity import still_being_written
from mayenne_assets.lib.drive.layout import (
    PROCESSED,
    QUARANTINE,
    describe_entry,
    irregular_entries,
    is_archived,
    mark_processed,
    prefixed_name,
    prepare_drive,
    quarantine,
    report_path,
    waiting_files,
)
from mayenne_assets.lib.drive.reception import record_reception
from mayenne_assets.lib.drive.reports import (
    failed_run_report,
    irregular_entry_report,
    printable,
    quarantine_report,
    reserved_name_report,
)
from mayenne_assets.lib.drive.snapshot import UnreadableWorkbook, is_regular_file, sha256_of
from mayenne_assets.lib.read.classify import classify
from mayenne_assets.resources import FailureNotifier, SharedDrive

FILE_TAG, SHA_TAG, FEED_TAG = "mayenne/file", "mayenne/sha256", "mayenne/feed"
SET_ASIDE_TAG = "mayenne/set_aside"  # on a failed run: the workbooks its failure set aside
# Files not started within the budget wait for the next tick. Recognising one file reads the first rows of its
# sheets in at most 2 × HEAD_TIMEOUT_SECONDS of workbook.py (a reader stopped on its memory limit is asked again,
# for the cell at fault), so a tick ends within 20 + 2 × 10 s, well under the 60 s Dagster allows a sensor.
TICK_BUDGET_SECONDS = 20.0
SLOW_READS_ALLOWED = 3  # a workbook still not opened in time at its third tick is set aside with the reason


class DriveTick:
    """One evaluation of the drive: what to run, what was set aside, what waits."""

    def __init__(self, drive: SharedDrive, cursor: DriveCursor, targets: dict[str, list[dg.AssetKey]], log,
                 instance: dg.DagsterInstance | None = None):
        self.drive, self.settle_seconds = drive.root, drive.settle_seconds
        self.cursor, self.targets, self.log, self.instance = cursor, targets, log, instance
        self.run_requests: list[dg.RunRequest] = []
        self.waiting: list[str] = []

    def consider(self, path: Path) -> None:
        stat = path.lstat()
        stable = self.cursor.observe(path.name, stat.st_size, stat.st_mtime_ns)
        busy = "nouveau ou en cours de copie" if not stable else still_being_written(
            path, stat.st_mtime_ns, self.settle_seconds)
        if busy:
            self.waiting.append(f"{printable(path.name)} ({busy})")
            return
        state = self.cursor.files[path.name]
        state.sha256 = state.sha256 or sha256_of(path)
        if printable(path.name) != path.name:
            self._set_aside(path, state.sha256, "its name holds bytes that are not text (an encoding problem)",
                            "name")
        elif self.cursor.was_requested(state.sha256):
            self._after_request(path, state.sha256)
        elif not self._already_processed(path, state.sha256):
            self._route(path, state.sha256)

    def _route(self, path: Path, sha256: str) -> None:
        classification = classify(path)
        if classification.problem == "too_slow" and self._read_again_later(path):
            return
        if classification.feed is None or classification.feed not in self.targets:
            self._set_aside(path, sha256, classification.reason, classification.problem or "no_family")
            return
        record_reception(self.drive, sha256, path.name, classification.feed)
        self._request(path, sha256, classification.feed, f"{classification.feed}-{sha256}")

    def _read_again_later(self, path: Path) -> bool:
        """A workbook that could not be opened in time (a busy machine?) is tried again at the next ticks."""
        state = self.cursor.files[path.name]
        state.slow_reads += 1
        if state.slow_reads >= SLOW_READS_ALLOWED:
            return False
        self.waiting.append(f"{printable(path.name)} (trop long à ouvrir à ce passage ; nouvel essai au suivant)")
        return True

    def _request(self, path: Path, sha256: str, feed: str, run_key: str) -> None:
        self.run_requests.append(dg.RunRequest(
            run_key=run_key, job_name=workbook_job_name(feed), asset_selection=self.targets[feed],
            tags={FILE_TAG: path.name, SHA_TAG: sha256, FEED_TAG: feed},
        ))
        self.cursor.mark_requested(path.name, sha256)

    def _after_request(self, path: Path, sha256: str) -> None:
        """These bytes were sent to a run already. If that run failed and set other workbooks aside, this one was
        not to blame: run it again, once per such failure. If it was set aside itself, these bytes are refused."""
        run = self._latest_run(sha256)
        if run is None or run.status != dg.DagsterRunStatus.FAILURE:
            return
        set_aside = run.tags.get(SET_ASIDE_TAG, "")
        if sha256 in set_aside:
            self._set_aside(path, sha256, f"the same bytes were refused by run {run.run_id}: its report in "
                                          f"{QUARANTINE}/ says what to correct", "refused_again")
        elif set_aside and run.tags.get(FEED_TAG) in self.targets:
            self._request(path, sha256, run.tags[FEED_TAG], f"{run.tags[FEED_TAG]}-{sha256}-after-{run.run_id}")

    def _latest_run(self, sha256: str) -> dg.DagsterRun | None:
        if self.instance is None:
            return None
        runs = self.instance.get_runs(filters=dg.RunsFilter(tags={SHA_TAG: sha256}), limit=1)
        return runs[0] if runs else None

    def _set_aside(self, path: Path, sha256: str, reason: str, problem: str) -> None:
        target = quarantine(self.drive, path, sha256, quarantine_report(path.name, sha256, reason, problem))
        self.log.warning(f"{printable(path.name)} set aside in {target.parent.name}: {reason}")
        del self.cursor.files[path.name]

    def _already_processed(self, path: Path, sha256: str) -> bool:
        """An identical copy of a processed workbook: its bytes are archived already, so it needs no run."""
        processed = self.drive / PROCESSED / path.name
        if is_regular_file(processed) and is_archived(self.drive, sha256) and sha256_of(processed) == sha256:
            path.unlink()
            self.log.info(f"{path.name}: identical to the workbook already processed; nothing to do")
            del self.cursor.files[path.name]
            return True
        return False


def prepare(drive: Path, log) -> None:
    """The drive's own folders exist; what took one of their names is set aside with its report."""
    for name, target in prepare_drive(drive):
        report_path(target).write_text(reserved_name_report(name, describe_entry(target)), encoding="utf-8")
        log.warning(f"{name} was not the drive's folder: what held the name is set aside as {target}")


def report_irregular(drive: Path, cursor: DriveCursor, log) -> list[str]:
    """Links, FIFOs and devices on the drive: never opened or moved; each gets one report in quarantine."""
    found = irregular_entries(drive)
    for name, kind in found.items():
        if name in cursor.reported:
            continue
        stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
        report = report_path(drive / QUARANTINE / prefixed_name(stamp, name, hashlib.sha256(os.fsencode(name))
                                                                .hexdigest()))
        report.write_text(irregular_entry_report(name, kind), encoding="utf-8")
        log.warning(f"{printable(name)} is not read: {printable(kind)}; see {report}")
    cursor.reported = sorted(found)
    return [f"{printable(name)} (non lu : {printable(kind)})" for name, kind in found.items()]


def _instance_of(context: dg.SensorEvaluationContext) -> dg.DagsterInstance | None:
    try:
        return context.instance
    except dg.DagsterInvariantViolationError:  # a sensor evaluated without an instance (unit tests)
        return None


def build_drive_sensor(targets: dict[str, list[dg.AssetKey]],
                       jobs: dict[str, dg.UnresolvedAssetJobDefinition]) -> dg.SensorDefinition:
    """targets: what each kind of workbook feeds; jobs: the job that runs it (its name is the run's)."""
    @dg.sensor(name="shared_drive_sensor", minimum_interval_seconds=30, jobs=list(jobs.values()),
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Runs the lineage a new or changed workbook feeds; sets unknown files aside.")
    def shared_drive_sensor(context: dg.SensorEvaluationContext, shared_drive: SharedDrive,
                            failure_notifier: FailureNotifier) -> dg.SensorResult:
        try:
            return _evaluate_drive(context, shared_drive, targets)
        except Exception as error:  # the tick fails in the UI; the failure log and webhook are told too
            failure_notifier.notify({"sensor": "shared_drive_sensor", "message": f"{type(error).__name__}: {error}"})
            raise

    return shared_drive_sensor


def _evaluate_drive(context: dg.SensorEvaluationContext, shared_drive: SharedDrive,
                    targets: dict[str, list[dg.AssetKey]]) -> dg.SensorResult:
    """One tick of the drive: what to run, what to set aside, what waits and why."""
    cursor = DriveCursor.load(context.cursor)
    prepare(shared_drive.root, context.log)
    tick = DriveTick(shared_drive, cursor, targets, context.log, _instance_of(context))
    tick.waiting += report_irregular(shared_drive.root, cursor, context.log)
    files = waiting_files(shared_drive.root)
    deadline = time.monotonic() + TICK_BUDGET_SECONDS
    for path in files:
        if time.monotonic() > deadline:
            tick.waiting.append(f"{printable(path.name)} (au prochain passage)")
            continue
        try:
            tick.consider(path)
        except FileNotFoundError:  # moved or deleted meanwhile
            cursor.files.pop(path.name, None)
        except (OSError, UnreadableWorkbook) as error:  # locked, swapped for a link: look again next tick
            context.log.warning(f"{printable(path.name)}: {error}")
    cursor.forget_all_but({p.name for p in files})
    context.update_cursor(cursor.dump())
    if tick.run_requests:
        return dg.SensorResult(run_requests=tick.run_requests)
    reason = f"en attente : {' ; '.join(tick.waiting)}" if tick.waiting else "aucun nouveau classeur sur le lecteur"
    return dg.SensorResult(skip_reason=reason)


def files_read_by_run(instance: dg.DagsterInstance, run_id: str) -> list[dict]:
    """The workbooks (file, sha256) the run's raw assets read, from their materialisation metadata."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    files = []
    for record in records:
        materialization = record.event_log_entry.asset_materialization
        value = materialization.metadata.get("source_files") if materialization else None
        files += value.value if value is not None else []
    return files


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, name="processed_files_sensor",
                      default_status=dg.DefaultSensorStatus.RUNNING,
                      description="Archives the workbooks a run read and marks them processed once it succeeded.")
def processed_files_sensor(context: dg.RunStatusSensorContext, shared_drive: SharedDrive) -> None:
    run = context.dagster_run
    read = files_read_by_run(context.instance, run.run_id)
    if FILE_TAG in run.tags:
        read.append({"file": run.tags[FILE_TAG], "sha256": run.tags[SHA_TAG]})
    for source in read:
        path = shared_drive.root / source["file"]
        if path.name == source["file"] and is_regular_file(path) and sha256_of(path) == source["sha256"]:
            target = mark_processed(shared_drive.root, path, source["sha256"])
            context.log.info(f"{path.name} processed: now {target}")


def _set_aside_refused(drive: Path, source: dict, problems: str) -> Path | None:
    """Move a waiting workbook that a failed run refused out of the drive's way, with its report; a processed
    one, or one replaced meanwhile by other bytes, stays where it is."""
    path = drive / source["file"]
    if path.name != source["file"] or not is_regular_file(path) or sha256_of(path) != source["sha256"]:
        return None
    target = quarantine(drive, path, source["sha256"], failed_run_report(path.name, source["sha256"], problems))
    return report_path(target)


@dg.run_failure_sensor(name="run_failure_alert_sensor", default_status=dg.DefaultSensorStatus.RUNNING,
                       description="Writes every failed run, and why, to the failure log and the webhook; sets the "
                                   "workbooks it refused aside with a report.")
def run_failure_alert_sensor(context: dg.RunFailureSensorContext, failure_notifier: FailureNotifier,
                             shared_drive: SharedDrive) -> None:
    run = context.dagster_run
    steps, reports, set_aside = [], [], []
    try:
        prepare(shared_drive.root, context.log)
    except OSError as error:
        reports.append(f"the drive's folders could not be prepared: {error}")
    for event in context.get_step_failure_events():
        data = event.step_failure_data
        failure = data.user_failure_data if data else None
        error = data.error.message if data and data.error else event.message
        steps.append({"step": event.step_key, "error": error, "problems": failure.description if failure else None})
        refused = failure.metadata.get(REFUSED_FILES) if failure else None
        for source in refused.value if refused is not None else []:
            try:
                report = _set_aside_refused(shared_drive.root, source, failure.description or error)
            except (OSError, UnreadableWorkbook) as move_error:  # the failure is written and sent all the same
                reports.append(f"{printable(source['file'])} could not be set aside: {move_error}")
                continue
            if report is not None:
                reports.append(str(report))
                set_aside.append(source["sha256"])
    if set_aside:
        context.instance.add_run_tags(run.run_id, {SET_ASIDE_TAG: ",".join(set_aside)})
    failure_notifier.notify({
        "run_id": run.run_id,
        "job": run.job_name,
        "file": run.tags.get(FILE_TAG),
        "sha256": run.tags.get(SHA_TAG),
        "message": context.failure_event.message,
        "failed_steps": steps,
        "reports": reports,
    })


dataset_automation_sensor = dg.AutomationConditionSensorDefinition(
    "dataset_automation_sensor", target=dg.AssetSelection.all(), default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30, emit_backfills=False,
    run_tags={"mayenne/cause": "automatisation : un jeu de données qu'il joint a été publié de nouveau"},
    description="Updates a dataset when a dataset it joins changed (the annuaire after the enrolments).",
)
