"""UAI (formerly RNE) identifiers of French schools: seven digits and a key letter."""

from __future__ import annotations

import re

_KEY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_CANDIDATE = re.compile(r"(\d{7})\s*([A-Za-z])")


def uai_key(digits: str) -> str:
    return _KEY_LETTERS[int(digits) % 23]


def normalise_uai(value: object) -> str | None:
    """"0530484n", " 0530484N ", "RNE 0530484N" → "0530484N"; None when there is no UAI-shaped text."""
    if value is None:
        return None
    match = _CANDIDATE.search(str(value).replace("\u00a0", " "))
    if match is None:
        return None
    return match.group(1) + match.group(2).upper()


def is_valid_uai(uai: str | None) -> bool:
    return bool(uai) and len(uai) == 8 and uai[:7].isdigit() and uai[7] == uai_key(uai[:7])
