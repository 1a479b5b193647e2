"""`ebbtide demo`: fill an empty history with a realistic, deterministic demo."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import Options, app


@app.command()
def demo(
    ctx: typer.Context,
    people: Annotated[
        int,
        typer.Option("--people", min=1, max=100_000, help="How many simulated people (subjects)."),
    ] = 1,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3650, help="Days of history for each.")
    ] = 365,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same history.")] = 7,
    if_empty: Annotated[
        bool,
        typer.Option("--if-empty", help="Do nothing (and succeed) if there are records already."),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was added, with its ground truth.")
    ] = False,
) -> None:
    """Add a demo history: a year with a retreat, a drift, a hard relationship and a recovery.

    With --people 1 (the default) it fills your current subject if it is empty. With more,
    it adds subjects demo-1 … demo-N, the mix of histories a study might see.
    """
    from ebbtide.service import seed_demo

    opts: Options = ctx.find_root().obj
    if as_json or people == 1:
        results = seed_demo(
            opts.db,
            subject=opts.subject,
            tz=opts.tz,
            people=people,
            days=days,
            seed=seed,
            if_empty=if_empty,
        )
    else:
        from rich.progress import Progress

        with Progress(console=output.err_console(), transient=True) as bar:
            task = bar.add_task("Simulating histories", total=people)
            results = seed_demo(
                opts.db,
                subject=opts.subject,
                tz=opts.tz,
                people=people,
                days=days,
                seed=seed,
                if_empty=if_empty,
                progress=lambda done, _n: bar.update(task, completed=done),
            )
    if as_json:
        output.emit_json([r.as_dict() for r in results])
        return
    if not results:
        output.say("There are records already; nothing added.")
    for r in results[:10]:
        output.say(msg.DEMO_SEEDED.format(records=r.records, days=days, subject=r.subject))
    if len(results) > 10:
        output.say(f"… and {len(results) - 10} more subjects.")
