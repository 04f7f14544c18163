"""Reading every table of a workbook family from the shared drive into rows that carry their provenance.

Each content (sha256 and name) is parsed, classified and read once per process: the lineages of one run share it.
A workbook the drive sensor already knows feeds another lineage (lib/drive/reception.py) is not parsed at all.
"""

from __future__ import annotations

import json
import os
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mayenne_assets.lib.common.problems import Problem
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import cell_text
from mayenne_assets.lib.drive.reception import Reception
from mayenne_assets.lib.drive.snapshot import Snapshot, UnreadableWorkbook, take_snapshot
from mayenne_assets.lib.read.classify import Classification, classify_sheets, hinted_families
from mayenne_assets.lib.read.families import Family, families, not_data_rules
from mayenne_assets.lib.read.table_reader import (
    DroppedColumn,
    DroppedRow,
    SheetTable,
    column_letter,
    describe_missing_header,
    is_ignored_sheet,
    read_table,
)
from mayenne_assets.lib.read.workbook import Sheet, snapshot_sheets
from mayenne_assets.lib.read.xlsx_scan import BadCell

PROVENANCE_COLUMNS = [
    "source_file", "source_sha256", "source_modified", "source_received", "source_sheet", "source_row",
]


@dataclass
class ReadReport:
    """What was read and what was left out, for the asset's metadata and the data officer."""

    files: list[dict] = field(default_factory=list)
    dropped_rows: list[DroppedRow] = field(default_factory=list)
    dropped_columns: list[DroppedColumn] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # files whose name says this feed but cannot be read
    bad_cells: list[str] = field(default_factory=list)  # data cells showing an error or an unsaved formula
    snapshots: list[Snapshot] = field(default_factory=list)  # the exact bytes every row was read from
    dropped_by_file: list[dict] = field(default_factory=list)  # file, sheet, row, reason: for the audit dossier

    def dropped_row_counts(self) -> dict[str, int]:
        return dict(Counter(row.reason for row in self.dropped_rows))

    def dropped_column_counts(self) -> dict[str, int]:
        return dict(Counter(col.reason for col in self.dropped_columns))


def _bad_cell_problems(table: SheetTable, file_name: str) -> list[str]:
    """Every data cell of a kept column that shows an error or holds a formula without a saved value: read as
    blank, its value would silently vanish from what is published."""
    kept = sorted({*table.header.columns, *table.header.series})
    return [
        Problem(f"{file_name}, onglet « {table.sheet} », cellule {column_letter(col)}{row_number} "
                f"({table.header.labels.get(col, '')}) : {cells[col].reason} ; corrigez-la ou tapez la valeur",
                blames=file_name)
        for row_number, cells in table.rows for col in kept
        if col < len(cells) and isinstance(cells[col], BadCell)
    ]


def _broken_line_problems(table: SheetTable, sheet: Sheet, file_name: str) -> list[str]:
    """In a CSV, a line whose field count differs from its header's is a row cut in two (a bare carriage return,
    a line break outside quotes) or with a stray separator: read as it is, its values would shift columns."""
    if not sheet.lines:
        return []
    header = table.header.row_index
    width = len(sheet.rows[header])
    return [
        Problem(f"{file_name}, ligne {sheet.lines[index]} : {len(cells)} champs là où son en-tête (ligne "
                f"{sheet.lines[header]}) en a {width} ; un retour à la ligne ou un séparateur dans une valeur sans "
                "guillemets ? Enregistrez de nouveau le fichier depuis le tableur, ou mettez cette valeur entre "
                "guillemets doubles",
                blames=file_name)
        for index in range(header + 1, len(sheet.rows))
        if len(cells := sheet.rows[index]) != width and any(cell_text(c) for c in cells)
    ]


def _cell(sheet: Sheet, row_number: int, column: int) -> str:
    """The A1 reference of the cell a value was read from: for a merged range, its top-left cell."""
    row, col = sheet.anchor(row_number - 1, column)
    return f"{column_letter(col)}{row + 1}"


def _with_cells(located_json: str, extra: str) -> str:
    """json.dumps({**located, ...extra}) from json.dumps(located): a national series has 300 000 of these."""
    return located_json[:-1] + (", " if located_json != "{}" else "") + extra + "}"


