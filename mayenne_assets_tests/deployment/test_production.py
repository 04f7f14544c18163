"""The production layout, as processes: the instance on a real PostgreSQL (deploy/dagster.yaml), a gRPC code
server, the daemon and the webserver apart (deploy/workspace.yaml's topology), runs queued. The sample drive is
published through the queue; every service stops on SIGTERM with its children; after a restart the sensor's
cursor is the one it had, and only a new workbook runs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from mayenne_assets.lib.common.processes import process_tree
from mayenne_assets.sample.generate import copy_sample_drive
from mayenne_assets.settings import PROJECT_ROOT
from mayenne_assets_tests.support.postgres import binaries, postgres_server
from mayenne_assets_tests.support.processes import alive, free_port
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx

DATASETS = 6
BIN = Path(sys.executable).parent


def _until(what: str, done, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s: {what}"
        time.sleep(2)


class Services:
    """The code server, the daemon and the webserver, each started as a service manager starts it (SIGINT
    ignored) through mayenne_assets.service."""

    def __init__(self, environment: dict[str, str], workspace: Path, code_port: int, web_port: int):
        self.environment, self.workspace = environment, workspace
        self.code_port, self.web_port = code_port, web_port
        self.processes: list[subprocess.Popen] = []

    def _start(self, *command: str) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "mayenne_assets.service", *command], cwd=PROJECT_ROOT,
                                   env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        self.processes.append(process)
        return process

    def start(self) -> None:
        self._start(str(BIN / "dagster"), "api", "grpc", "-m", "mayenne_assets.definitions", "-h", "127.0.0.1",
                    "-p", str(self.code_port))
        _until("the code server answers", self._code_server_up, 180)
        self._start(str(BIN / "dagster-daemon"), "run", "-w", str(self.workspace))
        self._start(str(BIN / "dagster-webserver"), "-w", str(self.workspace), "-h", "127.0.0.1",
                    "-p", str(self.web_port))
        _until("the webserver answers", self._webserver_up, 180)

    def _code_server_up(self) -> bool:
        return subprocess.run([str(BIN / "dagster"), "api", "grpc-health-check", "-p", str(self.code_port)],
                              env=self.environment, capture_output=True).returncode == 0

    def _webserver_up(self) -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/server_info", timeout=2)
            return True
        except OSError:
            return False

    def stop(self) -> set[int]:
        """SIGTERM to each service; returns the processes that outlived it (its children included)."""
        tree = set().union(*(process_tree(p.pid) for p in self.processes if p.poll() is None))
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=60)
        deadline = time.monotonic() + 30
        while alive(tree) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = alive(tree)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        self.processes = []
        return left


def _published(portal: Path) -> int:
    return len(list(portal.glob("*/current.json")))


def _drive_cursor(instance: dg.DagsterInstance) -> str | None:
    [state] = [s for s in instance.all_instigator_state() if s.instigator_name == "shared_drive_sensor"]
    return state.instigator_data.cursor if state.instigator_data else None


@pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (.ci/run installs it)")
def test_the_production_layout_publishes_through_the_queue_and_survives_a_restart(tmp_path, monkeypatch):
    with postgres_server() as server:
        home = tmp_path / "home"
        home.mkdir()
        shutil.copy2(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
        code_port, web_port = free_port(), free_port()
        workspace = home / "workspace.yaml"
        workspace.write_text((PROJECT_ROOT / "deploy" / "workspace.yaml").read_text(encoding="utf-8")
                             .replace("port: 4000", f"port: {code_port}"), encoding="utf-8")
        drive, portal = tmp_path / "drive", tmp_path / "portal"
        copy_sample_drive(drive)
        settings = {**server.environment(), "DAGSTER_HOME": str(home), "MAYENNE_SHARED_DRIVE": str(drive),
                    "MAYENNE_PORTAL_DIR": str(portal), "MAYENNE_EXPORTS_DIR": str(tmp_path / "exports"),
                    "MAYENNE_WAREHOUSE": str(tmp_path / "warehouse" / "w.duckdb"),
                    "MAYENNE_FAILURE_LOG": str(tmp_path / "logs" / "failures.jsonl"), "MAYENNE_SETTLE_SECONDS": "0"}
        for name, value in settings.items():
            monkeypatch.setenv(name, value)  # this process reads the same instance
        services = Services({**os.environ, **settings}, workspace, code_port, web_port)
        try:
            started = time.monotonic()
            services.start()
            _until("the six datasets are published", lambda: _published(portal) == DATASETS, 900)
            print(f"\nfrom start to the six datasets published: {time.monotonic() - started:.0f} s")
            instance = dg.DagsterInstance.get()
            assert "postgres" in type(instance.run_storage).__name__.lower()
            runs = instance.get_runs()
            assert runs and all(instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.RUN_ENQUEUED)
                                .records for run in runs)  # every run went through the queue
            cursor = _drive_cursor(instance)
            assert services.stop() == set()  # each service stopped with its children

            services.start()
            known = {run.run_id for run in instance.get_runs()}
            make_xlsx(drive / "Effectifs publics 2022.xlsx", {"Publics": effectifs_rows()})

            def runs_for_files() -> list[dg.DagsterRun]:
                return [r for r in instance.get_runs() if r.run_id not in known and r.tags.get("mayenne/file")]

            _until("the new workbook's run", runs_for_files, 300)
            [new] = runs_for_files()
            assert new.tags["mayenne/file"] == "Effectifs publics 2022.xlsx"
            before, after = json.loads(cursor), json.loads(_drive_cursor(instance))
            assert set(before["requested"]) < set(after["requested"])  # carried on from where it stood
            _until("the new workbook's run ends", lambda: instance.get_run_by_id(new.run_id).is_finished, 600)
            assert instance.get_run_by_id(new.run_id).status == dg.DagsterRunStatus.SUCCESS
            assert [r.run_id for r in runs_for_files()] == [new.run_id]  # only the new workbook ran
        finally:
            assert services.stop() == set()
