"""The territory the pipeline publishes for: one département (MAYENNE_DEPARTEMENT, 53 by default), the part of
one that a collectivité runs (« 69M », the Métropole de Lyon; « 69D », the Département du Rhône), or every
département at once ("FR", the national benchmark), and the publisher's identity (MAYENNE_SIREN).

The publisher is the collectivité that runs the territory's collèges (reference_data/collectivites.toml, by the
COG's CTCD code of its communes): the Département de la Mayenne, the Collectivité de Corse, the Ville de Paris…

Everything else about it is derived from the national references shipped in reference_data/ (rebuilt by
scripts/build_reference.py): its name and how French introduces it, its académie and region (the Ministry's
directory), its communes and arrondissements (INSEE COG 2022), its collèges' UAI prefixes and extent.
Which territory a deployment publishes for is a setting (mayenne_assets/settings.py reads it): this module is
given a code and an identity, never the environment.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import duckdb

from mayenne_assets.lib.common.luhn import luhn_valid

REFERENCE_DATA = Path(__file__).resolve().parents[2] / "reference_data"
WHOLE_COUNTRY = "FR"
MAYENNE = {"code": "53", "siren": "225300011", "siret": "22530001100015", "contact": "opendata@lamayenne.fr"}
MARGIN_DEGREES = 0.25  # around the collèges' extent: the communes at the edge lie a little beyond

# How French introduces a name, by its INSEE type (TNCC): « de la Mayenne », « en Mayenne », « du Nord »…
_OF = {"0": "de ", "1": "d'", "2": "du ", "3": "de la ", "4": "des ", "5": "de l'"}
_IN = {"0": "à ", "1": "à ", "2": "dans le ", "3": "en ", "4": "dans les ", "5": "dans l'"}


# A published column → the attribute of each département it takes its values from.
_OF_EACH_DEPARTEMENT = {
    "code_departement": "code", "code_departement_men": "code_men", "nom_departement": "nom",
    "code_academie": "code_academie", "libelle_academie": "libelle_academie", "code_region": "code_region",
    "libelle_region": "libelle_region",
}


class TerritoryError(ValueError):
    """The configured département or publisher cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Collectivite:
    """The collectivité that runs the collèges: how it is named, what its elected members are called."""

    code: str  # INSEE's CTCD: "53D", "75C", "69M", "20R"
    nom: str  # "Département de la Mayenne", "Ville de Paris"
    article: str  # "le", "la"
    nature: str
    elus: str  # "conseillers départementaux", "conseillers de Paris"
    source: str

    @property
    def short(self) -> str:
        """How a text that already named the territory calls it: « Département », « Ville de Paris »."""
        return "Département" if self.nature == "département" else self.nom

    @property
    def le(self) -> str:
        """« le Département », « la Ville de Paris »."""
        return f"{self.article} {self.short}"

    @property
    def du(self) -> str:
        """« du Département », « de la Ville de Paris »."""
        return ("du " if self.article == "le" else "de la ") + self.short

    @property
    def par(self) -> str:
        """« par le Département de la Mayenne », « par la Ville de Paris »."""
        return f"par {self.article} {self.nom}"


@cache
def _collectivites_table() -> dict:
    return tomllib.loads((REFERENCE_DATA / "collectivites.toml").read_text(encoding="utf-8"))


def _collectivite(ctcd: str, of_departement: str) -> Collectivite:
    table = _collectivites_table()
    entry = table["collectivites"].get(ctcd, table["departement"])
    return Collectivite(ctcd, entry["nom"].replace("{de_departement}", of_departement), entry["article"],
                        entry["nature"], entry["elus"], entry["source"])


@dataclass(frozen=True)
class Departement:
    code: str  # INSEE (COG): "53", "2A", "974"
    code_men: str  # the Ministry's, on three characters: "053", "02A"
    nom: str
    tncc: str
    code_region: str
    libelle_region: str
    code_academie: str
    libelle_academie: str
    chef_lieu: str  # the name of its prefecture's commune

    @property
    def postal_prefix(self) -> str:
        return "20" if self.code in ("2A", "2B") else self.code


