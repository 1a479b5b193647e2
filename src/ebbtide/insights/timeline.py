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
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.domain.measures import SAFE_FROM
from ebbtide.insights.frames import APPETITE, STATE, UNMET, Frames

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
    "alone_wish": pl.Int16(),
    "avoiding": pl.Int16(),
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
    "regulated_n": pl.Int16(),
    "boundaries": pl.Int16(),
    "unmet": pl.Int16(),
    "routines": pl.Int16(),
    "reflections": pl.Int16(),
    "steps_done": pl.Int16(),
}
"""Columns of the timeline. ``meaningful`` counts contacts that felt safe (4-5) or left
the person connected; ``restorative_n`` counts chosen solitude that left them no worse
(see ``solitude.py`` for the full reading of an episode); ``regulated_n`` chosen solitude
that left them connected from another state (or from one not noted); ``alone_wish``
check-ins that said "I need some time alone"; ``avoiding`` those that said "I'm avoiding
someone"."""

IntArray = npt.NDArray[np.int64]


def _day_index(col: pl.Series) -> IntArray:
    return col.cast(pl.Int32).to_numpy().astype(np.int64)


def is_meaningful() -> pl.Expr:
    """A contact that felt safe or left the person connected (``is_meaningful_contact``)."""
    return (pl.col("safety").fill_null(0) >= SAFE_FROM) | (
        pl.col("after") == STATE["connected"]
    ).fill_null(False)


def is_restorative() -> pl.Expr:
    """Chosen solitude that left the person connected or at least no worse."""
    after = pl.col("after")
    before = pl.col("before")
    better = (after == STATE["connected"]) | (after == before) | after.is_null()
    return pl.col("chosen") & better.fill_null(True)


def is_regulating() -> pl.Expr:
    """Chosen solitude that left the person more regulated: connected after, not before."""
    connected = STATE["connected"]
    return (
        pl.col("chosen")
        & (pl.col("after") == connected).fill_null(False)
        & (pl.col("before") != connected).fill_null(True)
    )


FloatArray = npt.NDArray[np.float64]


class DayGrid:
    """Daily counts on a dense (subject × day) grid: ``counts[name]`` has shape (n, span).

    Column ``j`` is local day ``lo + j``; subject ``s`` has rows from column ``first[s]``
    on (its first logged day, or ``start``); before that its counts are zero.
    """

    def __init__(self, n: int, lo: int, span: int) -> None:
        self.n, self.lo, self.span = n, lo, span
        self.counts: dict[str, npt.NDArray[np.int32]] = {}
        self.first = np.zeros(n, np.int64)

    def keep(self) -> npt.NDArray[np.bool_]:
        """Which cells are rows of the timeline (flattened, subject-major)."""
        out: npt.NDArray[np.bool_] = (np.arange(self.span)[None, :] >= self.first[:, None]).ravel()
        return out


def _mask(f: pl.DataFrame, expr: pl.Expr) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = (
        f.select(expr.fill_null(False)).to_series().to_numpy().astype(np.float64)
    )
    return out


