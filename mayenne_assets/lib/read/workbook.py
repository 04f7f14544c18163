"""Opening a workbook from the shared drive as plain grids of cell values, one per sheet.

Every file on the drive is untrusted: any size, half-written, crafted. So the bytes are read once (a snapshot:
what is parsed, hashed and archived is the same), spreadsheets are parsed in a child process with memory and time
limits (spreadsheet_parse.py: a stray cell that makes a native reader abort kills the child, never the sensor or
the run), and a .csv is read here with its separator found by the shape of its rows, quotes respected.
Merged cells carry their value to every cell they cover, so a group label merged down ten rows names each row.
"""

from __future__ import annotations

import csv
import io
import pickle
import subprocess
import sys
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from mayenne_assets.lib.drive.snapshot import Snapshot, UnreadableWorkbook, take_snapshot

MAX_CSV_ROWS = 500_000
READ_TIMEOUT_SECONDS = 120
READER_MEMORY_BYTES = 3 * 1024**3  # the child's address space: far above any real workbook's needs
CSV_SEPARATORS = (";", ",", "\t")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[i][j] is the cell of Excel row i + 1, column j + 1
    read_as: str = ""  # how the file was read when that can explain a refusal ("CSV separated by « ; »")
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (top, left, bottom, right), 0-based, as filled
    lines: tuple[int, ...] = ()  # for a CSV, the line of the file each row starts on (a quoted value may span)

    def anchor(self, row: int, column: int) -> tuple[int, int]:
        """Where a value really lives: the top-left cell of the merged range that covers (row, column), if any."""
        return self._anchors.get((row, column), (row, column)) if self.merged else (row, column)

    @cached_property
    def _anchors(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Every merged cell of the grid and its range's top-left cell (a range is clipped to the grid, whose
        cells the reader has already filled)."""
        anchors = {}
        for top, left, bottom, right in reversed(self.merged):  # the first range listed wins, as before
            for row in range(top, min(bottom, len(self.rows) - 1) + 1):
                for column in range(left, min(right, len(self.rows[row]) - 1) + 1):
                    anchors[(row, column)] = (top, left)
        return anchors


class ReaderStopped(UnreadableWorkbook):
    """The reading child ended without an answer: it reached its memory limit, or it was killed."""


class ReaderTooSlow(ReaderStopped):
    """The reading child was still reading when its time ran out."""


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file as a grid, merged cells filled. Raises UnreadableWorkbook."""
    return snapshot_sheets(take_snapshot(path))


HEAD_TIMEOUT_SECONDS = 10  # reading a workbook's heads: 5 million cells take about 2.5 s on one core


def read_sheet_heads(path: Path, rows: int) -> list[Sheet]:
    """The first rows of every sheet: enough to recognise a workbook, in a time that does not grow with every
    cell of a big one (no scan of each cell). A reader that stops on its memory limit (a stray value far away)
    is asked again with the scan, whose refusal names the cell at fault. Raises UnreadableWorkbook, and
    ReaderTooSlow when the time ran out (the machine may be busy: the caller may try again later)."""
    snapshot = take_snapshot(path)
    suffix = snapshot.path.suffix.lower()
    if suffix == ".csv":
        return [read_csv(snapshot.path.stem, snapshot.data, max_rows=rows)]
    try:
        return _parse_in_child(snapshot.name, suffix, snapshot.data, head_rows=rows, timeout=HEAD_TIMEOUT_SECONDS)
    except ReaderTooSlow:
        raise
    except ReaderStopped:
        return _parse_in_child(snapshot.name, suffix, snapshot.data, timeout=HEAD_TIMEOUT_SECONDS)


_PARSED: OrderedDict[tuple[str, str], list[Sheet]] = OrderedDict()  # the same bytes are parsed once per process
_PARSED_KEPT = 32


def snapshot_sheets(snapshot: Snapshot) -> list[Sheet]:
    suffix = snapshot.path.suffix.lower()
    if suffix == ".csv":
        return [read_csv(snapshot.path.stem, snapshot.data)]
    key = (snapshot.sha256, suffix)
    if key not in _PARSED:
        _PARSED[key] = _parse_in_child(snapshot.name, suffix, snapshot.data)
        if len(_PARSED) > _PARSED_KEPT:
            _PARSED.popitem(last=False)
    return _PARSED[key]


def _parse_in_child(name: str, suffix: str, data: bytes, memory_bytes: int = READER_MEMORY_BYTES,
                    head_rows: int | None = None, timeout: float = READ_TIMEOUT_SECONDS) -> list[Sheet]:
    """Parse in a child process whose memory and time are limited: whatever the file, this process survives."""
    command = [sys.executable, "-m", "mayenne_assets.lib.read.spreadsheet_parse", suffix, str(memory_bytes)]
    command += [str(head_rows)] if head_rows is not None else []
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ReaderTooSlow(
            f"{name} : la lecture du classeur a pris plus de {timeout:g} s et a été arrêtée ; un onglet contient "
            "sans doute des cellules égarées loin sous son tableau ou à sa droite : supprimez-les et enregistrez "
            "de nouveau"
        ) from None
    if done.returncode != 0 or not done.stdout:
        raise ReaderStopped(
            f"{name} : le classeur n'a pas pu être ouvert dans la limite de mémoire du lecteur (arrêté avec le "
            f"code {done.returncode}) ; un onglet contient sans doute une valeur égarée loin sous son tableau ou à "
            "sa droite : supprimez les cellules au-delà du tableau, ou enregistrez de nouveau le classeur en .xlsx"
        )
    status, payload = pickle.loads(done.stdout)
    if status == "refused":
        raise UnreadableWorkbook(f"{name} : {payload}")
    return payload


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def csv_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without its BOM) or Windows-1252, as the contract says; UTF-16 is refused by its name."""
    if data.startswith(UTF16_MARKS) or b"\0" in data[:4096]:
        raise UnreadableWorkbook(
            f"{name}.csv : le fichier est encodé en UTF-16 (« Texte Unicode »), que le contrat n'accepte pas ; "
            "enregistrez-le de nouveau en « CSV UTF-8 (délimité par des virgules) » ou en « CSV (séparateur : "
            "point-virgule) »")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (séparateur : point-virgule)" on Windows


def read_csv(name: str, data: bytes, max_rows: int | None = None) -> Sheet:
    """The CSV's rows (the first max_rows only, when given), each with the line it starts on."""
    text = csv_text(name, data)
    separator = csv_separator(text)
    rows, lines = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    ended = 0  # the line the previous row ended on
    for row in reader:
        rows.append(list(row))
        lines.append(ended + 1)
        ended = reader.line_num
        if len(rows) == max_rows:
            break
        if len(rows) > MAX_CSV_ROWS:
            raise UnreadableWorkbook(f"le CSV a plus de {MAX_CSV_ROWS} lignes ; il n'a pas été lu")
    return Sheet(name, rows, read_as=f"lu comme un CSV séparé par « {separator} »", lines=tuple(lines))


def csv_separator(text: str, lines: int = 50) -> str:
    """The separator that gives the first lines the most regular shape, quoted cells kept whole: a "," file
    whose quoted cells hold ";" (the contract's own list separator) is still a "," file."""

    def regularity(separator: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        widths = [len(row) for _, row in zip(range(lines), reader, strict=False) if any(c.strip() for c in row)]
        widths = [w for w in widths if w > 1]
        if not widths:
            return 0, 0
        width, count = Counter(widths).most_common(1)[0]
        return count, width

    return max(CSV_SEPARATORS, key=regularity)
