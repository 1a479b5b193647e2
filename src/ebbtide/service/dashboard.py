"""Plain data for the dashboard beside the insights: how the states mixed week by week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ebbtide.domain.measures import weekly_state_mix
from ebbtide.domain.timekeeping import day_bounds, week_start
from ebbtide.service.context import Context
from ebbtide.store import stats


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
    lo = day_bounds(start, ctx.tz, ctx.day_start_hour)[0]
    hi = day_bounds(end, ctx.tz, ctx.day_start_hour)[1]
    with ctx.store.reading() as conn:
        rows = stats.checkin_states(conn, ctx.subject_id, lo, hi)
    days = ((ctx.day_of(at, tz), state) for at, tz, state in rows)
    # A record kept in another zone may fall outside the days asked for.
    mix = weekly_state_mix((d, s) for d, s in days if start <= d <= end)
    return [StateWeek(w, s, n) for w, s, n in mix]
