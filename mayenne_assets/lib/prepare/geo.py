"""Coordinates of the collèges: projected metres to WGS84, and repairing what people type in coordinate columns.

The projected systems a territory's coordinates may be written in are those its collèges have in the Ministry's
directory (its `epsg_origine`): Lambert-93 in metropolitan France, EPSG:2975 in La Réunion, UTM 20N or 5490 in
the Antilles, 2972 in Guyane, 4471 or UTM 38S in Mayotte. PROJ (pyproj) converts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyproj import Transformer

from mayenne_assets.lib.common.territory import Territory

LAMBERT93 = "EPSG:2154"


@cache
def _to_wgs84(system: str) -> Transformer:
    return Transformer.from_crs(system, "EPSG:4326", always_xy=True)


def projected_to_wgs84(x: float, y: float, system: str = LAMBERT93) -> tuple[float, float]:
    """(latitude, longitude) in decimal degrees of a point in metres of a projected system (EPSG code)."""
    longitude, latitude = _to_wgs84(system).transform(x, y)
    return latitude, longitude


def repair_name(system: str) -> str:
    """How a repair from a projected system is recorded: « lambert93 », « epsg2975 »."""
    return "lambert93" if system == LAMBERT93 else system.lower().replace(":", "")


@dataclass(frozen=True)
class Position:
    latitude: float | None
    longitude: float | None
    repair: str | None  # None, "swapped", "lambert93", "epsg2975"… (+ "_swapped"); "outside" when it cannot be placed


def _looks_projected(x: float, y: float) -> bool:
    """Metres, not degrees: every system of the directory writes thousands of metres on both axes."""
    return abs(x) > 1_000 and abs(y) > 1_000


def repair_position(latitude: float | None, longitude: float | None, territory: Territory) -> Position:
    """A point inside the territory from what was written, or the reason it cannot be one."""
    if latitude is None or longitude is None:
        return Position(None, None, None)
    if territory.inside(latitude, longitude):
        return Position(latitude, longitude, None)
    if territory.inside(longitude, latitude):
        return Position(longitude, latitude, "swapped")
    if not _looks_projected(latitude, longitude):
        return Position(None, None, "outside")
    for system in sorted(territory.projections):
        for (x, y), swapped in (((longitude, latitude), ""), ((latitude, longitude), "_swapped")):
            lat, lon = projected_to_wgs84(x, y, system)
            if territory.inside(lat, lon):
                return Position(lat, lon, repair_name(system) + swapped)
    return Position(None, None, "outside")
