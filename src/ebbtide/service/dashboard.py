"""Plain data for the dashboard beside the insights: how the states mixed week by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ebbtide.domain.measures import weekly_state_mix
from ebbtide.domain.timekeeping import week_start
from ebbtide.service.context import Context
from ebbtide.service.period import period_view


@dataclass(frozen=True)
class StateWeek:
    """How many check-ins of each state one week (Monday) held."""

    week: date
    state: str
    count: int


def state_mix(ctx: Context, *, weeks: int = 26, as_of: date | None = None) -> list[StateWeek]:
    """Check-in states per week over the last ``weeks`` weeks, oldest first."""
    end = as_of or ctx.today()
    start = week_start(end) - timedelta(weeks=weeks - 1)
    if end == ctx.today() and weeks <= 52:  # inside the insights' frames: no read of its own
        return _from_frames(ctx, start, end)
    mix = period_view(ctx, start, end, kinds=["checkin"]).state_mix()
    return [StateWeek(w, s, n) for w, s, n in mix]


def _from_frames(ctx: Context, start: date, end: date) -> list[StateWeek]:
    """The same mix from the check-ins frame the insights read (kept between pages)."""
    import polars as pl

    from ebbtide.domain import vocab
    from ebbtide.service.insights import insight_frames

    checkins = insight_frames(ctx, end).checkins.filter(pl.col("day").is_between(start, end))
    codes = vocab.STATES.codes
    days = checkins.select("day", "state").iter_rows()
    mix = weekly_state_mix((d, codes[s]) for d, s in days if s is not None)
    return [StateWeek(w, s, n) for w, s, n in mix]
