"""Distances on the Earth's surface, in metres.

``arccos_m`` is the spherical law of cosines exactly as Forest computes it (used in
compatibility mode so thresholds such as "within 50 m of home" fall the same way); it
loses precision below a few metres. ``haversine_m`` is the numerically stable formula
ebbtide uses otherwise. Both use Forest's Earth radius.
"""

from __future__ import annotations

import math

import numpy as np

from ebbtide.sensing.logs import Floats

EARTH_RADIUS_M = 6.371 * 10**6


def arccos_m(lat1: Floats | float, lon1: Floats | float, lat2: Floats | float,
             lon2: Floats | float) -> Floats:  # fmt: skip
    """Great-circle distance by the law of cosines (Forest's ``great_circle_dist``)."""
    a1 = np.asarray(lat1, dtype=np.float64) / 180 * math.pi
    o1 = np.asarray(lon1, dtype=np.float64) / 180 * math.pi
    a2 = np.asarray(lat2, dtype=np.float64) / 180 * math.pi
    o2 = np.asarray(lon2, dtype=np.float64) / 180 * math.pi
    c = np.atleast_1d(np.cos(a1) * np.cos(a2) * np.cos(o1 - o2) + np.sin(a1) * np.sin(a2))
    return np.asarray(np.arccos(np.clip(c, -1, 1)) * EARTH_RADIUS_M, dtype=np.float64)


def haversine_m(lat1: Floats | float, lon1: Floats | float, lat2: Floats | float,
                lon2: Floats | float) -> Floats:  # fmt: skip
    """Great-circle distance by the haversine formula (stable for short distances)."""
    a1 = np.radians(np.asarray(lat1, dtype=np.float64))
    a2 = np.radians(np.asarray(lat2, dtype=np.float64))
    da = a2 - a1
    do = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(da / 2) ** 2 + np.cos(a1) * np.cos(a2) * np.sin(do / 2) ** 2
    return np.atleast_1d(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))))


def max_pairwise(lat: Floats, lon: Floats, exact_forest: bool) -> float:
    """The largest distance between any two of the points (0 for fewer than two)."""
    n = lat.shape[0]
    if n < 2:
        return 0.0
    dist = arccos_m if exact_forest else haversine_m
    best = 0.0
    step = max(1, 2_000_000 // n)
    for start in range(0, n - 1, step):
        rows = slice(start, min(start + step, n - 1))
        d = dist(lat[rows, None], lon[rows, None], lat[None, :], lon[None, :])
        best = max(best, float(d.max()))
    return best
