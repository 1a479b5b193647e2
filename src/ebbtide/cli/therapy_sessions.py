"""`ebbtide session …`: the days you saw your therapist, so a report can start there."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]

session_app = typer.Typer(
    help="Therapy sessions: the days a report can start from.", no_args_is_help=True
)
app.add_typer(session_app, name="session")


@session_app.command("add")
def session_add(
    ctx: typer.Context,
    day: Annotated[
        str, typer.Argument(help="The day: YYYY-MM-DD, today, yesterday, '5 days ago'.")
    ],
    note: Annotated[str, typer.Option("--note", "-n", help="A private note.")] = "",
    as_json: Json = False,
) -> None:
    """Record a session day."""
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import add_therapy_session

    c = service_context(ctx)
    s = add_therapy_session(c, parse_day(day, c.today()), note)
    if as_json:
        output.emit_json({"id": s.id, "day": s.day.isoformat(), "note": s.note})
    else:
        output.say(msg.SESSION_ADDED.format(day=f"{s.day:%a %d %b %Y}"))


@session_app.command("list")
def session_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List recorded sessions, oldest first."""
    from ebbtide.service import list_therapy_sessions

    rows = list_therapy_sessions(service_context(ctx, create=False))
    if as_json:
        output.emit_json([{"id": s.id, "day": s.day.isoformat(), "note": s.note} for s in rows])
        return
    if not rows:
        output.say(msg.NO_SESSIONS)
        return
    for s in rows:
        output.styled(
            "[dim]#{id}[/dim]  {rest}", id=s.id, rest=f"{s.day:%a %d %b %Y}  {s.note}".rstrip()
        )
