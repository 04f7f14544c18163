"""Resolving collèges written by name and commune to their UAI, against the collège directory.

Names differ in spelling, accents and prefixes ("Collège privé Saint Joseph", "St Joseph", "Saint-Joseph"); the
commune decides between namesakes; a typo ("Fernand Pusch") still resolves. Every match records its method and
score; a name that does not resolve with confidence is an error, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import normalise_label
from mayenne_assets.lib.common.uai import is_valid_uai, normalise_uai

MIN_NAME_SCORE = 85.0  # below this a name is not the same collège
MIN_MARGIN = 8.0  # the best candidate must beat the next one by this much
# Within its commune, a typo in a short name (« Pévale » for « Pévèle ») scores lower; the name is still that
# collège when it stands clearly closest: at least MIN_COMMUNE_NAME_SCORE, and the commune's runner-up (if any)
# at least CLEAR_MARGIN behind. Two close candidates are never guessed between.
MIN_COMMUNE_NAME_SCORE = 70.0
CLEAR_MARGIN = 25.0
MIN_COMMUNE_SCORE = 90.0
COLLEGE, ESTABLISHMENT = "collège", "établissement d'enseignement supérieur"  # what messages call a row's place
AMBIGUOUS = "ambigu"  # how a detail starts when two entries fit as well
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
    sites: tuple[str, ...] = ()  # the other communes it teaches in (a university's sites)

    def __str__(self) -> str:
        return f"{self.uai} « {self.names[0]} »" + (f" ({self.commune})" if self.commune else "")


@dataclass(frozen=True)
class Match:
    uai: str | None
    method: str  # "uai", "name_commune", "name"; "unresolved" when uai is None
    score: float
    detail: str


def name_score(written: str, known: str) -> float:
    """How alike two name keys are; a written name that is part of the known one ("Le Prieuré" for "Le Prieuré
    Bienheureux Frassati") scores high, a written name with words the known one lacks does not."""
    score = fuzz.ratio(written, known)
    if written and set(written.split()) <= set(known.split()):
        score = max(score, SUBSET_WEIGHT * 100)
    return score


class CommuneIndex:
    """INSEE communes by name, delegated and former communes pointing to the commune they belong to now. A name
    may be that of several communes (Saint-Denis, Miribel): all of them are candidates until a collège decides."""

    def __init__(self, names_and_codes: Iterable[tuple[str, str]]):
        codes: dict[str, set[str]] = {}
        for name, code in names_and_codes:
            codes.setdefault(commune_key(name), set()).add(code)
        self._codes = {key: tuple(sorted(found)) for key, found in codes.items()}
        self._keys = list(self._codes)
        self._fuzzy: dict[str, tuple[tuple[str, ...], float]] = {}

    def candidates(self, name: str | None) -> tuple[tuple[str, ...], float]:
        """The codes of every commune the name may be, and how well it is written (100: exactly)."""
        key = commune_key(name or "")
        if not key:
            return (), 0.0
        if key in self._codes:
            return self._codes[key], 100.0
        if key not in self._fuzzy:
            self._fuzzy[key] = self._closest(key)
        return self._fuzzy[key]

    def _closest(self, key: str) -> tuple[tuple[str, ...], float]:
        scored = process.extract(key, self._keys, scorer=fuzz.ratio, limit=2)
        (best_key, best_score, _) = scored[0]
        clear = len(scored) == 1 or best_score - scored[1][1] >= 3 or self._codes[scored[1][0]] == self._codes[best_key]
        return (self._codes[best_key], best_score) if best_score >= MIN_COMMUNE_SCORE and clear else ((), best_score)

    def resolve(self, name: str | None) -> tuple[str | None, float]:
        """The one commune the name is, or None (unknown, or the name of several communes)."""
        codes, score = self.candidates(name)
        return (codes[0], score) if len(codes) == 1 else (None, score)


class NameIndex:
    """Every name key of a whole directory, scored against a written name at once (rapidfuzz's C loop), and the
    entries whose name holds every written word (the subset rule of name_score), from an index of words."""

    def __init__(self, keys: dict[str, tuple[str, ...]]):
        self._known = {uai: known for uai, known in keys.items() if known}
        self._uais = list(self._known)
        self._keys = [k for known in self._known.values() for k in known]
        self._starts = np.cumsum([0, *[len(known) for known in self._known.values()][:-1]])
        self._position = {uai: i for i, uai in enumerate(self._uais)}
        self._by_word: dict[str, set[str]] = {}
        for uai, known in self._known.items():
            for word in {w for k in known for w in k.split()}:
                self._by_word.setdefault(word, set()).add(uai)

    def scores(self, key: str, top: int = 3) -> dict[str, float]:
        """The best few entries and their scores: only the best and the runner-up decide."""
        if not self._uais:
            return {}
        best = np.maximum.reduceat(process.cdist([key], self._keys, scorer=fuzz.ratio)[0], self._starts)
        best = best.astype(float)
        words = key.split()
        holding = set.intersection(*(self._by_word.get(w, set()) for w in words)) if words else set()
        for uai in holding:  # every written word is in one of its names: name_score's subset rule may apply
            best[self._position[uai]] = max(name_score(key, known) for known in self._known[uai])
        chosen = np.argsort(-best, kind="stable")[:top]
        return {self._uais[i]: float(best[i]) for i in chosen}


class CollegeMatcher:
    """known_uai_only: a written UAI must be one of the directory's (collèges); without it a UAI the reference
    lacks is taken as written (higher education: the reference lists only some establishments).
    beyond_commune: a name that fits none of its commune's entries is looked for in the whole directory (higher
    education: a site may lie in a neighbouring commune); namesakes inside the commune are still never guessed."""

    def __init__(self, directory: list[DirectoryEntry], communes: CommuneIndex, territory: Territory,
                 known_uai_only: bool = True, kind: str = COLLEGE, beyond_commune: bool = False):
        self.territory = territory
        self.kind = kind
        self.beyond_commune = beyond_commune
        self._directory = directory
        self._by_uai = {entry.uai: entry for entry in directory}
        self._by_commune: dict[str, list[DirectoryEntry]] = {}
        for entry in directory:
            for code in dict.fromkeys((entry.code_commune, *entry.sites)):
                self._by_commune.setdefault(code, []).append(entry)
        self._keys = {entry.uai: tuple(name_key(n) for n in entry.names) for entry in directory}
        self.communes = communes
        self.known_uai_only = known_uai_only

    def resolve(self, name: str | None, commune: str | None, uai: str | None = None) -> Match:
        written_uai = normalise_uai(uai)
        if written_uai:
            return self._check_written_uai(written_uai, name, commune)
        if not name_key(name or ""):
            return Match(None, "unresolved", 0.0, f"ni nom de {self.kind}, ni UAI")
        codes, _ = self.communes.candidates(commune)
        if commune and not codes:
            return Match(None, "unresolved", 0.0, f"« {commune} » n'est pas une commune {self.territory.of_name}")
        candidates = [e for code in codes for e in self._by_commune.get(code, ())] if codes else self._directory
        match = self._best(name or "", candidates, "name_commune" if codes else "name")
        if match.uai is None and codes and self.beyond_commune and not match.detail.startswith(AMBIGUOUS):
            return self._best(name or "", self._directory, "name")
        return match

    def commune_of(self, match: Match, commune: str | None) -> str | None:
        """The INSEE code of the row's commune: where the written name is several communes' (Saint-Denis), the
        one the matched collège (or establishment's site) is in."""
        code, _ = self.communes.resolve(commune)
        entry = self._by_uai.get(match.uai or "")
        if code is not None or entry is None:
            return code
        ours = [c for c in self.communes.candidates(commune)[0] if c in (entry.code_commune, *entry.sites)]
        return ours[0] if len(ours) == 1 else None

    def _check_written_uai(self, uai: str, name: str | None, commune: str | None) -> Match:
        """A written UAI is trusted only when it is a collège of the directory that agrees with the name and
        commune on its row: a made-up or swapped code would otherwise move one collège's data to another."""
        if not is_valid_uai(uai):
            return Match(None, "unresolved", 0.0, f"l'UAI « {uai} » a une lettre clé fausse")
        if uai[:3] not in self.territory.uai_prefixes:
            return Match(None, "unresolved", 0.0,
                         f"l'UAI « {uai} » est du département {uai[:3]}, pas {self.territory.of_name}")
        entry = self._by_uai.get(uai)
        if entry is None:
            if self.known_uai_only:
                return Match(None, "unresolved", 0.0,
                             f"l'UAI « {uai} » n'est pas un collège de l'annuaire du département (le code d'un lycée "
                             "ou d'une école, ou un code qui n'existe pas) ; vérifiez le code")
            return Match(uai, "uai", 100.0, "UAI écrit dans le classeur (absent de la référence)")
        if name_key(name or ""):
            by_name = self.resolve(name, commune)
            agrees = by_name.uai == uai or (
                by_name.uai is None and max(name_score(name_key(name or ""), name_key(n)) for n in entry.names)
                >= MIN_NAME_SCORE)
            if not agrees:
                other = f" ; le nom est celui de {self._by_uai[by_name.uai]}" if by_name.uai in self._by_uai else ""
                return Match(None, "unresolved", 0.0, f"l'UAI « {uai} » est celui de {entry}, pas de « {name} »"
                                                      f"{other} : corrigez l'UAI ou le nom")
        return Match(uai, "uai", 100.0, "UAI écrit dans le classeur, en accord avec son nom et sa commune")

    def _scores(self, key: str, candidates: list[DirectoryEntry]) -> dict[str, float]:
        """UAI → how alike its best name is to the written one."""
        if candidates is not self._directory:  # a commune's few collèges
            return {e.uai: max((name_score(key, known) for known in self._keys[e.uai]), default=0.0)
                    for e in candidates}
        return self._whole_directory.scores(key)

    @cached_property
    def _whole_directory(self) -> NameIndex:
        return NameIndex(self._keys)

    def _exact(self, name: str, candidates: list[DirectoryEntry], method: str) -> Match | None:
        """The one candidate whose official name is the written one, letter for letter once normalised: « Collège
        privé de La Salle » is that collège, whatever « Collège privé La Salle » elsewhere shares its core."""
        written = normalise_label(name)
        exact = {e.uai for e in candidates if any(normalise_label(n) == written for n in e.names)}
        if len(exact) != 1:
            return None
        [uai] = exact
        return Match(uai, method, 100.0, f"trouvé {uai} : son nom officiel exactement")

    def _best(self, name: str, candidates: list[DirectoryEntry], method: str) -> Match:
        exact = self._exact(name, candidates, method)
        if exact is not None:
            return exact
        key = name_key(name)
        scored = sorted(((score, uai) for uai, score in self._scores(key, candidates).items()), reverse=True)
        if not scored:
            return Match(None, "unresolved", 0.0, f"aucun {self.kind} de l'annuaire dans cette commune")
        best_score, best_uai = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        clearly_closest = (method == "name_commune" and best_score >= MIN_COMMUNE_NAME_SCORE
                           and best_score - runner_up >= CLEAR_MARGIN)
        if clearly_closest and best_score < MIN_NAME_SCORE:
            return Match(best_uai, method, round(best_score, 1), f"trouvé {best_uai} à {best_score:.0f}/100, "
                                                                  f"le suivant de la commune à {runner_up:.0f}")
        if best_score < MIN_NAME_SCORE:
            return Match(None, "unresolved", best_score,
                         f"aucun nom de l'annuaire assez proche (le meilleur à {best_score:.0f})")
        exactly_one = best_score == 100 and runner_up < 100  # its very name; the other only contains it
        if best_score - runner_up < MIN_MARGIN and not exactly_one:
            return Match(None, "unresolved", best_score,
                         f"{AMBIGUOUS} : {scored[0][1]} et {scored[1][1]} conviennent aussi bien ; donnez la commune "
                         "ou l'UAI")
        return Match(best_uai, method, round(best_score, 1), f"trouvé {best_uai} à {best_score:.0f}/100")