@dataclass(frozen=True)
class Box:
    lat: tuple[float, float]
    lon: tuple[float, float]

    def holds(self, lat: float, lon: float) -> bool:
        return self.lat[0] <= lat <= self.lat[1] and self.lon[0] <= lon <= self.lon[1]


@dataclass(frozen=True)
class Territory:
    code: str  # a département's code, or "FR"
    departements: tuple[Departement, ...]
    arrondissements: dict[str, str]  # INSEE code → name
    communes: frozenset[str]  # INSEE codes of the current communes (and of the municipal arrondissements)
    communes_without_arrondissement: bool  # Mayotte's: INSEE places them in no arrondissement
    uai_prefixes: frozenset[str]  # the first three characters of its collèges' UAIs
    postal_prefixes: frozenset[str]  # what its postal codes start with
    boxes: tuple[Box, ...]  # one per département
    projections: frozenset[str]  # the projected systems (EPSG:2154…) of its collèges in the Ministry's directory
    collectivite: Collectivite | None  # None for the whole country
    part_of_departement: bool  # only the communes a collectivité runs (69M, 69D)
    siren: str
    siret: str | None = None
    contact: str | None = None

    @property
    def single(self) -> Departement | None:
        return self.departements[0] if len(self.departements) == 1 else None

    @property
    def name(self) -> str:
        return self.single.nom if self.single else "France"

    @property
    def of_name(self) -> str:
        """« de la Mayenne », « du Nord », « de France »."""
        return _OF[self.single.tncc] + self.single.nom if self.single else "de France"

    @property
    def in_name(self) -> str:
        """« en Mayenne », « dans le Nord », « en France »."""
        return _IN[self.single.tncc] + self.single.nom if self.single else "en France"

    @property
    def publisher(self) -> str:
        return self.collectivite.nom if self.collectivite else "Départements de France"

    def inside(self, lat: float, lon: float) -> bool:
        return any(box.holds(lat, lon) for box in self.boxes)

    def axis_ranges(self, axis: str) -> list[tuple[float, float]]:
        return sorted({getattr(box, axis) for box in self.boxes})

    def allowed(self, what: str) -> tuple[str, ...]:
        """The values a published column may hold here, by what it is (the field dictionary names it)."""
        if what in _OF_EACH_DEPARTEMENT:
            return tuple(sorted({getattr(d, _OF_EACH_DEPARTEMENT[what]) for d in self.departements}))
        return tuple(sorted({
            "code_arrondissement": lambda: self.arrondissements,
            "nom_arrondissement": lambda: self.arrondissements.values(),
            "code_commune": lambda: self.communes,
            "postal_prefix": lambda: self.postal_prefixes,
        }[what]()))

    def facts(self) -> dict[str, str]:
        """What descriptions and titles may name: {de_departement} → « de la Mayenne »…"""
        one = self.single
        every = "de chaque département"
        elected = self.collectivite.elus if self.collectivite else "conseillers départementaux"
        return {
            "departement": self.name, "de_departement": self.of_name, "en_departement": self.in_name,
            "chef_lieu": one.chef_lieu if one else "Paris",
            "publisher": self.publisher,
            "publisher_court": self.collectivite.short if self.collectivite else "départements",
            "le_publisher": self.collectivite.le if self.collectivite else "les départements",
            "du_publisher": self.collectivite.du if self.collectivite else "des départements",
            "par_publisher": self.collectivite.par if self.collectivite else "par les départements",
            "elus": elected,
            "Elus": elected[0].upper() + elected[1:],  # capitalize() would lower « Assemblée de Corse »
            "code_departement": one.code if one else every,
            "code_departement_men": one.code_men if one else every,
            "code_academie": one.code_academie if one else every,
            "libelle_academie": one.libelle_academie if one else every,
            "code_region": one.code_region if one else every,
            "libelle_region": one.libelle_region if one else every,
            "arrondissements": ", ".join(sorted(self.arrondissements.values())) if one else every,
        }

    def sql_variables(self) -> dict[str, str]:
        """What the reference models filter the national files on ({{ departements }} in dbt_like_sql/ref_*)."""
        return {"departements": ",".join(d.code for d in self.departements),
                "departements_men": ",".join(d.code_men for d in self.departements),
                "uai_prefixes": ",".join(sorted(self.uai_prefixes)),
                # a collectivité that runs part of a département: its communes (else all of them)
                "communes": ",".join(sorted(self.communes)) if self.part_of_departement else ""}

    def fill(self, text: str) -> str:
        """The text with each {fact} replaced; other braces are left as they are."""
        for name, value in self.facts().items():
            text = text.replace("{" + name + "}", value)
        return text


