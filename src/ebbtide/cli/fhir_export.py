"""`ebbtide export fhir`: questionnaires as a FHIR R4B Bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import service_context
from ebbtide.cli.export_group import export_app


@export_app.command("fhir")
def export_fhir(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--output", "-o", help="The bundle file to write.")],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only assessments from this day on (YYYY-MM-DD, yesterday, '30 days ago').",
        ),
    ] = None,
) -> None:
    """Write your questionnaires as a FHIR R4B Bundle (QuestionnaireResponse + Observation)."""
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import write_fhir_bundle

    c = service_context(ctx, create=False)
    day = parse_day(since, c.today()) if since else None
    count = write_fhir_bundle(c, out, since=day)
    output.say(msg.FHIR_WRITTEN.format(count=count, path=out))
