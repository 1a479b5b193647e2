"""The insights command: phases, solitude quality, the relationship map, the next step."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import output
from ebbtide.cli.app import app, service_context


@app.command()
def insights(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Read the history up to this day (default today)."),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3660, help="How many days to look back.")
    ] = 365,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """What your history shows: drift phases, time alone, people, and one next step."""
    from ebbtide.cli.render import insights_dict, render_insights
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import insight_report

    c = service_context(ctx, create=False)
    report = insight_report(c, parse_day(as_of, c.today()) if as_of else None, days)
    if as_json:
        output.emit_json(insights_dict(report))
        return
    render_insights(report)
