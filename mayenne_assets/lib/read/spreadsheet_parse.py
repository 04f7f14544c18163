"""Parsing a spreadsheet's bytes into grids; run as a child process by workbook.py, with limits set first.

    python -m mayenne_assets.lib.read.spreadsheet_parse .xlsx MEMORY_BYTES [HEAD_ROWS] < bytes
        > pickled ("ok", sheets) or ("refused", why)

The child caps its own address space and CPU time before reading anything, so a workbook that makes the native
reader allocate without bound (a stray value at XFD1048576) ends this process, and only this one. The sheets of an
.xlsx are scanned first (xlsx_scan.py), and the records of an .xls (xls_scan.py): a sheet that reaches too far is
refused with the cell that does it, before any grid exists; in an .xlsx, error cells or formulas without a saved
value come out as BadCell, never as blanks. With HEAD_ROWS, only the first rows of each sheet are returned and the
.xlsx scan is skipped: enough to recognise a workbook in a time that does not grow with every cell's XML (the scan
is most of a big workbook's reading).
"""

from __future__ import annotations

import io
import pickle
import resource
import struct
import sys
import tempfile
import zipfile

import python_calamine

from mayenne_assets.lib.common.text import thousands
from mayenne_assets.lib.drive.snapshot import UnreadableWorkbook
from mayenne_assets.lib.read.workbook import Sheet
from mayenne_assets.lib.read.xls_scan import NotAnXls, scan_xls
from mayenne_assets.lib.read.xlsx_scan import SheetScan, scan_xlsx

CPU_LIMIT_SECONDS = 110
MAX_CELLS = 5_000_000  # rows × columns of one sheet: a national drive's largest sheet holds about 300 000
MAX_ROWS = 200_000  # every collège of France is about 7 000 rows
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_ZIPPED_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".xlsb"}
_SCANNED_SUFFIXES = {".xlsx", ".xlsm"}


def parse_spreadsheet(suffix: str, data: bytes, head_rows: int | None = None) -> list[Sheet]:
    scans: dict[str, SheetScan] = {}
    if suffix in _ZIPPED_SUFFIXES:
        archive = _open_zip(suffix, data)
        if suffix in _SCANNED_SUFFIXES and head_rows is None:
            scans = _scan(archive)
    elif suffix == ".xls":
        _check_xls_extent(data)
    try:
        workbook = _open_workbook(suffix, data)
        return [_read_sheet(workbook, meta.name, scans.get(meta.name), head_rows)
                for meta in workbook.sheets_metadata if _is_worksheet(meta)]
    except UnreadableWorkbook:
        raise
    except Exception as error:  # calamine raises several types for damaged files
        raise UnreadableWorkbook(f"le classeur ne peut pas être ouvert ({error})") from error


def _open_workbook(suffix: str, data: bytes) -> python_calamine.CalamineWorkbook:
    """Opened by its content (a workbook saved under another suffix opens all the same). When no reader takes
    it, the reader of its own suffix is asked why, so that the message names the real cause (« Cannot detect
    file format » hides, for an .ods, a sheet that reaches past the reader's cell limit)."""
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.CalamineError as error:
        if "detect file format" not in str(error):
            raise
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        copy.write(data)
        copy.flush()
        try:
            return python_calamine.CalamineWorkbook.from_path(copy.name)
        except python_calamine.CalamineError as error:
            if "Cell limit exceeded" in str(error):
                raise UnreadableWorkbook(
                    f"un onglet s'étend trop loin pour tout lecteur ({error}) ; une valeur égarée se trouve loin sous "
                    "le tableau ou à sa droite : supprimez les lignes et colonnes au-delà du tableau et enregistrez "
                    "de nouveau") from None
            raise


