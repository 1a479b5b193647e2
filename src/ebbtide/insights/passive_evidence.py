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
  (< 12 h observed) never counts as staying in: its home score is the most reassuring
  value (``-clip``), so an outage can only weaken a day's evidence.
* Own baseline: the mean and spread of each signal over the known days of the 180 days
  that end two weeks earlier, frozen while the passive flag is up (a withdrawal must not
  become its own yardstick). Nothing is flagged before 14 known baseline days.
* Daily evidence: the mean of the available standardised scores — fewer outgoing
  contacts, fewer people, more time at home than usual — minus an allowance, at most
  ``max_step``; summed in a CUSUM held below ``cap``.

``fuse`` lets the flag turn a day "drifting", never "isolated", where the entries lean
that way and do not speak against it (a chosen retreat), and holds back an entries-only
alarm in a week the phone saw as ordinary (see ``fuse``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.insights.model import CONNECTED, DRIFTING, ISOLATED, UNKNOWN

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
    """Tuning of the passive evidence; checked by ``benchmarks/drift_quality.py`` (tuned on
    the demo cohort with seed 5, measured on seed 11)."""

    threshold: float = 3.0
    allowance: float = 0.3
    max_step: float = 0.5  # the most one day can add: a withdrawal is a run of days
    cap: float = 4.0  # the CUSUM's ceiling: a quiet week is not banked for a month
    baseline_days: int = 180
    baseline_lag: int = 14
    min_baseline_days: int = 14
    min_covered_h: float = 12.0
    min_gps_h: float = 12.0
    clip: float = 3.0  # bound on each signal's standardised score
    min_sd_count: float = 1.0  # floor of the spread of a count (calls, texts, people)
    min_sd_home_h: float = 1.0  # floor of the spread of hours at home
    ordinary_below: float = 2.0  # a week whose score stayed below this looks ordinary...
    ordinary_days: int = 5  # ...when the phone covered at least this many of its days
    lean_score: float = 1.0  # the entries' own drift score from which the phone may add
    home_in_score: bool = True
    sustained_days: int = 2  # days the phone's flag must hold before it counts
    # Whether an ordinary phone week may hold back the start of an alarm from the entries.
    # Off: on sim3 and its phone layer (written by people who had not seen this code) it
    # held back true drifts (found within 90 days: 63 % -> 40 %), so the phone only adds.
    may_hold_back: bool = False


def _col(frame: pl.DataFrame, name: str) -> FloatArray:
    if name not in frame.columns:
        return np.full(frame.height, np.nan)
    return np.asarray(frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy(), dtype=np.float64)


def passive_evidence(frame: pl.DataFrame, params: PassiveParams = PassiveParams()) -> pl.DataFrame:
    """Per-day passive evidence for one person (rows: consecutive days, sorted).

    Each signal is scored against the person's own usual day in units of its own day-to-
    day spread (the standard deviation over the baseline days, floored), clipped to
    ``±clip``: fewer outgoing contacts, fewer people, more hours at home count towards
    withdrawal. The day's evidence is the mean of the available scores minus an
    allowance (at most ``max_step`` a day), summed in a CUSUM held below ``cap``.
    """
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
    k = len(names)
    values = [signals[key].tolist() for key in names]
    usual_cols = [[math.nan] * n for _ in names]
    sums, squares, counts = [0.0] * k, [0.0] * k, [0] * k
    floors = (p.min_sd_count, p.min_sd_count, p.min_sd_home_h)
    base_days = [0] * n
    score = [0.0] * n
    steps = [0.0] * n
    drifting = [False] * n
    eligible = [False] * n
    known_l = known.tolist()
    gps_l = gps_ok.tolist()
    in_base = 0
    for t in range(n):
        # The baseline window (t-lag-days, t-lag] slides by one day: add its new last day,
        # drop the day that fell out. Days in alarm never entered (frozen baseline).
        for d, sign in ((t - p.baseline_lag, 1), (t - p.baseline_lag - p.baseline_days, -1)):
            if d >= 0 and eligible[d]:
                in_base += sign
                for i in range(k):
                    v = values[i][d]
                    if v == v:
                        sums[i] += sign * v
                        squares[i] += sign * v * v
                        counts[i] += sign
        base_days[t] = in_base
        for i in range(k):
            if counts[i]:
                usual_cols[i][t] = sums[i] / counts[i]
        x = 0.0
        if known_l[t] and in_base >= p.min_baseline_days:
            parts = []
            for i in (0, 1, 2) if p.home_in_score else (0, 1):
                u, today = usual_cols[i][t], values[i][t]
                if u != u:
                    continue
                if i == 2 and not gps_l[t]:
                    # A GPS outage counts as the most reassuring home time there could
                    # have been: it can only weaken the evidence, never add to it.
                    parts.append(-p.clip)
                    continue
                if today != today:
                    continue
                var = max(squares[i] / counts[i] - u * u, 0.0)
                sd = max(math.sqrt(var), floors[i])
                if i == 2:
                    # The usual day at home to the half hour: a few days of GPS missing
                    # from the baseline should not move the yardstick by minutes.
                    u, sd = round(u * 2) / 2, max(round(sd * 2) / 2, floors[i])
                z = (today - u) / sd if i == 2 else (u - today) / sd
                parts.append(min(p.clip, max(-p.clip, z)))
            if parts:
                x = min(sum(parts) / len(parts) - p.allowance, p.max_step)
        steps[t] = x
        # A CUSUM held below ``cap``: a long quiet stretch cannot bank evidence that would
        # keep the flag up for weeks after the phone looks ordinary again.
        prev = score[t - 1] if t else 0.0
        score[t] = min(max(prev + x, 0.0), p.cap)
        drifting[t] = score[t] >= p.threshold and in_base >= p.min_baseline_days
        eligible[t] = bool(known_l[t]) and not drifting[t]
    usual = {key: np.asarray(usual_cols[i], dtype=np.float64) for i, key in enumerate(names)}
    base_arr = np.asarray(base_days, dtype=np.int64)
    since_call = _days_since(calls > 0, known & ~np.isnan(calls))
    ordinary = _ordinary(np.asarray(score), known, p)
    # Linked people (``texted_names``: the people the person linked a hashed number to,
    # texted that day) are named in the sentences; everyone else stays a count.
    texted_names: list[list[str]] | None = (
        frame["texted_names"].to_list() if "texted_names" in frame.columns else None
    )
    sentences = [
        _sentences(t, known, gps_ok, signals, usual, since_call, base_arr, p, texted_names)
        for t in range(n)
    ]
    return pl.DataFrame(
        {
            "day": frame["day"],
            "passive_known": known,
            "passive_learning": base_arr < p.min_baseline_days,
            "passive_score": np.asarray(score, dtype=np.float64),
            "passive_step": np.asarray(steps, dtype=np.float64),
            "passive_drifting": np.asarray(drifting, dtype=bool),
            "passive_ordinary": ordinary,
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


def _ordinary(
    score: FloatArray, seen: npt.NDArray[np.bool_], p: PassiveParams
) -> npt.NDArray[np.bool_]:
    """Days ending a week the phone covered (at least ``ordinary_days`` of 7) and whose
    evidence never came near a flag. GPS is not required: an outage only ever lowers the
    score, so it can make a week look ordinary, never raise an alarm."""
    n = score.shape[0]
    out = np.zeros(n, dtype=bool)
    for t in range(n):
        lo = max(0, t - 6)
        out[t] = (
            int(seen[lo : t + 1].sum()) >= p.ordinary_days
            and float(score[lo : t + 1].max()) < p.ordinary_below
        )
    return out


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
    names: list[list[str]] | None = None,
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
        who = names[t] if names is not None else []
        if who and len(who) >= round(texted):
            out.append(f"Texts to {_join(who)} (usual {u:.0f} people).")
        elif who:
            out.append(f"Texts to {_people(texted)}, among them {_join(who)} (usual {u:.0f}).")
        else:
            out.append(f"Texts to {_people(texted)} (usual {u:.0f}).")
    days, rate = since_call[t], usual["calls"][t]
    if not math.isnan(days) and not math.isnan(rate) and days >= max(3.0, 2.5 / max(rate, 0.05)):
        out.append(f"No outgoing calls for {days:.0f} days (usual {rate * 7:.0f} a week).")
    return out


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _people(n: float) -> str:
    return f"{n:.0f} person" if round(n) == 1 else f"{n:.0f} people"


def fuse(
    drift: pl.DataFrame, evidence: pl.DataFrame, params: PassiveParams = PassiveParams()
) -> pl.DataFrame:
    """The drift frame with passive evidence joined by day.

    * A day the phone flags turns "drifting" (never "isolated": only the person's own
      entries can say that) where the entries already lean that way (their own score at
      least ``lean_score``) and do not speak against it: not a day read as a chosen
      retreat ("restoring"), and the last week's solitude no more chosen than usual (a
      retreat and a withdrawal look alike to a phone; the person's words tell them
      apart).
    * Only with ``may_hold_back`` (off by default): a "drifting" day from the entries
      alone that would start an alarm, in a week the phone saw plainly and that looked
      ordinary, becomes "not enough to say". "Isolated" is never changed.
    * A day the phone cannot speak for (off, GPS outage) is left as it was.
    """
    keys = ["subject", "day"] if "subject" in evidence.columns else ["day"]
    joined = drift.join(evidence, on=keys, how="left")
    raw = pl.col("passive_drifting").fill_null(False)
    # The phone's flag counts once it has held for ``sustained_days`` days running.
    held = raw
    for k in range(1, params.sustained_days):
        earlier = raw.shift(k)
        held = held & (earlier.over("subject") if "subject" in keys else earlier).fill_null(False)
    joined = joined.with_columns(held.alias("_held"))
    flag = pl.col("_held")
    open_to_phone = pl.col("phase").is_in([CONNECTED, UNKNOWN])
    leaning = ~pl.col("learning") & (pl.col("score") >= params.lean_score)
    chosen = pl.col("escape7").is_not_null() & (
        pl.col("escape7") <= pl.col("usual_escape").fill_null(0.0)
    )
    upgrade = flag & open_to_phone & leaning & ~chosen
    if "passive_ordinary" in joined.columns:
        ordinary = pl.col("passive_ordinary").fill_null(False)
    else:
        ordinary = pl.lit(False)
    if "passive_score" in joined.columns:
        before = pl.col("passive_score").shift(1)
        before = before.over("subject") if "subject" in keys else before
        fading = (pl.col("passive_score") < before).fill_null(False)
    else:
        fading = pl.lit(False)
    joined = joined.with_columns(
        upgrade.alias("_upgrade"),
        fading.alias("_fading"),
        ((pl.col("phase") == DRIFTING) & ordinary & ~flag & params.may_hold_back).alias("_doubt"),
    )
    phase = joined["phase"].to_numpy().copy()
    up = joined["_upgrade"].to_numpy()
    fade = joined["_fading"].to_numpy()
    doubt = joined["_doubt"].to_numpy()
    subject = joined["subject"].to_numpy() if "subject" in joined.columns else None
    made_drifting = np.zeros(phase.shape[0], dtype=bool)
    made_unknown = np.zeros(phase.shape[0], dtype=bool)
    for i in np.flatnonzero(up | doubt):
        same = i > 0 and (subject is None or subject[i - 1] == subject[i])
        ongoing = same and phase[i - 1] in (DRIFTING, ISOLATED)
        if up[i]:
            # The phone carries an alarm on while its flag holds, but does not begin one
            # on a day its evidence is already fading.
            if ongoing or not fade[i]:
                phase[i] = DRIFTING
                made_drifting[i] = True
            continue
        # Only the start of an alarm is held back: once a run of flagged days has begun,
        # the phone cannot cut it in two (that would read as a second alarm).
        if not ongoing:
            phase[i] = UNKNOWN
            made_unknown[i] = True
    out = joined.drop("_doubt", "_held", "_upgrade", "_fading").with_columns(
        pl.Series("phase", phase, dtype=pl.Int8),
        pl.Series("passive_made_drifting", made_drifting),
        pl.Series("passive_made_unknown", made_unknown),
    )
    if "passive_sentences" not in out.columns or not (made_drifting.any() or made_unknown.any()):
        return out
    said = out["passive_sentences"].to_list()
    for k in np.flatnonzero(made_drifting | made_unknown).tolist():
        why = PHONE_ADDED if made_drifting[k] else PHONE_DOUBTS
        said[k] = [why, *(said[k] or [])]
    return out.with_columns(pl.Series("passive_sentences", said, dtype=pl.List(pl.String())))


PHONE_ADDED = (
    "Your phone has shown less contact than usual for some days, and your entries lean "
    "the same way."
)
PHONE_DOUBTS = (
    "Your entries lean towards drifting, but your phone showed an ordinary week, so it is "
    "too early to say."
)
