"""Places: pauses clustered as in jasmine, and the codes of a trajectory's rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ebbtide.sensing.geo import arccos_m, haversine_m
from ebbtide.sensing.logs import Floats

FLIGHT, PAUSE = 1, 2


@dataclass(frozen=True)
class Place:
    """A cluster of pauses: centre, how many pauses, how many seconds."""

    lat: float
    lon: float
    visits: int
    seconds: float


def cluster_pauses(pauses: Floats, radius_m: float, exact_forest: bool = True) -> list[Place]:
    """Jasmine's sequential clustering: each pause joins the nearest place within radius.

    The centre is the running mean of the pauses' start points (as in jasmine).
    """
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
