"""`ebbtide away …`: days away or on holiday, which the insights do not read as a drift."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

if TYPE_CHECKING:
    from ebbtide.domain.away import AwayPeriod

Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]

away_app = typer.Typer(
    help="Away or on holiday: days the insights read as 'not enough to say'.",
    no_args_is_help=True,
)
app.add_typer(away_app, name="away")


def _period_dict(number: int, p: AwayPeriod) -> dict[str, object]:
    return {
        "number": number,
        "from": p.first.isoformat(),
        "to": p.last.isoformat(),
        "days": p.days,
        "note": p.note,
    }


@away_app.command("add")
def away_add(
    ctx: typer.Context,
    first: Annotated[
        str, typer.Option("--from", help="First day away: YYYY-MM-DD, today, 'last friday'.")
    ],
    last: Annotated[str, typer.Option("--to", help="Last day away (included).")],
    note: Annotated[str, typer.Option("--note", "-n", help="A private note.")] = "",
    as_json: Json = False,
) -> None:
    """Mark days as away or on holiday."""
    from ebbtide.domain.timekeeping import parse_day
    from ebbtide.service import add_away, list_away

    c = service_context(ctx)
    today = c.today()
    p = add_away(c, parse_day(first, today), parse_day(last, today), note)
    if as_json:
        output.emit_json(_period_dict(list_away(c).index(p) + 1, p))
        return
    days = f"{p.days} day{'s' if p.days != 1 else ''}"
    output.say(msg.AWAY_ADDED.format(first=p.first, last=p.last, days=days))


@away_app.command("list")
def away_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List the away periods, oldest first."""
    from ebbtide.service import list_away

    rows = list_away(service_context(ctx, create=False))
    if as_json:
        output.emit_json([_period_dict(i, p) for i, p in enumerate(rows, 1)])
        return
    if not rows:
        output.say(msg.NO_AWAY)
        return
    for i, p in enumerate(rows, 1):
        output.styled(
            "[dim]{n}[/dim]  {rest}",
            n=i,
            rest=f"{p.first:%a %d %b %Y} – {p.last:%a %d %b %Y}  {p.note}".rstrip(),
        )


@away_app.command("remove")
def away_remove(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The period's number in `away list`.")],
    as_json: Json = False,
) -> None:
    """Remove one away period."""
    from ebbtide.service import remove_away

    p = remove_away(service_context(ctx, create=False), number)
    if as_json:
        output.emit_json(_period_dict(number, p))
        return
    output.say(msg.AWAY_REMOVED.format(first=p.first, last=p.last))
