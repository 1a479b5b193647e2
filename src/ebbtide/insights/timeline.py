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
    grid = DayGrid(n, lo, span)
    wanted = set(TIMELINE) if names is None else set(names)
    fold = _Folder(grid, [c for c in _COUNTED if c in wanted])
    states = {STATE_COLUMNS[code]: pl.col("state") == i for code, i in STATE.items()}
    fold.source(
        frames.checkins,
        "checkins",
        None,
        states
        | {
            "alone_wish": pl.col("appetite") == APPETITE["need-solitude"],
            "avoiding": pl.col("appetite") == APPETITE["avoiding"],
        },
    )
    primary = pl.col("primary")
    fold.source(
        frames.contacts,
        "contacts",
        primary,
        {
            "safe": primary & felt_safe(),
            "meaningful": primary & is_meaningful(),
            "people_min": pl.when(primary).then(pl.col("minutes").fill_null(0)).otherwise(0),
            "initiated": primary & (pl.col("initiated") == 0),
        },
    )
    chosen, minutes = pl.col("chosen"), pl.col("minutes").fill_null(0)
    fold.source(
        frames.solitude,
        "solitude",
        None,
        {
            "chosen_min": pl.when(chosen).then(minutes).otherwise(0),
            "escape_min": pl.when(~chosen).then(minutes).otherwise(0),
            "chosen_n": chosen,
            "escape_n": ~chosen,
            "restorative_n": is_restorative(),
            "regulated_n": is_regulating(),
        },
    )
    fold.source(frames.boundaries, "boundaries", None, {"unmet": boundary_unmet()})
    fold.source(frames.routine_done, "routines", None, {})
    fold.source(frames.reflections, "reflections", None, {})
    fold.source(steps_done, "steps_done", None, {}, day_col="done_day")
    fold.finish(first_logged=start is None)
    return grid


_COUNTED = tuple(c for c in TIMELINE if c not in ("subject", "day", "logged"))
"""The timeline columns ``day_grid`` folds from the frames (``logged`` follows from them)."""


class _Folder:
    """Folds frames into a ``DayGrid``: every wanted count (and ``logged``) a slice of one
    block, so the grids are allocated (and their pages touched) once."""

    def __init__(self, grid: DayGrid, names: list[str]) -> None:
        self.grid, self.size = grid, grid.n * grid.span
        slots = [*names, "logged"]
        block = np.zeros((len(slots), grid.n, grid.span), np.int32)
        grid.counts.update(zip(slots, block, strict=True))
        self.seen = np.zeros(self.size, np.bool_)  # cells with a record that counts as logged

    def _keyed(
        self, f: pl.DataFrame, day_col: str
    ) -> tuple[IntArray, npt.NDArray[np.bool_] | None]:
        """Each row's cell (``subject * span + day``), and which rows fall on the grid."""
        span = self.grid.span
        d = f[day_col].to_physical().to_numpy().astype(np.int64) - self.grid.lo
        k = f["subject"].to_numpy().astype(np.int64) * span + d
        ok = (d >= 0) & (d < span) & (k >= 0) & (k < self.size)
        return (k, None) if ok.all() else (k[ok], ok)

    def _fold(self, name: str, k: IntArray, w: npt.NDArray[Any] | None) -> None:
        """Sum ``w`` (or count rows) per cell into count ``name``, if it is wanted."""
        out = self.grid.counts.get(name)
        if out is None:
            return
        # Weighted folds sum whole numbers (masks, minutes), so they are exact as integers.
        sums = np.bincount(k, weights=w, minlength=self.size)
        np.copyto(out.reshape(-1), sums, casting="unsafe")

    def source(
        self,
        f: pl.DataFrame,
        count: str,
        counted: pl.Expr | None,
        weights: dict[str, pl.Expr],
        day_col: str = "day",
    ) -> None:
        """Fold one frame: ``count`` its rows (those ``counted``), each weight its sum."""
        if not f.height:
            return
        k, ok = self._keyed(f, day_col)
        chosen = {name: w for name, w in weights.items() if name in self.grid.counts}
        exprs = {"_counted": counted} if counted is not None else {}
        # Masks stay booleans (bincount reads every weight as a float anyway).
        got = f.select(w.fill_null(False).alias(n) for n, w in (exprs | chosen).items())
        for name in (*exprs, *chosen):
            w = got[name].to_numpy()
            w = w if ok is None else w[ok]
            if name == "_counted":
                self._fold(count, k, w)
                self.seen[k[w > 0]] = True
            else:
                self._fold(name, k, w)
        if counted is None:
            self._fold(count, k, None)
            self.seen[k] = True

    def finish(self, *, first_logged: bool) -> None:
        """Fill ``logged``; with ``first_logged`` each subject's rows start at its first."""
        grid = self.grid
        np.copyto(grid.counts["logged"].reshape(-1), self.seen)
        if first_logged:
            logged = self.seen.reshape(grid.n, grid.span)
            any_row = logged.any(axis=1)
            grid.first = np.where(any_row, logged.argmax(axis=1), grid.span).astype(np.int64)


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
