"""One read model for a period of local days: what Today, the week, the report and the
insights' state mix all read.

``period_view(ctx, start, end)`` reads the period's records once (one snapshot) and files each
under the local day of its one timeline instant in its own zone (``measures.day_of_record``,
the day the insights' frames give it too). Everything counted from it uses the shared
definitions of ``domain.measures``: a day's summary, the records by kind for the report,
the weekly state mix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ebbtide.domain import measures
from ebbtide.domain.records import CheckIn, Contact, Solitude, Step
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


@dataclass(frozen=True)
class Dated:
    """An entry and the local day it belongs to."""

    day: date
    entry: Entry


@dataclass(frozen=True)
class PeriodView:
    """The records of local days ``start``..``end`` (inclusive), each on its one day."""

    start: date
    end: date
    dated: tuple[Dated, ...]
    day_start_hour: int

    @property
    def entries(self) -> list[Entry]:
        """The period's entries, newest first (as the log lists them)."""
        return [d.entry for d in self.dated]

    def within(self, start: date, end: date) -> PeriodView:
        """The part of this period from ``start`` to ``end`` (no read of its own)."""
        kept = tuple(d for d in self.dated if start <= d.day <= end)
        return PeriodView(start, end, kept, self.day_start_hour)

    def on(self, day: date) -> list[Entry]:
        """The entries of one local day."""
        return [d.entry for d in self.dated if d.day == day]

    def of_kind(self, kind: str) -> list[Any]:
        """The records of one kind, newest first."""
        return [d.entry.record for d in self.dated if d.entry.kind == kind]

    def summary(self, day: date) -> DaySummary:
        """Fold one day's entries into counts (a step counts on the day it was done)."""
        states: Counter[str] = Counter()
        n = Counter[str]()
        minutes = chosen = escape = 0
        for e in self.on(day):
            r = e.record
            n[e.kind] += 1
            if isinstance(r, CheckIn):
                states[r.state] += 1
            elif isinstance(r, Contact):
                minutes += r.minutes or 0
                n["safe"] += int(measures.felt_safe(r))
            elif isinstance(r, Solitude):
                if r.chosen:
                    chosen += r.minutes or 0
                else:
                    escape += r.minutes or 0
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
            steps_done=sum(
                measures.step_done_day(s, self.day_start_hour) == day
                for s in self.of_kind("step")
                if isinstance(s, Step)
            ),
            routines_done=n["routine"],
            reflections=n["reflection"],
        )

    def days(self) -> list[DaySummary]:
        """A summary for every day of the period, oldest first."""
        count = (self.end - self.start).days + 1
        return [self.summary(self.start + timedelta(days=i)) for i in range(count)]

    def state_mix(self) -> list[tuple[date, str, int]]:
        """(week, state, count) of the period's check-ins (``measures.weekly_state_mix``)."""
        return measures.weekly_state_mix(
            (d.day, d.entry.record.state) for d in self.dated if d.entry.kind == "checkin"
        )


def period_view(
    ctx: Context, start: date, end: date, *, kinds: list[str] | None = None
) -> PeriodView:
    """The period's records (of ``kinds``, default all), each filed on its local day."""
    entries = log(ctx, since=start, until=end, kinds=kinds)
    dated = (
        Dated(measures.day_of_record(e.at, e.record, ctx.tz, ctx.day_start_hour), e)
        for e in entries
    )
    # A record kept in another zone may fall outside the days asked for.
    kept = tuple(d for d in dated if start <= d.day <= end)
    return PeriodView(start, end, kept, ctx.day_start_hour)
