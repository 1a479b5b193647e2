"""The iCalendar export: valid, parsed back by `icalendar`, recurrences round-trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import Routine, Step, schedule_days
from ebbtide.interop.ics import (
    build_calendar,
    first_occurrence,
    rrule_schedule,
    schedule_rrule,
)

NOW = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)  # a Saturday
TZ = "Europe/Berlin"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cal(routines: list[Routine], steps: list[Step], alarms: bool = True) -> tuple[bytes, Calendar]:
    data = build_calendar(routines, steps, today=TODAY, now=NOW, tz=TZ, alarms=alarms)
    return data, Calendar.from_ical(data)


def _step(title: str, **kw: object) -> Step:
    return Step(title=title, created_at=NOW, tz=TZ, **kw)  # type: ignore[arg-type]


schedules = st.one_of(
    st.sampled_from(["daily", "weekdays", "weekends"]),
    st.sets(st.sampled_from(_DAYS), min_size=1).map(lambda s: ",".join(d for d in _DAYS if d in s)),
)


@given(schedules)
def test_schedule_round_trips_through_rrule(schedule: str) -> None:
    rule = schedule_rrule(schedule)
    back = rrule_schedule(rule)
    assert schedule_days(back) == schedule_days(schedule)


def test_routine_recurrence_round_trips_through_the_file() -> None:
    walk = Routine(name="Evening walk", schedule="mon,thu", time_of_day="19:30", tz=TZ)
    data, cal = _cal([walk], [])
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"{walk.uid}@ebbtide"
    assert str(event["SUMMARY"]) == "Evening walk"
    assert rrule_schedule(event["RRULE"]) == "mon,thu"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == TZ
    assert (start.hour, start.minute) == (19, 30)
    # the recurrence, expanded by an independent RRULE engine, lands on Mondays and
    # Thursdays at 19:30 Berlin time, across the end of daylight saving too
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)  # type: ignore[union-attr]
    occurrences = list(rule[:10])
    assert {o.weekday() for o in occurrences} == {0, 3}
    assert all((o.hour, o.minute) == (19, 30) for o in occurrences)
    assert occurrences[0].date() == date(2026, 11, 23)
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Berlin" in data


def test_daily_routine_without_time_is_all_day() -> None:
    r = Routine(name="Out of bed", schedule="daily", tz=TZ)
    _, cal = _cal([r], [])
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == TODAY
    assert rrule_schedule(event["RRULE"]) == "daily"


def test_planned_steps_become_all_day_events_or_todos() -> None:
    dated = _step("Send Lea a two-line message", planned_for=date(2026, 11, 24), level=1)
    undated = _step("Call Sam for ten minutes", level=3)
    done = _step("Reply to Noor", status="done", done_at=NOW)
    _, cal = _cal([], [dated, undated, done])
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == dated.title
    assert event.decoded("DTSTART") == date(2026, 11, 24)
    assert event.decoded("DTEND") == date(2026, 11, 25)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    (todo,) = cal.walk("VTODO")
    assert str(todo["SUMMARY"]) == undated.title
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert "rung 3" in str(todo["DESCRIPTION"])


def test_alarms_are_gentle_and_can_be_switched_off() -> None:
    r = Routine(name="Evening walk", schedule="daily", time_of_day="19:30", tz=TZ)
    s = _step("Walk with Sam", planned_for=date(2026, 11, 24))
    _, cal = _cal([r], [s])
    alarms = cal.walk("VALARM")
    assert len(alarms) == 2
    assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
    triggers = sorted(a.decoded("TRIGGER") for a in alarms)
    assert triggers == [timedelta(minutes=-10), timedelta(hours=9)]
    assert any("if it fits today" in str(a["DESCRIPTION"]) for a in alarms)
    _, quiet = _cal([r], [s], alarms=False)
    assert quiet.walk("VALARM") == []
    assert len(quiet.walk("VEVENT")) == 2


def test_paused_routines_are_left_out() -> None:
    r = Routine(name="Friday dinner", schedule="fri", time_of_day="19:00", tz=TZ, active=False)
    data, cal = _cal([r], [])
    assert cal.walk("VEVENT") == []
    assert b"BEGIN:VTIMEZONE" not in data


def test_calendar_header() -> None:
    data, cal = _cal([], [])
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert str(cal["VERSION"]) == "2.0"
    assert "ebbtide" in str(cal["PRODID"])


def test_first_occurrence() -> None:
    assert first_occurrence("fri", TODAY) == date(2026, 11, 27)
    assert first_occurrence("weekends", TODAY) == TODAY


@pytest.mark.parametrize(
    "rule", [{"FREQ": "MONTHLY"}, {"FREQ": "WEEKLY", "BYDAY": ["XX"]}, {"FREQ": "WEEKLY"}]
)
def test_foreign_rrules_are_refused(rule: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        rrule_schedule(rule)
