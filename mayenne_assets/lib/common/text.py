"""Normalising what people type in spreadsheet cells: labels, numbers, missing markers, yes/no marks."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z%*€]+")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_label(value: object) -> str:
    """The comparable form of a label: lower case, no accents, punctuation and line breaks as one space.

    "Nom du\\ncollège", "NOM DU COLLEGE" and " Nom du collège " all give "nom du college".
    """
    if value is None:
        return ""
    if type(value) is int or (type(value) is float and value.is_integer()):  # most cells of a big table
        return cell_text(value)
    return _normalised(cell_text(value))


@lru_cache(maxsize=1 << 16)  # a workbook repeats its labels, names and markers thousands of times
def _normalised(text: str) -> str:
    text = strip_accents(text.replace("\u00a0", " ").replace("\u202f", " ")).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", text).strip()


def cell_text(value: object) -> str:
    """A cell as the text a person sees: 1985.0 reads "1985", None reads "", "  a  b " reads "a b"."""
    if value is None:
        return ""
    if type(value) is str:  # the common cases first: a national drive has millions of cells
        return _folded(value)
    if type(value) is int:
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _folded(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    # Spaces are folded; line breaks inside a cell are kept: they separate items ("Formations", councillors).
    return _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text)).strip()


def quoted(value: object) -> str:
    """A value as French messages cite it: « trois cents »; an empty one as « » (never Python's 'repr')."""
    return f"« {value} »"


def thousands(n: float) -> str:
    """A whole number as French writes it: « 1 505 », the groups joined by a narrow no-break space (the charts'
    fr-FR locale writes the same)."""
    return f"{n:,.0f}".replace(",", "\u202f")


def french_number(text: str) -> str:
    """A number as published (« 1505 », « -0.7712 ») as French writes it: « 1 505 », « -0,7712 »; a text that is
    no number is given back as it is."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return text
    return sign + thousands(int(whole)) + (f",{fraction}" if fraction else "")


class NotANumber(ValueError):
    """A cell that should hold a number holds something else."""


def parse_number(value: object, missing_markers: frozenset[str]) -> float | None:
    """A number from a cell: 1234, "1 234", "1234,0", " 512 ". Missing markers give None, never 0."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = cell_text(value)
    if normalise_label(text) in missing_markers or text in missing_markers:
        return None
    compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("€", "")
    if "," in compact and "." in compact:
        compact = compact.replace(".", "")  # "1.234,5": the dot groups thousands
    compact = compact.replace(",", ".")
    if not _NUMBER.match(compact):
        raise NotANumber(f"{text!r} is not a number")
    return float(compact)


def parse_yes_no(value: object, yes_marks: frozenset[str], no_marks: frozenset[str]) -> bool | None:
    """True for "X", "oui", "1", "✓"; False for blank, "non", "0"; None for anything else."""
    text = cell_text(value).strip().lower()
    if text in yes_marks or normalise_label(text) in yes_marks:
        return True
    if text in no_marks or normalise_label(text) in no_marks:
        return False
    return None
