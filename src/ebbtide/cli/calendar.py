"""`ebbtide calendar export`: steps and routines in the person's own calendar app."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

calendar_app = typer.Typer(
    help="Your steps and routines in your own calendar app.", no_args_is_help=True
)
app.add_typer(calendar_app, name="calendar")


@calendar_app.command("export")
def calendar_export(
    ctx: typer.Context,
    out: Annotated[
        str, typer.Option("--output", "-o", help="The .ics file to write ('-' for stdout).")
    ],
    alarms: Annotated[
        bool, typer.Option("--alarms/--no-alarms", help="Add gentle reminders (default: on).")
    ] = True,
) -> None:
    """Write active routines (repeating) and planned steps as an iCalendar file."""
    import sys

    from ebbtide.service import atomic_write, calendar_ics

    data = calendar_ics(service_context(ctx, create=False), alarms=alarms)
    if out == "-":
        sys.stdout.buffer.write(data)
        return
    path = atomic_write(out, data)
    output.say(msg.CALENDAR_WRITTEN.format(path=path))
