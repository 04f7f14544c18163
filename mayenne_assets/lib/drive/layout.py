"""The shared drive as the data officer sees it:

    <drive>/                 workbooks waiting to be processed (what the services drop)
    <drive>/_traites/        the workbooks the published data come from: the latest version of each file
    <drive>/_archives/       every version a run read, named <date>_<sha256 prefix>_<file>: the exact bytes
                             behind each publication, kept for the auditors
    <drive>/_quarantaine/    files that cannot be used, each beside a report saying what to do

A lineage reads the processed workbooks of its families, each replaced by a waiting file of the same name.
Names of any length and characters are kept readable: a name that would not fit once prefixed is shortened,
with the sha256 prefix that keeps it unique.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from mayenne_assets.lib.drive.snapshot import READABLE_SUFFIXES, Snapshot, is_ignored_file

PROCESSED = "_traites"
ARCHIVES = "_archives"
QUARANTINE = "_quarantaine"
REPORT_SUFFIX = ".LISEZ-MOI.txt"
MAX_NAME_BYTES = 255 - len(REPORT_SUFFIX.encode())  # the report beside a file must fit too


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


def _name_bytes(name: str) -> int:
    return len(os.fsencode(name))


def prefixed_name(prefix: str, name: str, sha256: str) -> str:
    """`<prefix>_<name>`, its stem shortened (the sha256 prefix keeping it unique) when it would not fit."""
    full = f"{prefix}_{name}"
    if _name_bytes(full) <= MAX_NAME_BYTES:
        return full
    stem, suffix = os.path.splitext(name)
    suffix = suffix if _name_bytes(suffix) <= 16 else ""
    room = MAX_NAME_BYTES - _name_bytes(f"{prefix}_~{sha256[:12]}{suffix}")
    while _name_bytes(stem) > room:
        stem = stem[:-1]
    return f"{prefix}_{stem}~{sha256[:12]}{suffix}"


def archive_name(path: Path, sha256: str) -> str:
    return prefixed_name(f"{_today()}_{sha256[:12]}", path.name, sha256)


def is_archived(drive: Path, sha256: str) -> bool:
    """Archives are named <date>_<sha256 prefix>_…: the same bytes are archived once, whatever their name."""
    return any(p.name.split("_", 2)[1:2] == [sha256[:12]] for p in _workbooks(drive / ARCHIVES))


def _archive(drive: Path, path: Path, sha256: str, fill: Callable[[Path], object]) -> None:
    """Archive these bytes once, written under a hidden temporary name first: an archive is never partial."""
    if is_archived(drive, sha256):
        return
    archives = drive / ARCHIVES
    archives.mkdir(exist_ok=True)
    partial = archives / f".{sha256}.partial"
    fill(partial)
    os.replace(partial, archives / archive_name(path, sha256))


def archive_snapshot(drive: Path, snapshot: Snapshot) -> None:
    """Keep the exact bytes a run read."""
    _archive(drive, snapshot.path, snapshot.sha256, lambda partial: partial.write_bytes(snapshot.data))


def mark_processed(drive: Path, path: Path, sha256: str) -> Path:
    """Keep the exact bytes in the archive, then make the file the processed version of its name."""
    _archive(drive, path, sha256, lambda partial: shutil.copy2(path, partial))
    processed = drive / PROCESSED
    processed.mkdir(exist_ok=True)
    target = processed / path.name
    os.replace(path, target)
    return target


def quarantine(drive: Path, path: Path, sha256: str, report: str) -> Path:
    """Set a file aside with a report beside it; never delete it, never overwrite another one."""
    folder = drive / QUARANTINE
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    target = folder / prefixed_name(stamp, path.name, sha256)
    if target.exists():
        target = folder / prefixed_name(f"{stamp}_{sha256[:12]}", path.name, sha256)
    os.replace(path, target)
    report_path(target).write_text(report, encoding="utf-8")
    return target


def report_path(quarantined: Path) -> Path:
    return quarantined.with_name(quarantined.name + REPORT_SUFFIX)
