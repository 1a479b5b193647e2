"""`ebbtide safety-plan`: show, edit and clear the personal safety plan; set the region."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

safety_app = typer.Typer(
    help="Your own safety plan, shown first whenever help is shown. " + msg.NOT_MEDICAL,
    invoke_without_command=True,
)
app.add_typer(safety_app, name="safety-plan")

Entries = Annotated[list[str] | None, typer.Option(help="An entry (repeat for more).")]


def _plan_dict(ctx: typer.Context) -> dict[str, Any]:
    from ebbtide import service
    from ebbtide.service import SAFETY_PLAN_SECTIONS as SECTIONS

    c = service_context(ctx)
    view = service.get_safety_plan(c)
    return {
        "sections": [
            {"key": k, "title": t, "entries": list(getattr(view.plan, k))} for k, t in SECTIONS
        ],
        "updated_at": view.updated_at.isoformat() if view.updated_at else None,
        "region": service.get_region(c),
        "crisis_lines": [{"name": x.name, "how": x.how} for x in service.crisis_lines(c)],
    }


def _print_plan(data: dict[str, Any]) -> None:
    if not any(s["entries"] for s in data["sections"]):
        output.say(msg.PLAN_EMPTY)
    for s in data["sections"]:
        if s["entries"]:
            output.styled("[bold]{t}[/bold]", t=s["title"])
            for e in s["entries"]:
                output.say(f"  • {e}")
    output.say("")
    output.styled("[bold]Crisis lines[/bold]")
    for line in data["crisis_lines"]:
        output.say(f"  {line['name']}: {line['how']}")
    from ebbtide.service import CRISIS_DIRECTORY as DIRECTORY

    output.say(DIRECTORY)
    output.styled("[dim]{t}[/dim]", t=msg.NOT_MEDICAL)


@safety_app.callback()
def safety_plan(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Your safety plan and crisis lines. ebbtide is not a medical device or a crisis service."""
    if ctx.invoked_subcommand is None:
        data = _plan_dict(ctx)
        output.emit_json(data) if as_json else _print_plan(data)


@safety_app.command("show")
def show(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show your safety plan and the crisis lines for your region."""
    data = _plan_dict(ctx)
    output.emit_json(data) if as_json else _print_plan(data)


@safety_app.command("edit")
def edit(
    ctx: typer.Context,
    warning_sign: Entries = None,
    coping: Entries = None,
    social: Entries = None,
    helper: Entries = None,
    professional: Entries = None,
    safer: Entries = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Write or change your plan: with options per section, or step by step when none are given."""
    from ebbtide import service
    from ebbtide.service import SAFETY_PLAN_SECTIONS as SECTIONS

    c = service_context(ctx)
    given = {
        "warning_signs": warning_sign,
        "coping": coping,
        "social": social,
        "helpers": helper,
        "professionals": professional,
        "safer": safer,
    }
    if all(v is None for v in given.values()):
        if not sys.stdin.isatty():
            raise typer.BadParameter("give sections as options, e.g. --coping 'a walk'")
        current = service.get_safety_plan(c).plan
        output.say(msg.PLAN_EDIT_INTRO)
        for key, title in SECTIONS:
            now = "; ".join(getattr(current, key))
            raw: str = typer.prompt(title, default=now, show_default=bool(now))
            given[key] = [p.strip() for p in raw.split(";") if p.strip()]
    service.update_safety_plan(c, **given)
    output.emit_json(_plan_dict(ctx)) if as_json else output.say(msg.PLAN_SAVED)


@safety_app.command("clear")
def clear(ctx: typer.Context, yes: Annotated[bool, typer.Option("--yes", "-y")] = False) -> None:
    """Remove your safety plan."""
    from ebbtide import service

    if not yes and not typer.confirm("Remove your safety plan?", default=False):
        output.say(msg.CANCELLED)
        raise typer.Exit(1)
    service.clear_safety_plan(service_context(ctx))
    output.say(msg.PLAN_CLEARED)


@safety_app.command("region")
def region(
    ctx: typer.Context,
    code: Annotated[
        str | None, typer.Argument(help="Two-letter country code: US, CA, GB (or UK), IE, AU…")
    ] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Show every known line again.")] = False,
) -> None:
    """Show or set the region whose crisis lines are shown (stored in your settings)."""
    from ebbtide import service

    c = service_context(ctx)
    if unset:
        service.set_region(c, None)
        output.say(msg.REGION_CLEARED)
    elif code is None:
        output.say(msg.REGION_SHOW.format(region=service.get_region(c) or msg.REGION_UNSET))
    else:
        output.say(msg.REGION_SET.format(region=service.set_region(c, code)))
