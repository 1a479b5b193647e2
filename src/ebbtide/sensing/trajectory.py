"""From raw GPS fixes to a trajectory of flights and pauses, deterministically.

Jasmine fills the phone's sampling gaps with a sparse Gaussian process and random
bootstrapped flights (unseeded), so the same data gives different numbers on each run.
ebbtide does not guess: fixes less accurate than 51 m are dropped (jasmine's limit);
a *pause* is a run of fixes staying within 30 m of their running centre for at least
5 minutes; between fixes at most 30 minutes apart the phone counts as observed (a
flight if it moved, the pause continuing if not); a longer gap is filled in but marked
unobserved (``obs = 0``): a pause where the phone was at both ends of the gap, or a
pause followed by a straight flight at 5 m/s if it moved. Days with less than 12 h
observed are then left empty by the summaries (see ``mobility``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ebbtide.sensing.geo import haversine_one
from ebbtide.sensing.logs import Floats, GpsLog
from ebbtide.sensing.mobility import HOME_RADIUS_M
from ebbtide.sensing.places import FLIGHT, PAUSE


@dataclass(frozen=True)
class TrajectoryRules:
    """The thresholds of the flight/pause segmentation."""

    accuracy_limit_m: float = 51.0
    pause_radius_m: float = 30.0
    min_pause_s: float = 300.0
    max_gap_s: float = 1800.0
    gap_speed_mps: float = 5.0


@dataclass(frozen=True)
class _Item:
    lat: float
    lon: float
    start: float
    end: float
    pause: bool


def _items(
    t: list[float], lat: list[float], lon: list[float], rules: TrajectoryRules
) -> list[_Item]:
    """Pauses (clusters of fixes) and single moving fixes, in time order."""
    out: list[_Item] = []
    n, i = len(t), 0
    while i < n:
        j, sa, so = i, lat[i], lon[i]
        while j + 1 < n and t[j + 1] - t[j] <= rules.max_gap_s:
            k = j - i + 1
            d = haversine_one(sa / k, so / k, lat[j + 1], lon[j + 1])
            if d > rules.pause_radius_m:
                break
            j += 1
            sa, so = sa + lat[j], so + lon[j]
        if t[j] - t[i] >= rules.min_pause_s:
            k = j - i + 1
            out.append(_Item(sa / k, so / k, float(t[i]), float(t[j]), True))
            i = j + 1
        else:
            out.append(_Item(float(lat[i]), float(lon[i]), float(t[i]), float(t[i]), False))
            i += 1
    return out


def build_trajectory(gps: GpsLog, rules: TrajectoryRules = TrajectoryRules()) -> Floats:
    """An ``n × 8`` trajectory ``[s, x0, y0, t0, x1, y1, t1, obs]`` from raw fixes."""
    good = ~(gps.accuracy > rules.accuracy_limit_m)
    t = (gps.ts_ms[good] / 1000.0).tolist()
    items = _items(t, gps.lat[good].tolist(), gps.lon[good].tolist(), rules)
    rows: list[list[float]] = []

    def seg(
        s: int,
        a: _Item | tuple[float, float],
        b: _Item | tuple[float, float],
        t0: float,
        t1: float,
        obs: int,
    ) -> None:
        if t1 <= t0:
            return
        (x0, y0) = (a.lat, a.lon) if isinstance(a, _Item) else a
        (x1, y1) = (b.lat, b.lon) if isinstance(b, _Item) else b
        rows.append([s, x0, y0, t0, x1, y1, t1, obs])

    for k, it in enumerate(items):
        if it.pause:
            seg(PAUSE, it, it, it.start, it.end, 1)
        if k + 1 == len(items):
            break
        nxt = items[k + 1]
        gap = nxt.start - it.end
        moved = haversine_one(it.lat, it.lon, nxt.lat, nxt.lon)
        if gap <= rules.max_gap_s:
            if moved <= rules.pause_radius_m and (it.pause or nxt.pause):
                seg(PAUSE, it, it, it.end, nxt.start, 1)
            else:
                seg(FLIGHT, it, nxt, it.end, nxt.start, 1)
        elif moved <= HOME_RADIUS_M:
            seg(PAUSE, it, it, it.end, nxt.start, 0)
        else:
            travel = min(gap, moved / rules.gap_speed_mps)
            seg(PAUSE, it, it, it.end, nxt.start - travel, 0)
            seg(FLIGHT, it, nxt, nxt.start - travel, nxt.start, 0)
    return np.asarray(rows, dtype=np.float64).reshape(-1, 8)
