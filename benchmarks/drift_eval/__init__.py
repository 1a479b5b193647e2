"""The measures of issue 13 on any simulated cohort: truth and phases per person and day.

Both simulators are brought to one shape, ``Case``: per local day a truth label (``ordinary``,
``retreat``, ``drift``, ``isolated``, ``recovery``, ``holiday``, ``sick``, ``dropout``),
the drift onsets and ends, the retreats, the logged contacts per day (for the naive rule) and
the phase ebbtide gave each day. ``table`` computes every row of the issue's table from them.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

BoolArray = npt.NDArray[np.bool_]
DRIFT_DAYS = ("drift", "isolated")
BANDS = ((0, 30), (30, 90), (90, 180), (180, 100_000))
AMBIGUOUS_AFTER_RECOVERY = 45


@dataclass
class Case:
    """One simulated person: the truth and what a detector said, day by day."""

    kind: str  # "never", "gradual", "abrupt", "retreat", "dropout", "other"
    labels: list[str]
    onsets: list[int]
    ends: list[int | None]
    retreats: list[tuple[int, int]]
    contacts: npt.NDArray[np.int64]
    phases: list[str] = field(default_factory=list)  # ebbtide's phase word per day

    @property
    def days(self) -> int:
        """Days in the window."""
        return len(self.labels)


def runs(mask: BoolArray) -> list[tuple[int, int]]:
    """(first, last) of each run of True."""
    m = np.r_[False, mask, False].astype(np.int8)
    d = np.diff(m)
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1) - 1, strict=True))


def outage_alarms(with_outages: list[BoolArray], without: list[BoolArray]) -> int:
    """Alarms caused by GPS outages alone: flagged runs, with the outages, during which the
    same person without them is never flagged."""
    caused = 0
    for a, b in zip(with_outages, without, strict=True):
        caused += sum(not b[s : e + 1].any() for s, e in runs(a))
    return caused


def naive(contacts: npt.NDArray[np.int64], days: int = 7) -> BoolArray:
    """Flag every day on which no contact was logged for ``days`` days running."""
    idx = np.arange(len(contacts))
    last = np.maximum.accumulate(np.where(contacts > 0, idx, -(10**6)))
    out: BoolArray = idx - np.maximum(last, 0) >= days
    return out


def table(cases: list[Case], flags: list[BoolArray], phases: bool = True) -> dict[str, Any]:
    """Every measure of the issue's table for per-person daily alarm flags.

    ``phases`` says whether ``case.phases`` belong to these flags (ebbtide), so the
    isolated / restoring / connected rows can be read.
    """
    out: dict[str, Any] = {}
    fa = never_days = 0
    fa_hol = fa_all = 0
    delays: dict[str, list[int]] = {"gradual": [], "abrupt": [], "other": []}
    eligible = detected = 0
    band_hit = np.zeros(len(BANDS))
    band_n = np.zeros(len(BANDS))
    retreats = retreats_hit = drops = drops_hit = 0
    hol_alarms = drop_alarms = 0
    for case, flag in zip(cases, flags, strict=True):
        lab = np.array(case.labels)
        n = case.days
        starts = flag & ~np.r_[False, flag[:-1]]
        excluded = np.zeros(n, bool)
        for onset, end in zip(case.onsets, case.ends, strict=True):
            stop = n if end is None else min(n, end + AMBIGUOUS_AFTER_RECOVERY)
            excluded[max(onset, 0) : stop] = True
        excluded |= lab == "recovery"
        if not case.onsets:
            fa += int(starts.sum())
            never_days += n
        fa_all += int((starts & ~excluded).sum())
        fa_hol += int((starts & ~excluded & (lab == "holiday")).sum())
        hol_alarms += int((starts & (lab == "holiday")).sum())
        drop_alarms += int((starts & (lab == "dropout")).sum())
        for onset, end in zip(case.onsets, case.ends, strict=True):
            stop = n if end is None else end
            if onset < 0 or (end is None and onset + 90 > n):
                continue  # fewer than 90 days observable
            eligible += 1
            hit = np.flatnonzero(flag[onset : min(stop, onset + 90)])
            if len(hit):
                detected += 1
                group = case.kind if case.kind in delays else "other"
                delays[group].append(int(hit[0]))
        since = np.full(n, -1)
        for onset in sorted(case.onsets):
            if onset >= 0:
                since[onset:] = np.arange(n - onset)
        drift_day = np.isin(lab, DRIFT_DAYS) & (since >= 0)
        for i, (a, b) in enumerate(BANDS):
            sel = drift_day & (since >= a) & (since < b)
            band_n[i] += sel.sum()
            band_hit[i] += (flag & sel).sum()
        for a, b in case.retreats:
            retreats += 1
            retreats_hit += bool(flag[a : min(n, b + 8)].any())
        for a, b in runs(lab == "dropout"):
            drops += 1
            drops_hit += bool(flag[a : b + 1].any())
    every = [d for v in delays.values() for d in v]
    out["false alarms / person-year, never-drift people"] = fa / max(never_days / 365.25, 1e-9)
    out["false alarms / person-year, everyone outside drifts"] = fa_all / max(
        sum(c.days for c in cases) / 365.25, 1e-9
    )
    out["share of those false alarms starting on a holiday"] = fa_hol / max(fa_all, 1)
    out["drifts detected within 90 days"] = (detected, eligible)
    out["delay median / p90"] = _median_p90(every)
    out["delay median gradual · abrupt"] = (
        _median_p90(delays["gradual"])[0],
        _median_p90(delays["abrupt"])[0],
    )
    out["share of drift days flagged 0-30 · 30-90 · 90-180 · 180+"] = tuple(
        float(h / n) if n else float("nan") for h, n in zip(band_hit, band_n, strict=True)
    )
    out["chosen retreats mistaken for drift"] = (retreats_hit, retreats)
    out["logging dropouts mistaken for drift"] = (drops_hit, drops)
    out["alarms starting on holiday · dropout days"] = f"{hol_alarms} · {drop_alarms}"
    if phases:
        out |= _phase_rows(cases)
    return out


def _median_p90(d: list[int]) -> tuple[float, float]:
    if not d:
        return float("nan"), float("nan")
    a = np.array(d, float)
    return float(np.median(a)), float(np.percentile(a, 90))


def _phase_rows(cases: list[Case]) -> dict[str, Any]:
    iso_true = iso_said = iso_hit = iso_connected = 0
    rest_said = rest_hit = rest_true = drift_days = drift_rest = 0
    never_iso = unknown = total = 0
    for case in cases:
        lab = np.array(case.labels)
        ph = np.array(case.phases)
        is_iso = lab == "isolated"
        said_iso = ph == "isolated"
        iso_true += int(is_iso.sum())
        iso_said += int(said_iso.sum())
        iso_hit += int((is_iso & said_iso).sum())
        iso_connected += int((is_iso & (ph == "connected")).sum())
        retreat = lab == "retreat"
        said_rest = ph == "restoring"
        rest_true += int(retreat.sum())
        rest_said += int(said_rest.sum())
        rest_hit += int((retreat & said_rest).sum())
        drifting = np.isin(lab, DRIFT_DAYS)
        drift_days += int(drifting.sum())
        drift_rest += int((drifting & said_rest).sum())
        never_iso += bool(not case.onsets and said_iso.any())
        unknown += int((ph == "not-enough-to-say").sum())
        total += len(ph)
    return {
        "truly isolated days shown as connected": (iso_connected, iso_true),
        "isolated precision / recall": (iso_hit / max(iso_said, 1), iso_hit / max(iso_true, 1)),
        "never-drift people ever called isolated": never_iso,
        "restoring precision / recall": (
            rest_hit / max(rest_said, 1),
            rest_hit / max(rest_true, 1),
        ),
        "true drift days called restoring": (drift_rest, drift_days),
        "days shown as not enough to say": unknown / max(total, 1),
    }


def _fmt(v: Any) -> str:
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, int) for x in v):
        a, b = v
        return f"{a:,} of {b:,} ({a / b:.0%})" if b else f"{a} of {b}"
    if isinstance(v, tuple):
        return " · ".join(_fmt(x) for x in v)
    if isinstance(v, float):
        return "–" if np.isnan(v) else f"{v:.2f}"
    return str(v)


def print_table(title: str, columns: dict[str, dict[str, Any]]) -> None:
    """Print measures side by side, one column per detector."""
    print()
    print(title)
    names = list(columns)
    rows = list(dict.fromkeys(k for c in columns.values() for k in c))
    width = max(len(r) for r in rows)
    print(f"  {'measure':<{width}}  " + "  |  ".join(names))
    for r in rows:
        cells = [_fmt(columns[n][r]) if r in columns[n] else "—" for n in names]
        print(f"  {r:<{width}}  " + "  |  ".join(cells))


PHONE_SIGNALS = ("calls_out", "texted", "people", "home_h")


def phone_shift(days: Iterable[tuple[pl.DataFrame, date | None]]) -> dict[str, float]:
    """How far each phone signal moves in a drift, from (phone days, onset) per person.

    A signal's mean over days 14-60 after onset minus its mean over the 90 days before, in
    units of its spread over those 90 days, averaged over people with 90 days before onset.
    A signal that moves by a few tenths of its spread leaves a CUSUM little to find,
    however it is fused.
    """
    shifts: dict[str, list[float]] = {name: [] for name in PHONE_SIGNALS}
    for frame, onset in days:
        day_list = frame["day"].to_list()
        if onset is None or onset not in day_list or day_list.index(onset) < 90:
            continue
        i = day_list.index(onset)
        for name in PHONE_SIGNALS:
            a = frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy()
            before, after = a[i - 90 : i], a[i + 14 : i + 60]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a signal never recorded
                spread, moved = float(np.nanstd(before)), np.nanmean(after) - np.nanmean(before)
            if spread > 0 and np.isfinite(moved):
                shifts[name].append(float(moved) / spread)
    return {name: float(np.mean(v)) if v else float("nan") for name, v in shifts.items()}


def print_phone_shift(shift: dict[str, float], indent: str = "") -> None:
    """One line: ``phone_shift``'s figures."""
    print(
        f"{indent}how far the phone moves in a drift (days 14-60 after onset against the 90 before, "
        "in units of each signal's own spread): "
        + ", ".join(f"{name} {v:+.2f}" for name, v in shift.items())
    )
