"""The person's steps and routines as an iCalendar file (export, or `/calendar.ics`)."""

from __future__ import annotations

from ebbtide.interop.ics import build_calendar
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.plans import list_routines, list_steps


def calendar_ics(ctx: Context, alarms: bool = True) -> bytes:
    """Active routines (recurring) and planned steps as iCalendar bytes."""
    return build_calendar(
        list_routines(ctx, active_only=True),
        list_steps(ctx, status="planned"),
        today=ctx.today(),
        now=ctx.now(),
        tz=ctx.tz,
        alarms=alarms,
        names=people_names(ctx),
    )