def _query(sql: str) -> list[tuple]:
    return duckdb.connect().execute(sql.replace("{ref}", REFERENCE_DATA.as_posix())).fetchall()


def _departements(code: str) -> tuple[Departement, ...]:
    rows = _query("select code_departement, code_departement_men, nom_departement, d.tncc, code_region, "
                  "libelle_region, code_academie, libelle_academie, c.LIBELLE from '{ref}/departements.parquet' as d "
                  "join '{ref}/communes.parquet' as c on c.COM = chef_lieu and c.TYPECOM = 'COM' "
                  "order by code_departement")
    found = tuple(Departement(*row) for row in rows if code in (WHOLE_COUNTRY, row[0]))
    if not found:
        known = ", ".join(row[0] for row in rows)
        raise TerritoryError(f"MAYENNE_DEPARTEMENT={code!r} is not a département of the COG 2022: expected one of "
                             f"{known}, or {WHOLE_COUNTRY} for all of them")
    return found


def _in(departements: tuple[Departement, ...], column: str) -> str:
    return f"{column} in ({', '.join(repr(d.code) for d in departements)})"


def _boxes(departements: tuple[Departement, ...]) -> tuple[Box, ...]:
    men = ", ".join(repr(d.code_men) for d in departements)
    rows = _query("select min(latitude::double), max(latitude::double), min(longitude::double), "
                  "max(longitude::double) from '{ref}/colleges.parquet' "
                  f"where code_departement in ({men}) and latitude <> '' group by code_departement")
    m = MARGIN_DEGREES
    return tuple(Box((a - m, b + m), (c - m, d + m)) for a, b, c, d in rows)


def _checked_siren(code: str, siren: str | None) -> str:
    if not siren:
        if code == MAYENNE["code"]:
            return MAYENNE["siren"]
        raise TerritoryError(f"MAYENNE_SIREN is not set: the publisher's SIREN cannot be derived for département "
                             f"{code} (no offline source maps a département to its SIREN); set it, e.g. "
                             f"MAYENNE_SIREN=227200029 for the Sarthe")
    if not (len(siren) == 9 and luhn_valid(siren)):
        raise TerritoryError(f"MAYENNE_SIREN={siren!r} is not a SIREN: expected 9 digits with a valid Luhn key")
    return siren


def _normalised(code: str) -> str:
    """« 053 », « 53 » → « 53 »; « 1 » → « 01 »; « 02a » → « 2A »."""
    code = code.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    return code.zfill(2)


@cache
def _collectivite_codes() -> dict[str, str]:
    """Every CTCD code of the COG whose communes lie in one département (« 53D », « 69M », « 75C ») → that
    département: a territory may be configured by it."""
    return dict(_query("select CTCD, any_value(DEP) from '{ref}/communes.parquet' where TYPECOM = 'COM' "
                       "group by CTCD having count(distinct DEP) = 1"))


def _territory_code(code: str) -> tuple[str, str | None]:
    """(département code, CTCD when a collectivité runs only part of it) of a configured code."""
    code = _normalised(code)
    if code in _collectivite_codes():
        return _collectivite_codes()[code], code
    return code, None