def _columns(table: SheetTable, family: Family, provenance: dict, sheet: Sheet) -> dict[str, list]:
    """The table's values column by column (one row per data row, or per data cell for a series), each value's
    cell kept in source_cells. Built as lists, not a dict per row: a national series holds 300 000 cells."""
    names = [name for name in family.columns if not family.columns[name].personal]
    index_of: dict[str, int] = {}
    for index, name in table.header.columns.items():
        index_of.setdefault(name, index)  # the first column of a name, as SheetTable.value reads it
    columns: dict[str, list] = {name: [] for name in raw_columns(family)}
    series = sorted(table.header.series.items())
    repeat = len(series) if family.series is not None else 1  # records per data row
    if family.series is not None:
        year = json.dumps(family.series.name, ensure_ascii=False)
        year_cells = {col: _cell(sheet, table.header.row_index + 1, col) for col, _ in series}
    for row_number, cells in table.rows:
        texts = {name: cell_text(cells[index_of[name]]) if index_of.get(name, len(cells)) < len(cells) else ""
                 for name in names}
        located = json.dumps({name: _cell(sheet, row_number, index_of[name]) for name in names if texts[name]},
                             ensure_ascii=False)
        where = {**provenance, "source_sheet": table.sheet, "source_row": row_number}
        for name in PROVENANCE_COLUMNS:
            columns[name].extend([where[name]] * repeat)
        for name in names:
            columns[name].extend([texts[name] or table.context.get(name)] * repeat)
        if family.series is None:
            columns["source_cells"].append(located)
            continue
        for col, label in series:
            raw = cells[col] if col < len(cells) else None
            columns[family.series.name].append(label.year)
            columns["series_nature"].append(label.nature)
            columns["source_column"].append(column_letter(col))
            columns["source_label"].append(table.header.labels[col])
            columns["value_raw"].append(cell_text(raw))
            columns["source_cells"].append(_with_cells(
                located, f'"value_raw": "{_cell(sheet, row_number, col)}", {year}: "{year_cells[col]}"'))
    return columns


def _named_for(path: Path, members: list[Family]) -> bool:
    """The file name hints at one of these families: a file of theirs that cannot be read is reported."""
    return any(family in members for family in hinted_families(path))


def _why_not_read(path: Path, sheets: list[Sheet], members: list[Family],
                  classification: Classification) -> Problem:
    if classification.problem == "several_families":
        return Problem(classification.reason, blames=path.name)
    details = [
        describe_missing_header(sheet, family, not_data_rules())
        for sheet in sheets if not is_ignored_sheet(sheet.name, not_data_rules())
        for family in members
    ]
    return Problem(f"{path.name} : " + " ; ".join(details or ["aucun onglet ne contient de tableau"]),
                   blames=path.name)


@dataclass(frozen=True)
class FileRead:
    """One content of the drive, parsed, classified and its tables read."""

    sheets: list[Sheet]
    classification: Classification
    tables: list[tuple[Family, SheetTable, Sheet]]
    skipped_sheets: list[str]


_READ: OrderedDict[tuple[str, str, str], FileRead] = OrderedDict()  # (sha256, file name) → what was read
_READ_KEPT = 32


def _read_file(path: Path, snapshot: Snapshot, territory: Territory) -> FileRead:
    """Raises UnreadableWorkbook. The name is part of the key: a family may be told by the file name (and the
    territory: a sheet may be named for one of its arrondissements)."""
    key = (snapshot.sha256, path.name, territory.code)
    if key not in _READ:
        sheets = snapshot_sheets(snapshot)
        classification = classify_sheets(path, sheets)
        tables, skipped = [], []
        for sheet in sheets:
            found = classification.tables.get(sheet.name, [])
            skipped += [] if found else [f"{path.name} / {sheet.name}"]
            tables += [(family, read_table(sheet, header, family, not_data_rules(), path.name, territory), sheet)
                       for family, header in found]
        _READ[key] = FileRead(sheets, classification, tables, skipped)
        if len(_READ) > _READ_KEPT:
            _READ.popitem(last=False)
    return _READ[key]


def _received(snapshot: Snapshot, known: dict[str, Reception]) -> str:
    """When the drive sensor first saw these bytes; for a plain folder, the file's modification time."""
    reception = known.get(snapshot.sha256)
    return reception.received if reception else snapshot.modified.isoformat(timespec="seconds")


