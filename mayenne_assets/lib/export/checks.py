"""The pandera checks the field dictionary names (declarations/fields.toml), each built from its name or its
parameters: the dictionary says which, this module says how."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandera.pandas as pa

from mayenne_assets.lib.common.luhn import is_siren_or_siret
from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.prepare.geo import DEPARTEMENT_BOUNDS

DEPARTEMENT = "53"


def last_rentree(today: dt.date | None = None) -> int:
    """The latest rentrée that has happened: September starts the school year."""
    today = today or dt.date.today()
    return today.year if today.month >= 9 else today.year - 1


def valid_uai_in_departement(departement: str = "0" + DEPARTEMENT) -> pa.Check:
    return pa.Check(
        lambda s: s.map(lambda v: isinstance(v, str) and is_valid_uai(v) and v.startswith(departement)),
        element_wise=False,
        error=f"UAI of 7 digits and a valid key letter, in département {departement}",
        name="uai_valid",
    )


def insee_code_in_departement(departement: str = DEPARTEMENT) -> pa.Check:
    return pa.Check.str_matches(rf"^{departement}\d{{3}}$", error=f"INSEE code of a commune of {departement}")


def inside_departement_bounds(axis: str) -> pa.Check:
    low, high = DEPARTEMENT_BOUNDS[axis]
    return pa.Check.in_range(low, high, error=f"{axis} inside the département ({low} to {high}, WGS84)")


def french_phone() -> pa.Check:
    return pa.Check.str_matches(r"^0[1-9]\d{8}$", error="French phone number of ten digits")


def email() -> pa.Check:
    return pa.Check.str_matches(r"^[^@\s;]+@[^@\s;]+\.[a-z]{2,}$", error="e-mail address")


def postal_code_in_departement(departement: str = DEPARTEMENT) -> pa.Check:
    return pa.Check.str_matches(rf"^{departement}\d{{3}}$", error=f"postal code of {departement}")


def siren_or_siret() -> pa.Check:
    return pa.Check(lambda s: s.map(lambda v: isinstance(v, str) and is_siren_or_siret(v)),
                    error="SIREN (9 digits) or SIRET (14 digits) with a valid Luhn key", name="siren_siret")


NAMED: dict[str, Callable[[], pa.Check]] = {
    "uai_in_departement": valid_uai_in_departement,
    "insee_code_in_departement": insee_code_in_departement,
    "postal_code_in_departement": postal_code_in_departement,
    "french_phone": french_phone,
    "email": email,
    "siren_or_siret": siren_or_siret,
}

WITH_PARAMETER: dict[str, Callable[[object], pa.Check]] = {
    "isin": lambda values: pa.Check.isin(values),
    "eq": lambda value: pa.Check.eq(value),
    "ge": lambda value: pa.Check.ge(value),
    "in_range": lambda bounds: pa.Check.in_range(*bounds),
    "str_matches": lambda pattern: pa.Check.str_matches(pattern),
    "rentree_since": lambda first: pa.Check.in_range(first, last_rentree()),
    "inside_departement": inside_departement_bounds,
}


def check_from(declared: str | dict) -> pa.Check:
    """A check as fields.toml declares it: a name, or a one-entry table {kind = parameter}."""
    if isinstance(declared, str):
        return NAMED[declared]()
    ((kind, parameter),) = declared.items()
    return WITH_PARAMETER[kind](parameter)
