"""The daily mobility figures for every day at once (what ``mobility.daily_mobility`` runs).

Each day's segments are cut out of the trajectory as one array of *pieces* (a segment
touching three days is three pieces), the ends moved as the rules say, and every sum,
maximum, mean and deviation taken per day with ``bincount``/``reduceat``. Only the
significant-place clustering (sequential by definition) and the diameter (all pairs)
still run day by day. ``mobility._day`` is the plain per-day reference the tests compare
this with.
"""

from __future__ import annotations

import math

import numpy as np

from ebbtide.sensing import clock
from ebbtide.sensing.geo import arccos_m, haversine_m, max_pairwise_groups
from ebbtide.sensing.logs import Floats, Ints


def _pieces(traj: Floats, edges: Ints) -> tuple[Floats, Ints, Ints, Ints]:
    """Rows touching each window (t0 < end and t1 > start), repeated per window."""
    starts, ends = edges[:-1].astype(np.float64), edges[1:].astype(np.float64)
    first = np.searchsorted(traj[:, 6], starts, side="right")
    stop = np.searchsorted(traj[:, 3], ends, side="left")
    counts = np.maximum(stop - first, 0)
    win = np.repeat(np.arange(counts.size), counts)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    rows = first[win] + np.arange(win.size) - offsets[win]
    return traj[rows].copy(), win, counts, offsets


def _stretch(temp: Floats, win: Ints, counts: Ints, offsets: Ints, edges: Ints) -> None:
    """Forest's ``smooth_temp_ends`` for every window at once (same arithmetic, in order)."""
    t0w, t1w = edges[:-1].astype(np.float64), edges[1:].astype(np.float64)
    one = np.flatnonzero(counts == 1)
    if one.size:
        i = offsets[one]
        r = temp[i]
        dur = r[:, 6] - r[:, 3]
        p0, p1 = (t0w[one] - r[:, 3]) / dur, (t1w[one] - r[:, 3]) / dur
        x0, y0, x1, y1 = r[:, 1], r[:, 2], r[:, 4], r[:, 5]
        temp[i, 1] = (1 - p0) * x0 + p0 * x1
        temp[i, 2] = (1 - p0) * y0 + p0 * y1
        temp[i, 3] = t0w[one]
        temp[i, 4] = (1 - p1) * x0 + p1 * x1
        temp[i, 5] = (1 - p1) * y0 + p1 * y1
        temp[i, 6] = t1w[one]
        temp[i[np.maximum(p0, p1) > 1], 7] = 0
    many = np.flatnonzero(counts > 1)
    if many.size:
        f, last = offsets[many], offsets[many] + counts[many] - 1
        p0 = (temp[f, 6] - t0w[many]) / (temp[f, 6] - temp[f, 3])
        p1 = (t1w[many] - temp[last, 3]) / (temp[last, 6] - temp[last, 3])
        temp[f, 1] = (1 - p0) * temp[f, 4] + p0 * temp[f, 1]
        temp[f, 2] = (1 - p0) * temp[f, 5] + p0 * temp[f, 2]
        temp[f, 3] = t0w[many]
        temp[last, 4] = (1 - p1) * temp[last, 1] + p1 * temp[last, 4]
        temp[last, 5] = (1 - p1) * temp[last, 2] + p1 * temp[last, 5]
        temp[last, 6] = t1w[many]
        temp[f[p0 > 1], 7] = 0
        temp[last[p1 > 1], 7] = 0


def _clip(temp: Floats, win: Ints, edges: Ints) -> tuple[Floats, Ints]:
    """Cut pieces at their window's edges (positions interpolated); drop empty ones."""
    t0w, t1w = edges[:-1][win].astype(np.float64), edges[1:][win].astype(np.float64)
    dur = np.where(temp[:, 6] > temp[:, 3], temp[:, 6] - temp[:, 3], 1.0)
    a = np.clip((t0w - temp[:, 3]) / dur, 0, 1)
    b = np.clip((t1w - temp[:, 3]) / dur, 0, 1)
    out = temp.copy()
    for col in (1, 2):
        out[:, col] = temp[:, col] + a * (temp[:, col + 3] - temp[:, col])
        out[:, col + 3] = temp[:, col] + b * (temp[:, col + 3] - temp[:, col])
    out[:, 3] = np.maximum(temp[:, 3], t0w)
    out[:, 6] = np.minimum(temp[:, 6], t1w)
    keep = out[:, 6] > out[:, 3]
    return out[keep], win[keep]


def _per(win: Ints, n: int, values: Floats) -> Floats:
    return np.asarray(np.bincount(win, weights=values, minlength=n), dtype=np.float64)


def _mean_sd(win: Ints, n: int, values: Floats) -> tuple[Floats, Floats, Floats]:
    count = np.bincount(win, minlength=n).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _per(win, n, values) / count
        sd = np.sqrt(_per(win, n, (values - mean[win]) ** 2) / count)
    return np.where(count > 0, mean, 0.0), np.where(count > 0, sd, 0.0), count


