"""The daily timeline: one row per subject per local day, gaps included.

Every day from a subject's first record (or ``start``) to ``end`` gets a row, so a day
with nothing logged is present with ``logged = False`` rather than missing: later steps
treat such a day as unobserved, never as a day of zero contact.

Local days come from the frames (``frames.py``), which compute them from each record's
own zone, so daylight-saving changes and moves between zones never drop or double a day.

Counts are folded with ``numpy.bincount`` on a dense (subject × day) key: one pass per
column, which keeps millions of person-days in a few seconds.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.insights.frames import STATE, UNMET, Frames

EPOCH = date(1970, 1, 1)
TIMELINE: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "day": pl.Date(),
    "logged": pl.Boolean(),
    "checkins": pl.Int16(),
    "st_connected": pl.Int16(),
    "st_mobilized": pl.Int16(),
    "st_shut_down": pl.Int16(),
    "st_fawning": pl.Int16(),
    "contacts": pl.Int16(),
    "meaningful": pl.Int16(),
    "people_min": pl.Int32(),
    "initiated": pl.Int16(),
    "solitude": pl.Int16(),
    "chosen_min": pl.Int32(),
    "escape_min": pl.Int32(),
    "chosen_n": pl.Int16(),
    "escape_n": pl.Int16(),
    "restorative_n": pl.Int16(),
    "boundaries": pl.Int16(),
    "unmet": pl.Int16(),
    "routines": pl.Int16(),
    "reflections": pl.Int16(),
    "steps_done": pl.Int16(),
}
"""Columns of the timeline. ``meaningful`` counts contacts that felt safe (4-5) or left
the person connected; ``restorative_n`` counts chosen solitude that left them no worse
(see ``solitude.py`` for the full reading of an episode)."""

IntArray = npt.NDArray[np.int64]


def _day_index(col: pl.Series) -> IntArray:
    return col.cast(pl.Int32).to_numpy().astype(np.int64)


def is_meaningful() -> pl.Expr:
    """A contact that felt safe (4-5) or left the person connected."""
    return (pl.col("safety").fill_null(0) >= 4) | (pl.col("after") == STATE["connected"]).fill_null(
        False
    )


def is_restorative() -> pl.Expr:
    """Chosen solitude that left the person connected or at least no worse."""
    after = pl.col("after")
    before = pl.col("before")
    better = (after == STATE["connected"]) | (after == before) | after.is_null()
    return pl.col("chosen") & better.fill_null(True)


def daily_timeline(
    frames: Frames, *, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per subject per local day with the day's counts (see ``TIMELINE``)."""
    sources = [
        frames.checkins,
        frames.contacts,
        frames.solitude,
        frames.boundaries,
        frames.routine_done,
        frames.reflections,
    ]
    steps_done = frames.steps.filter(pl.col("done_day").is_not_null())
    subjects = [f["subject"] for f in sources if f.height]
    if steps_done.height:
        subjects.append(steps_done["subject"])
    days = [f["day"] for f in sources if f.height]
    if steps_done.height:
        days.append(steps_done["done_day"])
    if not days and (start is None or end is None):
        return pl.DataFrame(schema=TIMELINE)
    n = max((int(s.max()) for s in subjects), default=0) + 1  # type: ignore[arg-type]
    day_numbers = [d.cast(pl.Int32) for d in days]
    lo = min([int(d.min()) for d in day_numbers] or [0])  # type: ignore[arg-type]
    hi = max([int(d.max()) for d in day_numbers] or [0])  # type: ignore[arg-type]
    if start is not None:
        lo = (start - EPOCH).days
    if end is not None:
        hi = (end - EPOCH).days
    if hi < lo:
        return pl.DataFrame(schema=TIMELINE)
    span = hi - lo + 1
    size = n * span

    def keys(f: pl.DataFrame, day_col: str = "day") -> tuple[IntArray, npt.NDArray[np.bool_]]:
        k = f["subject"].to_numpy().astype(np.int64) * span + (_day_index(f[day_col]) - lo)
        ok = (k >= 0) & (k < size)
        d = _day_index(f[day_col]) - lo
        ok &= (d >= 0) & (d < span)
        return k, ok

    def count(f: pl.DataFrame, mask: pl.Expr | None = None, weight: str | None = None) -> IntArray:
        if f.height == 0:
            return np.zeros(size, np.int64)
        sel = f if mask is None else f.filter(mask)
        k, ok = keys(sel)
        w = None if weight is None else sel[weight].fill_null(0).to_numpy()[ok]
        return np.bincount(k[ok], weights=w, minlength=size).astype(np.int64)

    out: dict[str, IntArray] = {}
    ci = frames.checkins
    out["checkins"] = count(ci)
    for code, i in STATE.items():
        out["st_" + code.replace("-", "_")] = count(ci, pl.col("state") == i)
    co = frames.contacts.filter(pl.col("primary"))
    out["contacts"] = count(co)
    out["meaningful"] = count(co, is_meaningful())
    out["people_min"] = count(co, None, "minutes")
    out["initiated"] = count(co, pl.col("initiated") == 0)
    so = frames.solitude
    out["solitude"] = count(so)
    out["chosen_min"] = count(so, pl.col("chosen"), "minutes")
    out["escape_min"] = count(so, ~pl.col("chosen"), "minutes")
    out["chosen_n"] = count(so, pl.col("chosen"))
    out["escape_n"] = count(so, ~pl.col("chosen"))
    out["restorative_n"] = count(so, is_restorative())
    out["boundaries"] = count(frames.boundaries)
    out["unmet"] = count(frames.boundaries, pl.col("received").is_in(UNMET))
    out["routines"] = count(frames.routine_done)
    out["reflections"] = count(frames.reflections)
    if steps_done.height:
        k, ok = keys(steps_done, "done_day")
        out["steps_done"] = np.bincount(k[ok], minlength=size).astype(np.int64)
    else:
        out["steps_done"] = np.zeros(size, np.int64)
    logged = (
        out["checkins"]
        + out["contacts"]
        + out["solitude"]
        + out["boundaries"]
        + out["routines"]
        + out["reflections"]
        + out["steps_done"]
    ) > 0

    # Each subject's rows run from its first logged day (or ``start``) to the end.
    grid = logged.reshape(n, span)
    if start is not None:
        first = np.zeros(n, np.int64)
    else:
        any_row = grid.any(axis=1)
        first = np.where(any_row, grid.argmax(axis=1), span)
    keep = (np.arange(span)[None, :] >= first[:, None]).ravel()
    subject = np.repeat(np.arange(n, dtype=np.int32), span)
    day = np.tile(np.arange(lo, hi + 1, dtype=np.int32), n)
    data: dict[str, pl.Series] = {
        "subject": pl.Series("subject", subject[keep]),
        "day": pl.Series("day", day[keep]).cast(pl.Date),
        "logged": pl.Series("logged", logged[keep]),
    }
    for name, dtype in TIMELINE.items():
        if name in data:
            continue
        data[name] = pl.Series(name, out[name][keep]).cast(dtype)
    return pl.DataFrame(data).select(list(TIMELINE))


def day_range(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
