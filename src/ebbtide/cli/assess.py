"""Questionnaires: `ebbtide assess CODE`, `ebbtide assess history [CODE]`, `ebbtide assess list`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

if TYPE_CHECKING:
    from ebbtide.service import Instrument


def _ask(ins: Instrument) -> list[int | None]:
    if not sys.stdin.isatty():
        raise typer.BadParameter(msg.ASSESS_NEED_ANSWERS, param_hint="--answers")
    output.styled("[bold]{t}[/bold]", t=ins.name)
    output.say(ins.preamble)
    choices = "/".join(str(v) for v in ins.values)
    answers: list[int | None] = []
    for n, item in enumerate(ins.items, 1):
        output.say(f"\n{n}. {item.text}")
        for o in ins.options:
            output.say(f"   {o.value} = {o.label}")
        while True:
            raw: str = typer.prompt(
                msg.ASSESS_PICK.format(choices=choices), default="-", show_default=False
            )
            if raw.strip() in ("-", ""):
                answers.append(None)
                break
            if raw.strip().lstrip("-").isdigit() and int(raw) in ins.values:
                answers.append(int(raw))
                break
    return answers


def _show(data: dict[str, Any]) -> None:
    output.say(msg.ASSESS_SAVED.format(name=data["name"]))
    if data["total"] is not None:
        lo, hi = data["range"]
        band = f" — {data['band']['label']}" if data["band"] else ""
        output.say(f"Total {data['total']} (range {lo}–{hi}){band}")
        for k, v in data["subscales"].items():
            output.say(f"  {k}: {v}")
    elif data["category"]:
        output.say(f"Answer: {data['category']}")
    else:
        output.say(msg.ASSESS_NO_TOTAL.format(note=data["note"]))
    if data["note"] and data["total"] is not None:
        output.say(data["note"])
    output.styled("[dim]{t}[/dim]", t=msg.ASSESS_ABOUT)


@app.command("assess")
def assess(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            help="A questionnaire (phq9, gad7, ucla3, lsns6, ons-lonely), or 'history' or 'list'."
        ),
    ],
    extra: Annotated[
        str | None, typer.Argument(help="With 'history': only this questionnaire.")
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers", "-a", help="Answers in order, comma-separated; empty or - skips one."
        ),
    ] = None,
    when: Annotated[str | None, typer.Option("--when", "-w", help="When you answered.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Take a validated questionnaire (`assess phq9`), or see past ones (`assess history phq9`)."""
    if code == "history":
        return _history(ctx, extra, as_json)
    if code == "list":
        return _list(as_json)
    if extra is not None:
        raise typer.BadParameter(msg.ASSESS_EXTRA)
    from ebbtide import service

    ins = service.get_instrument(code)
    chosen: str | list[int | None] = answers if answers is not None else _ask(ins)
    saved = service.take_assessment(service_context(ctx), ins.code, chosen, when=when)
    output.notices(saved.notices)
    data = saved.record.to_dict()
    output.emit_json(data) if as_json else _show(data)


def _history(ctx: typer.Context, code: str | None, as_json: bool) -> None:
    from rich.table import Table

    from ebbtide import service
    from ebbtide.domain.timekeeping import zone

    rows = service.assessment_history(service_context(ctx, create=False), code)
    if as_json:
        output.emit_json([a.to_dict() for a in rows])
        return
    if not rows:
        output.say(msg.ASSESS_HISTORY_EMPTY)
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for col in ("When", "Questionnaire", "Total", "Band / answer", "Trend", "#"):
        table.add_column(col)
    last: dict[str, int] = {}
    for a in rows:
        r = a.result
        prev = last.get(a.instrument.code)
        trend = (
            ""
            if prev is None or r.total is None
            else ("↑" if r.total > prev else "↓" if r.total < prev else "=")
        )
        if r.total is not None:
            last[a.instrument.code] = r.total
        table.add_row(
            a.at.astimezone(zone(a.tz)).strftime("%d %b %Y %H:%M"),
            a.instrument.short_name,
            "" if r.total is None else str(r.total),
            r.band.label if r.band else (r.category or ""),
            trend,
            str(a.id),
        )
    output.console().print(table)


def _list(as_json: bool) -> None:
    from ebbtide import service

    items = service.list_instruments()
    if as_json:
        output.emit_json(
            [
                {"code": i.code, "name": i.name, "items": len(i.items), "citation": i.citation}
                for i in items
            ]
        )
        return
    for i in items:
        output.styled(
            "[bold]{code}[/bold]  {rest}", code=i.code, rest=f"{i.name} ({len(i.items)} questions)"
        )
