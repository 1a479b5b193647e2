"""`calendar_ics` reads the person's routines and steps from the store."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from ebbtide.interop.ics import rrule_schedule
from ebbtide.service.calendar import calendar_ics
from ebbtide.service.context import Context
from ebbtide.service.plans import add_routine, plan_step, set_routine_active, step_done


def test_calendar_holds_active_routines_and_planned_steps(any_ctx: Context) -> None:
    add_routine(any_ctx, "Evening walk", schedule="weekdays", time_of_day="19:30")
    add_routine(any_ctx, "Choir", schedule="wed", time_of_day="18:00")
    set_routine_active(any_ctx, "Choir", False)
    plan_step(
        any_ctx,
        "Call Sam",
        level=3,
        planned_for=date(2026, 11, 25),
        person="Sam",
        create_missing=True,
    )
    done = plan_step(any_ctx, "Reply to Noor", level=1)
    step_done(any_ctx, done.id or 0)
    cal = Calendar.from_ical(calendar_ics(any_ctx))
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Evening walk", "Call Sam"}
    assert rrule_schedule(events["Evening walk"]["RRULE"]) == "weekdays"
    assert "With Sam." in str(events["Call Sam"]["DESCRIPTION"])
    assert cal.walk("VTODO") == []
    assert len(cal.walk("VALARM")) == 2
    assert Calendar.from_ical(calendar_ics(any_ctx, alarms=False)).walk("VALARM") == []
