"""The shared drive as the data officer sees it:

    <drive>/                 workbooks waiting to be processed (what the services drop)
    <drive>/_traites/        the workbooks the published data come from: the latest version of each file
    <drive>/_archives/       every processed version, named <date>_<sha256 prefix>_<file>: the exact bytes behind
                             each publication, kept for the auditors
    <drive>/_quarantaine/    files that cannot be used, each beside a report saying what to do

A lineage reads the processed workbooks of its families, each replaced by a waiting file of the same name.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from mayenne_assets.lib.workbook import READABLE_SUFFIXES, is_ignored_file

PROCESSED = "_traites"
ARCHIVES = "_archives"
QUARANTINE = "_quarantaine"


def _workbooks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not is_ignored_file(p))


def waiting_files(drive: Path) -> list[Path]:
    """Files dropped on the drive and not yet processed (lock and hidden files left aside)."""
    return _workbooks(drive)


def current_files(drive: Path) -> list[Path]:
    """The workbooks the lineages read: processed ones, each replaced by a waiting file of the same name."""
    by_name = {p.name: p for p in _workbooks(drive / PROCESSED)}
    by_name.update({p.name: p for p in waiting_files(drive)})
    return [by_name[name] for name in sorted(by_name) if by_name[name].suffix.lower() in READABLE_SUFFIXES]


def _today() -> str:
    return dt.date.today().isoformat()


def archive_name(path: Path, sha256: str) -> str:
    return f"{_today()}_{sha256[:12]}_{path.name}"


def is_archived(drive: Path, name: str, sha256: str) -> bool:
    return any(p.name.endswith(f"_{sha256[:12]}_{name}") for p in _workbooks(drive / ARCHIVES))


def mark_processed(drive: Path, path: Path, sha256: str) -> Path:
    """Keep the exact bytes in the archive, then make the file the processed version of its name."""
    archives = drive / ARCHIVES
    archives.mkdir(exist_ok=True)
    if not is_archived(drive, path.name, sha256):
        shutil.copy2(path, archives / archive_name(path, sha256))
    processed = drive / PROCESSED
    processed.mkdir(exist_ok=True)
    target = processed / path.name
    os.replace(path, target)
    return target


def quarantine(drive: Path, path: Path, report: str) -> Path:
    """Set a file aside with a report beside it; never delete it."""
    folder = drive / QUARANTINE
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = folder / f"{stamp}_{path.name}"
    os.replace(path, target)
    target.with_name(target.name + ".LISEZ-MOI.txt").write_text(report, encoding="utf-8")
    return target
