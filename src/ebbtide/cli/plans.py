"""Routines and steps: `ebbtide routine …` and `ebbtide step …`."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context
from ebbtide.cli.complete import complete_people

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]

routine_app = typer.Typer(help="Small steady anchors: add, mark done, list.", no_args_is_help=True)
step_app = typer.Typer(
    help="Small steps back toward people: plan, done, skip, list.", no_args_is_help=True
)
app.add_typer(routine_app, name="routine")
app.add_typer(step_app, name="step")


@routine_app.command("add")
def routine_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help='What it is: "Evening walk".')],
    schedule: Annotated[
        str, typer.Option("--schedule", help="daily, weekdays, weekends, or days like mon,thu.")
    ] = "daily",
    at: Annotated[str | None, typer.Option("--at", help="Usual time, HH:MM.")] = None,
    anchor: Annotated[
        str | None,
        typer.Option("--anchor", help="out-of-bed, first-contact, start-work, dinner, bed, other."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Add a routine."""
    from ebbtide import service
    from ebbtide.service import routine_dict

    r = service.add_routine(
        service_context(ctx), name, schedule=schedule, time_of_day=at, anchor=anchor
    )
    if as_json:
        output.emit_json(routine_dict(r))
    else:
        output.styled(
            "Added routine “{name}” ({schedule}). [dim]#{id}[/dim]",
            name=r.name,
            schedule=r.schedule,
            id=r.id,
        )


@routine_app.command("done")
def routine_done(
    ctx: typer.Context,
    routine: Annotated[str, typer.Argument(help="Its name (or the start of it) or #id.")],
    when: Annotated[
        str | None, typer.Option("--when", "-w", help='When: "this morning", "yesterday 19:30".')
    ] = None,
    note: Annotated[str, typer.Option("--note", "-n")] = "",
    as_json: Json = False,
) -> None:
    """Mark a routine as done."""
    from ebbtide import service
    from ebbtide.service import record_dict

    c = service_context(ctx)
    saved = service.routine_done(c, routine, note=note, when=when)
    output.notices(saved.notices)
    if as_json:
        output.emit_json(record_dict(c, "routine", saved.record))
    else:
        output.say(msg.SAVED["routine"])


@routine_app.command("list")
def routine_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List your routines."""
    from rich.table import Table

    from ebbtide import service
    from ebbtide.domain.vocab import ANCHORS
    from ebbtide.service import routine_dict

    rows = service.list_routines(service_context(ctx, create=False))
    if as_json:
        output.emit_json([routine_dict(r) for r in rows])
        return
    if not rows:
        output.say(msg.NO_ROUTINES)
        return
    table = Table(show_edge=False, header_style="bold")
    for col in ("#", "Routine", "When", "Anchor", ""):
        table.add_column(col)
    for r in rows:
        table.add_row(
            str(r.id),
            r.name,
            f"{r.schedule} {r.time_of_day or ''}".strip(),
            ANCHORS.label(r.anchor) if r.anchor else "",
            "" if r.active else "paused",
        )
    output.console().print(table)


@step_app.command("plan")
def step_plan(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help='The step: "Send Lea a short message".')],
    level: Annotated[
        int, typer.Option("--level", min=1, max=5, help="Rung on the ladder: 1 message … 5 share.")
    ] = 1,
    for_day: Annotated[
        str | None,
        typer.Option("--for", help="The day you mean to do it (YYYY-MM-DD, today, tomorrow)."),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option("--person", "-p", help="Who it is with.", autocompletion=complete_people),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Add an unknown person without asking.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Plan a small step toward people."""
    from datetime import timedelta

    from ebbtide import service
    from ebbtide.cli.capture import _confirm_people
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import record_dict

    c = service_context(ctx)
    day = None
    if for_day:
        day = (
            c.today() + timedelta(days=1)
            if for_day.strip().lower() == "tomorrow"
            else parse_day(for_day, c.today())
        )
    if person:
        _confirm_people(ctx, [person], yes)
    s = service.plan_step(
        c, title, level=level, planned_for=day, person=person, create_missing=True
    )
    # Crisis help first: nothing printed after it can hide it.
    output.notices(service.step_notices(c, s))
    if as_json:
        output.emit_json(record_dict(c, "step", s, service.people_names(c)))
    else:
        output.styled("{planned} [dim]#{id}[/dim]", planned=msg.STEP_PLANNED, id=s.id)


@step_app.command("done")
def step_done(
    ctx: typer.Context,
    step_id: Annotated[
        int, typer.Argument(metavar="ID", help="The step's number (see `ebbtide step list`).")
    ],
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="How it went, if you like.")
    ] = None,
) -> None:
    """Mark a step as done."""
    from ebbtide import service

    c = service_context(ctx)
    s = service.step_done(c, step_id, note)
    output.notices(service.step_notices(c, s) if note else ())
    output.say(msg.STEP_DONE)


@step_app.command("skip")
def step_skip(
    ctx: typer.Context,
    step_id: Annotated[int, typer.Argument(metavar="ID", help="The step's number.")],
    note: Annotated[str | None, typer.Option("--note", "-n")] = None,
) -> None:
    """Let a step go for now."""
    from ebbtide import service

    c = service_context(ctx)
    s = service.step_skip(c, step_id, note)
    output.notices(service.step_notices(c, s) if note else ())
    output.say(msg.STEP_SKIPPED)


@step_app.command("list")
def step_list(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option("--status", help="planned, done or skipped.")
    ] = None,
    as_json: Json = False,
) -> None:
    """List your steps."""
    from rich.table import Table

    from ebbtide import service
    from ebbtide.domain.vocab import STEP_LADDER, STEP_STATUSES
    from ebbtide.service import record_dict

    c = service_context(ctx, create=False)
    rows = service.list_steps(c, status=status)
    names = service.people_names(c)
    if as_json:
        output.emit_json([record_dict(c, "step", s, names) for s in rows])
        return
    if not rows:
        output.say(msg.NO_STEPS)
        return
    table = Table(show_edge=False, header_style="bold")
    for col in ("#", "Step", "Rung", "For", "Status"):
        table.add_column(col)
    for s in rows:
        table.add_row(
            str(s.id),
            s.title,
            f"{s.level} · {STEP_LADDER.label(str(s.level)).lower()}",
            f"{s.planned_for:%d %b}" if s.planned_for else "",
            STEP_STATUSES.label(s.status),
        )
    output.console().print(table)
