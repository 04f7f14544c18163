"""Opening a workbook from the shared drive as plain grids of cell values, one per sheet.

.xlsx, .xlsm, .xls, .ods and .xlsb are read with calamine (a fast Rust reader); .csv with the standard library.
Merged cells carry their value to every cell they cover, so a group label merged down ten rows names each row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
READABLE_SUFFIXES = SPREADSHEET_SUFFIXES | {".csv"}
MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
MAX_UNZIPPED_BYTES = 200 * MB
_ZIPPED_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".xlsb"}


class UnreadableWorkbook(ValueError):
    """The file cannot be opened as a workbook; the message says why in plain words."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[object]]  # rows[i][j] is the cell of Excel row i + 1, column j + 1


def is_ignored_file(path: Path) -> bool:
    """Office lock files (~$...) and hidden files are not workbooks."""
    return path.name.startswith(("~$", "."))


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file as a grid, merged cells filled. Raises UnreadableWorkbook."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise UnreadableWorkbook(
            f"{path.name}: a {suffix or 'suffix-less'} file is not a workbook; "
            f"expected one of {', '.join(sorted(READABLE_SUFFIXES))}"
        )
    size = path.stat().st_size
    if size == 0:
        raise UnreadableWorkbook(f"{path.name}: the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"{path.name}: the file is {size / MB:.0f} MB, over the {MAX_FILE_BYTES / MB:.0f} MB limit; it was not read"
        )
    if suffix == ".csv":
        return [Sheet(path.stem, _read_csv_rows(path))]
    if suffix in _ZIPPED_SUFFIXES:
        _check_zip(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        return [_read_sheet(workbook, meta.name) for meta in workbook.sheets_metadata if _is_worksheet(meta)]
    except UnreadableWorkbook:
        raise
    except Exception as error:  # calamine raises several types for damaged files
        raise UnreadableWorkbook(f"{path.name}: the workbook cannot be opened ({error})") from error


def _is_worksheet(meta: object) -> bool:
    return "WorkSheet" in str(getattr(meta, "typ", "WorkSheet"))


def _check_zip(path: Path) -> None:
    """Refuse damaged, encrypted or zip-bomb workbooks before anything is decompressed."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            head = handle.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableWorkbook(
                f"{path.name}: the workbook is password-protected (encrypted); save it without a password"
            )
        raise UnreadableWorkbook(f"{path.name}: the file is damaged or is not really a {path.suffix} workbook")
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UnreadableWorkbook(
            f"{path.name}: the workbook would unpack to {unzipped / MB:.0f} MB, "
            f"over the {MAX_UNZIPPED_BYTES / MB:.0f} MB limit; it was not read"
        )


def _read_sheet(workbook: python_calamine.CalamineWorkbook, name: str) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        _fill_merged(rows, top, left, bottom, right)
    return Sheet(name, rows)


def _fill_merged(rows: list[list[object]], top: int, left: int, bottom: int, right: int) -> None:
    while len(rows) <= bottom:
        rows.append([])
    width = right + 1
    for row in rows[top : bottom + 1]:
        row.extend([""] * (width - len(row)))
    value = rows[top][left]
    for row in rows[top : bottom + 1]:
        for col in range(left, right + 1):
            row[col] = value


def _read_csv_rows(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV (séparateur : point-virgule)" on Windows
    sample = text[:20000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
