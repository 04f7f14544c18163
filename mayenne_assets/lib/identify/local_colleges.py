"""What the services know of their collèges and the national directory does not (yet), in a file the data
officer edits without code (data/reference/colleges_locaux.toml): other names of a collège (former or usual), and
collèges not yet in the directory. Every entry names its UAI; a malformed one is an error naming the entry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.uai import is_valid_uai, normalise_uai

SECTORS = ("Public", "Privé")


@dataclass(frozen=True)
class OtherName:
    uai: str
    nom: str
    commune: str | None = None


@dataclass(frozen=True)
class LocalCollege:
    uai: str
    nom: str
    commune: str
    code_commune: str
    secteur: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class LocalKnowledge:
    names: tuple[OtherName, ...] = ()
    colleges: tuple[LocalCollege, ...] = ()
    problems: tuple[str, ...] = ()


def _uai(entry: dict, where: str, territory: Territory, problems: list[str]) -> str | None:
    written = entry.get("uai")
    uai = normalise_uai(written)
    if uai is None or not is_valid_uai(uai):
        problems.append(f"{where} : uai « {written} » n'est pas un UAI (7 chiffres et sa lettre clé, par exemple "
                        "0530484N)")
        return None
    if uai[:3] not in territory.uai_prefixes:
        problems.append(f"{where} : l'uai {uai} est du département {uai[:3]}, pas {territory.of_name}")
        return None
    return uai


def _text(entry: dict, field: str, where: str, problems: list[str]) -> str | None:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where} : « {field} » manque ; écrivez-le en texte")
        return None
    return value.strip()


def _college(entry: dict, where: str, territory: Territory, problems: list[str]) -> LocalCollege | None:
    found = len(problems)
    uai = _uai(entry, where, territory, problems)
    texts = {f: _text(entry, f, where, problems) for f in ("nom", "commune", "code_commune", "secteur")}
    if texts["secteur"] and texts["secteur"] not in SECTORS:
        problems.append(f"{where} : secteur « {texts['secteur']} » ; attendu : « Public » ou « Privé »")
    if texts["code_commune"] and texts["code_commune"] not in territory.communes:
        problems.append(f"{where} : code_commune « {texts['code_commune']} » n'est pas le code INSEE d'une commune "
                        f"{territory.of_name} (COG 2022)")
    position = [entry.get("latitude"), entry.get("longitude")]
    if any(v is not None and not isinstance(v, int | float) for v in position):
        problems.append(f"{where} : la latitude et la longitude sont des nombres en degrés décimaux (WGS84)")
    if len(problems) > found:
        return None
    return LocalCollege(uai, texts["nom"], texts["commune"], texts["code_commune"], texts["secteur"], *position)


def read_local_knowledge(path: Path, territory: Territory) -> LocalKnowledge:
    """The file's entries, checked one by one against the territory; an absent file knows nothing."""
    if not path.is_file():
        return LocalKnowledge()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return LocalKnowledge(problems=(f"{path.name} : pas un fichier TOML valide ({error})",))
    problems: list[str] = []
    names = []
    for index, entry in enumerate(raw.get("nom", []), start=1):
        where = f"{path.name}, [[nom]] n° {index}"
        uai, nom = _uai(entry, where, territory, problems), _text(entry, "nom", where, problems)
        if uai and nom:
            names.append(OtherName(uai, nom, entry.get("commune")))
    colleges = [_college(entry, f"{path.name}, [[college]] n° {index}", territory, problems)
                for index, entry in enumerate(raw.get("college", []), start=1)]
    unknown = sorted(set(raw) - {"nom", "college"})
    problems += [f"{path.name} : section [{name}] inconnue ; attendu : [[nom]] ou [[college]]" for name in unknown]
    return LocalKnowledge(tuple(names), tuple(c for c in colleges if c), tuple(problems))