def day_grid(
    frames: Frames,
    *,
    start: date | None = None,
    end: date | None = None,
    names: tuple[str, ...] | None = None,
) -> DayGrid | None:
    """The timeline's counts (``names`` of ``TIMELINE``, default all) on a dense grid."""
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
        return None
    n = max((int(s.max()) for s in subjects), default=0) + 1  # type: ignore[arg-type]
    day_numbers = [d.to_physical() for d in days]
    lo = min([int(d.min()) for d in day_numbers] or [0])  # type: ignore[arg-type]
    hi = max([int(d.max()) for d in day_numbers] or [0])  # type: ignore[arg-type]
    if start is not None:
        lo = (start - EPOCH).days
    if end is not None:
        hi = (end - EPOCH).days
    if hi < lo:
        return None
    span = hi - lo + 1
    size = n * span
    grid = DayGrid(n, lo, span)
    wanted = set(TIMELINE) if names is None else set(names)

    def keyed(
        f: pl.DataFrame, day_col: str = "day"
    ) -> tuple[IntArray, npt.NDArray[np.bool_] | None]:
        d = f[day_col].to_physical().to_numpy().astype(np.int64) - lo
        k = f["subject"].to_numpy().astype(np.int64) * span + d
        ok = (d >= 0) & (d < span) & (k >= 0) & (k < size)
        return (k, None) if ok.all() else (k[ok], ok)

    def fold(
        key: tuple[IntArray, npt.NDArray[np.bool_] | None], w: FloatArray | None
    ) -> npt.NDArray[np.int32]:
        k, ok = key
        if w is not None and ok is not None:
            w = w[ok]
        # Weighted folds sum whole numbers (masks, minutes), so they are exact as integers.
        out: npt.NDArray[np.int32] = (
            np.bincount(k, weights=w, minlength=size).astype(np.int32).reshape(n, span)
        )
        return out

    zeros = np.zeros((n, span), np.int32)
    put = grid.counts

    def want(*cols: str) -> bool:
        return any(c in wanted for c in cols)

    ci = frames.checkins
    ci_key = keyed(ci) if ci.height else None
    put["checkins"] = fold(ci_key, None) if ci_key else zeros
    for code, i in STATE.items():
        name = "st_" + code.replace("-", "_")
        if want(name):
            put[name] = fold(ci_key, _mask(ci, pl.col("state") == i)) if ci_key else zeros
    if want("alone_wish"):
        wish = pl.col("appetite") == APPETITE["need-solitude"]
        put["alone_wish"] = fold(ci_key, _mask(ci, wish)) if ci_key else zeros
    if want("avoiding"):
        avoid = pl.col("appetite") == APPETITE["avoiding"]
        put["avoiding"] = fold(ci_key, _mask(ci, avoid)) if ci_key else zeros
    co = frames.contacts
    co_key = keyed(co) if co.height else None
    primary = _mask(co, pl.col("primary")) if co_key else None
    put["contacts"] = fold(co_key, primary) if co_key else zeros
    if co_key and primary is not None:
        if want("meaningful"):
            put["meaningful"] = fold(co_key, primary * _mask(co, is_meaningful()))
        if want("people_min"):
            minutes = co["minutes"].fill_null(0).to_numpy().astype(np.float64)
            put["people_min"] = fold(co_key, primary * minutes)
        if want("initiated"):
            put["initiated"] = fold(co_key, primary * _mask(co, pl.col("initiated") == 0))
    else:
        for name in ("meaningful", "people_min", "initiated"):
            put[name] = zeros
    so = frames.solitude
    so_key = keyed(so) if so.height else None
    put["solitude"] = fold(so_key, None) if so_key else zeros
    if so_key:
        chosen = _mask(so, pl.col("chosen"))
        escape = _mask(so, ~pl.col("chosen"))
        minutes = so["minutes"].fill_null(0).to_numpy().astype(np.float64)
        if want("chosen_min"):
            put["chosen_min"] = fold(so_key, chosen * minutes)
        if want("escape_min"):
            put["escape_min"] = fold(so_key, escape * minutes)
        if want("chosen_n"):
            put["chosen_n"] = fold(so_key, chosen)
        if want("escape_n"):
            put["escape_n"] = fold(so_key, escape)
        if want("restorative_n"):
            put["restorative_n"] = fold(so_key, _mask(so, is_restorative()))
        if want("regulated_n"):
            put["regulated_n"] = fold(so_key, _mask(so, is_regulating()))
    else:
        for name in (
            "chosen_min",
            "escape_min",
            "chosen_n",
            "escape_n",
            "restorative_n",
            "regulated_n",
        ):
            put[name] = zeros
    bo = frames.boundaries
    bo_key = keyed(bo) if bo.height else None
    put["boundaries"] = fold(bo_key, None) if bo_key else zeros
    if want("unmet"):
        put["unmet"] = fold(bo_key, _mask(bo, pl.col("received").is_in(UNMET))) if bo_key else zeros
    rd, rf = frames.routine_done, frames.reflections
    put["routines"] = fold(keyed(rd), None) if rd.height else zeros
    put["reflections"] = fold(keyed(rf), None) if rf.height else zeros
    put["steps_done"] = fold(keyed(steps_done, "done_day"), None) if steps_done.height else zeros
    logged = (
        put["checkins"]
        + put["contacts"]
        + put["solitude"]
        + put["boundaries"]
        + put["routines"]
        + put["reflections"]
        + put["steps_done"]
    ) > 0
    put["logged"] = logged.astype(np.int32)
    # Each subject's rows run from its first logged day (or ``start``) to the end.
    if start is None:
        any_row = logged.any(axis=1)
        grid.first = np.where(any_row, logged.argmax(axis=1), span).astype(np.int64)
    for name in list(put):
        if name not in wanted and name != "logged":
            del put[name]
    return grid


def daily_timeline(
    frames: Frames, *, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """One row per subject per local day with the day's counts (see ``TIMELINE``)."""
    grid = day_grid(frames, start=start, end=end)
    if grid is None:
        return pl.DataFrame(schema=TIMELINE)
    return grid_frame(grid, {name: grid.counts[name] for name in TIMELINE if name in grid.counts})


def grid_frame(grid: DayGrid, columns: dict[str, npt.NDArray[Any]]) -> pl.DataFrame:
    """A frame with ``subject`` and ``day`` and one column per grid array (kept cells only)."""
    keep = grid.keep()
    every = bool(keep.all())
    subject = np.repeat(np.arange(grid.n, dtype=np.int32), grid.span)
    day = np.tile(np.arange(grid.lo, grid.lo + grid.span, dtype=np.int32), grid.n)
    data: dict[str, pl.Series] = {
        "subject": pl.Series("subject", subject if every else subject[keep]),
        "day": pl.Series("day", day if every else day[keep]).cast(pl.Date),
    }
    for name, values in columns.items():
        flat = values.ravel()
        v = flat if every else flat[keep]
        dtype = TIMELINE.get(name)
        if name == "logged":
            data[name] = pl.Series(name, v > 0)
        elif dtype is not None:
            data[name] = pl.Series(name, v.astype(_NUMPY_INT[dtype]))
        else:
            data[name] = pl.Series(name, v)
    return pl.DataFrame(data)


_NUMPY_INT: dict[pl.DataType, Any] = {pl.Int16(): np.int16, pl.Int32(): np.int32}


def day_range(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
