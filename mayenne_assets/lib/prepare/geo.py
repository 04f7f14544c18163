"""Coordinates of the collèges: Lambert-93 to WGS84, and repairing what people type in coordinate columns."""

from __future__ import annotations

import math
from dataclasses import dataclass

from mayenne_assets.lib.common.territory import current_territory

# Lambert-93 (RGF93, GRS80 ellipsoid): constants of the IGN's conic projection. RGF93 and WGS84 differ by less
# than a metre, so no datum shift is needed for a map.
_E = 0.0818191910428158  # first eccentricity of GRS80
_N = 0.7256077650532670
_C = 11754255.426096
_XS, _YS = 700000.0, 12655612.049876
_LON0 = math.radians(3.0)



def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in decimal degrees of a Lambert-93 point in metres."""
    dx, dy = x - _XS, y - _YS
    radius = math.hypot(dx, dy)
    gamma = math.atan(dx / -dy)
    longitude = _LON0 + gamma / _N
    isometric = -math.log(abs(radius / _C)) / _N
    latitude = 2 * math.atan(math.exp(isometric)) - math.pi / 2
    for _ in range(12):  # the latitude from the isometric latitude converges in a few steps
        sin_lat = _E * math.sin(latitude)
        latitude = 2 * math.atan(((1 + sin_lat) / (1 - sin_lat)) ** (_E / 2) * math.exp(isometric)) - math.pi / 2
    return math.degrees(latitude), math.degrees(longitude)


def inside_departement(lat: float, lon: float) -> bool:
    """Inside the configured territory's extent (its collèges' extent with a margin, per département)."""
    return current_territory().inside(lat, lon)


@dataclass(frozen=True)
class Position:
    latitude: float | None
    longitude: float | None
    repair: str | None  # None, "swapped", "lambert93", "lambert93_swapped"; "outside" when it cannot be placed


def _looks_lambert93(a: float, b: float) -> bool:
    return 100_000 <= a <= 1_300_000 and 6_000_000 <= b <= 7_200_000


def repair_position(latitude: float | None, longitude: float | None) -> Position:
    """A point inside the département from what was written, or the reason it cannot be one."""
    if latitude is None or longitude is None:
        return Position(None, None, None)
    if inside_departement(latitude, longitude):
        return Position(latitude, longitude, None)
    if inside_departement(longitude, latitude):
        return Position(longitude, latitude, "swapped")
    for (x, y), repair in (((longitude, latitude), "lambert93"), ((latitude, longitude), "lambert93_swapped")):
        if _looks_lambert93(x, y):
            lat, lon = lambert93_to_wgs84(x, y)
            if inside_departement(lat, lon):
                return Position(lat, lon, repair)
    return Position(None, None, "outside")
