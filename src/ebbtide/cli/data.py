"""`ebbtide export json|csv` and `ebbtide import`: your data in and out as files."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context
from ebbtide.cli.export_group import export_app

if TYPE_CHECKING:
    from collections.abc import Iterator
    from contextlib import AbstractContextManager

    from ebbtide.service import Progress

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of sentences.")]
_LABELS = {
    "checkins": "check-ins",
    "solitude": "times alone",
    "routine_done": "routine completions",
    "assessments": "questionnaires",
    "safety_plan": "safety plan",
}


def summarize(counts: dict[str, int]) -> str:
    """'3 check-ins, 1 contacts' style summary of counts by kind."""
    parts = [f"{n} {_LABELS.get(k, k.replace('_', ' '))}" for k, n in counts.items() if n]
    return ", ".join(parts) or msg.EXPORT_EMPTY


@export_app.command("json")
def export_json(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    as_json: Json = False,
) -> None:
    """Everything, in ebbtide's documented JSON format (import it again with `ebbtide import`)."""
    from ebbtide.service import export_json as run_export

    counts = run_export(service_context(ctx, create=False), out)
    if as_json:
        output.emit_json({"file": str(out), "counts": counts})
        return
    output.say(msg.EXPORTED_JSON.format(summary=summarize(counts), path=out))


@export_app.command("csv")
def export_csv(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")],
    as_json: Json = False,
) -> None:
    """One CSV file per kind of record, for spreadsheets."""
    from ebbtide.service import export_csv as run_export

    files = run_export(service_context(ctx, create=False), out)
    if as_json:
        output.emit_json({"folder": str(out), "files": [f.name for f in files]})
        return
    output.say(msg.EXPORTED_CSV.format(n=len(files), path=out))


def _progress_bar(enabled: bool) -> AbstractContextManager[Progress | None]:
    from contextlib import contextmanager

    @contextmanager
    def bar() -> Iterator[Progress | None]:
        if not enabled:
            yield None
            return
        from rich.progress import Progress as RichProgress

        with RichProgress(console=output.err_console(), transient=True) as p:
            task = p.add_task("Importing", total=None)
            yield lambda done, total: p.update(task, completed=done, total=total)

    return bar()


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="The file: .json, Daylio .csv, .vcf or .ics")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="ebbtide, daylio, vcard or ics (default: from the file name)."
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Your own Daylio mapping file (TOML).")
    ] = None,
    mapping_template: Annotated[
        bool, typer.Option("--mapping-template", help="Print the default Daylio mapping and stop.")
    ] = False,
    calendar_contacts: Annotated[
        bool,
        typer.Option(
            "--calendar-contacts",
            help="Turn past calendar events with other attendees into contacts.",
        ),
    ] = False,
    me: Annotated[
        list[str] | None, typer.Option("--me", help="Your e-mail in calendars (repeatable).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; save nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask first about a very large calendar.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Bring in an ebbtide export, a Daylio CSV, contacts (.vcf) or a calendar (.ics).

    Everything is imported in one go or not at all; anything already here is skipped,
    so importing the same file twice adds nothing the second time.
    """
    from ebbtide.service import ImportOptions, import_file

    if mapping_template:
        from ebbtide.service import daylio_template as template

        output.console().file.write(template())
        return
    if file is None:
        raise typer.BadParameter(msg.IMPORT_NEEDS_FILE)
    from ebbtide.service import NeedsConfirmation

    options = ImportOptions(fmt, mapping, calendar_contacts, tuple(me or ()), confirmed=yes)
    c = service_context(ctx)
    show_bar = not as_json and output.err_console().is_terminal
    try:
        with _progress_bar(show_bar) as progress:
            result = import_file(c, file, options, dry_run=dry_run, progress=progress)
    except NeedsConfirmation as big:
        import sys

        if not sys.stdin.isatty() or not typer.confirm(
            msg.CONFIRM_BIG_CALENDAR.format(n=big.count)
        ):
            raise
        options = dataclasses.replace(options, confirmed=True)
        with _progress_bar(show_bar) as progress:
            result = import_file(c, file, options, dry_run=dry_run, progress=progress)
    if result.crisis_notes:
        n = result.crisis_notes
        output.notices((msg.IMPORT_CRISIS.format(n=n, notes="note" if n == 1 else "notes"),))
    if as_json:
        output.emit_json(
            {
                "added": result.added,
                "skipped": result.skipped,
                "dry_run": dry_run,
                "crisis_notes": result.crisis_notes,
            }
        )
        return
    summary = summarize(result.added)
    if dry_run:
        output.say(
            msg.WOULD_IMPORT.format(summary=summary) if result.total else msg.WOULD_IMPORT_NOTHING
        )
    else:
        output.say(msg.IMPORTED.format(summary=summary) if result.total else msg.IMPORT_NOTHING)
    if result.skipped and result.total:
        output.say(msg.IMPORT_SKIPPED.format(n=result.skipped))
