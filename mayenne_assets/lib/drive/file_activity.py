"""Is somebody still writing this file? A file is judged only once it has settled: not modified for a delay,
not held open by a process of this machine, and not open in Office (which leaves a ~$ owner file beside it).

A copy that pauses longer than the sensor's interval looks finished from its size and date alone; these signs
keep it waiting instead of quarantining it as damaged half-way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC = Path("/proc")


SETTLE_SECONDS = 60.0  # the default: a file modified more recently than this is not judged yet (a copy may pause)
MAX_NAME_BYTES = 255  # a name longer than this cannot exist: no Office could have written such an owner file


def office_owner_files(path: Path) -> list[Path]:
    """Excel and LibreOffice name their owner file ~$<name>, or ~$ and the name without its first two letters,
    or .~lock.<name>#; those a file system cannot hold (the name being near its limit) are not looked for."""
    names = [f"~${path.name}", f"~${path.name[2:]}", f".~lock.{path.name}#"]
    return [path.with_name(name) for name in names if len(os.fsencode(name)) <= MAX_NAME_BYTES]


def open_by_a_process(path: Path) -> bool:
    """True when a process of this machine holds the file open (Linux /proc; False where it cannot be known)."""
    target = os.path.realpath(path)
    for descriptors in PROC.glob("[0-9]*/fd"):
        try:
            if any(os.readlink(descriptor) == target for descriptor in descriptors.iterdir()):
                return True
        except OSError:  # a process that ended meanwhile, or one we may not look into
            continue
    return False


def still_being_written(path: Path, mtime_ns: int, settle_seconds: float) -> str | None:
    """Why the file must wait, or None when it has settled."""
    if time.time() - mtime_ns / 1e9 < settle_seconds:
        return f"modifié il y a moins de {settle_seconds:.0f} s"
    if any(owner.exists() for owner in office_owner_files(path)):
        return "ouvert dans Office"
    if open_by_a_process(path):
        return "encore ouvert par un programme"
    return None
