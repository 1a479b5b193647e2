"""Places: pauses clustered as in jasmine, and the codes of a trajectory's rows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ebbtide.sensing.geo import EARTH_RADIUS_M, arccos_m, haversine_m
from ebbtide.sensing.logs import Floats

FLIGHT, PAUSE = 1, 2


@dataclass(frozen=True)
class Place:
    """A cluster of pauses: centre, how many pauses, how many seconds."""

    lat: float
    lon: float
    visits: int
    seconds: float


# A pause whose nearest place is this close (in metres) to the radius, or to the next
# nearest place, is decided by the reference computation; the quick scalar haversine is
# within ~0.1 m of both references (Forest's law of cosines, NumPy's haversine).
_MARGIN_M = 1.0
_RAD = math.pi / 180


def cluster_pauses(pauses: Floats, radius_m: float, exact_forest: bool = True) -> list[Place]:
    """Jasmine's sequential clustering: each pause joins the nearest place within radius.

    The centre is the running mean of the pauses' start points (as in jasmine). Distances
    are taken with a scalar haversine; only a pause within ``_MARGIN_M`` of a decision
    (the radius, or a second place almost as near) is decided by the reference distance
    on arrays, exactly as ``_cluster_reference`` (and jasmine) computes it.
    """
    if pauses.shape[0] == 0:
        return []
    return cluster_rows(pauses[:, [1, 2, 3, 6]].tolist(), radius_m, exact_forest)


def cluster_rows(
    rows: list[list[float]], radius_m: float, exact_forest: bool = True
) -> list[Place]:
    """``cluster_pauses`` on pauses given as ``[lat, lon, t0, t1]`` lists."""
    dist = arccos_m if exact_forest else haversine_m
    lat: list[float] = []
    lon: list[float] = []
    num: list[int] = []
    secs: list[float] = []
    lat_r: list[float] = []
    lon_r: list[float] = []
    cos_r: list[float] = []
    lo_cut = (math.sin((radius_m - _MARGIN_M) / (2 * EARTH_RADIUS_M))) ** 2
    hi_m = radius_m + _MARGIN_M
    sin, asin, sqrt, cos = math.sin, math.asin, math.sqrt, math.cos
    two_r = 2 * EARTH_RADIUS_M
    for x, y, t0, t1 in rows:
        k = -1
        if lat:
            xr, yr = x * _RAD, y * _RAD
            cx = cos(xr)
            best = second = math.inf
            for j in range(len(lat)):
                h = sin((lat_r[j] - xr) / 2) ** 2 + cx * cos_r[j] * sin((lon_r[j] - yr) / 2) ** 2
                if h < best:
                    best, second, k = h, best, j
                elif h < second:
                    second = h
            if k >= 0 and best > 1.0:
                k = -2
            elif k >= 0:
                d1 = two_r * asin(sqrt(best))
                if d1 > hi_m:
                    k = -1  # certainly a new place
                elif not (best < lo_cut and two_r * asin(sqrt(min(second, 1.0))) - d1 > _MARGIN_M):
                    k = -2  # too close to call: the reference decides
            else:
                k = -2
            if k == -2:
                d = dist(np.full(len(lat), x), np.full(len(lat), y), np.array(lat), np.array(lon))
                k = int(np.argmin(d))
                if not d[k] <= radius_m:
                    k = -1
        if k >= 0:
            lat[k] = (lat[k] * num[k] + x) / (num[k] + 1)
            lon[k] = (lon[k] * num[k] + y) / (num[k] + 1)
            num[k] += 1
            secs[k] += t1 - t0
            lat_r[k], lon_r[k] = lat[k] * _RAD, lon[k] * _RAD
            cos_r[k] = cos(lat_r[k])
            continue
        lat.append(x)
        lon.append(y)
        num.append(1)
        secs.append(t1 - t0)
        lat_r.append(x * _RAD)
        lon_r.append(y * _RAD)
        cos_r.append(cos(x * _RAD))
    return [Place(a, o, n, s) for a, o, n, s in zip(lat, lon, num, secs, strict=True)]


def _cluster_reference(pauses: Floats, radius_m: float, exact_forest: bool = True) -> list[Place]:
    """The plain loop (jasmine's ``num_sig_places``): every distance on arrays."""
    dist = arccos_m if exact_forest else haversine_m
    lat: list[float] = []
    lon: list[float] = []
    num: list[int] = []
    secs: list[float] = []
    for row in pauses:
        if lat:
            d = dist(
                np.full(len(lat), row[1]), np.full(len(lat), row[2]), np.array(lat), np.array(lon)
            )
            k = int(np.argmin(d))
            if d[k] <= radius_m:
                lat[k] = (lat[k] * num[k] + row[1]) / (num[k] + 1)
                lon[k] = (lon[k] * num[k] + row[2]) / (num[k] + 1)
                num[k] += 1
                secs[k] += row[6] - row[3]
                continue
        lat.append(float(row[1]))
        lon.append(float(row[2]))
        num.append(1)
        secs.append(float(row[6] - row[3]))
    return [Place(a, o, n, s) for a, o, n, s in zip(lat, lon, num, secs, strict=True)]
