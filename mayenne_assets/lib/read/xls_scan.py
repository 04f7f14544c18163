"""How far the cells of each sheet of an .xls workbook really reach, found by walking its records before any grid
is built (a grid reader sizes its grid by the farthest cell: one stray value at IV65536 is a grid of 16 million
cells, about a gigabyte).

An .xls is an OLE2 container (read with olefile) whose Workbook stream (Book, before Excel 97) is a sequence of
BIFF records: BOUNDSHEET records name the sheets and where their records start; each cell that holds a value is a
record whose body starts with its row and column (MULRK: several columns of one row). Blank formatted cells
(BLANK, MULBLANK) hold nothing and are not counted, as in xlsx_scan.py.
"""

from __future__ import annotations

import io
import struct

import olefile

from mayenne_assets.lib.read.xlsx_scan import SheetScan

BOF, EOF, BOUNDSHEET, MULRK = 0x0809, 0x000A, 0x0085, 0x00BD
VALUE_CELLS = {0x00FD, 0x0204, 0x0203, 0x027E, 0x0205, 0x0006, 0x00D6}  # LABELSST, LABEL, NUMBER, RK, BOOLERR...
BIFF8 = 0x0600


class NotAnXls(ValueError):
    """The bytes are not an OLE2 workbook with a Workbook stream (a file saved under the wrong suffix)."""


def _records(stream: bytes, start: int = 0):
    position = start
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4: position + 4 + size]
        position += 4 + size


def _sheet_name(body: bytes, biff8: bool) -> str:
    length = body[6]
    if not biff8:
        return body[7: 7 + length].decode("cp1252", "replace")
    wide = body[7] & 1
    text = body[8: 8 + length * (2 if wide else 1)]
    return text.decode("utf-16-le" if wide else "latin-1", "replace")


def _reference(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _extent(stream: bytes, start: int) -> SheetScan:
    scan, depth = SheetScan(), 0
    for kind, body in _records(stream, start):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth == 0:
                break
        elif depth == 1 and (kind in VALUE_CELLS or kind == MULRK) and len(body) >= 4:
            row, first = struct.unpack_from("<HH", body)
            last = struct.unpack_from("<H", body, len(body) - 2)[0] if kind == MULRK else first
            if row + 1 > scan.rows or last + 1 > scan.columns:
                scan.farthest = _reference(row, last)  # a cell that sets the extent
            scan.rows, scan.columns = max(scan.rows, row + 1), max(scan.columns, last + 1)
    return scan


def scan_xls(data: bytes) -> dict[str, SheetScan]:
    """Sheet name → how far its value cells reach. Raises NotAnXls."""
    if not olefile.isOleFile(io.BytesIO(data)):
        raise NotAnXls("not an OLE2 file")
    with olefile.OleFileIO(io.BytesIO(data)) as container:
        name = next((n for n in ("Workbook", "Book") if container.exists(n)), None)
        if name is None:
            raise NotAnXls("no Workbook stream")
        stream = container.openstream(name).read()
    sheets, biff8 = {}, True
    for kind, body in _records(stream):
        if kind == BOF and len(body) >= 2:
            biff8 = struct.unpack_from("<H", body)[0] == BIFF8
        elif kind == BOUNDSHEET and len(body) >= 8:
            sheets[_sheet_name(body, biff8)] = struct.unpack_from("<I", body)[0]
        elif kind == EOF:
            break  # the end of the workbook's globals
    return {sheet: _extent(stream, offset) for sheet, offset in sheets.items()}
