"""Writing sample workbooks the way people lay them out, byte for byte the same at every run."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mayenne_assets.sample.directory import sample_territory

SAVED_AT = datetime(2022, 1, 10, 9, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def write_row(ws: Worksheet, row: int, values: list[object], start_col: int = 1, bold: bool = False) -> None:
    for offset, value in enumerate(values):
        cell = ws.cell(row=row, column=start_col + offset, value=value)
        if bold:
            cell.font = Font(bold=True)


def merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    ws.cell(row=top, column=left).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def title(ws: Worksheet, row: int, text: str, width: int) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=True, size=13)
    if width > 1:
        merge(ws, row, 1, row, width)


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def save_deterministic(workbook: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip timestamps, so regenerating gives identical bytes."""
    workbook.properties.created = SAVED_AT
    workbook.properties.modified = SAVED_AT
    workbook.properties.creator = sample_territory().publisher
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _MODIFIED.sub(rb"\g<1>2022-01-10T09:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=SAVED_AT.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
