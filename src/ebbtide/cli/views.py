"""Looking back: today, week, log, people, and editing or deleting entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context
from ebbtide.cli.complete import complete_kinds, complete_people

if TYPE_CHECKING:
    from ebbtide.service import Context, Entry

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _entries_table(
    c: Context, entries: list[Entry], names: dict[int, str], title: str | None = None
) -> None:
    from rich.table import Table

    from ebbtide.domain.timekeeping import zone
    from ebbtide.domain.vocab import RECORD_KINDS
    from ebbtide.service import describe, routine_names

    routines = routine_names(c)
    table = Table(title=title, show_edge=False, header_style="bold", pad_edge=False)
    for col in ("When", "What", "", "#"):
        table.add_column(col, no_wrap=col != "")
    for e in entries:
        local = e.at.astimezone(zone(getattr(e.record, "tz", c.tz)))
        table.add_row(
            local.strftime("%a %d %b %H:%M"),
            RECORD_KINDS.label(e.kind),
            describe(e, names, routines),
            str(e.record.id),
        )
    output.console().print(table)


@app.command()
def today(ctx: typer.Context, as_json: Json = False) -> None:
    """What you logged today (the day starts at 04:00)."""
    from ebbtide import service
    from ebbtide.service import entry_dict

    c = service_context(ctx, create=False)
    t = service.today(c)
    names = service.people_names(c)
    if as_json:
        output.emit_json(
            {"day": t.day.isoformat(), "entries": [entry_dict(c, e, names) for e in t.entries]}
        )
        return
    output.styled("[bold]Today, {day}[/bold]", day=f"{t.day:%A %d %B}")
    if not t.entries:
        output.say(msg.NO_ENTRIES_TODAY)
        return
    _entries_table(c, t.entries, names)


@app.command()
def week(
    ctx: typer.Context,
    day: Annotated[
        str | None, typer.Option("--day", help="Any day in the week to show (default today).")
    ] = None,
    as_json: Json = False,
) -> None:
    """The week at a glance: states, contacts, solitude, steps."""
    from ebbtide import service
    from ebbtide.cli.render import insights_dict, render_week, render_week_insights, week_dict
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import insight_report

    c = service_context(ctx, create=False)
    w = service.week(c, parse_day(day, c.today()) if day else None)
    report = insight_report(c, min(w.end, c.today()), days=7)
    if as_json:
        output.emit_json(week_dict(c, w) | {"insights": insights_dict(report)})
        return
    render_week(c, w)
    render_week_insights(report)


@app.command("log")
def log_(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="First day: YYYY-MM-DD, yesterday, '7 days ago'.")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day (inclusive).")] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            "-p",
            help="Only records naming this person.",
            autocompletion=complete_people,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", "-k", help="Only these kinds (repeatable).", autocompletion=complete_kinds
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Text to look for in notes and names.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-l", min=1, help="At most this many.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Everything you logged, newest first, filtered as you like."""
    from ebbtide import service
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import entry_dict

    c = service_context(ctx, create=False)
    t = c.today()
    entries = service.log(
        c,
        since=parse_day(since, t) if since else None,
        until=parse_day(until, t) if until else None,
        person=person,
        kinds=kind,
        search=search,
        limit=limit,
    )
    names = service.people_names(c)
    if as_json:
        output.emit_json([entry_dict(c, e, names) for e in entries])
    elif not entries:
        output.say(msg.NO_ENTRIES)
    else:
        _entries_table(c, entries, names)


people_app = typer.Typer(
    help="The people in your life: list, add, rename, merge.", no_args_is_help=False
)
app.add_typer(people_app, name="people")


