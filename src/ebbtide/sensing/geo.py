"""Distances on the Earth's surface, in metres.

``arccos_m`` is the spherical law of cosines exactly as Forest computes it (used in
compatibility mode so thresholds such as "within 50 m of home" fall the same way); it
loses precision below a few metres. ``haversine_m`` is the numerically stable formula
ebbtide uses otherwise. Both use Forest's Earth radius.
"""

from __future__ import annotations

import math

import numpy as np

from ebbtide.sensing.logs import Floats, Ints

EARTH_RADIUS_M = 6.371 * 10**6


def arccos_m(
    lat1: Floats | float, lon1: Floats | float, lat2: Floats | float, lon2: Floats | float
) -> Floats:
    """Great-circle distance by the law of cosines (Forest's ``great_circle_dist``)."""
    a1 = np.asarray(lat1, dtype=np.float64) / 180 * math.pi
    o1 = np.asarray(lon1, dtype=np.float64) / 180 * math.pi
    a2 = np.asarray(lat2, dtype=np.float64) / 180 * math.pi
    o2 = np.asarray(lon2, dtype=np.float64) / 180 * math.pi
    c = np.atleast_1d(np.cos(a1) * np.cos(a2) * np.cos(o1 - o2) + np.sin(a1) * np.sin(a2))
    np.minimum(c, 1.0, out=c)  # as Forest clamps: measurement error can leave the domain
    np.maximum(c, -1.0, out=c)
    return np.asarray(np.arccos(c) * EARTH_RADIUS_M, dtype=np.float64)


def haversine_m(
    lat1: Floats | float, lon1: Floats | float, lat2: Floats | float, lon2: Floats | float
) -> Floats:
    """Great-circle distance by the haversine formula (stable for short distances)."""
    a1 = np.radians(np.asarray(lat1, dtype=np.float64))
    a2 = np.radians(np.asarray(lat2, dtype=np.float64))
    da = a2 - a1
    do = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(da / 2) ** 2 + np.cos(a1) * np.cos(a2) * np.sin(do / 2) ** 2
    return np.atleast_1d(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1))))


def haversine_one(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """``haversine_m`` for one pair of points, without NumPy's per-call overhead."""
    a1, a2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((a2 - a1) / 2) ** 2
        + math.cos(a1) * math.cos(a2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _arccos_one(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """``arccos_m`` for one pair, evaluated as Forest does it (scalar libm calls)."""
    a1, o1 = lat1 / 180 * math.pi, lon1 / 180 * math.pi
    a2, o2 = lat2 / 180 * math.pi, lon2 / 180 * math.pi
    c = math.cos(a1) * math.cos(a2) * math.cos(o1 - o2) + math.sin(a1) * math.sin(a2)
    return math.acos(min(max(c, -1.0), 1.0)) * EARTH_RADIUS_M


def max_pairwise(lat: Floats, lon: Floats, exact_forest: bool) -> float:
    """The largest distance between any two of the points (0 for fewer than two).

    With ``exact_forest`` the law of cosines can be off by ~0.1 m between NumPy's vector
    and scalar code paths; the pairs within 1 m of the maximum are re-evaluated one by one
    as Forest evaluates them, so the result is Forest's to the last digit.
    """
    n = lat.shape[0]
    if n < 2:
        return 0.0
    dist = arccos_m if exact_forest else haversine_m
    best = 0.0
    blocks = []
    step = max(1, 2_000_000 // n)
    for start in range(0, n - 1, step):
        rows = slice(start, min(start + step, n - 1))
        d = dist(lat[rows, None], lon[rows, None], lat[None, :], lon[None, :])
        blocks.append((start, d))
        best = max(best, float(d.max()))
    if not exact_forest:
        return best
    refined = 0.0
    for start, d in blocks:
        for i, j in zip(*np.nonzero(d >= best - 1.0), strict=True):
            if start + i < j:
                refined = max(refined, _arccos_one(lat[start + i], lon[start + i], lat[j], lon[j]))
    return refined


_PAIRS_PER_BLOCK = 1_000_000
_TRIU: dict[int, tuple[Ints, Ints]] = {}


def _triu(n: int) -> tuple[Ints, Ints]:
    if n not in _TRIU:
        i, j = np.triu_indices(n, 1)
        _TRIU[n] = (i.astype(np.int64), j.astype(np.int64))
    return _TRIU[n]


def max_pairwise_groups(
    lat: Floats, lon: Floats, starts: Ints, stops: Ints, exact_forest: bool
) -> Floats:
    """``max_pairwise`` of each group ``lat[starts[g]:stops[g]]`` (the same numbers).

    Every pair of every group goes through one vector distance call per block of about a
    million pairs, the maximum per group is taken with ``reduceat``, and with
    ``exact_forest`` the pairs within 1 m of it are re-evaluated one by one as in
    ``max_pairwise``. A group too large for a block is handed to ``max_pairwise``.
    """
    dist = arccos_m if exact_forest else haversine_m
    out = np.zeros(starts.size, dtype=np.float64)
    sizes = stops - starts
    block: list[int] = []
    pairs = 0

    def flush() -> None:
        nonlocal block, pairs
        if not block:
            return
        ii = np.concatenate([_triu(int(sizes[g]))[0] + starts[g] for g in block])
        jj = np.concatenate([_triu(int(sizes[g]))[1] + starts[g] for g in block])
        counts = np.asarray([sizes[g] * (sizes[g] - 1) // 2 for g in block], dtype=np.int64)
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        d = dist(lat[ii], lon[ii], lat[jj], lon[jj])
        best = np.maximum.reduceat(d, first)
        groups = np.asarray(block, dtype=np.int64)
        if not exact_forest:
            out[groups] = best
        else:
            owner = np.repeat(np.arange(len(block)), counts)
            near = np.flatnonzero(d >= best[owner] - 1.0)
            # Segments share end points, so many candidate pairs are the same pair of
            # places: each distinct (group, both points) is evaluated once.
            keys = np.column_stack(
                (owner[near], lat[ii[near]], lon[ii[near]], lat[jj[near]], lon[jj[near]])
            )
            refined = np.zeros(len(block), dtype=np.float64)
            for g, a1, o1, a2, o2 in np.unique(keys, axis=0).tolist():
                k = int(g)
                refined[k] = max(refined[k], _arccos_one(a1, o1, a2, o2))
            out[groups] = refined
        block, pairs = [], 0

    for g in range(starts.size):
        n = int(sizes[g])
        if n < 2:
            continue
        m = n * (n - 1) // 2
        if m > _PAIRS_PER_BLOCK:
            out[g] = max_pairwise(
                lat[starts[g] : stops[g]], lon[starts[g] : stops[g]], exact_forest
            )
            continue
        if pairs + m > _PAIRS_PER_BLOCK:
            flush()
        block.append(g)
        pairs += m
    flush()
    return out
