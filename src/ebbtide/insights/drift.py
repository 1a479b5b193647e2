"""Drift: a daily phase (connected, restoring, drifting, isolated, not enough to say)
against one's own baseline.

The question behind this module is "is this retreat restoring me, or am I drifting into
isolation?". The answer has to come early, be wrong rarely (a false alarm about a chosen
retreat is its own small harm), never say "connected" without evidence, and never tell a
person who is drifting that they are refuelling.

How it decides
--------------
1. *Own baseline, frozen during a drift.* For each day, the person's usual rate of
   meaningful contacts (felt safe, or left them connected) per logged day is taken over
   their last 120 *ordinary* logged days that end two weeks earlier: days away, days of
   an alarm and the two weeks before an alarm do not count. So while a drift lasts the
   yardstick stays what it was before it began, however long it lasts. The same days give
   the usual share of solitude that is an escape, of shut-down, unsettled and "avoiding
   someone" check-ins and of chosen solitude. Until 14 such days exist there is no baseline: "not enough to say".
   Which days are alarm days depends on the baseline, so the detector runs twice: the
   first pass finds the alarms with every logged day in the baseline, the second leaves
   those alarms (and the fortnight before each) out. Both passes are causal: a day's
   phase only ever depends on that day and the days before it.
2. *Daily evidence.* A logged day adds
   ``contact × (0.35 + 0.65 × escape share) + 0.6 × (escape share − usual)
   + 0.6 × (shut-down share − usual) + 0.6 × (unsettled share − usual)
   + 0.6 × ("avoiding someone" share − usual) − k``. ``contact`` is the log-likelihood
   ratio of the day's meaningful contacts under a rate fallen by 60 % against the usual
   rate (Poisson, clipped to −1…1): a day without contact is strong evidence for someone
   who usually logs three and little for someone who usually logs one a week, so people
   who log few contacts are not alarmed by ordinary empty days. The shares are over the
   last seven days: escape among solitude minutes; shut-down, *unsettled* (any state but
   connected: shut down, mobilized or fawning) and "I'm avoiding someone" among
   check-ins. Check-ins come first in a tired logger's day, so they carry the clearest
   signal when contacts go unlogged. Few contacts weigh little while solitude is chosen
   and restful and fully when it is an escape. On a day marked away only the mood terms
   count: fewer contacts on holiday say nothing, more escape or heaviness might.
3. *Gaps are information, not zeros.* An unlogged day carries half the average evidence
   of the logged days in the week before it (the other half is not known: one heavy
   logged day followed by a silent week must not count eight times), plus a small term
   for logging less than usual, capped below ``k``: silence alone never raises an alarm.
4. *An alarm that ends on recovery, not on forgetting.* The evidence is summed in a
   one-sided CUSUM with a 42-day memory (``S_t = C_t − min C_{t-42..t}``); an alarm is
   raised when ``S ≥ h`` *and* meaningful contact over the last three weeks is below
   60 % of the usual (a drift into isolation is a fall in contact; heavier days with
   contact intact are not one), and then *held* (a set-reset latch, vectorised with
   running maxima) until recovery: meaningful contact over the last three weeks back to
   70 % of the frozen usual on at least five logged days, and check-ins over those weeks
   no more unsettled than usual (+0.1). Contact coming back while the person still feels
   shut down is not yet recovery.
5. *Phases.* ``drifting`` while an alarm is held (through logging gaps of up to 60 days);
   ``isolated`` when the alarm has lasted at least three weeks, meaningful contact over
   those three weeks is at most 30 % of the usual on at least four logged days, and the
   check-ins of those weeks are clearly more unsettled than usual (+0.2): a sustained,
   severe fall that the person's own check-ins bear out. ``restoring`` only on positive
   evidence over the last week: contact below the usual but not collapsed, more chosen
   solitude than usual with at least one time alone that left the person connected from
   a harder state, the person's own "I need some time alone", little escape, and no
   drift building (the retreat score, a CUSUM of such days; an unlogged day inside a
   retreat costs it little, since a retreat is often not written down). ``connected``
   needs evidence too: meaningful contact over the last two weeks at half the usual or
   more. Everything else (no baseline yet, five days or more
   without an entry, a day away, a quieter stretch that is not a drift yet) is
   ``not-enough-to-say``.

``benchmarks/drift_quality.py`` measures all of this on the demo generator and on a
second simulator (``benchmarks/sim2``), both of which the detector is now tuned on, with
``--sim3`` on a third (held out at first, seen since) and with ``--sim4`` on a fourth that
nothing was chosen on, against a naive seven-days-without-contact rule and an oracle CUSUM
that knows the demo's true distributions. ``benchmarks/drift_ceiling.py`` sets beside it a
reference trained on each simulator's own truth (``docs/drift-quality.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.insights.model import CONNECTED, DRIFTING, ISOLATED, PHASES, RESTORING, UNKNOWN

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DRIFT: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "day": pl.Date(),
    "phase": pl.Int8(),  # index into PHASES
    "score": pl.Float32(),  # the CUSUM statistic S
    "learning": pl.Boolean(),  # no baseline yet
    "logged": pl.Boolean(),
    "away": pl.Boolean(),  # inside a period the person marked as away
    "usual_rate": pl.Float32(),  # meaningful contacts per logged day, own baseline
    "rate7": pl.Float32(),  # the same over the last 7 days (null if nothing logged)
    "rate14": pl.Float32(),  # the same over the last 14 days
    "rate21": pl.Float32(),  # the same over the last 21 days
    "escape7": pl.Float32(),  # share of solitude minutes that were an escape, 7 days
    "usual_escape": pl.Float32(),
    "shutdown7": pl.Float32(),
    "usual_shutdown": pl.Float32(),
    "unsettled21": pl.Float32(),  # share of check-ins not connected, 21 days (null: none)
    "usual_unsettled": pl.Float32(),
    "logged7": pl.Int8(),  # logged days among the last 7
    "logged21": pl.Int8(),
    "regulated7": pl.Int16(),  # times alone that left the person connected, 7 days
    "alone_wish7": pl.Int16(),  # check-ins saying "I need some time alone", 7 days
    "alarm_days": pl.Int32(),  # days the current alarm has lasted (null: no alarm)
    "since_logged": pl.Int32(),  # days since the last logged day (0: logged today)
    "since_meaningful": pl.Int32(),  # days since the last meaningful contact (null: none)
}


@dataclass(frozen=True)
class DriftParams:
    """The detector's tuning; the defaults are what ``benchmarks/drift_quality.py`` checks."""

    threshold: float = 4.0  # h
    allowance: float = 0.2  # k
    memory: int = 42  # days the CUSUM remembers (six weeks: a gradual drift adds up slowly)
    baseline_logged: int = 120  # ordinary logged days the baseline averages
    baseline_lag: int = 14  # also the days before an alarm left out of the baseline
    min_baseline_logged: int = 14
    passes: int = 2
    contact_fall: float = 0.6  # contact evidence: "fallen by this share" against the usual
    deficit_weight: float = 0.35  # weight of the contact evidence while solitude is chosen
    deficit_escape_weight: float = 0.65  # extra weight as solitude turns into escape
    escape_weight: float = 0.6
    shutdown_weight: float = 0.6
    unsettled_weight: float = 0.6  # weight of the share of check-ins not connected
    avoiding_weight: float = 0.6  # weight of the share of check-ins "avoiding someone"
    gap_weight: float = 0.3
    carry_weight: float = 0.5  # share of the logged days' evidence an unlogged day carries
    carry_days: int = 7  # days whose logged evidence an unlogged day carries forward
    enter_days: int = 21  # an alarm starts only while contact over these days ...
    enter_rate: float = 0.6  # ... is below this share of the usual
    recovery_days: int = 21  # an alarm ends when contact over these days ...
    recovery_rate: float = 0.7  # ... is back to this share of the usual ...
    recovery_logged: int = 5  # ... on at least this many logged days ...
    recovery_unsettled: float = 0.1  # ... and check-ins are at most this far above usual unsettled
    alarm_gap_days: int = 60  # an alarm is shown through logging gaps this long
    unknown_gap_days: int = 5  # outside an alarm, this long without an entry: not enough to say
    isolated_days: int = 21  # isolated: the alarm has lasted this long ...
    isolated_rate: float = 0.3  # ... and contact over that time is at most this share ...
    isolated_logged: int = 4  # ... on at least this many logged days ...
    isolated_unsettled: float = 0.2  # ... with check-ins this far above usual unsettled
    connected_rate: float = 0.5  # connected: contact over 14 days at least this share
    restoring_rate: float = 0.7  # restoring: contact over the week below this share ...
    restoring_floor: float = 0.1  # ... but not collapsed (14 days at least this share)
    restoring_escape: float = 0.35
    restoring_alone: float = 1.0  # chosen solitude over the week vs usual, per logged day
    restoring_regulated: int = 1  # times alone that left the person connected, in the week
    restoring_shutdown: float = 0.5  # shut-down share at most this far above the usual
    retreat_threshold: float = 4.0  # the retreat score (a CUSUM of retreat evidence) ...
    retreat_allowance: float = 0.8  # ... the allowance a logged day spends on it ...
    retreat_unlogged: float = 0.1  # ... and what an unlogged day spends
    retreat_memory: int = 14


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
        # Keyed by id, holding the array too: a freed temporary's id could be reused.
        self._prefix: dict[int, tuple[npt.NDArray[Any], npt.NDArray[Any]]] = {}
        self._sums: dict[tuple[int, int, int], tuple[npt.NDArray[Any], npt.NDArray[Any]]] = {}

    def prefix(self, x: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Running sums along each subject's days (cached per input array).

        Counts are summed as integers (exact, and half the memory when they fit in 32
        bits), so every window sum of counts is the exact count.
        """
        key = id(x)
        hit = self._prefix.get(key)
        if hit is not None and hit[0] is x:
            return hit[1]
        dtype: Any = np.float64
        if np.issubdtype(x.dtype, np.integer):
            fits = max(int(x.max(initial=0)), -int(x.min(initial=0))) * (self.span + 1) < 2**31
            dtype = np.int32 if fits else np.int64
        p = np.zeros((self.n, self.span + 1), dtype)
        np.cumsum(x, axis=1, dtype=dtype, out=p[:, 1:])
        self._prefix[key] = (x, p)
        return p

    def sum(self, x: npt.NDArray[Any], days: int, lag: int = 0) -> npt.NDArray[Any]:
        """Sum of ``x`` over days (t-lag-days, t-lag] within the subject (cached: do not
        write to it)."""
        key = (id(x), days, lag)
        hit = self._sums.get(key)
        if hit is not None and hit[0] is x:
            return hit[1]
        out = self._window(self.prefix(x), days, lag)
        self._sums[key] = (x, out)
        return out

    def _window(self, p: npt.NDArray[Any], days: int, lag: int) -> npt.NDArray[Any]:
        """Window sums from running sums ``p`` (see ``sum``)."""
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
    """``num / den`` where ``den > 0``, else ``default``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.true_divide(num, den, dtype=np.float64)
    np.copyto(out, default, where=~(den > 0))
    return out


def _fill_nan(x: FloatArray, value: float) -> FloatArray:
    """``x`` with NaN replaced (ratios here are never infinite)."""
    out: FloatArray = np.where(np.isnan(x), value, x)
    return out


def _last_day(flag: npt.NDArray[np.bool_], col: IntArray) -> IntArray:
    """The last day with ``flag`` up to each day along each subject's days (-1: none yet)."""
    out: IntArray = np.maximum.accumulate(np.where(flag, col[None, :], -1), axis=1)
    return out


def _since(flag: npt.NDArray[np.bool_], col: IntArray) -> FloatArray:
    """Days since the last day with ``flag`` along each subject's days (NaN: never)."""
    last = _last_day(flag, col)
    out: FloatArray = (col[None, :] - last).astype(np.float64)
    out[last < 0] = np.nan
    return out


def _rolling_min(c: FloatArray, days: int) -> FloatArray:
    """Minimum of ``c`` over the last ``days`` days (fewer at the grid's start).

    Built by doubling: the minimum over 2w days is that of two w-day minima, w apart.
    """

    def shifted_min(m: FloatArray, k: int) -> FloatArray:
        if k >= m.shape[1]:
            return m.copy()
        out = np.empty_like(m)
        out[:, :k] = m[:, :k]
        np.minimum(m[:, k:], m[:, :-k], out=out[:, k:])
        return out

    m, width = c, 1
    while 2 * width <= days:
        m, width = shifted_min(m, width), 2 * width
    if width < days:  # the last window overlaps: min over [t-days+1, t] from two w-wide mins
        m = shifted_min(m, days - width)
    return m if m is not c else c.copy()


def _cusum(x: FloatArray, memory: int, w: _Windows) -> FloatArray:
    """``S_t = C_t - min C_{t-memory..t}`` of the running sum ``C`` of ``x`` (the minimum
    taking in 0 over a subject's first ``memory`` days), never below 0."""
    cum = np.cumsum(x, axis=1)
    low = _rolling_min(cum, memory)
    if w.ragged:
        np.minimum(low, 0.0, out=low, where=w.rel < memory)
    else:
        np.minimum(low[:, :memory], 0.0, out=low[:, :memory])
    out: FloatArray = np.maximum(np.subtract(cum, low, out=cum), 0.0, out=cum)
    return out


def _shift(a: npt.NDArray[Any], lag: int) -> npt.NDArray[Any]:
    """``a`` moved ``lag`` days later along each row (zero before)."""
    out = np.zeros_like(a)
    if lag < a.shape[1]:
        out[:, lag:] = a[:, : a.shape[1] - lag]
    return out


def _began(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Days with ``flag`` whose day before has not."""
    out = flag.copy()
    out[:, 1:] &= ~flag[:, :-1]
    return out


def _last_ordinary(
    values: list[npt.NDArray[Any]], ordinary: npt.NDArray[np.bool_], k: int, lag: int
) -> tuple[list[FloatArray], IntArray]:
    """Sums of each array of counts over the last ``k`` ordinary days up to ``t - lag``,
    and how many ordinary days those are (fewer than ``k`` early on).

    Each array's ordinary days are summed in one running sum over the whole grid (as
    integers: exact); the sum over ranks (lo, upto] of a row's ordinary days is then the
    difference of two gathers from it, the row's start cancelling out.
    """
    ranks = np.cumsum(ordinary, axis=1, dtype=np.int64)
    upto = _shift(ranks, lag)
    lo = np.maximum(upto - k, 0)
    offset = np.r_[0, np.cumsum(ranks[:, -1])[:-1]][:, None] if ranks.size else ranks
    where = np.flatnonzero(ordinary)
    hi_at, lo_at = offset + upto, offset + lo
    out: list[FloatArray] = []
    for x in values:
        if not np.issubdtype(x.dtype, np.integer):
            raise TypeError("_last_ordinary sums counts (integer arrays)")
        run = np.zeros(len(where) + 1, np.int64)
        np.cumsum(x.ravel()[where], out=run[1:])
        out.append((run[hi_at] - run[lo_at]).astype(np.float64))
    count: IntArray = upto - lo
    return out, count


def _latch(enter: npt.NDArray[np.bool_], leave: npt.NDArray[np.bool_], col: IntArray) -> Any:
    """Set on ``enter``, reset on ``leave`` (enter wins a tie): a held alarm per day."""
    return _last_day(enter, col) > _last_day(leave & ~enter, col)


def _baseline(
    p: DriftParams, c: dict[str, npt.NDArray[Any]], ordinary: npt.NDArray[np.bool_]
) -> dict[str, npt.NDArray[Any]]:
    """The usual rate and shares, over the last ordinary days before the lag."""
    (b_mean, b_escape, b_solo, b_shut, b_checkins, b_chosen, b_unsettled, b_avoid), base_logged = (
        _last_ordinary(
            [
                c["meaningful"],
                c["escape_min"],
                c["solo_min"],
                c["st_shut_down"],
                c["checkins"],
                c["chosen_n"],
                c["unsettled"],
                c["avoiding"],
            ],
            ordinary,
            p.baseline_logged,
            p.baseline_lag,
        )
    )
    usual = _ratio(b_mean, base_logged, np.nan)
    return {
        "usual": usual,
        "learning": base_logged < p.min_baseline_logged,
        "usual_safe": np.maximum(_fill_nan(usual, 1.0), 0.15),
        "usual_escape": _ratio(b_escape, b_solo, 0.2),
        "usual_shutdown": _ratio(b_shut, b_checkins, 0.15),
        "usual_unsettled": _ratio(b_unsettled, b_checkins, 0.4),
        "usual_avoiding": _ratio(b_avoid, b_checkins, 0.1),
        "usual_chosen": _ratio(b_chosen, base_logged, 0.7),
    }


def _daily(
    p: DriftParams, w: _Windows, c: dict[str, npt.NDArray[Any]], evidence: FloatArray | None
) -> dict[str, npt.NDArray[Any]]:
    """What every pass reads that does not depend on the baseline: the weekly shares (NaN
    where there is nothing to share), the three-week rates (0 where nothing was logged),
    whether enough was logged to recover, and the term for logging less than usual."""
    logged, checkins, unsettled = c["logged"], c["checkins"], c["unsettled"]
    f: dict[str, npt.NDArray[Any]] = {
        "escape7": _ratio(w.sum(c["escape_min"], 7), w.sum(c["solo_min"], 7), np.nan),
        "shutdown7": _ratio(w.sum(c["st_shut_down"], 7), w.sum(checkins, 7), np.nan),
        "unsettled7": _ratio(w.sum(unsettled, 7), w.sum(checkins, 7), np.nan),
        "avoiding7": _ratio(w.sum(c["avoiding"], 7), w.sum(checkins, 7), np.nan),
    }
    logged_r = w.sum(logged, p.recovery_days)
    f["enough_r"] = logged_r >= p.recovery_logged
    f["rate_r"] = _ratio(w.sum(c["meaningful"], p.recovery_days), logged_r, 0.0)
    f["unsettled_r"] = _ratio(
        w.sum(unsettled, p.recovery_days), w.sum(checkins, p.recovery_days), 0.0
    )
    f["rate_e"] = _ratio(w.sum(c["meaningful"], p.enter_days), w.sum(logged, p.enter_days), 0.0)
    if evidence is None:
        usual_logging = _ratio(
            w.sum(logged, 180, p.baseline_lag), w.length(180, p.baseline_lag), 0.9
        )
        logging_gap = np.clip(
            usual_logging - w.sum(logged, 7) / np.maximum(w.length(7), 1.0), 0.0, 1.0
        )
        gap_term = np.minimum(p.gap_weight * logging_gap, 0.9 * p.allowance)
        f["gap_term"] = np.where(c["away"] > 0, 0.0, gap_term)
    else:
        f["evidence"] = evidence
    return f


def _fill(share: FloatArray, usual: FloatArray) -> FloatArray:
    """A share, the usual one where there was nothing to share."""
    out: FloatArray = np.where(np.isnan(share), usual, share)
    return out


def _pass(
    p: DriftParams,
    w: _Windows,
    c: dict[str, npt.NDArray[Any]],
    f: dict[str, npt.NDArray[Any]],
    ordinary: npt.NDArray[np.bool_],
) -> dict[str, npt.NDArray[Any]]:
    """One pass of the detector with the baseline taken over ``ordinary`` days (``f``: see
    ``_daily``): the baseline, the weekly shares, the CUSUM score and the held alarm."""
    logged, meaningful, away = c["logged"], c["meaningful"], c["away"] > 0
    b = _baseline(p, c, ordinary)
    usual_safe, learning = b["usual_safe"], b["learning"]
    usual_escape, usual_shutdown = b["usual_escape"], b["usual_shutdown"]
    usual_unsettled, usual_avoiding = b["usual_unsettled"], b["usual_avoiding"]
    escape7 = _fill(f["escape7"], usual_escape)
    shutdown7 = _fill(f["shutdown7"], usual_shutdown)
    if "evidence" in f:
        x = f["evidence"] - p.allowance
    else:
        # How much likelier the day's meaningful contacts are under a fallen rate than under
        # the usual one (Poisson): a day without contact says little for someone who rarely
        # logs one.
        kept = 1.0 - p.contact_fall
        surprise = np.clip(p.contact_fall * usual_safe + meaningful * np.log(kept), -1.0, 1.0)
        mood = (
            p.escape_weight * (escape7 - usual_escape)
            + p.shutdown_weight * (shutdown7 - usual_shutdown)
            + p.unsettled_weight * (_fill(f["unsettled7"], usual_unsettled) - usual_unsettled)
            + p.avoiding_weight * (_fill(f["avoiding7"], usual_avoiding) - usual_avoiding)
        )
        contact = surprise * (p.deficit_weight + p.deficit_escape_weight * escape7)
        raw = np.where(away, mood, contact + mood)
        carried = _ratio(w.sum(raw * logged, p.carry_days), w.sum(logged, p.carry_days), 0.0)
        x = np.where(logged > 0, raw, p.carry_weight * carried + f["gap_term"]) - p.allowance
    x = np.where(learning, -p.allowance, x)
    if w.ragged:
        x[w.rel < 0] = 0.0  # before the subject's first day
    score = _cusum(x, p.memory, w)

    recovered = (
        f["enough_r"]
        & (f["rate_r"] >= p.recovery_rate * usual_safe)
        & (f["unsettled_r"] <= usual_unsettled + p.recovery_unsettled)
    )
    down = f["rate_e"] < p.enter_rate * usual_safe
    alarm = _latch((score >= p.threshold) & ~learning & down, recovered | learning, w.col)
    return b | {"escape7": escape7, "shutdown7": shutdown7, "score": score, "alarm": alarm}


def _retreat(
    p: DriftParams, w: _Windows, c: dict[str, npt.NDArray[Any]], r: dict[str, npt.NDArray[Any]]
) -> FloatArray:
    """The retreat score: a CUSUM of less contact than usual, more chosen solitude than
    usual and time alone that settled the person; escape and heaviness count against it."""
    logged, meaningful, away = c["logged"], c["meaningful"], c["away"] > 0
    usual_safe, usual_chosen, usual_shutdown = (
        r["usual_safe"],
        r["usual_chosen"],
        r["usual_shutdown"],
    )
    deficit = np.clip((usual_safe - meaningful) / usual_safe, -1.0, 1.0)
    extra_alone = np.clip((c["chosen_n"] - usual_chosen) / np.maximum(usual_chosen, 0.3), -1.0, 2.0)
    settled = np.minimum(c["regulated_n"], 1)
    escape_today = _ratio(c["escape_min"], c["solo_min"], 0.0)
    heavy_today = _ratio(c["st_shut_down"], c["checkins"], usual_shutdown) - usual_shutdown
    y = deficit + 0.5 * extra_alone + 0.3 * settled - escape_today - np.maximum(heavy_today, 0)
    y = np.where(logged > 0, y - p.retreat_allowance, -p.retreat_unlogged)
    y = np.where(r["learning"] | away, -p.retreat_allowance, y)
    if w.ragged:
        y[w.rel < 0] = 0.0
    return _cusum(y, p.retreat_memory, w)


def _passes(
    p: DriftParams,
    w: _Windows,
    c: dict[str, npt.NDArray[Any]],
    first: IntArray,
    evidence: FloatArray | None,
) -> dict[str, npt.NDArray[Any]]:
    """All passes of the detector (each row's result as ``_pass``).

    The first pass takes every ordinary logged day into the baseline; each later one
    leaves each alarm of the pass before, and the fortnight before it, out. A subject
    whose baseline days stay the same would get the same result again, so only the
    others are passed again.
    """
    ordinary = (c["logged"] > 0) & ~(c["away"] > 0)
    f = _daily(p, w, c, evidence)
    r = _pass(p, w, c, f, ordinary)
    used = ordinary
    for _ in range(p.passes - 1):
        alarm = r["alarm"]
        ahead = w.sum(_began(alarm)[:, ::-1].astype(np.int32), p.baseline_lag)
        keep = ordinary & ~alarm & ~(ahead[:, ::-1] > 0)
        redo = np.flatnonzero((keep != used).any(axis=1))
        if redo.size == 0:
            break
        sub = _pass(
            p,
            _Windows((len(redo), w.span), first[redo]),
            {k: v[redo] for k, v in c.items()},
            {k: v[redo] for k, v in f.items()},
            keep[redo],
        )
        for k, v in sub.items():
            r[k][redo] = v
        used = keep
    return r


BLOCK_CELLS = 36_000
"""Grid cells ``detect_grid`` works on at a time: a block of subjects whose grids stay in
the processor's cache (each subject's days are computed on their own)."""


def detect_grid(
    counts: dict[str, npt.NDArray[Any]],
    first: IntArray,
    params: DriftParams = DriftParams(),
    evidence: FloatArray | None = None,
) -> dict[str, npt.NDArray[Any]]:
    """The detector on (subject × day) grids of timeline counts (zero before ``first``).

    ``counts`` holds the ``NEEDS`` columns; ``away`` (1 on days marked away) is optional.
    Returns grids of the same shape: ``phase``, ``score``, ``learning``, ``away`` and the
    evidence columns of ``DRIFT`` (NaN where a value is missing). ``evidence``, a grid of
    each day's evidence from elsewhere, replaces the built-in daily evidence in the CUSUM
    (``benchmarks/drift_ceiling.py`` feeds it a model trained on a simulator's own truth,
    to measure what the rest of the detector can reach); everything else is unchanged.
    """
    n, span = counts["logged"].shape
    blocks = _blocks(n, span)
    if len(blocks) == 1:
        return _detect(counts, first, params, evidence)
    out: dict[str, npt.NDArray[Any]] = {}
    for rows in blocks:
        part = _detect_block(counts, first, params, evidence, rows)
        for k, v in part.items():
            if k not in out:
                out[k] = np.empty((n, span), v.dtype)
            elif out[k].dtype != v.dtype:  # a block needed wider integers
                out[k] = out[k].astype(np.result_type(out[k], v))
            out[k][rows] = v
    return out


def _blocks(n: int, span: int) -> list[slice]:
    """The blocks of subjects ``detect_grid`` works on (at least one)."""
    rows = max(1, BLOCK_CELLS // max(span, 1))
    return [slice(a, a + rows) for a in range(0, n, rows)] or [slice(0, 0)]


def _detect_block(
    counts: dict[str, npt.NDArray[Any]],
    first: IntArray,
    p: DriftParams,
    evidence: FloatArray | None,
    rows: slice,
) -> dict[str, npt.NDArray[Any]]:
    """``detect_grid`` on the subjects in ``rows``."""
    block = {k: v[rows] for k, v in counts.items()}
    return _detect(block, first[rows], p, None if evidence is None else evidence[rows])


def _detect(
    counts: dict[str, npt.NDArray[Any]],
    first: IntArray,
    p: DriftParams,
    evidence: FloatArray | None,
) -> dict[str, npt.NDArray[Any]]:
    """``detect_grid`` on one block of subjects."""
    logged = counts["logged"]
    w = _Windows(logged.shape, first)
    c = dict(counts)
    c.setdefault("away", np.zeros(logged.shape, np.int32))
    c["solo_min"] = c["escape_min"] + c["chosen_min"]
    c["unsettled"] = c["checkins"] - c["st_connected"]
    away = c["away"] > 0
    r = _passes(p, w, c, first, evidence)
    retreat = _retreat(p, w, c, r)

    meaningful = c["meaningful"]
    usual_safe, learning, alarm = r["usual_safe"], r["learning"], r["alarm"]
    since_logged = _since(logged > 0, w.col)
    since_logged = np.where(np.isnan(since_logged), w.rel + 1.0, since_logged)
    logged7 = w.sum(logged, 7)
    rate7 = _ratio(w.sum(meaningful, 7), logged7, np.nan)
    logged14 = w.sum(logged, 14)
    rate14 = _ratio(w.sum(meaningful, 14), logged14, np.nan)
    logged21 = w.sum(logged, 21)
    rate21 = _ratio(w.sum(meaningful, 21), logged21, np.nan)
    last_began = _last_day(_began(alarm), w.col)
    alarm_days = (w.col[None, :] - last_began + 1).astype(np.float64)
    alarm_days[~alarm] = np.nan
    regulated7 = w.sum(c["regulated_n"], 7)
    alone_wish7 = w.sum(c["alone_wish"], 7)

    shown = alarm & ~learning & (since_logged < p.alarm_gap_days)
    checkins21 = w.sum(c["checkins"], 21)
    unsettled21 = _ratio(w.sum(c["unsettled"], 21), checkins21, np.nan)
    calm = _fill_nan(unsettled21, 1.0) < r["usual_unsettled"] + p.isolated_unsettled
    isolated = (
        shown
        & ~calm
        & (_fill_nan(alarm_days, 0.0) >= p.isolated_days)
        & (logged21 >= p.isolated_logged)
        & (_fill_nan(rate21, 1e9) <= p.isolated_rate * usual_safe)
    )
    quiet_gap = since_logged >= p.unknown_gap_days
    readable = ~learning & ~away & ~quiet_gap
    more_alone = w.sum(c["chosen_n"], 7) >= p.restoring_alone * r["usual_chosen"] * logged7
    restoring = (
        readable
        & ~alarm
        & (r["score"] < p.threshold / 2)
        & (retreat >= p.retreat_threshold)
        & (_fill_nan(rate7, 0.0) < p.restoring_rate * usual_safe)
        & (_fill_nan(rate14, 0.0) >= p.restoring_floor * usual_safe)
        & more_alone
        & (regulated7 >= p.restoring_regulated)
        & (alone_wish7 >= 1)
        & (r["escape7"] <= p.restoring_escape)
        & (r["shutdown7"] <= r["usual_shutdown"] + p.restoring_shutdown)
    )
    connected = readable & ~alarm & (_fill_nan(rate14, 0.0) >= p.connected_rate * usual_safe)
    phase = np.full(logged.shape, UNKNOWN, np.int8)
    phase[connected] = CONNECTED
    phase[restoring] = RESTORING
    phase[shown] = DRIFTING
    phase[isolated] = ISOLATED
    return {
        "phase": phase,
        "score": r["score"],
        "learning": learning,
        "away": away,
        "usual_rate": r["usual"],
        "rate7": rate7,
        "rate14": rate14,
        "rate21": rate21,
        "escape7": r["escape7"],
        "usual_escape": r["usual_escape"],
        "shutdown7": r["shutdown7"],
        "usual_shutdown": r["usual_shutdown"],
        "unsettled21": unsettled21,
        "usual_unsettled": r["usual_unsettled"],
        "logged7": logged7,
        "logged21": logged21,
        "regulated7": regulated7,
        "alone_wish7": alone_wish7,
        "alarm_days": alarm_days,
        "since_logged": since_logged,
        "since_meaningful": _since(meaningful > 0, w.col),
    }


NEEDS = (
    "logged",
    "meaningful",
    "escape_min",
    "chosen_min",
    "checkins",
    "st_shut_down",
    "st_connected",
    "avoiding",
    "chosen_n",
    "regulated_n",
    "alone_wish",
)
"""The timeline columns the detector reads (plus the optional ``away`` grid)."""


Column = tuple[npt.NDArray[Any], npt.NDArray[np.bool_] | None]
"""A ``DRIFT`` column's values, and where it is missing (None: nowhere)."""


def _columns(
    out: dict[str, npt.NDArray[Any]], keep: npt.NDArray[np.bool_] | None
) -> dict[str, Column]:
    """The ``DRIFT`` columns from ``detect_grid``'s grids (cells in ``keep``, subject-major)."""

    def flat(name: str) -> npt.NDArray[Any]:
        v: npt.NDArray[Any] = out[name].ravel()
        return v if keep is None else v[keep]

    def whole(name: str, dtype: Any) -> Column:
        v = flat(name)
        if v.dtype.kind != "f":
            return v.astype(dtype), None
        missing = np.isnan(v)
        return np.where(missing, 0, v).astype(dtype), missing

    cols: dict[str, Column] = {
        "phase": (flat("phase"), None),
        "score": (flat("score").astype(np.float32), None),
        "learning": (flat("learning"), None),
        "logged": (flat("logged") > 0, None),
        "away": (flat("away"), None),
    }
    for name in F32:
        cols[name] = (flat(name).astype(np.float32), None)
    for name, dtype in WHOLE.items():
        cols[name] = whole(name, dtype)
    return cols


F32 = (
    "usual_rate",
    "rate7",
    "rate14",
    "rate21",
    "escape7",
    "usual_escape",
    "shutdown7",
    "usual_shutdown",
    "unsettled21",
    "usual_unsettled",
)
"""The ``DRIFT`` columns kept as 32-bit floats (NaN: null)."""
WHOLE: dict[str, Any] = {
    "logged7": np.int8,
    "logged21": np.int8,
    "regulated7": np.int16,
    "alone_wish7": np.int16,
    "alarm_days": np.int32,
    "since_logged": np.int32,
    "since_meaningful": np.int32,
}
"""The ``DRIFT`` columns of whole numbers, and their types (NaN: null)."""


def _frame(subject: npt.NDArray[np.int32], day: pl.Series, cols: dict[str, Column]) -> pl.DataFrame:
    """The ``DRIFT`` frame from its columns."""

    def series(name: str) -> pl.Series:
        values, missing = cols[name]
        if name in F32:
            return pl.Series(name, values, nan_to_null=True)
        if missing is not None and missing.any():  # a masked array's masked cells are null
            return pl.Series(name, np.ma.MaskedArray(values, missing))
        return pl.Series(name, values)

    return pl.DataFrame(
        [pl.Series("subject", subject), day.alias("day")] + [series(name) for name in cols]
    )


def drift_frame(
    subject: npt.NDArray[np.int32],
    day: pl.Series,
    keep: npt.NDArray[np.bool_] | None,
    out: dict[str, npt.NDArray[Any]],
) -> pl.DataFrame:
    """The ``DRIFT`` frame from ``detect_grid``'s grids (cells in ``keep``, subject-major)."""
    return _frame(subject, day, _columns(out, keep))


def detect_frame(
    counts: dict[str, npt.NDArray[Any]],
    first: IntArray,
    params: DriftParams,
    subject: npt.NDArray[np.int32],
    day: pl.Series,
    keep: npt.NDArray[np.bool_] | None,
) -> pl.DataFrame:
    """``drift_frame`` of ``detect_grid``, built a block of subjects at a time (the
    detector's grids are never held whole)."""
    n, span = counts["logged"].shape
    parts = []
    for rows in _blocks(n, span):
        out = _detect_block(counts, first, params, None, rows) | {"logged": counts["logged"][rows]}
        parts.append(_columns(out, None if keep is None else keep.reshape(n, span)[rows].ravel()))
    if len(parts) == 1:
        return _frame(subject, day, parts[0])
    cols: dict[str, Column] = {}
    for name, (_values, missing) in parts[0].items():
        values = np.concatenate([q[name][0] for q in parts])
        cols[name] = (
            values,
            None if missing is None else np.concatenate([q[name][1] for q in parts]),
        )
    return _frame(subject, day, cols)


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
    for name in (*NEEDS, "away"):
        if name not in timeline.columns:
            continue
        g = np.zeros((len(starts), width), np.int32)
        g[row, col] = timeline[name].to_numpy()
        counts[name] = g
    keep = (np.arange(width)[None, :] >= first[:, None]).ravel()
    result = detect_frame(
        counts, first, params, subject.astype(np.int32), timeline["day"], keep
    ).select([pl.col(k).cast(t) for k, t in DRIFT.items()])
    if passive is not None:
        from ebbtide.insights.passive_evidence import fuse

        result = fuse(result, passive)
    return result


def phase_name(code: int) -> str:
    """The phase word for a code."""
    return PHASES[code]
