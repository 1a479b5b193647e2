"""Drift: a daily phase (connected, restoring, drifting, isolated) against one's own baseline.

The question behind this module is "is this retreat restoring me, or am I drifting into
isolation?". The answer has to come early, be wrong rarely (a false alarm about a chosen
retreat is its own small harm), and be explainable in a sentence.

How it decides
--------------
1. *Own baseline, robust to the present.* For each day, the person's usual rate of
   meaningful contacts (felt safe, or left them connected) per *logged* day is taken
   over the 180 days that end two weeks earlier. The two-week lag keeps a drift that
   has just begun from pulling its own yardstick down; the long window keeps a month
   of isolation from becoming "the new usual" too soon. The same window gives the usual
   share of solitude that is an escape and the usual share of shut-down check-ins.
   Until 14 logged days exist, the detector says it is still learning and raises
   nothing.
2. *Daily evidence.* A logged day adds
   ``deficit × (0.35 + 0.65 × escape share) + 0.6 × (escape share − usual)
   + 0.6 × (shut-down share − usual) − k``, where ``deficit`` is how far the day's
   meaningful contacts fell below the usual rate (−1…1) and the shares are over the
   last seven days. Few contacts weigh little while solitude is chosen and restful
   (a retreat) and fully when it is an escape (a drift): that is the difference the
   person wants to see. ``k`` is the allowance an ordinary day spends.
3. *Gaps are information, not zeros.* An unlogged day is not counted as a day without
   contact. It carries the average evidence of the logged days in the fortnight before
   it (what was last seen continues), plus a small term for logging less than usual.
   That term is capped below ``k``: silence alone never raises an alarm, but it
   sharpens a drift that was already visible (people log less as they withdraw).
4. *A one-sided CUSUM with finite memory.* The evidence is summed in a one-sided CUSUM
   (Page, 1954): ``S_t = max(0, S_{t-1} + x_t)``, computed over the last 28 days only
   (``S_t = C_t − min C_{t-28..t}`` on the running sum ``C``), so a long isolation
   does not take months to forget once contact returns. The closed form makes the
   detector a handful of vectorised passes, which is what lets it run on millions of
   person-days in seconds.
5. *Phases.* ``drifting`` when ``S ≥ h``; ``isolated`` when the evidence is sustained
   (``S ≥ 2h``) and meaningful contact over the last two weeks is at most 30 % of the
   usual rate; ``restoring``
   when not drifting but meaningful contact over the last week is at most 35 % of the
   usual while chosen solitude is at least 1.5 times the usual (per logged day) and
   little of it is an escape (≤ 35 %); otherwise ``connected``. Those bounds are strict
   on purpose: an ordinary quiet week crosses looser ones often, and a label that says
   "retreat" on ordinary days means little (on 200 simulated people it cut ordinary days
   labelled restoring from about 3,600 to 540, at the cost of noticing 70 % of retreats
   instead of 86 %; drift detection does not depend on it).

``benchmarks/drift_quality.py`` measures the detection delay and false alarms of this
detector against a naive seven-days-without-contact rule and an oracle CUSUM that
knows the simulation's true distributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.insights.model import PHASES

CONNECTED, RESTORING, DRIFTING, ISOLATED = range(4)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DRIFT: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "day": pl.Date(),
    "phase": pl.Int8(),
    "score": pl.Float32(),  # the CUSUM statistic S
    "learning": pl.Boolean(),  # no baseline yet
    "logged": pl.Boolean(),
    "usual_rate": pl.Float32(),  # meaningful contacts per logged day, own baseline
    "rate7": pl.Float32(),  # the same over the last 7 days (null if nothing logged)
    "escape7": pl.Float32(),  # share of solitude minutes that were an escape, 7 days
    "usual_escape": pl.Float32(),
    "shutdown7": pl.Float32(),
    "logged7": pl.Int8(),  # logged days among the last 7
    "since_meaningful": pl.Int32(),  # days since the last meaningful contact (null: none)
}


@dataclass(frozen=True)
class DriftParams:
    """The detector's tuning; the defaults are what ``benchmarks/drift_quality.py`` checks."""

    threshold: float = 3.5  # h
    allowance: float = 0.45  # k
    memory: int = 28  # days the CUSUM remembers
    baseline_days: int = 180
    baseline_lag: int = 14
    min_baseline_logged: int = 14
    gap_weight: float = 0.3
    isolated_rate: float = 0.3
    restoring_rate: float = 0.35
    restoring_escape: float = 0.35
    restoring_alone: float = 1.5  # chosen solitude over the week vs usual, per logged day
    deficit_weight: float = 0.35  # weight of a contact deficit while solitude is chosen
    deficit_escape_weight: float = 0.65  # extra weight as solitude turns into escape
    escape_weight: float = 0.6
    shutdown_weight: float = 0.6
    carry_days: int = 7  # logged days whose evidence an unlogged day carries forward


