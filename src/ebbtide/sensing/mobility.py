"""Daily mobility from a trajectory, with Forest jasmine's definitions and columns.

A trajectory is an ``n × 8`` array of segments ``[s, x0, y0, t0, x1, y1, t1, obs]`` as in
jasmine: ``s`` 1 for a flight, 2 for a pause; start and end latitude, longitude and
epoch second; ``obs`` 1 if observed, 0 if filled in. Definitions kept from jasmine:
home is the most visited night-time (19:00–09:59) pause place (20 m clusters); time at
home is time in segments whose mean distance to home is at most 50 m; a significant place
is a 50 m cluster of pauses holding more than 15 minutes; day time is 08:00–19:59.

``forest_compat=True`` reproduces ``forest.jasmine.traj2stats.gps_summaries`` (daily, no
places of interest) on the same trajectory: fixed 86,400 s windows from the first local
midnight (and ``(end - start) // 86400`` of them, so a spring-forward range loses its last
day), the first and last segment of a window stretched to its edges, Forest's law-of-
cosines distances, and ``-Σ p·log(p + 1e-5)`` for entropy. Otherwise: true local days;
segments cut at the day's edges, never stretched; a day with less than 12 h observed is
"not observed" (every figure empty, never zero movement); haversine distances; entropy
``-Σ p·log p``, never negative; no pause time means no radius rather than a division by
zero; a missing night-time pause means no home (home figures empty) rather than an error.
"""

from __future__ import annotations

import math

import numpy as np

from ebbtide.sensing import clock
from ebbtide.sensing.geo import arccos_m, haversine_m, max_pairwise
from ebbtide.sensing.logs import Floats
from ebbtide.sensing.places import FLIGHT, PAUSE, cluster_pauses
from ebbtide.sensing.table import FeatureTable, build

HOME_RADIUS_M = 50.0
SIG_PLACE_RADIUS_M = 50.0
SIG_PLACE_MIN_S = 15 * 60
HOME_CLUSTER_M = 20.0
MIN_OBSERVED_S = 12 * 3600

COLUMNS = (
    "year",
    "month",
    "day",
    "obs_duration",
    "obs_day",
    "obs_night",
    "home_time",
    "dist_traveled",
    "max_dist_home",
    "radius",
    "diameter",
    "num_sig_places",
    "entropy",
    "total_flight_time",
    "av_flight_length",
    "sd_flight_length",
    "av_flight_duration",
    "sd_flight_duration",
    "total_pause_time",
    "av_pause_duration",
    "sd_pause_duration",
)
INTEGER_COLUMNS = ("year", "month", "day", "num_sig_places")


def _mid_hours(traj: Floats, tz: str) -> np.ndarray:
    return clock.local_hours((traj[:, 3] + traj[:, 6]) / 2, tz)


def locate_home(traj: Floats, tz: str, exact_forest: bool = True) -> tuple[float, float] | None:
    """Home: the most visited place among observed night-time pauses; None if none."""
    obs = traj[(traj[:, 7] == 1) & (traj[:, 0] == PAUSE)]
    if obs.shape[0] == 0:
        return None
    h = _mid_hours(obs, tz)
    night = obs[(h >= 19) | (h <= 9)]
    if night.shape[0] == 0:
        return None
    places = cluster_pauses(night, HOME_CLUSTER_M, exact_forest)
    best = int(np.argmax([p.visits for p in places]))
    return places[best].lat, places[best].lon


