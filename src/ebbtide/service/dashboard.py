"""Plain data for the dashboard beside the insights: how the states mixed week by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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
    mix = period_view(ctx, start, end, kinds=()).state_mix()
    return [StateWeek(w, s, n) for w, s, n in mix]