def _collectivite_of(departement: Departement, part: str | None) -> Collectivite:
    """The collectivité that runs the département's collèges (or the part of it configured)."""
    of_departement = _OF[departement.tncc] + departement.nom
    codes = [part] if part else [row[0] for row in _query(
        f"select distinct CTCD from '{{ref}}/communes.parquet' where DEP = '{departement.code}' "
        "and TYPECOM = 'COM' order by 1")]
    if len(codes) > 1:
        options = "; ".join(f"{c} ({_collectivite(c, of_departement).nom})" for c in codes)
        raise TerritoryError(f"MAYENNE_DEPARTEMENT={departement.code!r}: two collectivités run its collèges, "
                             f"each publishing its own: set MAYENNE_DEPARTEMENT to one of {options}")
    return _collectivite(codes[0], of_departement)


@cache
def geography(code: str = MAYENNE["code"]) -> Territory:
    """The territory of a département code, a collectivité's CTCD code (69M) or FR, without its publisher's
    SIREN: what the sample generator needs."""
    departement, part = _territory_code(code)
    departements = _departements(departement)
    of_ctcd = f" and CTCD = '{part}'" if part else ""
    communes = dict(_query(f"select COM, ARR from '{{ref}}/communes.parquet' where TYPECOM in ('COM', 'ARM') "
                           f"and {_in(departements, 'DEP')}{of_ctcd}"))
    its_arrondissements = ", ".join(sorted(repr(a) for a in set(communes.values()) if a)) or "null"
    arrondissements = dict(_query(f"select code_arrondissement, nom_arrondissement from "
                                  f"'{{ref}}/arrondissements.parquet' where code_arrondissement in "
                                  f"({its_arrondissements})"))
    men = ", ".join(repr(d.code_men) for d in departements)
    prefixes = {row[0] for row in _query(f"select distinct left(numero_uai, 3) from '{{ref}}/colleges.parquet' "
                                         f"where code_departement in ({men})")}
    # Postal codes start with the département's prefix, but the Ministry writes a few others (La Réunion's 978..):
    # those of its own directory are allowed too.
    postal = {d.postal_prefix for d in departements}
    postal |= {row[0] for row in _query(f"select distinct left(code_postal_uai, 3) from '{{ref}}/colleges.parquet' "
                                        f"where code_departement in ({men}) and code_postal_uai is not null")
               if not any(row[0].startswith(p) for p in postal)}
    projections = {row[0] for row in _query(f"select distinct EPSG from '{{ref}}/colleges.parquet' "
                                            f"where code_departement in ({men}) and EPSG like 'EPSG:%'")}
    collectivite = _collectivite_of(departements[0], part) if len(departements) == 1 else None
    return Territory(part or departement, departements, arrondissements, frozenset(communes),
                     not all(communes.values()), frozenset(prefixes | {d.code_men for d in departements}),
                     frozenset(postal), _boxes(departements), frozenset(projections), collectivite,
                     part is not None, siren="")


@cache
def territory(code: str = MAYENNE["code"], siren: str | None = None, siret: str | None = None,
              contact: str | None = None) -> Territory:
    """The territory and its publisher; Mayenne's identity is the default for 53 only."""
    where = geography(code)
    siren = _checked_siren(where.code, siren)
    if siret and not (len(siret) == 14 and siret.startswith(siren) and luhn_valid(siret)):
        raise TerritoryError(f"MAYENNE_SIRET={siret!r} is not a SIRET of {siren}: expected 14 digits starting "
                             f"with the SIREN, with a valid Luhn key")
    is_mayenne = where.code == MAYENNE["code"] and siren == MAYENNE["siren"]
    contact = contact or (MAYENNE["contact"] if is_mayenne else None)
    if not contact or not ("@" in contact or contact.startswith(("https://", "http://"))):
        raise TerritoryError(f"MAYENNE_CONTACT={contact or ''!r}: every published record and the catalogue name "
                             f"the contact of {where.publisher}, and none is known for it; set MAYENNE_CONTACT to "
                             "its open-data mailbox or contact page (e.g. opendata@example.fr)")
    return replace(where, siren=siren, siret=siret or (MAYENNE["siret"] if is_mayenne else None), contact=contact)