def daily_figures(
    traj: Floats,
    edges: Ints,
    tz: str,
    home: tuple[float, float] | None,
    compat: bool,
    *,
    min_observed_s: float,
    home_radius_m: float,
    sig_radius_m: float,
    sig_min_s: float,
) -> list[list[float]]:
    """The 18 figures (obs_duration … sd_pause_duration) of each window."""
    from ebbtide.sensing.places import FLIGHT, PAUSE, cluster_rows

    n = edges.size - 1
    order = np.argsort(traj[:, 3], kind="stable")
    traj = traj[order]
    temp, win, counts, offsets = _pieces(traj, edges)
    if compat:
        _stretch(temp, win, counts, offsets, edges)
    else:
        temp, win = _clip(temp, win, edges)
    dist = arccos_m if compat else haversine_m
    dur = temp[:, 6] - temp[:, 3]
    observed = temp[:, 7] == 1
    hours = clock.local_hours((temp[:, 3] + temp[:, 6]) / 2, tz)
    daytime = (hours >= 8) & (hours <= 19)
    obs = _per(win, n, dur * observed)
    obs_day = _per(win, n, dur * (observed & daytime))
    obs_night = _per(win, n, dur * (observed & ~daytime))
    moves = np.round(dist(temp[:, 4], temp[:, 5], temp[:, 1], temp[:, 2]), 0)
    moved = _per(win, n, moves)
    has = np.bincount(win, minlength=n) > 0
    if home is not None:
        d1 = dist(home[0], home[1], temp[:, 1], temp[:, 2])
        d2 = dist(home[0], home[1], temp[:, 4], temp[:, 5])
        at_home = _per(win, n, dur * ((d1 + d2) / 2 <= home_radius_m))
        max_home = np.full(n, math.nan)
        far = np.maximum(d1, d2)
        if far.size:
            starts = np.flatnonzero(np.r_[True, win[1:] != win[:-1]])
            max_home[win[starts]] = np.maximum.reduceat(far, starts)
    else:
        at_home = max_home = np.full(n, math.nan)
    fl, pa = temp[:, 0] == FLIGHT, temp[:, 0] == PAUSE
    fl_len_m, fl_len_s, _ = _mean_sd(win[fl], n, moves[fl])
    fl_dur_m, fl_dur_s, _ = _mean_sd(win[fl], n, dur[fl])
    pa_dur_m, pa_dur_s, _ = _mean_sd(win[pa], n, dur[pa])
    flight_total = _per(win[fl], n, dur[fl])
    pause_total = _per(win[pa], n, dur[pa])
    # Each window's pieces are contiguous in ``temp`` (windows in order, pieces in time).
    lo = np.searchsorted(win, np.arange(n), side="left")
    hi = np.searchsorted(win, np.arange(n), side="right")
    ok = has & (obs > 0)
    if not compat:
        ok &= obs >= min_observed_s
    days = np.flatnonzero(ok)
    diameter = np.zeros(n, dtype=np.float64)
    if days.size:
        diameter[days] = max_pairwise_groups(temp[:, 1], temp[:, 2], lo[days], hi[days], compat)
    # Radius of gyration: the centres need Forest's per-day ``np.dot``; the distances to
    # them are one vector call (elementwise, so the same numbers as day by day).
    p_idx = np.flatnonzero(pa)
    p_win = win[p_idx]
    p_lo = np.searchsorted(p_win, np.arange(n), side="left")
    p_hi = np.searchsorted(p_win, np.arange(n), side="right")
    with np.errstate(invalid="ignore", divide="ignore"):
        w = dur[p_idx] / pause_total[p_win]
    # Column views of the 8-column rows, as Forest passes them: BLAS sums a strided
    # vector in another order than a contiguous one, and the centre's last bits matter.
    prow = temp[p_idx]
    plat, plon = prow[:, 1], prow[:, 2]
    cx = np.full(n, math.nan)
    cy = np.full(n, math.nan)
    for i in days.tolist():
        a, b = int(p_lo[i]), int(p_hi[i])
        cx[i], cy[i] = np.dot(w[a:b], plat[a:b]), np.dot(w[a:b], plon[a:b])
    with np.errstate(invalid="ignore"):
        r_vec = dist(cx[p_win], cy[p_win], plat, plon) if p_idx.size else np.zeros(0)
    rows = prow[:, [1, 2, 3, 6]].tolist()
    radius = np.full(n, math.nan)
    n_sig = np.full(n, math.nan)
    entropy = np.full(n, math.nan)
    for i in days.tolist():
        a, b = int(p_lo[i]), int(p_hi[i])
        if not compat and pause_total[i] <= 0:
            pass
        elif b > a:
            with np.errstate(invalid="ignore"):
                radius[i] = np.dot(w[a:b], r_vec[a:b])
        else:
            radius[i] = 0.0
        places = cluster_rows(rows[a:b], sig_radius_m, compat)
        t_sig = np.asarray([p.seconds for p in places if p.seconds / 60 > 15], dtype=np.float64)
        n_sig[i] = t_sig.size
        p = t_sig / t_sig.sum() if t_sig.size else t_sig
        if compat:
            entropy[i] = 0.0 if t_sig.size == 1 else float(-np.sum(p * np.log(p + 0.00001)))
        else:
            entropy[i] = float(-np.sum(p * np.log(p))) if p.size else 0.0
    table = np.full((n, 18), math.nan)
    table[:, 0], table[:, 1], table[:, 2] = obs / 3600, obs_day / 3600, obs_night / 3600
    table[~has, :3] = 0.0
    figures = (
        at_home / 3600,
        moved / 1000,
        max_home / 1000,
        radius / 1000,
        diameter / 1000,
        n_sig,
        entropy,
        flight_total / 3600,
        fl_len_m / 1000,
        fl_len_s / 1000,
        fl_dur_m / 3600,
        fl_dur_s / 3600,
        pause_total / 3600,
        pa_dur_m / 3600,
        pa_dur_s / 3600,
    )
    for k, col in enumerate(figures, start=3):
        table[ok, k] = np.broadcast_to(col, (n,))[ok]
    out: list[list[float]] = table.tolist()
    del sig_min_s
    return out
