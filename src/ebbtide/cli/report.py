"""`ebbtide report`: a summary the person chooses to share with their therapist."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context


@app.command("report")
def report(
    ctx: typer.Context,
    out: Annotated[str, typer.Option("--output", "-o", help="The file to write.")],
    since_last_session: Annotated[
        bool,
        typer.Option("--since-last-session", help="Start on the last recorded session day."),
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD, '4 weeks ago').")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    include: Annotated[
        str | None,
        typer.Option(
            "--include",
            help="Sections, comma-separated: phases, states, solitude, relationships, "
            "boundaries, assessments, plans, reflections (default: all; 'none' for page one only).",
        ),
    ] = None,
    initials: Annotated[
        bool, typer.Option("--initials", help="Show people by their initials only.")
    ] = False,
    notes: Annotated[
        list[str] | None,
        typer.Option(
            "--note",
            help="Share one piece of free text, as KIND:ID (e.g. reflection:12). Repeatable.",
        ),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="html or pdf (default: from the file name).")
    ] = None,
) -> None:
    """Write a report you choose to share: page one summarises, then your chosen sections."""
    from ebbtide.domain.errors import ValidationError
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import (
        ReportOptions,
        atomic_write,
        build_report,
        parse_note,
        parse_sections,
    )

    kind = (fmt or ("pdf" if out.lower().endswith(".pdf") else "html")).lower()
    if kind not in ("html", "pdf"):
        raise ValidationError("format", "--format is html or pdf")
    c = service_context(ctx, create=False)
    options = ReportOptions(
        start=parse_day(start, c.today()) if start else None,
        end=parse_day(end, c.today()) if end else None,
        since_last_session=since_last_session,
        sections=parse_sections(include),
        initials=initials,
        notes=tuple(parse_note(n) for n in notes or ()),
        pdf=kind == "pdf",
    )
    doc = build_report(c, options)
    data = doc.pdf if kind == "pdf" and doc.pdf is not None else doc.html.encode("utf-8")
    path = atomic_write(out, data)
    pages = f"{doc.pages} pages" if doc.pages else "one HTML file"
    output.say(msg.REPORT_WRITTEN.format(path=path, pages=pages))