@people_app.callback(invoke_without_command=True)
def people(ctx: typer.Context, as_json: Json = False) -> None:
    """List your people with how often you were in touch."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from ebbtide import service
    from ebbtide.domain.vocab import RELATIONS
    from ebbtide.service import person_dict

    c = service_context(ctx, create=False)
    rows = service.list_people(c)
    if as_json:
        output.emit_json(
            [
                person_dict(s.person)
                | {
                    "contacts": s.contacts,
                    "last_contact": s.last_contact.isoformat() if s.last_contact else None,
                }
                for s in rows
            ]
        )
        return
    if not rows:
        output.say(msg.NO_PEOPLE)
        return
    table = Table(show_edge=False, header_style="bold")
    for col in ("#", "Name", "Relation", "Contacts", "Last contact"):
        table.add_column(col)
    for s in rows:
        p = s.person
        table.add_row(
            str(p.id),
            p.name,
            RELATIONS.label(p.relation) if p.relation else "",
            str(s.contacts),
            f"{c.day_of(s.last_contact):%d %b %Y}" if s.last_contact else "",
        )
    output.console().print(table)


@people_app.command("add")
def people_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name or alias.")],
    relation: Annotated[
        str | None,
        typer.Option("--relation", help="friend, family, partner, colleague, neighbour…"),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="A private note.")] = "",
    as_json: Json = False,
) -> None:
    """Add someone to your people."""
    from ebbtide import service
    from ebbtide.service import person_dict

    p = service.add_person(service_context(ctx), name, relation, note)
    if as_json:
        output.emit_json(person_dict(p))
    else:
        output.styled("Added {name}. [dim]#{id}[/dim]", name=p.name, id=p.id)


@people_app.command("rename")
def people_rename(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(help="Current name or #id.", autocompletion=complete_people)
    ],
    new_name: Annotated[str, typer.Argument(help="The new name.")],
) -> None:
    """Rename someone; everything logged with them follows."""
    from ebbtide import service

    p = service.edit_person(service_context(ctx), person, name=new_name)
    output.say(f"Renamed to {p.name}.")


@people_app.command("merge")
def people_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The entry to keep.", autocompletion=complete_people)],
    other: Annotated[
        str,
        typer.Argument(help="The duplicate entry to fold into it.", autocompletion=complete_people),
    ],
) -> None:
    """Merge two entries for the same person."""
    from ebbtide import service

    p = service.merge_people(service_context(ctx), keep, other)
    output.say(f"Merged into {p.name}.")


def _parse_sets(pairs: list[str]) -> dict[str, Any]:
    """FIELD=VALUE pairs, each value read by its field's type in the record specs."""
    from ebbtide.domain import spec

    fields = [f for k in spec.RECORDS.values() for f in k.fields]
    whole = {f.key for f in fields if f.type in ("scale", "minutes")}
    flags = {f.key for f in fields if f.type == "flag"}
    lists = {f.key for f in fields if f.type == "people"}
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(msg.BAD_SET, param_hint="--set")
        k = key.strip().replace("-", "_")
        v: Any = value
        if k in whole:
            if not (value.strip().isascii() and value.strip().isdigit()):
                raise typer.BadParameter(f"{k} must be a whole number", param_hint="--set")
            v = int(value)
        elif k in flags:
            v = value.strip().lower() in ("1", "true", "yes", "chosen")
        elif k in lists:
            v = [x.strip() for x in value.split(",") if x.strip()]
        out[k] = v
    return out


@app.command()
def edit(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help="checkin, contact, solitude, boundary, routine, step, reflection.",
            autocompletion=complete_kinds,
        ),
    ],
    record_id: Annotated[
        int, typer.Argument(metavar="ID", help="The record's number (see `ebbtide log`).")
    ],
    sets: Annotated[
        list[str], typer.Option("--set", help="FIELD=VALUE, repeatable: --set state=connected.")
    ],
    as_json: Json = False,
) -> None:
    """Change a logged record."""
    from ebbtide import service
    from ebbtide.service import entry_dict

    c = service_context(ctx)
    e = service.edit_entry(c, kind, record_id, _parse_sets(sets))
    output.notices(e.notices)
    if as_json:
        output.emit_json(entry_dict(c, e, service.people_names(c)))
    else:
        output.say(msg.EDITED.format(kind=e.kind, id=record_id))


@app.command()
def delete(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="The record's kind.", autocompletion=complete_kinds)],
    record_id: Annotated[int, typer.Argument(metavar="ID", help="The record's number.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete a logged record."""
    import sys

    from ebbtide import service
    from ebbtide.service import describe

    c = service_context(ctx)
    e = service.get_entry(c, kind, record_id)
    if not yes:
        if not sys.stdin.isatty():
            raise typer.BadParameter("add --yes to delete without a prompt")
        if not typer.confirm(
            f"Delete {e.kind} #{record_id}: {describe(e, service.people_names(c))}?"
        ):
            output.say(msg.CANCELLED)
            raise typer.Exit(1)
    service.delete_entry(c, e.kind, record_id)
    output.say(msg.DELETED.format(kind=e.kind, id=record_id))
