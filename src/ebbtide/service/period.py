"""One read model for a period of local days: what Today, the week, the report and the
dashboard's state mix read.

``period_view(ctx, start, end)`` counts from the frames the insights read
(``service.insights.read_frames``: kept between pages, and read again only for what was
written since). The frames' ``day`` column files each record on the local day of its one
timeline instant in its own zone, and the timeline's own fold
(``insights.timeline.day_counts``, by the shared definitions of ``domain.measures``) counts
each day. The entries, for the lists of Today and the report, are the log's domain records
filed on the same days.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from ebbtide.domain import measures
from ebbtide.domain.timekeeping import day_bounds, to_epoch
from ebbtide.insights.frames import Frames
from ebbtide.insights.timeline import STATE_COLUMNS, day_counts, period_frames, weekly_states
from ebbtide.service.context import Context
from ebbtide.service.records import Entry, log

_DAYS: dict[tuple[int, date, date], tuple[Frames, tuple[DaySummary, ...]]] = {}
_KEPT = 16
"""Periods whose day summaries are kept (with the frames they were counted from)."""
_LOCK = threading.Lock()


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
    """The records of local days ``start``..``end`` (inclusive), each on its one day: as
    entries (for listing) and as the insights' frames (for counting)."""

    start: date
    end: date
    dated: tuple[Dated, ...]
    source: Frames  # the frames read (they may hold more days than the period's)

    @cached_property
    def frames(self) -> Frames:
        """The frames of the period's days alone."""
        return period_frames(self.source, self.start, self.end)

    @property
    def entries(self) -> list[Entry]:
        """The period's entries, newest first (as the log lists them)."""
        return [d.entry for d in self.dated]

    def within(self, start: date, end: date) -> PeriodView:
        """The part of this period from ``start`` to ``end`` (no read of its own)."""
        kept = tuple(d for d in self.dated if start <= d.day <= end)
        return PeriodView(start, end, kept, self.source)

    def on(self, day: date) -> list[Entry]:
        """The entries of one local day."""
        return [d.entry for d in self.dated if d.day == day]

    def of_kind(self, kind: str) -> list[Any]:
        """The records of one kind, newest first."""
        return [d.entry.record for d in self.dated if d.entry.kind == kind]

    def summary(self, day: date) -> DaySummary:
        """What one day of the period held (a step counts on the day it was done)."""
        one = self if self.start == self.end == day else self.within(day, day)
        return one.days()[0]

    def days(self) -> list[DaySummary]:
        """A summary for every day of the period, oldest first (counted once per frames
        read: Today's page reloaded with nothing written counts nothing again)."""
        slot = (id(self.source), self.start, self.end)
        with _LOCK:
            hit = _DAYS.get(slot)
        if hit is not None and hit[0] is self.source:
            return list(hit[1])
        got = self._count()
        with _LOCK:
            _DAYS[slot] = (self.source, got)
            while len(_DAYS) > _KEPT:
                del _DAYS[next(iter(_DAYS))]
        return list(got)

    def _count(self) -> tuple[DaySummary, ...]:
        n = day_counts(self.frames, self.start, self.end)
        return tuple(
            DaySummary(
                day=self.start + timedelta(days=i),
                checkins=n["checkins"][i],
                states={code: n[col][i] for code, col in STATE_COLUMNS.items() if n[col][i]},
                contacts=n["contacts"][i],
                safe_contacts=n["safe"][i],
                minutes_with_people=n["people_min"][i],
                solitude_chosen_min=n["chosen_min"][i],
                solitude_escape_min=n["escape_min"][i],
                boundaries=n["boundaries"][i],
                steps_done=n["steps_done"][i],
                routines_done=n["routines"][i],
                reflections=n["reflections"][i],
            )
            for i in range(len(n["checkins"]))
        )

    def state_mix(self) -> list[tuple[date, str, int]]:
        """(week, state, count) of the period's check-ins (``measures.weekly_state_mix``)."""
        return weekly_states(self.frames)


MARGIN = timedelta(days=2)
"""Days read either side of a period: a record kept in another zone (zones differ by up to
26 hours) may belong to one of its days though its instant falls outside them here."""


def period_view(
    ctx: Context, start: date, end: date, *, kinds: Sequence[str] | None = None
) -> PeriodView:
    """The period's records, each filed on its local day; the entries listed are of
    ``kinds`` (default all; none for a view that only counts)."""
    first = start - MARGIN
    last = max(first, min(end + MARGIN, ctx.today()))  # nothing is logged ahead of today
    since = to_epoch(day_bounds(first, ctx.tz, ctx.day_start_hour)[0])
    until = to_epoch(day_bounds(last, ctx.tz, ctx.day_start_hour)[1])
    frames = _frames(ctx, since, until)
    if kinds is not None and not kinds:
        return PeriodView(start, end, (), frames)
    entries = log(ctx, since=first, until=last, kinds=kinds)
    dated = (
        Dated(measures.day_of_record(e.at, e.record, ctx.tz, ctx.day_start_hour), e)
        for e in entries
    )
    return PeriodView(start, end, tuple(d for d in dated if start <= d.day <= end), frames)


def _frames(ctx: Context, since: int, until: int) -> Frames:
    """Frames holding every instant ``since <= at < until``: the insights' own when they
    do (no read of its own), else frames of these instants (kept as well)."""
    from ebbtide.service.insights import insight_window, read_frames

    lo, hi = insight_window(ctx, ctx.today())
    if lo <= since and until <= hi:
        return read_frames(ctx, lo, hi)
    return read_frames(ctx, since, until)
