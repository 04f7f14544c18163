"""Bounds past which a figure is a typing error rather than a fact, each derived from the national references
and stated in the message that refuses it."""

from __future__ import annotations

from functools import cache

import duckdb

from mayenne_assets.lib.common.territory import REFERENCE_DATA

# The largest collège of France, times this: room for growth and for a collège larger than any in 2020, while
# 99,999 or a misplaced total is refused.
LARGEST_COLLEGE_FACTOR = 1.5


@cache
def largest_college() -> tuple[int, str]:
    """(pupils, UAI) of the largest collège of France at the rentrée 2020 (the Ministry's DNB 2021 file)."""
    pupils, uai = duckdb.connect().execute(
        "select max(try_cast(nombre_eleves_total as double))::int, "
        "arg_max(numero_college, try_cast(nombre_eleves_total as double)) "
        f"from '{(REFERENCE_DATA / 'dnb_2021.parquet').as_posix()}'").fetchone()
    return pupils, uai


def enrolment_bound() -> int:
    """The most pupils one collège may be published with."""
    return int(largest_college()[0] * LARGEST_COLLEGE_FACTOR)


def enrolment_bound_reason() -> str:
    pupils, uai = largest_college()
    return (f"plus de {enrolment_bound()} élèves ({LARGEST_COLLEGE_FACTOR} × les {pupils} du plus grand collège "
            f"de France, {uai}, à la rentrée 2020) n'est pas l'effectif d'un collège")
