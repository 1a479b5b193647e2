"""Steps and routines as an iCalendar (RFC 5545) file a calendar app can import or subscribe to.

What is written:
- a routine with a usual time → a recurring ``VEVENT`` in the routine's own zone
  (``DTSTART;TZID=…`` + ``RRULE``), 30 minutes long, marked free (``TRANSP:TRANSPARENT``);
  a routine without a time → a recurring all-day ``VEVENT``;
- a planned step with a day → an all-day ``VEVENT`` on that day, marked free;
  a planned step without a day → a ``VTODO`` without a due date;
- optional gentle ``VALARM`` reminders (display only, never sound or e-mail);
- ``UID`` is the record's permanent uid + ``@ebbtide``, so importing again updates events
  instead of duplicating them. Paused routines and done or let-go steps are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ebbtide.domain import vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import Routine, Step, parse_schedule, schedule_days
from ebbtide.domain.timekeeping import zone

if TYPE_CHECKING:
    from icalendar import Timezone

PRODID = "-//ebbtide//steps and routines//EN"
CALENDAR_NAME = "ebbtide: steps and routines"
ROUTINE_MINUTES = 30
ROUTINE_ALARM = timedelta(minutes=-10)
STEP_ALARM = timedelta(hours=9)  # all-day events: 09:00 on the day
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class CalendarTexts:
    """The words written into the calendar, kept together so they stay gentle."""

    routine_description: str = (
        "A steady anchor in your week. Missing it is fine; it comes round again."
    )
    routine_alarm: str = "A gentle nudge: {name}, if it fits today."
    step_description: str = (
        "A small step ({rung}). Whenever it fits: it can also wait, or be let go for now."
    )
    step_alarm: str = "A small step for today, if it feels possible: {title}"


TEXTS = CalendarTexts()


def schedule_rrule(schedule: str) -> dict[str, list[str] | str]:
    """The RRULE (as icalendar's dict form) for a routine schedule."""
    s = parse_schedule(schedule)
    if s == "daily":
        return {"FREQ": "DAILY"}
    days = sorted(schedule_days(s))
    return {"FREQ": "WEEKLY", "BYDAY": [_BYDAY[d] for d in days]}


def rrule_schedule(rrule: object) -> str:
    """The routine schedule an RRULE written by :func:`schedule_rrule` stands for."""
    if not isinstance(rrule, Mapping):
        raise ValidationError("rrule", "a routine's recurrence rule is missing")
    freq = _first(rrule.get("FREQ"))
    if freq == "DAILY" and not rrule.get("BYDAY"):
        return "daily"
    if freq != "WEEKLY":
        raise ValidationError("rrule", f"a routine repeats daily or weekly, not {freq}")
    raw = rrule.get("BYDAY") or []
    names = [str(d).upper() for d in (raw if isinstance(raw, list | tuple) else [raw])]
    if not names or any(n not in _BYDAY for n in names):
        raise ValidationError("rrule", "a weekly routine needs plain weekdays (MO…SU)")
    days = {_BYDAY.index(n) for n in names}
    if days == set(range(7)):
        return "daily"
    if days == set(range(5)):
        return "weekdays"
    if days == {5, 6}:
        return "weekends"
    return ",".join(_CODES[d] for d in sorted(days))


def _first(value: object) -> str | None:
    if isinstance(value, list | tuple):
        return str(value[0]).upper() if value else None
    return str(value).upper() if value is not None else None


def first_occurrence(schedule: str, start: date) -> date:
    """The first day on or after ``start`` on which the schedule falls."""
    days = schedule_days(parse_schedule(schedule))
    for i in range(7):
        d = start + timedelta(days=i)
        if d.weekday() in days:
            return d
    raise ValidationError("schedule", f"schedule '{schedule}' has no days")  # pragma: no cover


def build_calendar(
    routines: Iterable[Routine],
    steps: Iterable[Step],
    *,
    today: date,
    now: datetime,
    tz: str,
    alarms: bool = True,
    names: Mapping[int, str] | None = None,
    texts: CalendarTexts = TEXTS,
) -> bytes:
    """The iCalendar bytes for active routines and planned steps."""
    from icalendar import Alarm, Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("name", CALENDAR_NAME)
    cal.add("x-wr-timezone", tz)
    zones: set[str] = set()

    def alarm(description: str, trigger: timedelta) -> Alarm:
        a = Alarm()
        a.add("action", "DISPLAY")
        a.add("description", description)
        a.add("trigger", trigger)
        return a

    for r in routines:
        if not r.active:
            continue
        ev = Event()
        ev.add("uid", f"{r.uid}@ebbtide")
        ev.add("dtstamp", now)
        ev.add("summary", r.name)
        first = first_occurrence(r.schedule, today)
        if r.time_of_day:
            hh, mm = (int(x) for x in r.time_of_day.split(":"))
            start = datetime.combine(first, time(hh, mm), tzinfo=zone(r.tz))
            ev.add("dtstart", start)
            ev.add("duration", timedelta(minutes=ROUTINE_MINUTES))
            zones.add(r.tz)
        else:
            ev.add("dtstart", first)
            ev.add("duration", timedelta(days=1))
        ev.add("rrule", schedule_rrule(r.schedule))
        ev.add("description", texts.routine_description)
        ev.add("categories", ["ebbtide", "routine"])
        ev.add("transp", "TRANSPARENT")
        if alarms:
            trigger = ROUTINE_ALARM if r.time_of_day else STEP_ALARM
            ev.add_component(alarm(texts.routine_alarm.format(name=r.name), trigger))
        cal.add_component(ev)

    for s in steps:
        if s.status != "planned":
            continue
        rung = f"rung {s.level}: {vocab.STEP_LADDER.label(str(s.level)).lower()}"
        description = texts.step_description.format(rung=rung)
        if names and s.person_id is not None and s.person_id in names:
            description += f" With {names[s.person_id]}."
        comp: Event | Todo
        if s.planned_for is not None:
            comp = Event()
            comp.add("dtstart", s.planned_for)
            comp.add("dtend", s.planned_for + timedelta(days=1))
            comp.add("transp", "TRANSPARENT")
        else:
            comp = Todo()
            comp.add("status", "NEEDS-ACTION")
        comp.add("uid", f"{s.uid}@ebbtide")
        comp.add("dtstamp", now)
        comp.add("summary", s.title)
        comp.add("description", description)
        comp.add("categories", ["ebbtide", "step"])
        if alarms and s.planned_for is not None:
            comp.add_component(alarm(texts.step_alarm.format(title=s.title), STEP_ALARM))
        cal.add_component(comp)

    for name in sorted(zones):
        cal.add_component(_vtimezone(name, today))
    return bytes(cal.to_ical())


def _vtimezone(name: str, around: date) -> Timezone:
    """A VTIMEZONE for ``name`` covering the years around ``around``."""
    from icalendar import Timezone

    return Timezone.from_tzinfo(
        zone(name),
        tzid=name,
        first_date=date(around.year - 1, 1, 1),
        last_date=date(around.year + 3, 1, 1),
    )
