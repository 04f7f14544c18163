"""Names of people as written in one cell: "Mme Anne DUPONT", "M. Jean-Marc LE GALL", councillors' lists."""

from __future__ import annotations

import re

from mayenne_assets.lib.common.text import cell_text

_CIVILITES = {"mme": "Mme", "madame": "Mme", "mlle": "Mme", "m": "M.", "mr": "M.", "monsieur": "M."}
_SEPARATORS = re.compile(r"\s*(?:/|;|,|\n|\r|\bet\b)\s*", re.IGNORECASE)


def normalise_civilite(value: object) -> str | None:
    return _CIVILITES.get(cell_text(value).lower().rstrip(".").strip())


def split_person(value: object) -> tuple[str | None, str | None, str | None]:
    """(civilité, prénom, nom) from one cell. The surname is the run of words in capitals, or the last word."""
    words = cell_text(value).split()
    civilite = normalise_civilite(words[0]) if words else None
    if civilite:
        words = words[1:]
    if not words:
        return civilite, None, None
    capitals = [i for i, w in enumerate(words) if w.isupper() and len(w.strip("-'")) > 1]
    if capitals and capitals[0] > 0:
        first, last = words[: capitals[0]], words[capitals[0] :]
    elif capitals and len(capitals) < len(words):
        first, last = words[len(capitals):], words[: len(capitals)]  # "DUPONT Anne"
    else:
        first, last = words[:-1], words[-1:]
    return civilite, " ".join(first) or None, " ".join(last) or None


def split_names(value: object) -> list[str]:
    """Several names in one cell, separated by " / ", ";", ",", " et " or line breaks."""
    text = "\n".join(str(value).splitlines()) if value is not None else ""
    return [name.strip() for name in _SEPARATORS.split(text) if name and name.strip()]
