"""Reusable pandera checks for our export schemas."""

from __future__ import annotations

import pandera.pandas as pa

from mayenne_assets.lib.uai import is_valid_uai


def valid_uai_in_departement(departement: str = "053") -> pa.Check:
    return pa.Check(
        lambda s: s.map(lambda v: isinstance(v, str) and is_valid_uai(v) and v.startswith(departement)),
        element_wise=False,
        error=f"UAI of 7 digits and a valid key letter, in département {departement}",
        name="uai_valid",
    )


def insee_code_in_departement(departement: str = "53") -> pa.Check:
    return pa.Check.str_matches(rf"^{departement}\d{{3}}$", error=f"INSEE code of a commune of {departement}")


def inside_departement_bounds(axis: str) -> pa.Check:
    from mayenne_assets.lib.geo import DEPARTEMENT_BOUNDS

    low, high = DEPARTEMENT_BOUNDS[axis]
    return pa.Check.in_range(low, high, error=f"{axis} inside the département ({low} to {high}, WGS84)")


def french_phone() -> pa.Check:
    return pa.Check.str_matches(r"^0[1-9]\d{8}$", error="French phone number of ten digits")


def email() -> pa.Check:
    return pa.Check.str_matches(r"^[^@\s;]+@[^@\s;]+\.[a-z]{2,}$", error="e-mail address")


def postal_code_in_departement(departement: str = "53") -> pa.Check:
    return pa.Check.str_matches(rf"^{departement}\d{{3}}$", error=f"postal code of {departement}")


def siren_or_siret() -> pa.Check:
    from mayenne_assets.lib.luhn import is_siren_or_siret

    return pa.Check(lambda s: s.map(lambda v: isinstance(v, str) and is_siren_or_siret(v)),
                    error="SIREN (9 digits) or SIRET (14 digits) with a valid Luhn key", name="siren_siret")