def daily_mobility(
    traj: Floats, tz: str, home: tuple[float, float] | None, *, forest_compat: bool = False
) -> FeatureTable:
    """One row per day with jasmine's 21 daily columns (empty cells where not available)."""
    if traj.shape[0] == 0:
        return build(COLUMNS, {c: [] for c in COLUMNS}, INTEGER_COLUMNS)
    if forest_compat:
        y, m, d, _ = clock.parts(traj[0, 3], tz)
        start = clock.to_stamp(y, m, d, 0, tz)
        y, m, d, _ = clock.parts(traj[-1, 6], tz)
        end = clock.to_stamp(y, m, d, 0, tz) + clock.DAY
        starts = start + clock.DAY * np.arange((end - start) // clock.DAY, dtype=np.int64)
        edges = np.append(starts, starts[-1] + clock.DAY) if starts.size else starts
        labels = clock.labels(starts, tz)
    else:
        edges, days = clock.local_day_edges(float(traj[0, 3]), float(traj[-1, 6]) - 1e-6, tz)
        labels = [(x.year, x.month, x.day, 0) for x in days]
    from ebbtide.sensing.mobility_fast import daily_figures

    rows = daily_figures(
        traj,
        edges,
        tz,
        home,
        forest_compat,
        min_observed_s=MIN_OBSERVED_S,
        home_radius_m=HOME_RADIUS_M,
        sig_radius_m=SIG_PLACE_RADIUS_M,
        sig_min_s=SIG_PLACE_MIN_S,
    )
    data: dict[str, list[float]] = {
        c: [float(lab[k]) for lab in labels] for k, c in enumerate(COLUMNS[:3])
    }
    for k, c in enumerate(COLUMNS[3:]):
        data[c] = [r[k] for r in rows]
    return build(COLUMNS, data, INTEGER_COLUMNS)


_NA = math.nan


def _stretch(temp: Floats, t0: float, t1: float) -> None:
    """Forest's ``smooth_temp_ends``: move the ends of the window's segments to its edges."""
    if temp.shape[0] == 1:
        dur = temp[0, 6] - temp[0, 3]
        p0, p1 = (t0 - temp[0, 3]) / dur, (t1 - temp[0, 3]) / dur
        x0, y0, x1, y1 = temp[0, 1], temp[0, 2], temp[0, 4], temp[0, 5]
        temp[0, 1:4] = (1 - p0) * x0 + p0 * x1, (1 - p0) * y0 + p0 * y1, t0
        temp[0, 4:7] = (1 - p1) * x0 + p1 * x1, (1 - p1) * y0 + p1 * y1, t1
        if max(p0, p1) > 1:
            temp[0, 7] = 0
        return
    p0 = (temp[0, 6] - t0) / (temp[0, 6] - temp[0, 3])
    p1 = (t1 - temp[-1, 3]) / (temp[-1, 6] - temp[-1, 3])
    temp[0, 1] = (1 - p0) * temp[0, 4] + p0 * temp[0, 1]
    temp[0, 2] = (1 - p0) * temp[0, 5] + p0 * temp[0, 2]
    temp[0, 3] = t0
    temp[-1, 4] = (1 - p1) * temp[-1, 1] + p1 * temp[-1, 4]
    temp[-1, 5] = (1 - p1) * temp[-1, 2] + p1 * temp[-1, 5]
    temp[-1, 6] = t1
    if p0 > 1:
        temp[0, 7] = 0
    if p1 > 1:
        temp[-1, 7] = 0


def _clip(temp: Floats, t0: float, t1: float) -> Floats:
    """Cut segments at the window's edges (positions interpolated), never extend them."""
    out = temp.copy()
    dur = np.where(temp[:, 6] > temp[:, 3], temp[:, 6] - temp[:, 3], 1.0)
    a = np.clip((t0 - temp[:, 3]) / dur, 0, 1)
    b = np.clip((t1 - temp[:, 3]) / dur, 0, 1)
    for col, (s, e) in ((1, (1, 4)), (2, (2, 5))):
        out[:, col] = temp[:, s] + a * (temp[:, e] - temp[:, s])
        out[:, col + 3] = temp[:, s] + b * (temp[:, e] - temp[:, s])
    out[:, 3] = np.maximum(temp[:, 3], t0)
    out[:, 6] = np.minimum(temp[:, 6], t1)
    return out[out[:, 6] > out[:, 3]]


def _day(
    traj: Floats, t0: int, t1: int, tz: str, home: tuple[float, float] | None, compat: bool
) -> list[float]:
    """The 18 figures of one window (obs_duration … sd_pause_duration)."""
    inside = (traj[:, 3] < t1) & (traj[:, 6] > t0)
    if not inside.any():
        return [0.0, 0.0, 0.0] + [_NA] * 15
    if compat:
        temp = traj[inside].copy()
        _stretch(temp, t0, t1)
    else:
        temp = _clip(traj[inside], t0, t1)
    dist = arccos_m if compat else haversine_m
    dur = temp[:, 6] - temp[:, 3]
    observed = temp[:, 7] == 1
    obs = float(dur[observed].sum())
    hours = _mid_hours(temp, tz)
    daytime = (hours >= 8) & (hours <= 19)
    obs_day = float(dur[observed & daytime].sum())
    obs_night = float(dur[observed & ~daytime].sum())
    if obs == 0 or (not compat and obs < MIN_OBSERVED_S):
        return [obs / 3600, obs_day / 3600, obs_night / 3600] + [_NA] * 15
    flights, pauses = temp[:, 0] == FLIGHT, temp[:, 0] == PAUSE
    moves = np.round(dist(temp[:, 4], temp[:, 5], temp[:, 1], temp[:, 2]), 0)
    if home is None:
        at_home = max_home = _NA
    else:
        d1 = dist(home[0], home[1], temp[:, 1], temp[:, 2])
        d2 = dist(home[0], home[1], temp[:, 4], temp[:, 5])
        at_home = float(dur[(d1 + d2) / 2 <= HOME_RADIUS_M].sum())
        max_home = float(max(d1.max(), d2.max()))
    f_len, f_dur, p_dur = moves[flights], dur[flights], dur[pauses]
    pause_total = float(p_dur.sum())
    pt = temp[pauses]
    if compat or pause_total > 0:
        with np.errstate(invalid="ignore", divide="ignore"):
            w = p_dur / pause_total
            cx, cy = float(np.dot(w, pt[:, 1])), float(np.dot(w, pt[:, 2]))
            radius = float(np.dot(w, dist(cx, cy, pt[:, 1], pt[:, 2]))) if pt.shape[0] else 0.0
    else:
        radius = _NA
    places = cluster_pauses(pt, SIG_PLACE_RADIUS_M, compat)
    t_sig = np.asarray([p.seconds for p in places if p.seconds / 60 > 15], dtype=np.float64)
    p = t_sig / t_sig.sum() if t_sig.size else t_sig
    if compat:
        entropy = 0.0 if t_sig.size == 1 else float(-np.sum(p * np.log(p + 0.00001)))
    else:
        entropy = float(-np.sum(p * np.log(p))) if p.size else 0.0
    diameter = 0.0 if temp.shape[0] == 1 else max_pairwise(temp[:, 1], temp[:, 2], compat)

    def mean_sd(v: Floats) -> tuple[float, float]:
        return (float(np.mean(v)), float(np.std(v))) if v.size else (0.0, 0.0)

    (fl_m, fl_s), (fd_m, fd_s), (pd_m, pd_s) = mean_sd(f_len), mean_sd(f_dur), mean_sd(p_dur)
    return [
        obs / 3600,
        obs_day / 3600,
        obs_night / 3600,
        at_home / 3600,
        float(moves.sum()) / 1000,
        max_home / 1000,
        radius / 1000,
        diameter / 1000,
        float(t_sig.size),
        entropy,
        float(f_dur.sum()) / 3600,
        fl_m / 1000,
        fl_s / 1000,
        fd_m / 3600,
        fd_s / 3600,
        pause_total / 3600,
        pd_m / 3600,
        pd_s / 3600,
    ]
