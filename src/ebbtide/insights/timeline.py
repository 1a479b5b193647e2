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

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.domain import vocab
from ebbtide.domain.measures import weekly_state_mix
from ebbtide.insights.frames import APPETITE, STATE, Frames
from ebbtide.insights.measures import boundary_unmet, felt_safe, is_meaningful, step_done

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
    "safe": pl.Int16(),
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
"""Columns of the timeline. ``safe`` counts contacts that felt safe (4-5); ``meaningful``
those that felt safe or left the person connected; ``steps_done`` steps done that day; ``restorative_n`` counts chosen solitude that left them no worse
(see ``solitude.py`` for the full reading of an episode); ``regulated_n`` chosen solitude
that left them connected from another state (or from one not noted); ``alone_wish``
check-ins that said "I need some time alone"; ``avoiding`` those that said "I'm avoiding
someone"."""

STATE_COLUMNS = {code: "st_" + code.replace("-", "_") for code in STATE}
"""The timeline column that counts each check-in state."""
PERIOD_COUNTS = (
    "checkins",
    *STATE_COLUMNS.values(),
    "contacts",
    "safe",
    "people_min",
    "chosen_min",
    "escape_min",
    "boundaries",
    "routines",
    "reflections",
    "steps_done",
)
"""The timeline columns a period's day summaries read (Today, the week, the report)."""

IntArray = npt.NDArray[np.int64]


def _day_index(col: pl.Series) -> IntArray:
    return col.cast(pl.Int32).to_numpy().astype(np.int64)


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
    steps_done = frames.steps.filter(step_done())
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

    def each(f: pl.DataFrame, key: Any, weights: dict[str, pl.Expr]) -> None:
        """Fold ``f`` by ``key`` once per wanted weight (all read in one pass over ``f``)."""
        chosen = {name: w for name, w in weights.items() if want(name)}
        if key is None:
            for name in chosen:
                put[name] = zeros
            return
        got = f.select(w.fill_null(False).cast(pl.Float64).alias(n) for n, w in chosen.items())
        for name in chosen:
            put[name] = fold(key, got[name].to_numpy())

    ci = frames.checkins
    ci_key = keyed(ci) if ci.height else None
    put["checkins"] = fold(ci_key, None) if ci_key else zeros
    each(
        ci,
        ci_key,
        {STATE_COLUMNS[code]: pl.col("state") == i for code, i in STATE.items()}
        | {
            "alone_wish": pl.col("appetite") == APPETITE["need-solitude"],
            "avoiding": pl.col("appetite") == APPETITE["avoiding"],
        },
    )
    co = frames.contacts
    co_key = keyed(co) if co.height else None
    primary = pl.col("primary")
    put["contacts"] = fold(co_key, _mask(co, primary)) if co_key else zeros
    each(
        co,
        co_key,
        {
            "safe": primary & felt_safe(),
            "meaningful": primary & is_meaningful(),
            "people_min": pl.when(primary).then(pl.col("minutes").fill_null(0)).otherwise(0),
            "initiated": primary & (pl.col("initiated") == 0),
        },
    )
    so = frames.solitude
    so_key = keyed(so) if so.height else None
    put["solitude"] = fold(so_key, None) if so_key else zeros
    chosen, minutes = pl.col("chosen"), pl.col("minutes").fill_null(0)
    each(
        so,
        so_key,
        {
            "chosen_min": pl.when(chosen).then(minutes).otherwise(0),
            "escape_min": pl.when(~chosen).then(minutes).otherwise(0),
            "chosen_n": chosen,
            "escape_n": ~chosen,
            "restorative_n": is_restorative(),
            "regulated_n": is_regulating(),
        },
    )
    bo = frames.boundaries
    bo_key = keyed(bo) if bo.height else None
    put["boundaries"] = fold(bo_key, None) if bo_key else zeros
    each(bo, bo_key, {"unmet": boundary_unmet()})
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


def period_frames(frames: Frames, start: date, end: date) -> Frames:
    """The frames' records of local days ``start``..``end`` (a step's day is the one it was
    done on, else the one it was planned on: the day of its one timeline instant)."""

    def cut(f: pl.DataFrame) -> pl.DataFrame:
        return f.filter(pl.col("day").is_between(start, end)) if f.height else f

    return replace(
        frames,
        checkins=cut(frames.checkins),
        contacts=cut(frames.contacts),
        solitude=cut(frames.solitude),
        boundaries=cut(frames.boundaries),
        routine_done=cut(frames.routine_done),
        reflections=cut(frames.reflections),
        steps=frames.steps.filter(pl.coalesce("done_day", "day").is_between(start, end)),
    )


def weekly_states(frames: Frames) -> list[tuple[date, str, int]]:
    """(week, state, count) of the frames' check-ins (``measures.weekly_state_mix``)."""
    codes = vocab.STATES.codes
    rows = frames.checkins.select("day", "state").iter_rows()
    return weekly_state_mix((d, codes[s]) for d, s in rows if s is not None)


def day_counts(frames: Frames, start: date, end: date) -> dict[str, list[int]]:
    """One subject's ``PERIOD_COUNTS`` for each local day ``start``..``end``, oldest first
    (the timeline's own fold, so a period counts its days as the insights do)."""
    grid = day_grid(frames, start=start, end=end, names=PERIOD_COUNTS)
    if grid is None:  # end before start: no days
        return {name: [] for name in PERIOD_COUNTS}
    return {name: grid.counts[name][0].tolist() for name in PERIOD_COUNTS}
