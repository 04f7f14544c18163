"""Figures for the README and the issues: how long reading the sample workbooks takes with calamine (what the
pipeline uses) and with openpyxl, and how long and how much memory materialising every dataset takes.

    .venv/bin/python scripts/benchmark.py
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path

import dagster as dg
import openpyxl

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.read import raw_tables, workbook
from mayenne_assets.settings import PROJECT_ROOT, SAMPLE_DRIVE, Settings

REPEAT = 5


def _best_of(function, path: Path) -> float:
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function(path)
        timings.append(time.perf_counter() - start)
    return min(timings)


def _guarded_read(path: Path) -> None:
    """What the pipeline does for a file it has not parsed yet: snapshot, then scan and calamine in a child."""
    workbook._PARSED.clear()
    workbook.read_sheets(path)


def reading() -> None:
    print(f"reading each sample workbook, best of {REPEAT} (ms):")
    print(f"  {'workbook':<62} {'guarded':>9} {'openpyxl':>9}")
    for path in sorted(SAMPLE_DRIVE.iterdir()):
        fast = _best_of(_guarded_read, path)
        slow = _best_of(lambda p: openpyxl.load_workbook(p, data_only=True), path)
        print(f"  {path.name:<62} {fast * 1000:>9.1f} {slow * 1000:>9.1f}")


def _counting(module, name: str, counts: dict[str, int]) -> None:
    original = getattr(module, name)

    def counted(*args, **kwargs):
        counts[name] = counts.get(name, 0) + 1
        return original(*args, **kwargs)

    setattr(module, name, counted)


def whole_pipeline() -> None:
    counts: dict[str, int] = {}
    _counting(raw_tables, "classify_sheets", counts)  # a sheet's header and family found
    _counting(workbook, "_parse_in_child", counts)  # a spreadsheet parsed (child process)
    workbook._PARSED.clear()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(SAMPLE_DRIVE, root / "drive")
        settings = Settings(root / "drive", root / "w.duckdb", root / "portal", root / "exports",
                            PROJECT_ROOT / "data" / "dpo_approvals.toml", None, None, root / "failures.jsonl")
        defs = build_definitions(settings)
        start = time.perf_counter()
        result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings))
        elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workbooks = len(list(SAMPLE_DRIVE.iterdir()))
    print(f"every dataset from the sample drive, in one process: {elapsed:.1f} s, success={result.success}, "
          f"peak memory of the process {peak:.0f} MB; {workbooks} workbooks parsed "
          f"{counts.get('_parse_in_child', 0)} times and classified {counts.get('classify_sheets', 0)} times")


if __name__ == "__main__":
    reading()
    whole_pipeline()
