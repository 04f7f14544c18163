"""When each content of the drive was first seen, and what it feeds, kept with the archives:

    <drive>/_archives/reception.json    {sha256: {"received": ISO 8601 UTC, "file": name, "feed": feed}}

Two uses. Revised figures: when two current workbooks give a value for the same key, the one received last wins,
and "received" is when the drive sensor first saw that content (not the file's modification time, which a copy
or a restored backup can change). Reading less: a run skips, without parsing it, a workbook the sensor already
knows feeds another lineage. The drive sensor is the only writer; runs only read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from mayenne_assets.lib.drive.layout import ARCHIVES

LEDGER = "reception.json"


@dataclass(frozen=True)
class Reception:
    received: str  # ISO 8601, UTC
    file: str
    feed: str | None


def _ledger(drive: Path) -> Path:
    return drive / ARCHIVES / LEDGER


def receptions(drive: Path) -> dict[str, Reception]:
    """Every content the sensor has seen, by sha256; empty for a plain folder no sensor watches."""
    path = _ledger(drive)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {sha: Reception(**entry) for sha, entry in raw.items() if isinstance(entry, dict)}


def record_reception(drive: Path, sha256: str, file: str, feed: str | None, when: dt.datetime | None = None) -> None:
    """The first sight of a content; seeing it again later keeps the first date."""
    known = receptions(drive)
    if sha256 in known:
        return
    received = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    known[sha256] = Reception(received, file, feed)
    path = _ledger(drive)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{LEDGER}.partial")
    partial.write_text(json.dumps({sha: vars(r) for sha, r in known.items()}, ensure_ascii=False, indent=1),
                       encoding="utf-8")
    os.replace(partial, path)
