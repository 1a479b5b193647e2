"""Today's and this week's overview: plain counts a person can read at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ebbtide.domain.records import CheckIn, Contact, Solitude, is_meaningful_contact
from ebbtide.domain.timekeeping import week_start
from ebbtide.service.context import Context
from ebbtide.service.records import Entry, log


@dataclass(frozen=True)
class DaySummary:
    """What one local day held."""

    day: date
    checkins: int = 0
    states: dict[str, int] = field(default_factory=dict)
    contacts: int = 0
    safe_contacts: int = 0
    minutes_with_people: int = 0
    solitude_chosen_min: int = 0
    solitude_escape_min: int = 0
    boundaries: int = 0
    steps_done: int = 0
    routines_done: int = 0
    reflections: int = 0

    @property
    def logged(self) -> bool:
        """Whether anything at all was logged that day."""
        return bool(
            self.checkins
            or self.contacts
            or self.solitude_chosen_min
            or self.solitude_escape_min
            or self.boundaries
            or self.steps_done
            or self.routines_done
            or self.reflections
        )


def summarize_day(ctx: Context, day: date, entries: list[Entry]) -> DaySummary:
    """Fold a day's entries into counts."""
    states: Counter[str] = Counter()
    n = Counter[str]()
    minutes = chosen = escape = 0
    for e in entries:
        r = e.record
        n[e.kind] += 1
        if isinstance(r, CheckIn):
            states[r.state] += 1
        elif isinstance(r, Contact):
            minutes += r.minutes or 0
            n["safe"] += int(is_meaningful_contact(r))
        elif isinstance(r, Solitude):
            if r.chosen:
                chosen += r.minutes or 0
            else:
                escape += r.minutes or 0
    steps_done = sum(
        1
        for e in entries
        if e.kind == "step"
        and e.record.status == "done"
        and e.record.done_at
        and ctx.day_of(e.record.done_at) == day
    )
    return DaySummary(
        day=day,
        checkins=n["checkin"],
        states=dict(states),
        contacts=n["contact"],
        safe_contacts=n["safe"],
        minutes_with_people=minutes,
        solitude_chosen_min=chosen,
        solitude_escape_min=escape,
        boundaries=n["boundary"],
        steps_done=steps_done,
        routines_done=n["routine"],
        reflections=n["reflection"],
    )


@dataclass(frozen=True)
class Today:
    """Today's entries and their summary."""

    day: date
    entries: list[Entry]
    summary: DaySummary


def today(ctx: Context, day: date | None = None) -> Today:
    """Everything logged today (or on ``day``)."""
    d = day or ctx.today()
    entries = log(ctx, since=d, until=d)
    return Today(d, entries, summarize_day(ctx, d, entries))


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
    entries = log(ctx, since=start, until=start + timedelta(days=6))
    by_day: dict[date, list[Entry]] = {start + timedelta(days=i): [] for i in range(7)}
    for e in entries:
        d = ctx.day_of(e.at, getattr(e.record, "tz", None))
        if d in by_day:
            by_day[d].append(e)
    return Week(start, [summarize_day(ctx, d, es) for d, es in by_day.items()])
