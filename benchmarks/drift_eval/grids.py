"""Simulated people as day grids (every timeline column), read once and scored many times.

``imported_cases`` runs the whole product path per person (import, then ``insight_report``).
A study of the detector itself (``benchmarks/drift_ceiling.py``) needs the same days many
times over, so this module imports each person once through the same code, keeps the counts
the report's ``daily_phases`` would fold (``day_grid`` over the report's window, with the
away periods), and then runs ``detect_grid`` on all of them at once. ``phases`` gives the
same phases as the report; ``benchmarks/drift_ceiling.py --check`` compares the two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ebbtide.insights.model import PHASES

from . import Case

IntArray = npt.NDArray[np.int64]


@dataclass
class PersonGrid:
    """One person's truth and day counts (``counts[name][i]``: grid day ``i``)."""

    case: Case
    counts: dict[str, npt.NDArray[Any]]
    first: int  # grid index of the person's first day
    lo: int  # the grid's first day, in days since 1970-01-01
    start: date  # the simulated window's first day
    shown_from: date  # the report's first day (no phase before it)


def imported_grids(
    people: list[Any], kinds: dict[str, str], progress: Callable[[int], None] | None = None
) -> list[PersonGrid]:
    """Each simulated person imported into one SQLite store and read as the report reads."""
    from ebbtide.insights.report import away_grid
    from ebbtide.insights.timeline import day_grid
    from ebbtide.service.away import away_spans
    from ebbtide.service.insights import insight_frames

    from .cohorts import read_imported, truth_case

    def read(p: Any, ctx: Any) -> PersonGrid:
        frames = insight_frames(ctx, p.end, p.days)
        away = away_spans(ctx)
        span = frames.span()
        assert span is not None
        grid = day_grid(frames, start=span[0], end=p.end)
        assert grid is not None
        counts = {name: v[0].copy() for name, v in grid.counts.items()}
        counts["away"] = away_grid(grid, {0: away})[0] if away else np.zeros(grid.span, np.int32)
        shown = max(p.end - timedelta(days=p.days - 1), span[0])
        return PersonGrid(truth_case(p, kinds), counts, int(grid.first[0]), grid.lo, p.start, shown)

    return read_imported(people, read, progress=progress)


def demo_grids(hs: list[Any], end: date, contacts: Callable[[Any], Any]) -> list[PersonGrid]:
    """Demo histories as grids (the batch path, as ``demo_cases`` reads them)."""
    from ebbtide.demo.frames import frames_from_histories
    from ebbtide.insights.timeline import day_grid

    from .cohorts import demo_cases

    cases = demo_cases(hs, end, contacts)
    start = hs[0].truth.start
    grid = day_grid(frames_from_histories(hs), start=start, end=end)
    assert grid is not None
    out: list[PersonGrid] = []
    for i, case in enumerate(cases):
        counts = {name: v[i].copy() for name, v in grid.counts.items()}
        counts["away"] = np.zeros(grid.span, np.int32)
        case.phases = []
        out.append(PersonGrid(case, counts, int(grid.first[i]), grid.lo, start, start))
    return out


def stack(people: list[PersonGrid]) -> tuple[dict[str, npt.NDArray[Any]], IntArray]:
    """Everyone's counts right-aligned on one (person × day) grid, and each first index."""
    span = max(len(p.counts["logged"]) for p in people)
    counts: dict[str, npt.NDArray[Any]] = {}
    for name in people[0].counts:
        g = np.zeros((len(people), span), np.int32)
        for i, p in enumerate(people):
            v = p.counts[name]
            g[i, span - len(v) :] = v
        counts[name] = g
    first = np.array([span - len(p.counts["logged"]) + p.first for p in people], np.int64)
    return counts, first


def offsets(people: list[PersonGrid], span: int) -> IntArray:
    """The stacked grid's column of each person's simulated day 0."""
    epoch = date(1970, 1, 1)
    return np.array(
        [
            span - len(p.counts["logged"]) + (p.start - (epoch + timedelta(days=p.lo))).days
            for p in people
        ],
        np.int64,
    )


def phases(people: list[PersonGrid], phase: npt.NDArray[np.int8]) -> list[Case]:
    """The cases with the phase words of a stacked ``phase`` grid ("none" where no phase)."""
    at = offsets(people, phase.shape[1])
    out: list[Case] = []
    for i, p in enumerate(people):
        n = p.case.days
        hidden = (p.shown_from - p.start).days
        cols = at[i] + np.arange(n)
        valid = (cols >= phase.shape[1] - len(p.counts["logged"])) & (cols < phase.shape[1])
        valid &= np.arange(n) >= hidden
        words = [
            PHASES[int(phase[i, c])] if ok else "none" for c, ok in zip(cols, valid, strict=True)
        ]
        out.append(Case(**{**p.case.__dict__, "phases": words}))
    return out


def truth_grid(people: list[PersonGrid], span: int, after_recovery: int) -> npt.NDArray[np.int8]:
    """1 on drift and isolated days, 0 on every other labelled day, -1 where left out
    (recovery, ``after_recovery`` days after a recovery starts, days outside the window)."""
    y = np.full((len(people), span), -1, np.int8)
    at = offsets(people, span)
    for i, p in enumerate(people):
        lab = np.array(p.case.labels)
        yy = np.isin(lab, ("drift", "isolated")).astype(np.int8)
        left_out = lab == "recovery"
        for end in p.case.ends:
            if end is not None:
                left_out[end : end + after_recovery] = True
        yy[left_out] = -1
        cols = at[i] + np.arange(len(lab))
        ok = (cols >= 0) & (cols < span)
        y[i, cols[ok]] = yy[ok]
    return y