class _Windows:
    """Sums over trailing windows of days on a (subject × day) grid.

    Cells before a subject's first day (``first``) are zero in every input, so a window
    that reaches past that day sums the same as one cut at it; only ``length`` needs
    ``first``.
    """

    def __init__(self, shape: tuple[int, int], first: IntArray) -> None:
        self.n, self.span = shape
        self.col = np.arange(self.span, dtype=np.int64)
        self.rel = self.col[None, :] - first[:, None]  # day index within the subject
        self.ragged = bool(first.any())
        self._prefix: dict[int, npt.NDArray[Any]] = {}

    def prefix(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Running sums along each subject's days (cached per input array).

        Counts are summed as integers (exact, and half the memory when they fit in 32
        bits), so every window sum of counts is the exact count.
        """
        key = id(x)
        if key not in self._prefix:
            dtype: Any = np.float64
            if np.issubdtype(x.dtype, np.integer):
                fits = int(np.abs(x).max(initial=0)) * (self.span + 1) < 2**31
                dtype = np.int32 if fits else np.int64
            p = np.zeros((self.n, self.span + 1), dtype)
            np.cumsum(x, axis=1, dtype=dtype, out=p[:, 1:])
            self._prefix[key] = p
        return self._prefix[key]

    def sum(self, x: npt.NDArray[Any], days: int, lag: int = 0) -> npt.NDArray[Any]:
        """Sum of ``x`` over days (t-lag-days, t-lag] within the subject."""
        p = self.prefix(x)
        span = self.span
        out = np.empty((self.n, span), p.dtype)
        # Days whose window starts before the grid: the running sum up to t-lag.
        a, b = min(lag, span), min(lag + days - 1, span)
        out[:, :a] = 0
        out[:, a:b] = p[:, a - lag + 1 : b - lag + 1]
        # The rest: a difference of running sums `days` apart.
        if b < span:
            np.subtract(
                p[:, b - lag + 1 : span - lag + 1], p[:, : span - lag - days + 1], out=out[:, b:]
            )
        return out

    def length(self, days: int, lag: int = 0) -> FloatArray:
        """How many days each window really covers (shorter at a subject's start)."""
        rel = self.rel if self.ragged else self.col[None, :]
        hi = np.maximum(rel - lag + 1, 0)
        lo = np.maximum(rel - lag - days + 1, 0)
        out: FloatArray = np.broadcast_to(
            np.maximum(hi - lo, 0).astype(np.float64), (self.n, self.span)
        )
        return out


def _ratio(num: npt.NDArray[Any], den: npt.NDArray[Any], default: FloatArray | float) -> FloatArray:
    out: FloatArray = np.empty(num.shape)
    some = den > 0
    np.divide(num, den, out=out, where=some)
    np.copyto(out, default, where=~some)
    return out


def _fill_nan(x: FloatArray, value: float) -> FloatArray:
    """``x`` with NaN replaced (ratios here are never infinite)."""
    out: FloatArray = np.where(np.isnan(x), value, x)
    return out


def _since(flag: npt.NDArray[np.bool_], col: IntArray) -> FloatArray:
    """Days since the last day with ``flag`` along each subject's days (NaN: never)."""
    last = np.maximum.accumulate(np.where(flag, col[None, :], -1), axis=1)
    out: FloatArray = np.where(last >= 0, col[None, :] - last, np.nan).astype(np.float64)
    return out


def _rolling_min(c: FloatArray, days: int) -> FloatArray:
    """Minimum of ``c`` over the last ``days`` days (fewer at the grid's start).

    Built by doubling: the minimum over 2w days is that of two w-day minima, w apart.
    """

    def shifted_min(m: FloatArray, k: int) -> FloatArray:
        out = m.copy()
        if k < m.shape[1]:
            np.minimum(out[:, k:], m[:, :-k], out=out[:, k:])
        return out

    m, width = c, 1
    while 2 * width <= days:
        m, width = shifted_min(m, width), 2 * width
    if width < days:  # the last window overlaps: min over [t-days+1, t] from two w-wide mins
        m = shifted_min(m, days - width)
    return m if m is not c else c.copy()


def detect_grid(
    counts: dict[str, npt.NDArray[Any]], first: IntArray, params: DriftParams = DriftParams()
) -> dict[str, npt.NDArray[Any]]:
    """The detector on (subject × day) grids of timeline counts (zero before ``first``).

    Returns grids of the same shape: ``phase``, ``score``, ``learning``, ``usual_rate``,
    ``rate7``, ``escape7``, ``usual_escape``, ``shutdown7``, ``logged7`` and
    ``since_meaningful`` (NaN where a value is missing).
    """
    p = params
    logged = counts["logged"]
    w = _Windows(logged.shape, first)
    meaningful = counts["meaningful"]
    escape_min, chosen_min = counts["escape_min"], counts["chosen_min"]
    checkins, shutdown = counts["checkins"], counts["st_shut_down"]
    solo_min = escape_min + chosen_min

    # 1. Own baseline, lagged, over logged days only.
    base_logged = w.sum(logged, p.baseline_days, p.baseline_lag)
    usual = _ratio(w.sum(meaningful, p.baseline_days, p.baseline_lag), base_logged, np.nan)
    learning = base_logged < p.min_baseline_logged
    usual_safe = np.maximum(_fill_nan(usual, 1.0), 0.15)
    solo_base = w.sum(solo_min, p.baseline_days, p.baseline_lag)
    usual_escape = _ratio(w.sum(escape_min, p.baseline_days, p.baseline_lag), solo_base, 0.2)
    usual_shutdown = _ratio(
        w.sum(shutdown, p.baseline_days, p.baseline_lag),
        w.sum(checkins, p.baseline_days, p.baseline_lag),
        0.15,
    )
    usual_logging = _ratio(base_logged, w.length(p.baseline_days, p.baseline_lag), 0.9)

    # 2. Daily evidence over the last week.
    logged7 = w.sum(logged, 7)
    rate7 = _ratio(w.sum(meaningful, 7), logged7, np.nan)
    escape7 = _ratio(w.sum(escape_min, 7), w.sum(solo_min, 7), usual_escape)
    shutdown7 = _ratio(w.sum(shutdown, 7), w.sum(checkins, 7), usual_shutdown)
    deficit = np.clip((usual_safe - meaningful) / usual_safe, -1.0, 1.0)
    raw = (
        deficit * (p.deficit_weight + p.deficit_escape_weight * escape7)
        + p.escape_weight * (escape7 - usual_escape)
        + p.shutdown_weight * (shutdown7 - usual_shutdown)
    )
    # 3. Gaps: carry the fortnight's logged evidence, plus a capped logging-deficit term.
    carried = _ratio(w.sum(raw * logged, p.carry_days), w.sum(logged, p.carry_days), 0.0)
    logging_gap = np.clip(usual_logging - logged7 / np.maximum(w.length(7), 1.0), 0.0, 1.0)
    gap_term = np.minimum(p.gap_weight * logging_gap, 0.9 * p.allowance)
    x = np.where(logged > 0, raw, carried + gap_term) - p.allowance
    x = np.where(learning, -p.allowance, x)
    if w.ragged:
        x[w.rel < 0] = 0.0  # before the subject's first day

    # 4. Finite-memory one-sided CUSUM: S_t = C_t - min(C over the last `memory` days, 0).
    c = np.cumsum(x, axis=1)
    window_min = _rolling_min(c, p.memory)
    window_min = np.where(w.rel < p.memory, np.minimum(window_min, 0.0), window_min)
    score = np.maximum(c - window_min, 0.0)

    # 5. Phases.
    rate14 = _ratio(w.sum(meaningful, 14), w.sum(logged, 14), np.nan)
    drifting = (score >= p.threshold) & ~learning
    isolated = (
        drifting
        & (score >= 2 * p.threshold)
        & (_fill_nan(rate14, 0.0) <= p.isolated_rate * usual_safe)
    )
    low7 = _fill_nan(rate7, 0.0) <= p.restoring_rate * usual_safe
    # A retreat: less contact than usual, more chosen solitude than usual, little escape.
    chosen_n = counts["chosen_n"]
    usual_chosen = _ratio(w.sum(chosen_n, p.baseline_days, p.baseline_lag), base_logged, 0.7)
    more_alone = w.sum(chosen_n, 7) >= p.restoring_alone * usual_chosen * logged7
    restoring = (
        ~drifting & ~learning & low7 & more_alone & (logged7 >= 2) & (escape7 <= p.restoring_escape)
    )
    phase = np.full(x.shape, CONNECTED, np.int8)
    phase[restoring] = RESTORING
    phase[drifting] = DRIFTING
    phase[isolated] = ISOLATED
    return {
        "phase": phase,
        "score": score,
        "learning": learning,
        "usual_rate": usual,
        "rate7": rate7,
        "escape7": escape7,
        "usual_escape": usual_escape,
        "shutdown7": shutdown7,
        "logged7": logged7,
        "since_meaningful": _since(meaningful > 0, w.col),
    }


NEEDS = (
    "logged",
    "meaningful",
    "escape_min",
    "chosen_min",
    "checkins",
    "st_shut_down",
    "chosen_n",
)
"""The timeline columns the detector reads."""


def drift_frame(
    subject: npt.NDArray[np.int32],
    day: pl.Series,
    keep: npt.NDArray[np.bool_] | None,
    out: dict[str, npt.NDArray[Any]],
) -> pl.DataFrame:
    """The ``DRIFT`` frame from ``detect_grid``'s grids (cells in ``keep``, subject-major)."""

    def flat(name: str) -> npt.NDArray[Any]:
        v: npt.NDArray[Any] = out[name].ravel()
        return v if keep is None else v[keep]

    def f32(name: str) -> pl.Series:
        return pl.Series(name, flat(name).astype(np.float32), nan_to_null=True)

    since = flat("since_meaningful")
    missing = np.isnan(since)
    return pl.DataFrame(
        [
            pl.Series("subject", subject),
            day.alias("day"),
            pl.Series("phase", flat("phase")),
            pl.Series("score", flat("score").astype(np.float32)),
            pl.Series("learning", flat("learning")),
            pl.Series("logged", flat("logged") > 0),
            f32("usual_rate"),
            f32("rate7"),
            f32("escape7"),
            f32("usual_escape"),
            f32("shutdown7"),
            pl.Series("logged7", flat("logged7").astype(np.int8)),
            pl.Series("since_meaningful", np.where(missing, 0, since).astype(np.int32)).scatter(
                np.flatnonzero(missing), None
            ),
        ]
    )


def detect(
    timeline: pl.DataFrame, params: DriftParams = DriftParams(), passive: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The phase of every day of a daily timeline (sorted by subject, day), with features.

    Each subject's rows are taken as consecutive days (as ``daily_timeline`` gives them).
    ``passive``: phone-signal evidence per (subject, day) from ``passive_evidence``, fused
    by ``passive_evidence.fuse`` (it may make a day drifting, never isolated).
    """
    if timeline.height == 0:
        return pl.DataFrame(schema=DRIFT)
    subject = timeline["subject"].to_numpy()
    starts = np.flatnonzero(np.r_[True, subject[1:] != subject[:-1]])
    lengths = np.diff(np.r_[starts, len(subject)])
    width = int(lengths.max())
    first = (width - lengths).astype(np.int64)
    # Right-align each subject's days on a (subject × day) grid, zero before its start.
    row = np.repeat(np.arange(len(starts)), lengths)
    col = np.arange(len(subject)) - np.repeat(starts, lengths) + np.repeat(first, lengths)
    counts: dict[str, npt.NDArray[Any]] = {}
    for name in NEEDS:
        g = np.zeros((len(starts), width), np.int32)
        g[row, col] = timeline[name].to_numpy()
        counts[name] = g
    out = detect_grid(counts, first, params) | {"logged": counts["logged"]}
    keep = (np.arange(width)[None, :] >= first[:, None]).ravel()
    result = drift_frame(subject.astype(np.int32), timeline["day"], keep, out).select(
        [pl.col(k).cast(t) for k, t in DRIFT.items()]
    )
    if passive is not None:
        from ebbtide.insights.passive_evidence import fuse

        result = fuse(result, passive)
    return result


def phase_name(code: int) -> str:
    """The phase word for a code."""
    return PHASES[code]
