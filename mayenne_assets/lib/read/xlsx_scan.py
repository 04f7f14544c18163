"""What each sheet of an .xlsx workbook really holds, found by streaming its XML before any grid is built.

Two things a grid reader cannot tell us: how far the cells that hold something really reach (a declared
dimension can lie, and one stray value at XFD1048576 makes a full-grid read allocate hundreds of GB), and which
cells show an error (#REF!, #N/A…) or hold a formula whose value was never saved: calamine reads both as blank.
The scan keeps only counters and the bad cells, so its memory does not grow with the sheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


@dataclass(frozen=True)
class BadCell:
    """A cell whose value cannot be trusted: what Excel shows there, and why."""

    shown: str  # "#REF!", or "" for a formula without a saved value
    reason: str

    def __str__(self) -> str:
        return self.shown


FORMULA_WITHOUT_VALUE = ("une formule dont la valeur n'a jamais été enregistrée (ouvrez le classeur dans Excel et "
                         "enregistrez-le de nouveau)")


@dataclass
class SheetScan:
    rows: int = 0  # the last row holding something (1-based); 0 when the sheet is empty
    columns: int = 0
    farthest: str = ""  # the reference of a cell that sets the extent, to name it in a message
    bad_cells: dict[tuple[int, int], BadCell] = field(default_factory=dict)  # (row, column), 0-based

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member holding its cells, through the workbook's relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{PACKAGE_RELATIONSHIPS}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{RELATIONSHIPS}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        parts[sheet.get("name", "")] = member
    return parts


def _cell_state(cell: ElementTree.Element) -> tuple[bool, BadCell | None]:
    """(holds something, the bad cell it is or None)."""
    value = cell.find(f"{MAIN}v")
    has_value = (value is not None and bool(value.text)) or cell.find(f"{MAIN}is") is not None
    has_formula = cell.find(f"{MAIN}f") is not None
    if cell.get("t") == "e":
        shown = value.text if value is not None and value.text else "#ERROR"
        return True, BadCell(shown, f"la cellule affiche l'erreur {shown}")
    if has_formula and not has_value:
        return True, BadCell("", FORMULA_WITHOUT_VALUE)
    return has_value or has_formula, None


def scan_sheet(stream) -> SheetScan:
    """Stream one worksheet part; rows and cells without a reference follow the previous one, as Excel does."""
    scan = SheetScan()
    row_number, column = 0, -1
    parent = None
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            if element.tag == f"{MAIN}sheetData":
                parent = element
            elif element.tag == f"{MAIN}row":
                row_number = int(element.get("r") or row_number + 1)
                column = -1
            continue
        if element.tag == f"{MAIN}c":
            found = _REFERENCE.match(element.get("r") or "")
            column = column_index(found.group(1)) if found else column + 1
            filled, bad = _cell_state(element)
            if filled:
                if row_number > scan.rows or column + 1 > scan.columns:
                    scan.farthest = element.get("r") or f"ligne {row_number}"
                scan.rows = max(scan.rows, row_number)
                scan.columns = max(scan.columns, column + 1)
            if bad is not None:
                scan.bad_cells[(row_number - 1, column)] = bad
            element.clear()
        elif element.tag == f"{MAIN}row" and parent is not None:
            parent.remove(element)  # keep the tree empty: memory stays flat whatever the sheet's size
    return scan


def scan_xlsx(archive: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Every sheet's scan, by sheet name; a sheet whose part cannot be found is left out."""
    names = set(archive.namelist())
    return {name: scan_sheet(archive.open(member)) for name, member in _sheet_parts(archive).items()
            if member in names}
