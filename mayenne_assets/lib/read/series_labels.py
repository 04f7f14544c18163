"""Headers of columns that repeat per school year: "1985", "Rentrée 1985", "1985-1986", "1985/86", "RS 1985",
"Constat 2021", "Prévision 2022", "2022 (p)", "P2023", "Montant 2019-2020", "2020/2021 (€)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mayenne_assets.lib.common.text import normalise_label

_LETTER_DIGIT = re.compile(r"(?<=[a-z€])(?=\d)|(?<=\d)(?=[a-z€])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?: (\d{2}|\d{4}))?(?!\d)")

_NEUTRAL_WORDS = {"rentree", "rs", "annee", "scolaire", "effectifs", "effectif", "eleves", "en", "de", "la", "du"}
_PROJECTION_WORDS = {"prevision", "previsions", "projection", "projections", "prev", "p", "prevu", "estimation"}
_CONSTAT_WORDS = {"constat", "constate", "observe", "reel"}
_MONEY_WORDS = {"montant", "montants", "€", "euros", "euro", "eur", "subvention"}
_KNOWN_WORDS = _NEUTRAL_WORDS | _PROJECTION_WORDS | _CONSTAT_WORDS | _MONEY_WORDS


@dataclass(frozen=True)
class SeriesLabel:
    year: int  # the autumn year of the school year: 1985 for 1985-1986
    nature: str | None  # "constat", "projection" or None when the label does not say
    money: bool  # the label says the values are euros

    @property
    def school_year(self) -> str:
        return f"{self.year}-{self.year + 1}"


def parse_series_label(label: object) -> SeriesLabel | None:
    """The school year a column header names, or None when it is not a per-year column."""
    text = _LETTER_DIGIT.sub(" ", normalise_label(label))
    match = _YEAR.search(text)
    if match is None:
        return None
    year = int(match.group(1))
    second = match.group(2)
    if second is not None and int(second) % 100 != (year + 1) % 100:
        return None  # "1985 1990" is a range, not a school year
    words = set((text[: match.start()] + " " + text[match.end() :]).split())
    if not words <= _KNOWN_WORDS:
        return None  # "Évolution 2020-2021", "Moyenne 2019": derived, not a year of data
    nature = None
    if words & _CONSTAT_WORDS:
        nature = "constat"
    elif words & _PROJECTION_WORDS:
        nature = "projection"
    return SeriesLabel(year=year, nature=nature, money=bool(words & _MONEY_WORDS))


def parse_school_year(text: object) -> int | None:
    """The autumn year of a school year written anywhere in a text ("Équipements 2020-2021" → 2020)."""
    normalised = _LETTER_DIGIT.sub(" ", normalise_label(text))
    for match in _YEAR.finditer(normalised):
        second = match.group(2)
        if second is not None and int(second) % 100 == (int(match.group(1)) + 1) % 100:
            return int(match.group(1))
    return None
