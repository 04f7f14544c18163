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
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

from mayenne_assets.lib.drive.snapshot import READABLE_SUFFIXES, Snapshot, is_ignored_file, is_regular_file

PROCESSED = "_traites"
ARCHIVES = "_archives"
QUARANTINE = "_quarantaine"
REPORT_SUFFIX = ".LISEZ-MOI.txt"
MAX_NAME_BYTES = 255 - len(REPORT_SUFFIX.encode())  # the report beside a file must fit too


RESERVED_NAMES = (PROCESSED, ARCHIVES, QUARANTINE)


def _workbooks(folder: Path, drive: Path | None = None) -> list[Path]:
    """The regular files of a folder of the drive: never a link, a FIFO or a device, nothing whose real path
    leaves the drive (a folder of the drive may itself have become a link elsewhere)."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    inside = os.path.realpath(drive or folder.parent) + os.sep
    return sorted(p for p in folder.iterdir() if not is_ignored_file(p) and is_regular_file(p)
                  and os.path.realpath(p).startswith(inside))


def irregular_entries(drive: Path) -> dict[str, str]:
    """What stands on the drive and is not a file it may read: name → what it is (never opened, only named)."""
    found = {}
    for path in sorted(drive.iterdir()) if drive.is_dir() else []:
        if is_ignored_file(path) or is_regular_file(path) or (path.is_dir() and not path.is_symlink()):
            continue
        found[path.name] = _kind(path)
    return found


def _kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        return f"un raccourci (lien symbolique) vers {os.readlink(path)}"
    if stat.S_ISFIFO(mode):
        return "un tube nommé (FIFO)"
    if stat.S_ISBLK(mode) or stat.S_ISCHR(mode):
        return "un périphérique"
    return "une socket" if stat.S_ISSOCK(mode) else "pas un fichier ordinaire"


def waiting_files(drive: Path) -> list[Path]:
    """Files dropped on the drive and not yet processed (lock and hidden files left aside)."""
    return _workbooks(drive, drive)


def current_files(drive: Path) -> list[Path]:
    """The workbooks the lineages read: processed ones, each replaced by a waiting file of the same name."""
    by_name = {p.name: p for p in _workbooks(drive / PROCESSED, drive)}
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
    return any(p.name.split("_", 2)[1:2] == [sha256[:12]] for p in _workbooks(drive / ARCHIVES, drive))


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


def prepare_drive(drive: Path) -> list[tuple[str, Path]]:
    """The drive's own folders, created when missing. Whatever else holds one of their names (a file, a link) is
    renamed out of the way, never opened, and moved into quarantine; returns (name, where it now is) for each,
    for the caller to write its report."""
    drive.mkdir(parents=True, exist_ok=True)
    hidden = []
    for name in RESERVED_NAMES:
        path = drive / name
        if path.is_dir() and not path.is_symlink():
            continue
        if os.path.lexists(path):
            hidden.append((name, drive / f".{name}.{uuid.uuid4().hex}.reserved"))  # hidden: no tick looks at it
            os.rename(path, hidden[-1][1])
        path.mkdir()
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    moved = []
    for name, path in hidden:
        target = drive / QUARANTINE / f"{stamp}_{uuid.uuid4().hex[:8]}_{name}"
        os.rename(path, target)
        moved.append((name, target))
    return moved


def describe_entry(path: Path) -> str:
    """What a thing of the drive is, from its directory entry alone (it is never opened)."""
    return "un fichier" if is_regular_file(path) else _kind(path)
