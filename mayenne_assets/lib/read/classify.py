"""Which family a workbook belongs to, decided from the header labels found in it (raw-workbooks.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mayenne_assets.lib.common.text import cell_text, normalise_label
from mayenne_assets.lib.drive.snapshot import UnreadableWorkbook
from mayenne_assets.lib.read.families import Family, families, not_data_rules
from mayenne_assets.lib.read.table_reader import HEADER_SEARCH_ROWS, Header, find_header, is_ignored_sheet
from mayenne_assets.lib.read.workbook import ReaderTooSlow, Sheet, read_sheet_heads

_PROJECTION_WORDS = ("projection", "prevision", "prospective", "previsionnel")


@dataclass
class Classification:
    path: Path
    feed: str | None  # the family (or family group) the file feeds; None when refused
    reason: str  # why it was refused, or what was found
    problem: str = ""  # when refused: "unreadable", "no_family" or "several_families"; "too_slow": not yet known
    tables: dict[str, list[tuple[Family, Header]]] = field(default_factory=dict)  # sheet → its tables


def _mentions_projection(text: str) -> bool:
    words = normalise_label(text)
    return any(word in words for word in _PROJECTION_WORDS)


def _projected_years(sheet: Sheet, header: Header, file_name: str) -> bool:
    """Years marked observed or projected, or a title or sheet that says projection, make a projection table.
    Years after this one say so too, unless the file name calls it enrolments and not projections: then it is
    an enrolment table with a year in the future, which its schema check will refuse."""
    if any(s.nature is not None for s in header.series.values()):
        return True
    above = " ".join(cell_text(c) for row in sheet.rows[: header.row_index] for c in row)
    if _mentions_projection(f"{above} {sheet.name}"):
        return True
    if header.series and max(s.year for s in header.series.values()) > dt.date.today().year:
        return _mentions_projection(file_name) or "effectifs" not in normalise_label(file_name)
    return _mentions_projection(file_name)


DISCRIMINANTS: dict[str, Callable[[Sheet, Header, str], bool]] = {
    "projected_years": _projected_years,
    "observed_years": lambda sheet, header, name: not _projected_years(sheet, header, name),
}


def family_header(sheet: Sheet, family: Family, file_name: str) -> Header | None:
    """The family's header in the sheet when the sheet holds a table of that family, else None."""
    header = find_header(sheet, family, not_data_rules())
    if header is None:
        return None
    if family.signature and not set(family.signature) & header.present:
        return None
    if family.discriminant and not DISCRIMINANTS[family.discriminant](sheet, header, file_name):
        return None
    return header


CLEAR_COVERAGE_MARGIN = 2  # a family explains a header better when it names at least 2 more of its columns


def sheet_tables(sheet: Sheet, file_name: str) -> list[tuple[Family, Header]]:
    """The families whose table this sheet holds. When several fit, the one that names clearly more of the
    header's columns wins (a list of universities also has "Établissement" and "Commune", like a directory);
    when none is clearly better, all are returned and the file is refused as ambiguous."""
    if is_ignored_sheet(sheet.name, not_data_rules()):
        return []
    fits = [(f, h) for f in families().values() if (h := family_header(sheet, f, file_name)) is not None]
    if len(fits) < 2:
        return fits
    coverage = sorted(((len(h.columns) + len(h.series), f.name) for f, h in fits), reverse=True)
    if coverage[0][0] - coverage[1][0] >= CLEAR_COVERAGE_MARGIN:
        return [(f, h) for f, h in fits if f.name == coverage[0][1]]
    return fits


def classify_sheets(path: Path, sheets: list[Sheet]) -> Classification:
    found = {sheet.name: tables for sheet in sheets if (tables := sheet_tables(sheet, path.name))}
    feeds = sorted({family.feed for tables in found.values() for family, _ in tables})
    if len(feeds) == 1:
        return Classification(path, feeds[0], f"reconnu : {feeds[0]}", tables=found)
    if not feeds:
        return Classification(path, None, _no_family_reason(path, sheets), "no_family", found)
    return Classification(
        path,
        None,
        f"{path.name} : ses tableaux sont de plusieurs sortes de classeurs ({', '.join(feeds)}) ; "
        "mettez chaque tableau dans son propre classeur",
        "several_families",
        found,
    )


def hinted_families(path: Path) -> list[Family]:
    """The families whose words the file name holds: a hint, to explain a refusal, never to read a file."""
    words = f" {normalise_label(path.stem.replace('_', ' '))} "
    return [f for f in families().values() if any(f" {hint} " in words for hint in f.file_hints)]


def _no_family_reason(path: Path, sheets: list[Sheet]) -> str:
    hinted = hinted_families(path)
    expected = "".join(f"\n- {f.title} : {f.required_labels_text()}" for f in hinted or families().values())
    read_as = "".join(f" ({sheet.read_as} : est-ce bien son séparateur ?)" for sheet in sheets if sheet.read_as)
    return (
        f"{path.name} : aucun onglet n'a de ligne d'en-tête avec les intitulés d'un classeur connu{read_as} "
        f"(cherchée dans les premières lignes de chaque onglet). Attendu, l'un de :{expected}"
    )


HEAD_ROWS = HEADER_SEARCH_ROWS + 1  # a header is looked for in these rows, and may span two


def classify(path: Path) -> Classification:
    """Classify one file of the shared drive from the first rows of its sheets (all a header search reads), so
    that a big workbook is recognised as fast as a small one; an unreadable file is refused with the reason.
    Reading every cell, and refusing what they hold, is the run's work."""
    try:
        sheets = read_sheet_heads(path, HEAD_ROWS)
    except ReaderTooSlow as error:
        return Classification(path, None, str(error), "too_slow")
    except UnreadableWorkbook as error:
        return Classification(path, None, str(error), "unreadable")
    return classify_sheets(path, sheets)
