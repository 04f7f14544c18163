"""Finding a family's table in a sheet and reading its data rows, by the general rules of raw-workbooks.md.

The header is the first row, among the first rows of the sheet, that holds the family's required labels (when
the row below it names more of the family's columns, the two form a two-row header and the lower one names the
columns). Rows and columns that are not data are dropped, each with its reason, so that nothing disappears
unaccounted for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import cell_text, normalise_label
from mayenne_assets.lib.read.families import SERIES, Family, NotDataRules
from mayenne_assets.lib.read.series_labels import SeriesLabel, parse_school_year, parse_series_label
from mayenne_assets.lib.read.workbook import Sheet

HEADER_SEARCH_ROWS = 12  # the contract allows 0 to 6 title rows and a two-row header; leave some slack


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class DroppedColumn:
    sheet: str
    column: str  # the spreadsheet letter
    label: str
    reason: str  # "derived", "unknown", "duplicate", "personal"


@dataclass(frozen=True)
class DroppedRow:
    sheet: str
    row: int  # the spreadsheet row number
    reason: str  # "blank", "total", "repeated_header", "note"
    preview: str


@dataclass
class Header:
    """Where a family's table stands in a sheet and what each of its columns is."""

    row_index: int
    columns: dict[int, str]  # column index → logical column
    series: dict[int, SeriesLabel]  # column index → school year
    labels: dict[int, str]  # column index → header text as written
    dropped: list[DroppedColumn]
    personal: set[int] = field(default_factory=set)  # columns of personal data: never read, never shown

    @property
    def present(self) -> set[str]:
        names = set(self.columns.values())
        if self.series:
            names.add(SERIES)
        return names

    def satisfies(self, alternatives: tuple[tuple[str, ...], ...]) -> bool:
        return any(set(alt) <= self.present for alt in alternatives)


@dataclass
class SheetTable:
    """The data rows of one sheet, with everything dropped on the way."""

    sheet: str
    header: Header
    rows: list[tuple[int, list[object]]]  # (spreadsheet row number, cells)
    context: dict[str, str | None]
    dropped_rows: list[DroppedRow] = field(default_factory=list)

    def value(self, cells: list[object], column: str) -> object:
        for index, name in self.header.columns.items():
            if name == column:
                return cells[index] if index < len(cells) else None
        return None


def _map_label(
    label: str, index_of_labels: dict[str, str], family: Family, rules: NotDataRules
) -> tuple[str | None, SeriesLabel | None, str | None]:
    """(logical column, school year, reason to drop) for one header label."""
    normalised = normalise_label(label)
    if not normalised:
        return None, None, None
    if normalised in index_of_labels:
        return index_of_labels[normalised], None, None
    if family.series is not None:
        series = parse_series_label(label)
        if series is not None:
            return None, series, None
    if any(normalised == p or normalised.startswith(p + " ") for p in rules.derived_column_prefixes):
        return None, None, "derived"
    return None, None, "unknown"


def read_header(sheet: Sheet, row_index: int, family: Family, rules: NotDataRules) -> Header:
    cells = sheet.rows[row_index]
    index_of_labels = family.label_index
    header = Header(row_index, {}, {}, {}, [])
    for col, cell in enumerate(cells):
        label = cell_text(cell)
        name, series, reason = _map_label(label, index_of_labels, family, rules)
        if isinstance(cell, date) and family.series is not None:  # a year typed as a date, shown as "2021"
            label, series = str(cell.year), SeriesLabel(cell.year, None, False)
        letter = column_letter(col)
        if name is not None:
            if name in header.columns.values():
                header.dropped.append(DroppedColumn(sheet.name, letter, label, "duplicate"))
            elif family.columns[name].personal:
                header.dropped.append(DroppedColumn(sheet.name, letter, label, "personal"))
                header.personal.add(col)
            else:
                header.columns[col] = name
                header.labels[col] = label
        elif series is not None:
            header.series[col] = series
            header.labels[col] = label
        elif reason is not None:
            header.dropped.append(DroppedColumn(sheet.name, letter, label, reason))
    _keep_series_of_kind(header, family, sheet.name)
    return header


def _keep_series_of_kind(header: Header, family: Family, sheet_name: str) -> None:
    """Amounts per year need a euro mark somewhere in the header; counts per year must not carry one."""
    if not header.series or family.series is None:
        return
    money_header = any(s.money for s in header.series.values())
    wanted_money = family.series.kind == "amount_per_school_year"
    for col, series in list(header.series.items()):
        if (money_header if wanted_money else series.money) != wanted_money:
            del header.series[col]
            header.dropped.append(DroppedColumn(sheet_name, column_letter(col), header.labels.pop(col), "unknown"))


