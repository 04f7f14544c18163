"""What the data engineer sees in the Dagster UI after a refused workbook, as screenshots (headless Chromium):

    python scripts/ui_screenshots.py [folder]        (default data/screenshots/)

On a temporary instance and copy of the sample drive: every asset materialised once, then an enrolment workbook
whose year is in the future dropped and its lineage run (refused by the export's schema). The web server is
started on that instance and the asset pages of the refused lineage, and the run, are photographed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

PAGES = {  # screenshot → the UI's path
    "ui_portail_apres_refus": "/assets/portal_effectifs",
    "ui_portail_evenements": "/assets/portal_effectifs?view=events",
    "ui_export_refuse": "/assets/export_effectifs",
    "ui_lignee_effectifs": "/asset-groups/effectifs/lineage",
    "ui_export_colonnes": "/assets/export_annuaire?view=definition",
}


def _refused_run(root: Path) -> None:
    import dagster as dg

    from mayenne_assets.definitions import build_definitions, resources_for
    from mayenne_assets_tests.support.lineage import materialize_group
    from mayenne_assets_tests.support.settings import make_settings
    from mayenne_assets_tests.support.workbooks import make_xlsx

    settings = make_settings(root, with_sample=True)
    instance = dg.DagsterInstance.get()
    defs = build_definitions(settings)
    dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings), instance=instance)
    make_xlsx(settings.shared_drive / "Effectifs collèges publics 2035.xlsx",
              {"Publics": [["Commune", "Collège", 2035], ["Laval", "Alain Gerbault", 777]]})
    materialize_group(settings, "effectifs", raise_on_error=False, instance=instance)


def _with_settings(root: Path, home: Path) -> list[str]:
    """A command prefix that runs a child with the settings of this instance and folders (added by `env` to what
    the child inherits: this script reads no environment)."""
    return ["env", f"DAGSTER_HOME={home}", f"MAYENNE_SHARED_DRIVE={root / 'drive'}",
            f"MAYENNE_WAREHOUSE={root / 'warehouse' / 'test.duckdb'}", f"MAYENNE_PORTAL_DIR={root / 'portal'}",
            f"MAYENNE_EXPORTS_DIR={root / 'exports'}", "MAYENNE_SETTLE_SECONDS=0"]


def _wait_for(url: str, seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            time.sleep(1)
    raise SystemExit(f"the web server did not answer at {url}")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "data" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is needed for the screenshots")
    with tempfile.TemporaryDirectory() as scratch:
        root, home = Path(scratch) / "run", Path(scratch) / "home"
        home.mkdir()
        shutil.copy2(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
        settings = _with_settings(root, home)
        subprocess.run([*settings, sys.executable, __file__, "--run", str(root)], check=True, cwd=PROJECT_ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        from mayenne_assets_tests.support.processes import free_port

        port = free_port()
        server = subprocess.Popen([*settings, sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p",
                                   str(port), "-m", "mayenne_assets.definitions"], cwd=PROJECT_ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(f"http://127.0.0.1:{port}/server_info")
            import requests

            # the community invitation a first visit shows would hide the page: said seen, as a click would
            requests.post(f"http://127.0.0.1:{port}/graphql", json={"query": "mutation { setNuxSeen }"}, timeout=30)
            for name, path in PAGES.items():
                shot = folder / f"{name}.png"
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--user-data-dir={Path(scratch) / name}", "--virtual-time-budget=20000",
                                "--window-size=1600,1000", f"--screenshot={shot}",
                                f"http://127.0.0.1:{port}{path}"], check=True, capture_output=True, timeout=180)
                print(shot)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--run":
        _refused_run(Path(sys.argv[2]))
    else:
        main()
