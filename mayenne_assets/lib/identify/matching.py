"""Resolving collèges written by name and commune to their UAI, against the collège directory.

Names differ in spelling, accents and prefixes ("Collège privé Saint Joseph", "St Joseph", "Saint-Joseph"); the
commune decides between namesakes; a typo ("Fernand Pusch") still resolves. Every match records its method and
score; a name that does not resolve with confidence is an error, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from mayenne_assets.lib.common.territory import current_territory
from mayenne_assets.lib.common.text import normalise_label
from mayenne_assets.lib.common.uai import is_valid_uai, normalise_uai

MIN_NAME_SCORE = 85.0  # below this a name is not the same collège
MIN_MARGIN = 8.0  # the best candidate must beat the next one by this much
MIN_COMMUNE_SCORE = 90.0
SUBSET_WEIGHT = 0.95  # "Le Prieuré" for "Le Prieuré - Ensemble scolaire Bx Frassati": close, not identical

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "bx": "bienheureux", "n d": "notre dame"}
_NOISE_WORDS = {
    "college", "colleges", "clg", "prive", "privee", "public", "publique", "sous", "contrat", "ecole",
    "secondaire", "etablissement", "ensemble", "scolaire", "de", "du", "des", "la", "le", "les", "l", "d",
}


def name_key(name: str) -> str:
    """The comparable core of a collège name: "Collège privé St-Joseph" → "saint joseph"."""
    words = [_ABBREVIATIONS.get(w, w) for w in normalise_label(name).split()]
    return " ".join(w for w in words if w not in _NOISE_WORDS)


def commune_key(name: str) -> str:
    words = [_ABBREVIATIONS.get(w, w) for w in normalise_label(name).split()]
    return re.sub(r"\bcedex\b.*$", "", " ".join(words)).strip()


@dataclass(frozen=True)
class DirectoryEntry:
    uai: str
    names: tuple[str, ...]
    code_commune: str
    commune: str = ""  # its name, for messages

    def __str__(self) -> str:
        return f"{self.uai} « {self.names[0]} »" + (f" ({self.commune})" if self.commune else "")


@dataclass(frozen=True)
class Match:
    uai: str | None
    method: str  # "uai", "name_commune", "name"; "unresolved" when uai is None
    score: float
    detail: str


def _name_score(written: str, known: str) -> float:
    """How alike two name keys are; a written name that is part of the known one ("Le Prieuré" for "Le Prieuré
    Bienheureux Frassati") scores high, a written name with words the known one lacks does not."""
    score = fuzz.ratio(written, known)
    if written and set(written.split()) <= set(known.split()):
        score = max(score, SUBSET_WEIGHT * 100)
    return score


class CommuneIndex:
    """INSEE communes by name, delegated and former communes pointing to the commune they belong to now."""

    def __init__(self, names_to_code: dict[str, str]):
        self._codes = {commune_key(name): code for name, code in names_to_code.items()}

    def resolve(self, name: str | None) -> tuple[str | None, float]:
        key = commune_key(name or "")
        if not key:
            return None, 0.0
        if key in self._codes:
            return self._codes[key], 100.0
        scored = sorted(((fuzz.ratio(key, k), code) for k, code in self._codes.items()), reverse=True)
        best_score, best_code = scored[0]
        ok = best_score >= MIN_COMMUNE_SCORE and (len(scored) == 1 or scored[1][1] == best_code or
                                                  best_score - scored[1][0] >= 3)
        return (best_code, best_score) if ok else (None, best_score)


class CollegeMatcher:
    """known_uai_only: a written UAI must be one of the directory's (collèges); without it a UAI the reference
    lacks is taken as written (higher education: the reference lists only some establishments)."""

    def __init__(self, directory: list[DirectoryEntry], communes: CommuneIndex, known_uai_only: bool = True):
        self.territory = current_territory()
        self._directory = directory
        self._by_uai = {entry.uai: entry for entry in directory}
        self.communes = communes
        self.known_uai_only = known_uai_only

    def resolve(self, name: str | None, commune: str | None, uai: str | None = None) -> Match:
        written_uai = normalise_uai(uai)
        if written_uai:
            return self._check_written_uai(written_uai, name, commune)
        if not name_key(name or ""):
            return Match(None, "unresolved", 0.0, "no collège name and no UAI")
        code_commune, _ = self.communes.resolve(commune)
        if commune and code_commune is None:
            return Match(None, "unresolved", 0.0, f"commune {commune!r} is not a commune of the département")
        candidates = [e for e in self._directory if code_commune is None or e.code_commune == code_commune]
        return self._best(name or "", candidates, "name_commune" if code_commune else "name")

    def _check_written_uai(self, uai: str, name: str | None, commune: str | None) -> Match:
        """A written UAI is trusted only when it is a collège of the directory that agrees with the name and
        commune on its row: a made-up or swapped code would otherwise move one collège's data to another."""
        if not is_valid_uai(uai):
            return Match(None, "unresolved", 0.0, f"UAI {uai!r} has a wrong key letter")
        if uai[:3] not in self.territory.uai_prefixes:
            return Match(None, "unresolved", 0.0,
                         f"UAI {uai!r} is of département {uai[:3]}, not of {self.territory.name}")
        entry = self._by_uai.get(uai)
        if entry is None:
            if self.known_uai_only:
                return Match(None, "unresolved", 0.0,
                             f"UAI {uai!r} is not a collège of the directory of the département (a lycée's or an "
                             "école's code, or one that does not exist); check the code")
            return Match(uai, "uai", 100.0, "UAI written in the workbook (not in the reference)")
        if name_key(name or ""):
            by_name = self.resolve(name, commune)
            agrees = by_name.uai == uai or (
                by_name.uai is None and max(_name_score(name_key(name or ""), name_key(n)) for n in entry.names)
                >= MIN_NAME_SCORE)
            if not agrees:
                other = f"; the name is that of {self._by_uai[by_name.uai]}" if by_name.uai in self._by_uai else ""
                return Match(None, "unresolved", 0.0,
                             f"UAI {uai!r} is the collège {entry}, not « {name} »{other}: correct the UAI or the name")
        return Match(uai, "uai", 100.0, "UAI written in the workbook, agreeing with its name and commune")

    def _best(self, name: str, candidates: list[DirectoryEntry], method: str) -> Match:
        key = name_key(name)
        scored = sorted(((max(_name_score(key, name_key(n)) for n in e.names), e.uai) for e in candidates),
                        reverse=True)
        if not scored:
            return Match(None, "unresolved", 0.0, "no collège of the directory in that commune")
        best_score, best_uai = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best_score < MIN_NAME_SCORE:
            return Match(None, "unresolved", best_score, f"no directory name close enough (best {best_score:.0f})")
        if best_score - runner_up < MIN_MARGIN:
            return Match(None, "unresolved", best_score,
                         f"ambiguous: {scored[0][1]} and {scored[1][1]} fit as well; give the commune or the UAI")
        return Match(best_uai, method, round(best_score, 1), f"matched {best_uai} at {best_score:.0f}/100")
