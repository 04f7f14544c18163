"""`make dev` started the way a script or a service manager starts it (SIGINT ignored, inherited across exec)
still stops on SIGTERM, the webserver, the daemon and the code servers with it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from mayenne_assets.lib.common.processes import process_tree
from mayenne_assets.settings import PROJECT_ROOT
from mayenne_assets_tests.support.processes import alive, free_port


def test_dagster_dev_started_with_sigint_ignored_stops_on_sigterm_with_its_children(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy2(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    environment = {**os.environ, "DAGSTER_HOME": str(home), "MAYENNE_SHARED_DRIVE": str(tmp_path / "drive"),
                   "MAYENNE_PORTAL_DIR": str(tmp_path / "portal"), "MAYENNE_WAREHOUSE": str(tmp_path / "w.duckdb"),
                   "MAYENNE_EXPORTS_DIR": str(tmp_path / "exports")}
    dagster = str(Path(sys.executable).with_name("dagster"))
    service = subprocess.Popen(
        [sys.executable, "-m", "mayenne_assets.service", dagster, "dev", "-w", "workspace.yaml",
         "-h", "127.0.0.1", "-p", str(port)], cwd=PROJECT_ROOT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))  # as a background job of a script
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
                break
            except OSError:
                assert service.poll() is None and time.monotonic() < deadline, "dagster dev did not start"
                time.sleep(1)
        time.sleep(3)  # the daemon and the code server are up beside the webserver
        processes = process_tree(service.pid)
        assert len(processes) >= 4  # dagster dev, webserver, daemon, code server (and its gRPC server)
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=60)
        deadline = time.monotonic() + 30
        while alive(processes) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert alive(processes) == set()
    finally:
        for pid in alive(process_tree(service.pid)) | ({service.pid} if service.poll() is None else set()):
            os.kill(pid, signal.SIGKILL)
