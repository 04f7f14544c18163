"""A record's temporal coverage: the first and last school year its rows carry ({"start": 1985, "end": 2021}), or,
for a list whose rows carry no year, the day its content was received, twice ({"start": "2021-09-15", ...}): the
list describes the establishments « état au » that day, and no school year is invented from a file's date."""

from __future__ import annotations

import re

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_as_of(coverage: dict) -> bool:
    return isinstance(coverage["start"], str) and bool(_DAY.fullmatch(coverage["start"]))


def coverage_text(coverage: dict) -> str:
    """« 1985–2021 », or « état au 15/09/2021 »."""
    if is_as_of(coverage):
        year, month, day = _DAY.fullmatch(coverage["end"]).groups()
        return f"état au {day}/{month}/{year}"
    return f"{coverage['start']}–{coverage['end']}"


def interval(coverage: dict) -> str:
    """The ISO 8601 form portals hold: « 1985/2021 », « 2021-09-15/2021-09-15 »."""
    return f"{coverage['start']}/{coverage['end']}"


def from_interval(text: str | None) -> dict | None:
    """The coverage an ISO 8601 interval written by interval() says, or None."""
    start, _, end = (text or "").partition("/")
    if start.isdigit() and end.isdigit():
        return {"start": int(start), "end": int(end)}
    if _DAY.fullmatch(start) and _DAY.fullmatch(end):
        return {"start": start, "end": end}
    return None


def dates(coverage: dict) -> tuple[str, str]:
    """The first and last day covered: school years 1985–2021 run from 1985-09-01 to 2022-08-31; a list « état
    au » a day covers that day."""
    if is_as_of(coverage):
        return coverage["start"], coverage["end"]
    return f"{int(coverage['start'])}-09-01", f"{int(coverage['end']) + 1}-08-31"
