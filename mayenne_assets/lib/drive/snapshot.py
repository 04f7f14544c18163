"""A file of the drive as read once: its bytes, their sha256 and the file's modification time.

What is parsed, hashed and archived is the same snapshot, so a file rewritten while it is read cannot make the
published values and the archived bytes disagree. A file that is not a workbook, empty or too large is refused
here, before any parser sees it. Only regular files are read: a symbolic link, a FIFO or a device is never opened.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB


class UnreadableWorkbook(ValueError):
    """The file cannot be opened as a workbook; the message says why in plain words."""


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a file as read once, with their sha256 and the file's modification time."""

    path: Path
    data: bytes
    sha256: str
    modified: dt.datetime

    @property
    def name(self) -> str:
        return self.path.name


def is_ignored_file(path: Path) -> bool:
    """Office lock files (~$...) and hidden files are not workbooks."""
    return path.name.startswith(("~$", "."))


def is_regular_file(path: Path) -> bool:
    """A file itself: not a symbolic link (to anywhere), a folder, a FIFO, a device or a socket."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading without following a link and without waiting on a FIFO, then checked to be a
    regular file: what was listed as a file cannot be swapped for a link to elsewhere between listing and reading."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableWorkbook(f"{path.name} : un lien symbolique, pas un fichier ; il n'a pas été lu") from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise UnreadableWorkbook(f"{path.name} : pas un fichier ordinaire (un tube, un périphérique ou une socket) ; "
                                 "il n'a pas été lu")
    return os.fdopen(descriptor, "rb")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def take_snapshot(path: Path) -> Snapshot:
    """The file's bytes, refused before reading when it is not a workbook, empty or too large."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise UnreadableWorkbook(
            f"{path.name} : un fichier {suffix or 'sans extension'} n'est pas un classeur ; "
            f"attendu : l'un de {', '.join(sorted(READABLE_SUFFIXES))}"
        )
    with open_regular(path) as handle:
        status = os.fstat(handle.fileno())
        modified = dt.datetime.fromtimestamp(status.st_mtime, dt.UTC)
        data = handle.read(MAX_FILE_BYTES + 1)
        size = max(len(data), status.st_size)
    if size == 0:
        raise UnreadableWorkbook(f"{path.name} : le fichier est vide (0 octet)")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{path.name} : le fichier fait {size / MB:.0f} Mo, au-delà de la limite de {MAX_FILE_BYTES / MB:.0f} Mo ; "
            "il n'a pas été lu"
        )
    return Snapshot(path, data, hashlib.sha256(data).hexdigest(), modified)