def find_header(sheet: Sheet, family: Family, rules: NotDataRules) -> Header | None:
    """The family's header in this sheet, or None when no row among the first ones holds its required labels."""
    last = min(len(sheet.rows), HEADER_SEARCH_ROWS)
    for row_index in range(last):
        header = read_header(sheet, row_index, family, rules)
        if not header.satisfies(family.required):
            continue
        if row_index + 1 < len(sheet.rows):
            lower = read_header(sheet, row_index + 1, family, rules)
            if len(lower.present) + len(lower.series) > len(header.present) + len(header.series):
                return lower  # two-row header: group labels above, column labels below
        return header
    return None


def describe_missing_header(sheet: Sheet, family: Family, rules: NotDataRules) -> str:
    """Why the family's header is not in this sheet: the row that comes closest, and what it lacks."""
    last = min(len(sheet.rows), HEADER_SEARCH_ROWS)
    if last == 0:
        return f"l'onglet « {sheet.name} » est vide"
    candidates = [read_header(sheet, index, family, rules) for index in range(last)]
    best = max(candidates, key=lambda h: (len(h.present), -h.row_index))
    if not best.present:
        return f"onglet « {sheet.name} » : aucune des lignes 1 à {last} ne porte un intitulé de ce tableau"
    missing = min((set(alt) - best.present for alt in family.required), key=len)
    found = ", ".join(best.labels[c] for c in sorted(best.labels))
    wanted = " et ".join(family.describe(name) for name in sorted(missing))
    return (f"onglet « {sheet.name} », ligne {best.row_index + 1} : un en-tête avec {found}, mais aucune colonne "
            f"{wanted}")


def _row_reason(cells: list[object], header: Header, rules: NotDataRules) -> str | None:
    texts = [normalise_label(c) for c in cells]
    filled = [(i, t) for i, t in enumerate(texts) if t or cell_text(cells[i])]
    if not filled:
        return "blank"
    if any(rules.is_total_label(text) for _, text in filled):
        return "total"
    header_hits = sum(
        1 for col, label in header.labels.items() if col < len(texts) and texts[col] == normalise_label(label)
    )
    if header_hits >= 2:
        return "repeated_header"
    first_text = cell_text(cells[filled[0][0]])
    if first_text.startswith(("*", "(*)")) or _is_note_text(first_text, filled, rules):
        return "note"
    if len(filled) == 1 and not _looks_numeric(cells[filled[0][0]]):
        return "note"  # a lone text below or inside the table: a note or a section heading
    return None


def _is_note_text(first_text: str, filled: list[tuple[int, str]], rules: NotDataRules) -> bool:
    """« Source : … », « Champ : … », « NB … » open a note when the word is followed by a colon, or when it is the
    row's one text (alone, or merged across the row): a collège « Champ-Lumière » with its commune is data."""
    first = filled[0][1]
    starts = [p for p in rules.note_row_prefixes if first == p or first.startswith(p + " ")]
    if not starts:
        return False
    one_text = len({text for _, text in filled}) == 1
    colon = first_text.find(":")  # « Source : Rectorat », « NB: … »
    return one_text or 0 <= colon <= len(starts[0]) + 2


def _looks_numeric(value: object) -> bool:
    if isinstance(value, int | float):
        return True
    return cell_text(value).replace(" ", "").replace(",", "").replace(".", "").isdigit()


def read_table(sheet: Sheet, header: Header, family: Family, rules: NotDataRules, file_name: str,
               territory: Territory) -> SheetTable:
    title = " ".join(cell_text(c) for row in sheet.rows[: header.row_index] for c in row if cell_text(c))
    context = {
        name: _context_value(spec.sources, spec.keywords(territory), spec.pattern, sheet.name, title, file_name)
        for name, spec in family.context.items()
        if name not in header.columns.values()
    }
    table = SheetTable(sheet.name, header, [], context)
    for row_index in range(header.row_index + 1, len(sheet.rows)):
        cells = sheet.rows[row_index]
        reason = _row_reason(cells, header, rules)
        if reason is None:
            table.rows.append((row_index + 1, cells))
        else:
            preview = " | ".join(
                cell_text(c) for i, c in enumerate(cells) if cell_text(c) and i not in header.personal
            )[:80]
            table.dropped_rows.append(DroppedRow(sheet.name, row_index + 1, reason, preview))
    return table


def _context_value(
    sources: tuple[str, ...],
    values: dict[str, tuple[str, ...]],
    pattern: str | None,
    sheet_name: str,
    title: str,
    file_name: str,
) -> str | None:
    texts = {"sheet": sheet_name, "title": title, "file": file_name}
    for source in sources:
        text = texts[source]
        if pattern == "school_year":
            year = parse_school_year(text)
            if year is not None:
                return f"{year}-{year + 1}"
            continue
        if pattern == "year":
            found = re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", text)
            if found is not None:
                return found.group(0)
            continue
        words = f" {normalise_label(text.replace('_', ' '))} "
        for value, keywords in values.items():
            if any(f" {keyword} " in words for keyword in keywords):
                return value
    return None


def is_ignored_sheet(sheet_name: str, rules: NotDataRules) -> bool:
    name = normalise_label(sheet_name)
    return any(name == p or name.startswith(p + " ") for p in rules.ignored_sheet_prefixes)
