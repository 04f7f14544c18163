"""A problem found in what was dropped on the drive: words the data officer can act on, and, as data, the
workbook it blames. The drive sets aside the workbooks a refused run blames: rewording a message changes nothing
of that."""

from __future__ import annotations

from collections.abc import Iterable


class Problem(str):
    """Reads and prints as its text; `blames` is the file name of the workbook at fault (None: none of them)."""

    blames: str | None

    def __new__(cls, text: str, blames: str | None = None) -> Problem:
        problem = super().__new__(cls, text)
        problem.blames = blames
        return problem


def blamed_files(problems: Iterable[str]) -> set[str]:
    """The workbooks these problems blame; a plain text blames none."""
    return {p.blames for p in problems if isinstance(p, Problem) and p.blames}
