"""Building small real workbooks for the tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook with one sheet per entry (rows from A1), and merged ranges such as "A4:A6"."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:  # a text that starts with "=" is what the person typed, not a formula to store
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def set_cells(path: Path, values: dict[str, object], data_types: dict[str, str] | None = None,
              number_formats: dict[str, str] | None = None) -> Path:
    """Write cells of the first sheet of a saved workbook, by reference ("XFD1048576"); a data type "e" makes the
    value an error cell (#REF!), a text starting with "=" is stored as a formula without a saved value."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    for reference, value in values.items():
        sheet[reference] = value
    for reference, data_type in (data_types or {}).items():
        sheet[reference].data_type = data_type
    for reference, number_format in (number_formats or {}).items():
        sheet[reference].number_format = number_format
    workbook.save(path)
    return path


YEARS = [2019, 2020, 2021]


def effectifs_rows(header_years: list[object] | None = None) -> list[list[object]]:
    """A minimal enrolment table of three real public collèges of Laval, years as columns."""
    return [
        ["Commune", "Collège", *(header_years or YEARS)],
        ["Laval", "Alain Gerbault", 441, 450, 460],
        ["Laval", "Fernand Puech", 308, 300, 310],
        ["Laval", "Jules Renard", 622, 610, 600],
    ]
