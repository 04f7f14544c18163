"""The real collèges and communes of the département the sample is generated for, as the sample generator and
the tests use them: the territory the generator is asked for (53 by default; FR: every département; see
generating_for), read from the national references shipped with the package."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

import duckdb

from mayenne_assets.lib.common.territory import MAYENNE, REFERENCE_DATA, Territory, geography
from mayenne_assets.lib.common.text import strip_accents
from mayenne_assets.lib.identify.matching import commune_key, name_key


@dataclass(frozen=True)
class College:
    uai: str
    appellation: str
    patronyme: str
    secteur: str  # "Public" or "Privé"
    adresse: str
    code_postal: str
    commune: str
    code_commune: str
    latitude: float | None
    longitude: float | None
    x_lambert93: float | None  # the directory's metres: Lambert-93, or the territory's system overseas
    y_lambert93: float | None
    under_contract: bool
    academie: str

    @property
    def mail_domain(self) -> str:
        """The académie's mail domain: ac-nantes.fr."""
        return "ac-" + strip_accents(self.academie).lower().replace(" ", "-").replace("'", "-") + ".fr"


_GENERATED_FOR: ContextVar[str] = ContextVar("generated_for", default=MAYENNE["code"])


@contextmanager
def generating_for(code: str) -> Iterator[Territory]:
    """Inside it, the sample's collèges, communes and names are those of this territory's code."""
    token = _GENERATED_FOR.set(code)
    try:
        yield sample_territory()
    finally:
        _GENERATED_FOR.reset(token)


def sample_territory() -> Territory:
    return geography(_GENERATED_FOR.get())


def reference_rows(sql: str) -> list[dict]:
    """The rows of a query on the shipped references ({ref} is their folder), as dictionaries."""
    con = duckdb.connect()
    con.create_function("name_key", name_key, [str], str)
    result = con.execute(sql.replace("{ref}", REFERENCE_DATA.as_posix()))
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _number(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


@cache
def _colleges(code: str) -> tuple[College, ...]:
    territory = geography(code)
    men = ", ".join(f"'{d.code_men}'" for d in territory.departements)
    # Left out, as a workbook could not name them: a collège the directory gives no name, and one whose commune
    # is newer than the COG 2022 the communes come from (the directory is of 2024).
    rows = reference_rows(f"select * from '{{ref}}/colleges.parquet' where code_departement in ({men}) "
                 f"and name_key(coalesce(appellation_officielle, patronyme_uai, '')) <> '' "
                 f"and code_commune in (select COM from '{{ref}}/communes.parquet') order by numero_uai")
    cog_names = {commune_key(name) for (name,) in duckdb.connect().execute(
        f"select LIBELLE from '{(REFERENCE_DATA / 'communes.parquet').as_posix()}'").fetchall()}
    found = tuple(
        College(
            uai=r["numero_uai"],
            appellation=r["appellation_officielle"] or r["patronyme_uai"],
            patronyme=r["patronyme_uai"] if name_key(r["patronyme_uai"] or "") else r["appellation_officielle"],
            secteur=r["secteur_public_prive_libe"],
            adresse=r["adresse_uai"] or "",
            code_postal=r["code_postal_uai"],
            commune=r["libelle_commune"],
            code_commune=r["code_commune"],
            latitude=_number(r["latitude"]),
            longitude=_number(r["longitude"]),
            x_lambert93=_number(r["coordonnee_x"]),
            y_lambert93=_number(r["coordonnee_y"]),
            under_contract=r["secteur_public_prive_libe"] == "Public"
            or r["secteur_prive_code_type_contrat"] != "10",
            academie=r["libelle_academie"],
        )
        for r in rows if commune_key(r["libelle_commune"]) in cog_names  # a commune renamed since 2022: left out
        and r["code_commune"] in territory.communes  # the collectivité's (the Métropole de Lyon's, the Rhône's)
    )
    # Two collèges of one commune with the same names (Lille's two « Collège privé Saint Joseph »): only a UAI
    # tells them apart, and the sample's workbooks name collèges; both are left out.
    names = Counter(_names(c) for c in found)
    return tuple(c for c in found if names[_names(c)] == 1)


def _names(college: College) -> tuple[str, str, str]:
    return college.code_commune, name_key(college.appellation), name_key(college.patronyme)


def colleges() -> tuple[College, ...]:
    return _colleges(sample_territory().code)


@cache
def _arrondissement_of_commune(code: str) -> dict[str, str]:
    territory = geography(code)
    codes = ", ".join(f"'{d.code}'" for d in territory.departements)
    # Mayotte's communes are in no arrondissement: the sample groups them under the département's name.
    rows = reference_rows(f"select c.COM, coalesce(a.nom_arrondissement, d.nom_departement) as nom "
                 f"from '{{ref}}/communes.parquet' as c "
                 f"left join '{{ref}}/arrondissements.parquet' as a on a.code_arrondissement = c.ARR "
                 f"join '{{ref}}/departements.parquet' as d on d.code_departement = c.DEP "
                 f"where c.TYPECOM in ('COM', 'ARM') and c.DEP in ({codes})")
    return {r["COM"]: r["nom"] for r in rows}


def arrondissement_of_commune() -> dict[str, str]:
    """INSEE commune code → arrondissement name."""
    return _arrondissement_of_commune(sample_territory().code)


@cache
def _rentree_2020_enrolments(code: str) -> dict[str, int]:
    territory = geography(code)
    prefixes = ", ".join(f"'{p}'" for p in sorted(territory.uai_prefixes))
    rows = reference_rows(f"select numero_college, nombre_eleves_total from '{{ref}}/dnb_2021.parquet' "
                 f"where left(numero_college, 3) in ({prefixes})")
    return {r["numero_college"]: int(float(r["nombre_eleves_total"])) for r in rows
            if r["nombre_eleves_total"] not in (None, "", "NA")}


def rentree_2020_enrolments() -> dict[str, int]:
    """The Ministry's enrolment of rentrée 2020 per UAI (DNB 2021 file)."""
    return _rentree_2020_enrolments(sample_territory().code)
