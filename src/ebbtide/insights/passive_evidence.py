"""Phone signals as evidence of withdrawal, against the person's own baseline.

Input: one row per local day (``PASSIVE_DAY``) from the phone: hours in which the phone
wrote any data, outgoing calls, people texted, people in touch by call or text, hours of
GPS observed and hours at home. Output: per day, whether the phone says anything
(``passive_known``), a one-sided CUSUM of withdrawal evidence (``passive_score``), a
"passive withdrawal" flag (``passive_drifting``) and plain sentences such as "home 21 h
(usual 14 h)".

How it decides (the same shape as ``drift``):

* A day the phone covered for less than 12 hours (off, flat battery, no data) is "not
  enough to say": it adds nothing to the evidence and takes nothing away. A GPS outage
  (< 12 h observed) never counts as staying in: its home term is the most reassuring
  value (−1), so an outage can only weaken a day's evidence.
* Own baseline: the mean of each signal over the known days of the 180 days that end two
  weeks earlier, frozen while the passive flag is up (a withdrawal must not become its own
  yardstick). Nothing is flagged before 14 known baseline days.
* Daily evidence: the mean of the available components — fewer outgoing contacts than
  usual, fewer people than usual (each ``(usual − today) / usual``, −1…1), and more time at
  home than usual (``(today − usual) / (24 − usual)``) — minus an allowance; summed in a
  CUSUM that remembers 28 days.

``fuse`` lets this flag turn a day "drifting", never "isolated", and only where the
person's own entries cannot speak (few logged days this week) or already lean that way;
never over a day they read as a chosen retreat ("restoring").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.insights.model import CONNECTED, DRIFTING, UNKNOWN

FloatArray = npt.NDArray[np.float64]

PASSIVE_DAY: dict[str, pl.DataType] = {
    "day": pl.Date(),
    "covered_h": pl.Float64(),  # hours with any phone data
    "calls_out": pl.Float64(),  # outgoing calls (null: no call log)
    "texted": pl.Float64(),  # people texted (null: no text log)
    "people": pl.Float64(),  # people in touch by call or text
    "gps_h": pl.Float64(),  # hours of GPS observed (null: no GPS)
    "home_h": pl.Float64(),  # hours at home (null: not observed)
}


@dataclass(frozen=True)
class PassiveParams:
    """Tuning of the passive evidence; checked by ``benchmarks/drift_quality.py``."""

    threshold: float = 3.0
    allowance: float = 0.3
    memory: int = 28
    baseline_days: int = 180
    baseline_lag: int = 14
    min_baseline_days: int = 14
    min_covered_h: float = 12.0
    min_gps_h: float = 12.0
    thin_logging: int = 3  # logged days in 7 at or below which entries "cannot speak"
    lean_score: float = 1.75  # the entries' own drift score at which they "lean that way"


def _col(frame: pl.DataFrame, name: str) -> FloatArray:
    if name not in frame.columns:
        return np.full(frame.height, np.nan)
    return np.asarray(frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy(), dtype=np.float64)


def passive_evidence(frame: pl.DataFrame, params: PassiveParams = PassiveParams()) -> pl.DataFrame:
    """Per-day passive evidence for one person (rows: consecutive days, sorted)."""
    p = params
    n = frame.height
    covered = np.nan_to_num(_col(frame, "covered_h"), nan=0.0)
    known = covered >= p.min_covered_h
    contacts = _col(frame, "calls_out") + np.nan_to_num(_col(frame, "texted"), nan=0.0)
    contacts = np.where(np.isnan(_col(frame, "calls_out")), _col(frame, "texted"), contacts)
    people = _col(frame, "people")
    calls = _col(frame, "calls_out")
    gps_ok = np.nan_to_num(_col(frame, "gps_h"), nan=0.0) >= p.min_gps_h
    home = np.where(gps_ok, _col(frame, "home_h"), np.nan)
    signals = {
        "contacts": contacts,
        "people": people,
        "home": home,
        "calls": calls,
        "texted": _col(frame, "texted"),
    }
    names = tuple(signals)
    values = [signals[k].tolist() for k in names]
    usual = {k: np.full(n, np.nan) for k in names}
    sums, counts = [0.0] * len(names), [0] * len(names)
    base_days = np.zeros(n, np.int64)
    score = np.zeros(n)
    drifting = np.zeros(n, bool)
    eligible = [False] * n
    in_base = 0
    running: list[float] = []  # running sums C, for the 28-day finite-memory CUSUM
    for t in range(n):
        # The baseline window (t-lag-days, t-lag] slides by one day: add its new last day,
        # drop the day that fell out. Days in alarm never entered (frozen baseline).
        for d, sign in ((t - p.baseline_lag, 1), (t - p.baseline_lag - p.baseline_days, -1)):
            if d >= 0 and eligible[d]:
                in_base += sign
                for i in range(len(names)):
                    v = values[i][d]
                    if v == v:
                        sums[i] += sign * v
                        counts[i] += sign
        base_days[t] = in_base
        u = [sums[i] / counts[i] if counts[i] else math.nan for i in range(len(names))]
        for i, k in enumerate(names):
            usual[k][t] = u[i]
        x = 0.0
        if known[t] and in_base >= p.min_baseline_days:
            parts = []
            for i in (0, 1):  # outgoing contacts, people: fewer than usual
                today = values[i][t]
                if u[i] == u[i] and today == today:
                    parts.append(min(1.0, max(-1.0, (u[i] - today) / max(u[i], 0.5))))
            today = values[2][t]
            if u[2] == u[2] and today == today:  # home: more than usual
                parts.append(min(1.0, max(-1.0, (today - u[2]) / max(24.0 - u[2], 1.0))))
            elif u[2] == u[2] and not gps_ok[t]:
                # A GPS outage counts as the most reassuring home time there could have
                # been: it can only weaken the evidence, never add to it.
                parts.append(-1.0)
            if parts:
                x = sum(parts) / len(parts) - p.allowance
        c = (running[-1] if running else 0.0) + x
        running.append(c)
        floor = min(running[max(0, t - p.memory + 1) :])
        if t < p.memory:
            floor = min(floor, 0.0)
        score[t] = max(c - floor, 0.0)
        drifting[t] = score[t] >= p.threshold and in_base >= p.min_baseline_days
        eligible[t] = bool(known[t]) and not drifting[t]
    since_call = _days_since(calls > 0, known & ~np.isnan(calls))
    sentences = [
        _sentences(t, known, gps_ok, signals, usual, since_call, base_days, p) for t in range(n)
    ]
    return pl.DataFrame(
        {
            "day": frame["day"],
            "passive_known": known,
            "passive_learning": base_days < p.min_baseline_days,
            "passive_score": score,
            "passive_drifting": drifting,
            "home_h": home,
            "usual_home_h": usual["home"],
            "contacts": contacts,
            "usual_contacts": usual["contacts"],
            "people": people,
            "usual_people": usual["people"],
            "passive_sentences": sentences,
        },
        schema_overrides={"passive_sentences": pl.List(pl.String())},
    )


def _days_since(flag: npt.NDArray[np.bool_], seen: npt.NDArray[np.bool_]) -> FloatArray:
    """Days since the last day with ``flag`` (NaN before any day that could show it)."""
    out = np.full(flag.shape[0], np.nan)
    last, first_seen = -1, -1
    for t in range(flag.shape[0]):
        if seen[t] and first_seen < 0:
            first_seen = t
        if flag[t]:
            last = t
        start = last if last >= 0 else first_seen
        out[t] = np.nan if start < 0 else t - start
    return out


def _sentences(
    t: int,
    known: npt.NDArray[np.bool_],
    gps_ok: npt.NDArray[np.bool_],
    signals: dict[str, FloatArray],
    usual: dict[str, FloatArray],
    since_call: FloatArray,
    base_days: npt.NDArray[np.int64],
    p: PassiveParams,
) -> list[str]:
    if not known[t]:
        return ["The phone sent too little data this day to say anything (off, or no signal)."]
    if base_days[t] < p.min_baseline_days:
        return ["ebbtide is still learning what your phone days usually look like."]
    out = []
    if gps_ok[t] and not math.isnan(usual["home"][t]):
        out.append(f"Home {signals['home'][t]:.0f} h (usual {usual['home'][t]:.0f} h).")
    elif not gps_ok[t]:
        out.append("Location was off for most of the day, so time at home is left out.")
    texted, u = signals["texted"][t], usual["texted"][t]
    if not math.isnan(texted) and not math.isnan(u):
        out.append(f"Texts to {_people(texted)} (usual {u:.0f}).")
    days, rate = since_call[t], usual["calls"][t]
    if not math.isnan(days) and not math.isnan(rate) and days >= max(3.0, 2.5 / max(rate, 0.05)):
        out.append(f"No outgoing calls for {days:.0f} days (usual {rate * 7:.0f} a week).")
    return out


def _people(n: float) -> str:
    return f"{n:.0f} person" if round(n) == 1 else f"{n:.0f} people"


def fuse(
    drift: pl.DataFrame, evidence: pl.DataFrame, params: PassiveParams = PassiveParams()
) -> pl.DataFrame:
    """The drift frame with passive evidence joined by day; a day may turn "drifting"
    from phone signals where entries cannot speak, never "isolated", never over a retreat."""
    keys = ["subject", "day"] if "subject" in evidence.columns else ["day"]
    joined = drift.join(evidence, on=keys, how="left")
    flag = pl.col("passive_drifting").fill_null(False)
    entries_quiet = pl.col("logged7") <= params.thin_logging
    leaning = ~pl.col("learning") & (pl.col("score") >= params.lean_score)
    # "Not enough to say" from entries is where the phone speaks most plainly.
    open_to_phone = pl.col("phase").is_in([CONNECTED, UNKNOWN])
    upgrade = flag & open_to_phone & (entries_quiet | leaning)
    return joined.with_columns(
        pl.when(upgrade)
        .then(pl.lit(DRIFTING))
        .otherwise(pl.col("phase"))
        .cast(pl.Int8)
        .alias("phase"),
        upgrade.alias("passive_made_drifting"),
    )