def _open_zip(suffix: str, data: bytes) -> zipfile.ZipFile:
    """Refuse damaged, encrypted or zip-bomb workbooks before anything is decompressed."""
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableWorkbook("le classeur est protégé par un mot de passe (chiffré) ; enregistrez-le sans "
                                     "mot de passe")
        raise UnreadableWorkbook(f"le fichier est endommagé ou n'est pas vraiment un classeur {suffix}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableWorkbook(f"le fichier est endommagé ou n'est pas vraiment un classeur {suffix}") from None
    unzipped = sum(info.file_size for info in archive.infolist())
    if unzipped > MAX_UNZIPPED_BYTES:
        raise UnreadableWorkbook(
            f"le classeur décompressé ferait {unzipped / 1024**2:.0f} Mo, "
            f"au-delà de la limite de {MAX_UNZIPPED_BYTES / 1024**2:.0f} Mo ; il n'a pas été lu"
        )
    return archive


def _scan(archive: zipfile.ZipFile) -> dict[str, SheetScan]:
    try:
        scans = scan_xlsx(archive)
    except (KeyError, zipfile.BadZipFile, SyntaxError, ValueError) as error:  # ParseError is a SyntaxError
        raise UnreadableWorkbook(f"le fichier est endommagé : ses onglets ne peuvent pas être lus ({error})") from None
    for name, scan in scans.items():
        _check_extent(name, scan.rows, scan.columns, f"va jusqu'à la cellule {scan.farthest}")
    return scans


def _check_xls_extent(data: bytes) -> None:
    """An .xls's sheets, measured by their records before any grid is built (in both modes: an .xls holds at most
    16 million cells and its records are read in a moment). Bytes that are no .xls are left to the reader."""
    try:
        scans = scan_xls(data)
    except (NotAnXls, OSError, struct.error, IndexError):
        return
    for name, scan in scans.items():
        _check_extent(name, scan.rows, scan.columns, f"va jusqu'à la cellule {scan.farthest}")


def _check_extent(sheet: str, rows: int, columns: int, what: str) -> None:
    if rows > MAX_ROWS or rows * columns > MAX_CELLS:
        raise UnreadableWorkbook(
            f"l'onglet « {sheet} » {what} ({thousands(rows)} lignes × {thousands(columns)} colonnes, au-delà de la "
            f"limite de {thousands(MAX_ROWS)} lignes ou {thousands(MAX_CELLS)} cellules) ; une valeur égarée se "
            "trouve loin sous le tableau ou à sa droite : supprimez les lignes et colonnes au-delà du tableau et "
            "enregistrez de nouveau"
        )


def _is_worksheet(meta: object) -> bool:
    return "WorkSheet" in str(getattr(meta, "typ", "WorkSheet"))


def _read_sheet(workbook: python_calamine.CalamineWorkbook, name: str, scan: SheetScan | None,
                head_rows: int | None) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    _check_extent(name, sheet.height, sheet.width, "s'étend sur")
    rows = [list(row) for row in sheet.to_python(skip_empty_area=False, nrows=head_rows)]
    merged = tuple(filled for (top, left), (bottom, right) in sheet.merged_cell_ranges or []
                   if (filled := _fill_merged(rows, top, left, bottom, right)))
    for (row, column), bad in (scan.bad_cells if scan else {}).items():
        if row < len(rows):
            cells = rows[row]
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = bad
    return Sheet(name, rows, merged=merged)


def _fill_merged(rows: list[list[object]], top: int, left: int, bottom: int,
                 right: int) -> tuple[int, int, int, int] | None:
    """A merged range carries its value over the cells it covers, within the sheet's cells: the part of a range
    beyond the last row or column holding something holds nothing either (and could be a million rows). Returns
    the range as filled."""
    if top >= len(rows):
        return None
    bottom = min(bottom, len(rows) - 1)
    width = max((len(row) for row in rows), default=0)
    right = min(right, max(width - 1, left))
    for row in rows[top : bottom + 1]:
        row.extend([""] * (right + 1 - len(row)))
    value = rows[top][left]
    for row in rows[top : bottom + 1]:
        for col in range(left, right + 1):
            row[col] = value
    return top, left, bottom, right


def main() -> None:
    suffix, memory_bytes = sys.argv[1], int(sys.argv[2])
    head_rows = int(sys.argv[3]) if len(sys.argv) > 3 else None
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_SECONDS, CPU_LIMIT_SECONDS))
    data = sys.stdin.buffer.read()
    try:
        outcome = ("ok", parse_spreadsheet(suffix, data, head_rows))
    except UnreadableWorkbook as error:
        outcome = ("refused", str(error))
    sys.stdout.buffer.write(pickle.dumps(outcome))


if __name__ == "__main__":
    main()
