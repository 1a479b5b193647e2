"""Today's and this week's overview: plain counts a person can read at a glance.

Both read the one period read model (``service.period``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ebbtide.domain.timekeeping import week_start
from ebbtide.service.context import Context
from ebbtide.service.period import DaySummary, period_view
from ebbtide.service.records import Entry

__all__ = ["DaySummary", "Today", "Week", "today", "week"]


@dataclass(frozen=True)
class Today:
    """Today's entries and their summary."""

    day: date
    entries: list[Entry]
    summary: DaySummary


def today(ctx: Context, day: date | None = None) -> Today:
    """Everything logged today (or on ``day``)."""
    d = day or ctx.today()
    view = period_view(ctx, d, d)
    return Today(d, view.entries, view.summary(d))


@dataclass(frozen=True)
class Week:
    """Seven days of summaries, Monday first."""

    start: date
    days: list[DaySummary]

    @property
    def end(self) -> date:
        """The week's last day."""
        return self.start + timedelta(days=6)


def week(ctx: Context, day: date | None = None) -> Week:
    """The week (Monday–Sunday) that holds ``day`` (default today)."""
    start = week_start(day or ctx.today())
    return Week(start, period_view(ctx, start, start + timedelta(days=6)).days())
