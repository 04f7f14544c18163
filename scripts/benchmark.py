"""What a full refresh costs: the sample drive, and a national drive (every collège of France, 1985-2021).

    make benchmark                     (.venv/bin/python scripts/benchmark.py [--only sample|national])

For each drive, from cold (a fresh process, an empty warehouse and portal), it prints:
- the wall time of the headless materialisation of every asset, and the start-up before it (imports, definitions);
- the peak memory of the run's whole process tree (its workers too), sampled from /proc;
- the time per stage, summed over the datasets: read, resolve, stage (SQL), validate, export, publish locally, and
  the reference tables, the projection model, the charts and map, the orchestration around them;
- the floor: only reading the same workbooks' cells with calamine, the fastest reader; and the run's ratio to it;
- the rows published per second;
- the targets, met or missed; when one is missed, the top functions of a profiled run: where the time goes.

The national drive is generated once into data/benchmark/ (git-ignored) by the sample generator.

`--only tick` times the shared-drive sensor's tick that recognises one big workbook (4.9 million cells, the most a
sheet may hold, generated once into data/benchmark/), idle and with both cores kept busy: Dagster allows a sensor
evaluation 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NATIONAL_DRIVE = PROJECT_ROOT / "data" / "benchmark" / "national_drive"
GIB = 1024**3
CASES = {  # name → (drive, territory: code, SIREN and contact of its publisher, targets)
    "sample": (PROJECT_ROOT / "data" / "sample_drive", {"code": "53"}, {"wall_seconds": 5.0}),
    "national": (NATIONAL_DRIVE, {"code": "FR", "siren": "225300011", "contact": "opendata@lamayenne.fr"},
                 {"wall_seconds": 25.0, "peak_bytes": 1.5 * GIB, "stage_seconds": 3.0}),
}
STAGES = {  # a step's name → its stage
    "raw_": "read", "stg_": "stage", "export_": "export", "portal_": "publish locally", "ref_": "reference",
    "projection_model": "model", "graphiques": "charts and map", "carte_colleges": "charts and map",
    "rapport": "charts and map",
}


# ---- in the child process ------------------------------------------------------------------------------------

def _materialise(drive: Path, case: str) -> dict:
    started = time.perf_counter()
    import dagster as dg

    from mayenne_assets.definitions import build_definitions, resources_for
    from mayenne_assets.lib.common.territory import territory
    from mayenne_assets.settings import Settings

    root = Path(tempfile.mkdtemp(prefix="benchmark-"))
    (root / "drive").mkdir()
    for path in drive.iterdir():  # a copy: the drive sensor's folders are not touched
        (root / "drive" / path.name).write_bytes(path.read_bytes())
    settings = Settings(root / "drive", root / "warehouse.duckdb", root / "portal", root / "exports",
                        PROJECT_ROOT / "data" / "dpo_approvals.toml", None, None, root / "failures.jsonl",
                        settle_seconds=0, territory=territory(**CASES[case][1]))
    defs = build_definitions(settings)
    startup = time.perf_counter() - started
    started = time.perf_counter()
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings),
                            raise_on_error=False, instance=instance)
    wall = time.perf_counter() - started
    seconds = {s.step_key: s.end_time - s.start_time for s in instance.get_run_step_stats(result.run_id)
               if s.start_time and s.end_time}
    shutil.rmtree(root)
    return {"wall": wall, "startup": startup, "success": result.success, **_stages(result, seconds, wall)}


def _stages(result, seconds: dict[str, float], wall: float) -> dict:
    stages: dict[str, float] = {}
    rows = 0
    for step, spent in seconds.items():
        stage = next((name for prefix, name in STAGES.items() if step.startswith(prefix)), "checks and registers")
        metadata = {k: v.value for m in result.asset_materializations_for_node(step) for k, v in m.metadata.items()}
        inner = {"resolve": metadata.get("resolve_seconds", 0.0), "validate": metadata.get("validate_seconds", 0.0)}
        for name, part in inner.items():
            stages[name] = stages.get(name, 0.0) + part
        stages[stage] = stages.get(stage, 0.0) + spent - sum(inner.values())
        if step.startswith("portal_") and metadata.get("published"):
            rows += int(metadata.get("records", 0))
    stages["orchestration (between steps)"] = wall - sum(seconds.values())
    return {"stages": stages, "rows": rows}


def _floor(drive: Path, _case: str) -> dict:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cells = 0
    for path in sorted(drive.iterdir()):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            cells += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
    return {"floor": time.perf_counter() - started, "cells": cells}


def _profile(drive: Path, case: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(_materialise, drive, case)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


# ---- in the benchmark's own process ----------------------------------------------------------------------------

def _tree_rss(root: int) -> int:
    """The resident memory of a process and every process below it, from /proc (Linux)."""
    from mayenne_assets.lib.common.processes import process_tree

    total = 0
    for pid in process_tree(root):
        try:
            total += int(next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                              if line.startswith("VmRSS:")).split()[1]) * 1024
        except (OSError, StopIteration):
            continue
    return total


def _child(what: str, drive: Path, case: str) -> tuple[dict | None, int]:
    """Runs this script as a child; returns what it printed (JSON) and the peak memory of its process tree."""
    process = subprocess.Popen([sys.executable, __file__, "--child", what, "--drive", str(drive), "--case", case],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, errors = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"the {what} child failed:\n{errors[-3000:]}")
    if what == "profile":
        print(output)
        return None, peak[0]
    return json.loads(output.strip().splitlines()[-1]), peak[0]


def _national_drive() -> Path:
    if not NATIONAL_DRIVE.is_dir():
        print(f"generating the national drive into {NATIONAL_DRIVE} …", flush=True)
        subprocess.run([sys.executable, "-m", "mayenne_assets.sample.generate", str(NATIONAL_DRIVE),
                        "--departement", "FR"], check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL)
    return NATIONAL_DRIVE


def _verdicts(run: dict, peak: int, targets: dict) -> list[tuple[str, bool]]:
    verdicts = []
    if "wall_seconds" in targets:
        verdicts.append((f"headless run under {targets['wall_seconds']:.0f} s after start-up",
                         run["wall"] < targets["wall_seconds"]))
    if "peak_bytes" in targets:
        verdicts.append((f"peak memory under {targets['peak_bytes'] / GIB:.1f} GiB", peak < targets["peak_bytes"]))
    if "stage_seconds" in targets:
        for stage, seconds in sorted(run["stages"].items()):
            verdicts.append((f"{stage} within {targets['stage_seconds']:.0f} s ({seconds:.1f} s)",
                             seconds <= targets["stage_seconds"]))
    return verdicts


def _report(name: str, drive: Path, run: dict, peak: int, floor: dict, targets: dict) -> bool:
    files = len(list(drive.iterdir()))
    print(f"\n== {name} drive: {drive} ({files} workbooks, {floor['cells']:,} cells)")
    print(f"  full headless run, from cold: {run['wall']:.1f} s (after {run['startup']:.1f} s of start-up), "
          f"success={run['success']}")
    print(f"  peak memory of the run's process tree: {peak / 1024**2:,.0f} MB")
    print("  time per stage (summed over the datasets):")
    for stage, seconds in sorted(run["stages"].items(), key=lambda item: -item[1]):
        print(f"    {stage:<32} {seconds:7.2f} s")
    print(f"  floor (calamine reads every cell, nothing else): {floor['floor'] * 1000:,.0f} ms; "
          f"run / floor = {run['wall'] / floor['floor']:.0f}×")
    print(f"  rows published: {run['rows']:,}, {run['rows'] / run['wall']:,.0f} rows per second")
    verdicts = _verdicts(run, peak, targets)
    for what, met in verdicts:
        print(f"  target {what}: {'met' if met else 'MISSED'}")
    return all(met for _, met in verdicts)


BIG_WORKBOOK = PROJECT_ROOT / "data" / "benchmark" / "big_workbook" / "Effectifs publics.xlsx"


def _big_workbook(rows: int = 122_000, years: int = 38) -> Path:
    """Enrolments of 122,000 collèges over 38 years: 4.9 million cells, about 19 MB."""
    if not BIG_WORKBOOK.is_file():
        import openpyxl

        BIG_WORKBOOK.parent.mkdir(parents=True, exist_ok=True)
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Publics")
        sheet.append(["Effectifs des collèges publics"])
        sheet.append(["Commune", "Collège", *[str(year) for year in range(1985, 1985 + years)]])
        for row in range(rows):
            sheet.append([f"Commune {row % 300}", f"Collège {row}", *[(row * 7 + c) % 900 for c in range(years)]])
        workbook.save(BIG_WORKBOOK)
    return BIG_WORKBOOK


def _tick_seconds(workbook: Path) -> float:
    """The tick that recognises the workbook (the one before only sees it arrive)."""
    import dagster as dg

    from mayenne_assets.definitions import build_definitions
    from mayenne_assets.resources import FailureNotifier, SharedDrive
    from mayenne_assets.settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy2(workbook, root / workbook.name)
        settings = Settings(root, root / "w.duckdb", root / "portal", root / "exports", root / "approvals.toml",
                            None, None, root / "failures.jsonl", settle_seconds=0)
        sensor = build_definitions(settings).resolve_sensor_def("shared_drive_sensor")
        resources = {"shared_drive": SharedDrive(path=str(root), settle_seconds=0),
                     "failure_notifier": FailureNotifier(log_file=str(root / "failures.jsonl"))}
        cursor = None
        for _ in range(2):
            context = dg.build_sensor_context(cursor=cursor, resources=resources)
            start = time.perf_counter()
            result = sensor(context)
            cursor = context.cursor
        assert result.run_requests, "the big workbook was not recognised"
        return time.perf_counter() - start


def _report_tick() -> None:
    workbook = _big_workbook()
    print(f"sensor tick: {workbook.name}, {workbook.stat().st_size / 1024**2:.0f} MB, 4.9 million cells")
    print(f"  idle: {_tick_seconds(workbook):.1f} s")
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(os.cpu_count() or 2)]
    try:
        print(f"  with every core busy: {_tick_seconds(workbook):.1f} s (Dagster's limit: 60 s)")
    finally:
        for burner in burners:
            burner.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=[*sorted(CASES), "tick"])
    parser.add_argument("--child", choices=["run", "floor", "profile"], help=argparse.SUPPRESS)
    parser.add_argument("--drive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--case", choices=sorted(CASES), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        if arguments.child == "profile":
            _profile(arguments.drive, arguments.case)
        else:
            print(json.dumps({"run": _materialise, "floor": _floor}[arguments.child](arguments.drive, arguments.case)))
        return
    if arguments.only in (None, "tick"):
        _report_tick()
    if arguments.only == "tick":
        return
    for name in [arguments.only] if arguments.only else list(CASES):
        drive, _, targets = CASES[name]
        drive = _national_drive() if name == "national" else drive
        run, peak = _child("run", drive, name)
        floor, _ = _child("floor", drive, name)
        if not _report(name, drive, run, peak, floor, targets):
            print(f"  where the time goes (a profiled run of the {name} drive, top functions by own time):")
            _child("profile", drive, name)


if __name__ == "__main__":
    main()
