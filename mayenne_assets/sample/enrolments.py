"""Plausible enrolments per collège and rentrée, 1985 to 2027, anchored on the Ministry's rentrée 2020 figures."""

from __future__ import annotations

import math
import random
from functools import cache

from mayenne_assets.sample.directory import colleges, rentree_2020_enrolments, sample_territory

FIRST_YEAR, LAST_OBSERVED, LAST_PROJECTED = 1985, 2021, 2027
# Collèges of the sample that opened after 1985 (their earlier cells are blank, as in the real workbooks).
OPENING_YEAR = {"0530914F": 1991, "0530583W": 1988}


def enrolment_series() -> dict[str, dict[int, int]]:
    """UAI → rentrée → enrolment, for the collèges under contract; deterministic."""
    return _enrolment_series(sample_territory().code)


@cache
def _enrolment_series(territory_code: str) -> dict[str, dict[int, int]]:
    anchors = rentree_2020_enrolments()
    series: dict[str, dict[int, int]] = {}
    for college in colleges():
        if not college.under_contract:
            continue
        rng = random.Random(college.uai)
        anchor = anchors.get(college.uai, 300)
        phase, amplitude = rng.uniform(0, 6.28), rng.uniform(0.06, 0.18)
        values = {}
        for year in range(OPENING_YEAR.get(college.uai, FIRST_YEAR), LAST_PROJECTED + 1):
            wave = 1 + amplitude * (math.sin((year - 1985) / 7 + phase) - math.sin((2020 - 1985) / 7 + phase))
            noise = 1 + (rng.uniform(-0.012, 0.012) if year != 2020 else rng.uniform(-0.01, 0.01))
            values[year] = max(40, round(anchor * wave * noise))
        series[college.uai] = values
    return series