def read_family_files(
    paths: list[Path], feeds: Collection[str], territory: Territory, known: dict[str, Reception] | None = None
) -> tuple[dict[str, pd.DataFrame], ReadReport]:
    """Rows of every table of these feeds' families found in the files: family name → DataFrame.

    Files of other families are skipped (without parsing them when `known` says what they feed); a file named for
    one of these families that cannot be read is reported in report.refused, with the reason.
    """
    known = known or {}
    _parse_ahead(paths, feeds, territory, known)
    members = [f for f in families().values() if f.feed in feeds]
    columns: dict[str, dict[str, list]] = {f.name: {name: [] for name in raw_columns(f)} for f in members}
    report = ReadReport()
    for path in paths:
        try:
            snapshot = take_snapshot(path)
            if known.get(snapshot.sha256) and known[snapshot.sha256].feed not in (None, *feeds):
                continue
            read = _read_file(path, snapshot, territory)
        except UnreadableWorkbook as error:
            if _named_for(path, members):
                report.refused.append(Problem(str(error), blames=path.name))
            continue
        if read.classification.feed not in feeds:
            if read.classification.feed is None and _named_for(path, members):
                report.refused.append(_why_not_read(path, read.sheets, members, read.classification))
            continue
        report.snapshots.append(snapshot)
        report.files.append({"file": path.name, "sha256": snapshot.sha256, "bytes": len(snapshot.data)})
        report.skipped_sheets.extend(read.skipped_sheets)
        provenance = {"source_file": path.name, "source_sha256": snapshot.sha256,
                      "source_modified": snapshot.modified.date().isoformat(),
                      "source_received": _received(snapshot, known)}
        for family, table, sheet in read.tables:
            report.dropped_rows.extend(table.dropped_rows)
            report.dropped_by_file.extend({"file": path.name, "sheet": r.sheet, "row": r.row, "reason": r.reason}
                                          for r in table.dropped_rows)
            report.dropped_columns.extend(table.header.dropped)
            report.bad_cells.extend(_bad_cell_problems(table, path.name) + _broken_line_problems(table, sheet,
                                                                                               path.name))
            for name, values in _columns(table, family, provenance, sheet).items():
                columns[family.name][name].extend(values)
    frames = {f.name: _frame(columns[f.name], f) for f in members}
    return frames, report


def _parse_ahead(paths: list[Path], feeds: Collection[str], territory: Territory,
                 known: dict[str, Reception]) -> None:
    """Parse the workbooks not read yet side by side, one child process per core, so that the reading below
    finds them parsed; a file that cannot be parsed is left for the reading below to report."""
    def parse(path: Path) -> None:
        try:
            snapshot = take_snapshot(path)
            elsewhere = known.get(snapshot.sha256) and known[snapshot.sha256].feed not in (None, *feeds)
            if not elsewhere and (snapshot.sha256, path.name, territory.code) not in _READ:
                snapshot_sheets(snapshot)
        except (OSError, UnreadableWorkbook):
            pass

    if len(paths) > 1:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(parse, paths))


def raw_columns(family: Family) -> list[str]:
    """The columns of a family's raw table, in order, whether or not a workbook had them."""
    columns = PROVENANCE_COLUMNS + [name for name, col in family.columns.items() if not col.personal]
    if family.series is not None:
        columns += [family.series.name, "series_nature", "source_column", "source_label", "value_raw"]
    return [*columns, "source_cells"]  # logical column → the A1 cell its value was read from


def _frame(columns: dict[str, list], family: Family) -> pd.DataFrame:
    numeric = {"source_row"} | ({family.series.name} if family.series else set())
    return pd.DataFrame({name: pd.array(values, dtype="Int64" if name in numeric else "string")
                         for name, values in columns.items()}, columns=raw_columns(family))


def read_changing_folder(list_files: Callable[[], list[Path]], feeds: Collection[str], territory: Territory,
                         known: dict[str, Reception] | None = None,
                         attempts: int = 3) -> tuple[dict[str, pd.DataFrame], ReadReport]:
    """read_family_files on a folder others change while it is read: a file gone between its listing and its
    reading (a run that ended moved it to the processed folder) makes the folder listed and read again."""
    for _ in range(attempts - 1):
        try:
            return read_family_files(list_files(), feeds, territory, known)
        except FileNotFoundError:
            continue
    return read_family_files(list_files(), feeds, territory, known)
