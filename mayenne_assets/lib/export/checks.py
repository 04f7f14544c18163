"""The pandera checks the field dictionary names (declarations/fields.toml), each built from its name or its
parameters: the dictionary says which, this module says how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandera.pandas as pa

from mayenne_assets.lib.common.luhn import is_siren_or_siret
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.uai import is_valid_uai


def last_rentree(today: dt.date | None = None) -> int:
    """The latest rentrée that has happened: September starts the school year."""
    today = today or dt.date.today()
    return today.year if today.month >= 9 else today.year - 1


def _listed(values: tuple[str, ...], most: int = 6) -> str:
    return ", ".join(values[:most]) + (f"… ({len(values)} en tout)" if len(values) > most else "")


def valid_uai_in_departement(territory: Territory) -> pa.Check:
    prefixes = tuple(sorted(territory.uai_prefixes))
    return pa.Check(
        lambda s: s.map(lambda v: isinstance(v, str) and is_valid_uai(v) and v[:3] in prefixes),
        element_wise=False,
        error=f"UAI de 7 chiffres et d'une lettre clé valide, d'un collège {territory.of_name} "
              f"(commençant par {_listed(prefixes)})",
        name="uai_valid",
    )


def insee_code_in_departement(territory: Territory) -> pa.Check:
    communes = territory.allowed("code_commune")
    return pa.Check.isin(communes, error=f"code INSEE d'une commune {territory.of_name} (COG 2022)")


def in_territory(what: str, territory: Territory) -> pa.Check:
    """One of the values the territory allows for this kind of column (Territory.allowed)."""
    allowed = territory.allowed(what)
    return pa.Check.isin(allowed, error=f"{what} {territory.of_name} : {_listed(allowed)}")


def inside_departement_bounds(axis: str, territory: Territory) -> pa.Check:
    ranges = territory.axis_ranges(axis)
    return pa.Check(lambda s: s.map(lambda v: any(low <= v <= high for low, high in ranges)),
                    error=f"{axis} {territory.in_name} "
                          f"({', '.join(f'{low:.2f} à {high:.2f}' for low, high in ranges[:3])}, WGS84)",
                    name=f"inside_{axis}")


def french_phone() -> pa.Check:
    return pa.Check.str_matches(r"^0[1-9]\d{8}$", error="numéro de téléphone français à dix chiffres")


def email() -> pa.Check:
    return pa.Check.str_matches(r"^[^@\s;]+@[^@\s;]+\.[a-z]{2,}$", error="adresse électronique")


def postal_code_in_departement(territory: Territory) -> pa.Check:
    prefixes = territory.allowed("postal_prefix")
    pattern = rf"^(?=\d{{5}}$)({'|'.join(prefixes)})"
    return pa.Check.str_matches(pattern, error=f"code postal {territory.of_name} ({_listed(prefixes)}…)")


def siren_or_siret() -> pa.Check:
    return pa.Check(lambda s: s.map(lambda v: isinstance(v, str) and is_siren_or_siret(v)),
                    error="SIREN (9 chiffres) ou SIRET (14 chiffres) avec une clé de Luhn valide", name="siren_siret")


def web_address() -> pa.Check:
    """What a page may show as a link: http(s) or mailto, and no space."""
    return pa.Check.str_matches(r"^(https?://|mailto:)\S+$", error="adresse web (https://, http:// ou mailto:)")


# Checks of the territory's values are given it; the others are the same everywhere.
OF_TERRITORY: dict[str, Callable[[Territory], pa.Check]] = {
    "uai_in_departement": valid_uai_in_departement,
    "insee_code_in_departement": insee_code_in_departement,
    "postal_code_in_departement": postal_code_in_departement,
}

NAMED: dict[str, Callable[[], pa.Check]] = {
    "french_phone": french_phone,
    "email": email,
    "siren_or_siret": siren_or_siret,
    "web_address": web_address,
}

WITH_PARAMETER: dict[str, Callable[[object, Territory], pa.Check]] = {
    "isin": lambda values, _: pa.Check.isin(values),
    "eq": lambda value, _: pa.Check.eq(value),
    "ge": lambda value, _: pa.Check.ge(value),
    "in_range": lambda bounds, _: pa.Check.in_range(*bounds),
    "str_matches": lambda pattern, _: pa.Check.str_matches(pattern),
    "rentree_since": lambda first, _: pa.Check.in_range(first, last_rentree()),
    "inside_departement": inside_departement_bounds,
    "in_territory": in_territory,
}


def check_from(declared: str | dict, territory: Territory) -> pa.Check:
    """A check as fields.toml declares it: a name, or a one-entry table {kind = parameter}."""
    if isinstance(declared, str):
        return OF_TERRITORY[declared](territory) if declared in OF_TERRITORY else NAMED[declared]()
    ((kind, parameter),) = declared.items()
    return WITH_PARAMETER[kind](parameter, territory)
