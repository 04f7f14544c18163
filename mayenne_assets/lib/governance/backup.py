"""What cannot be rebuilt, saved in one archive and restored from it.

The warehouse, the exports, charts and pages are rebuilt by running the pipeline again from the workbooks; these are
not: every published version with its journal and catalogue (and what was sent to OpenDataSoft), the exact bytes
of every workbook received (_archives/, with reception.json, which decides which workbook wins), the processed and
refused workbooks (_traites/, _quarantaine/), the officer's files (approvals, withdrawals, local collèges), the
failure log, and a local Dagster instance (run history, sensor cursors; its SQLite databases copied through
SQLite's own backup, consistent while Dagster writes). An instance on PostgreSQL is saved with pg_dump instead.

The archive is a .tar.gz with a manifest (each file's place and sha256); a restore refuses a target that already
holds something, so that nothing published is ever overwritten, and checks every file against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifeste.json"
DRIVE_FOLDERS = ("_archives", "_traites", "_quarantaine")


@dataclass(frozen=True)
class Place:
    """Where something that cannot be rebuilt lives, and its name in the archive."""

    name: str
    path: Path


def places(portal: Path, drive: Path, files: dict[str, Path], dagster_home: Path | None) -> list[Place]:
    """files: the officer's files and the failure log, by archive name (approvals, withdrawals, ...)."""
    found = [Place("portail", portal), *(Place(f"lecteur/{folder}", drive / folder) for folder in DRIVE_FOLDERS),
             *(Place(f"fichiers/{name}", path) for name, path in files.items())]
    return found + ([Place("instance_dagster", dagster_home)] if dagster_home else [])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> None:
    """A file, or a SQLite database through SQLite's backup (a consistent copy while it is written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix == ".db":
        with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
            origin.backup(copy)
        return
    shutil.copy2(source, target)


def _files(place: Place) -> list[tuple[Path, str]]:
    """(file, name in the archive) for every regular file of a place (a link is not followed)."""
    if place.path.is_file() and not place.path.is_symlink():
        return [(place.path, place.name)]
    if not place.path.is_dir():
        return []
    return [(path, f"{place.name}/{path.relative_to(place.path).as_posix()}")
            for path in sorted(place.path.rglob("*")) if path.is_file() and not path.is_symlink()]


def create(archive: Path, saved: list[Place]) -> dict:
    """Write the archive; returns its manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        staging = Path(scratch)
        entries = {}
        for place in saved:
            for source, name in _files(place):
                _copy(source, staging / name)
                entries[name] = _sha256(staging / name)
        manifest = {"created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "places": {p.name: str(p.path) for p in saved}, "files": entries}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            for path in sorted(staging.rglob("*")):
                tar.add(path, arcname=path.relative_to(staging).as_posix(), recursive=False)
    return manifest


class RestoreRefused(RuntimeError):
    """The archive does not match its manifest, or a target already holds something."""


def _occupied(place: Place) -> bool:
    if place.path.is_dir():
        return any(place.path.iterdir())
    return place.path.exists()


def restore(archive: Path, targets: list[Place]) -> dict:
    """Put every saved file back in its place among targets (matched by archive name); returns the manifest."""
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(scratch, filter="data")  # no path outside the folder, no link, no device
        staging = Path(scratch)
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        for name, digest in manifest["files"].items():
            if _sha256(staging / name) != digest:
                raise RestoreRefused(f"{archive}: {name} does not match the manifest; nothing was restored")
        by_name = {place.name: place for place in targets}
        unknown = sorted(set(manifest["places"]) - set(by_name))
        if unknown:
            raise RestoreRefused(f"{archive} holds {', '.join(unknown)}, which this configuration has no place for")
        occupied = [str(by_name[n].path) for n in manifest["places"] if n in by_name and _occupied(by_name[n])]
        if occupied:
            raise RestoreRefused(f"already holds something, nothing was restored: {', '.join(occupied)}")
        for name in manifest["files"]:
            place = next(by_name[p] for p in by_name if name == p or name.startswith(f"{p}/"))
            target = place.path if name == place.name else place.path / name[len(place.name) + 1:]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(staging / name, target)
    return manifest
