"""Quick capture: checkin, contact, solitude, boundary, reflect."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context
from ebbtide.cli.complete import (
    complete_activities,
    complete_appetites,
    complete_body,
    complete_channels,
    complete_initiators,
    complete_people,
    complete_places,
    complete_responses,
    complete_states,
)

Json = Annotated[bool, typer.Option("--json", help="Print the stored record as JSON.")]
When = Annotated[
    str | None,
    typer.Option("--when", "-w", help='When it happened: "yesterday 9pm", "last friday 7pm".'),
]
Note = Annotated[str, typer.Option("--note", "-n", help="A private note.")]
Where = Annotated[
    str | None,
    typer.Option(
        "--where",
        help="home, work, outdoors, transit, someone-elses-place or online.",
        autocompletion=complete_places,
    ),
]
Scale = Annotated[int | None, typer.Option(min=1, max=5)]
BeforeOpt = Annotated[
    str | None,
    typer.Option("--before", help="Your state before.", autocompletion=complete_states),
]
AfterOpt = Annotated[
    str | None,
    typer.Option("--after", help="Your state after.", autocompletion=complete_states),
]


def _report(ctx: typer.Context, kind: str, saved: object, as_json: bool) -> None:
    from ebbtide import service
    from ebbtide.service import describe, record_dict

    # Crisis help is shown before anything else, so nothing that follows can hide it.
    output.notices(saved.notices)  # type: ignore[attr-defined]
    c = service_context(ctx)
    record = saved.record  # type: ignore[attr-defined]
    names = service.people_names(c)
    if as_json:
        output.emit_json(record_dict(c, kind, record, names))
    else:
        output.styled(
            "{saved}  [dim]#{id} · {what}[/dim]",
            saved=msg.SAVED[kind],
            id=record.id,
            what=describe(service.Entry(kind, record.at, record), names),
        )


def _ask_state() -> str:
    from ebbtide.domain.vocab import STATES

    if not sys.stdin.isatty():
        raise typer.BadParameter(msg.NEED_STATE, param_hint="STATE")
    output.say(msg.ASK_STATE)
    for i, t in enumerate(STATES, 1):
        output.styled("  {i}. {label} — [dim]{hint}[/dim]", i=i, label=t.label, hint=t.hint)
    choice: str = typer.prompt("Number or name", default="1")
    if choice.strip().isdigit() and 1 <= int(choice) <= len(STATES.terms):
        return STATES.terms[int(choice) - 1].code
    return choice


@app.command()
def checkin(
    ctx: typer.Context,
    state: Annotated[
        str | None,
        typer.Argument(
            help="connected, mobilized, shut-down or fawning (asked if left out).",
            autocompletion=complete_states,
        ),
    ] = None,
    intensity: Annotated[
        int | None, typer.Option("--intensity", "-i", min=1, max=5, help="How strong, 1-5.")
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            "-b",
            help="Body signals, comma-separated: tight-chest,shallow-breath.",
            autocompletion=complete_body,
        ),
    ] = None,
    appetite: Annotated[
        str | None,
        typer.Option(
            "--appetite",
            "-a",
            help="want-company, need-solitude or avoiding.",
            autocompletion=complete_appetites,
        ),
    ] = None,
    energy: Annotated[
        int | None, typer.Option("--energy", "-e", min=1, max=5, help="Energy, 1-5.")
    ] = None,
    note: Note = "",
    when: When = None,
    where: Where = None,
    as_json: Json = False,
) -> None:
    """Check in: how your nervous system is right now. `ebbtide checkin connected` is enough."""
    from ebbtide import service

    chosen = state if state is not None else _ask_state()
    saved = service.add_checkin(
        service_context(ctx),
        chosen,
        intensity=intensity,
        body=body,
        energy=energy,
        appetite=appetite,
        note=note,
        when=when,
        where=where,
    )
    _report(ctx, "checkin", saved, as_json)


def _confirm_people(ctx: typer.Context, names: list[str], yes: bool) -> None:
    from ebbtide import service

    unknown = service.unknown_people(service_context(ctx), names)
    if not unknown or yes:
        return
    from ebbtide.domain.errors import ValidationError

    listed = ", ".join(f"'{n}'" for n in unknown)
    verb, them = ("is", "them") if len(unknown) == 1 else ("are", "them")
    if not sys.stdin.isatty():
        raise ValidationError(
            "person", msg.NEW_PEOPLE_NEED_YES.format(names=listed, verb=verb, them=them)
        )
    if not typer.confirm(
        msg.CONFIRM_NEW_PEOPLE.format(names=listed, verb=verb, them=them), default=True
    ):
        output.say(msg.CANCELLED)
        raise typer.Exit(1)


@app.command()
def contact(
    ctx: typer.Context,
    people: Annotated[
        list[str],
        typer.Argument(
            help="Who: names or aliases ('a neighbour').", autocompletion=complete_people
        ),
    ],
    channel: Annotated[
        str,
        typer.Option(
            "--channel",
            "-c",
            help="in-person, call, video, text or social.",
            autocompletion=complete_channels,
        ),
    ] = "in-person",
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", min=0, max=1440, help="How long.")
    ] = None,
    initiated: Annotated[
        str | None,
        typer.Option(
            "--initiated",
            help="Who reached out: me, them or both.",
            autocompletion=complete_initiators,
        ),
    ] = None,
    safety: Annotated[
        int | None, typer.Option("--safety", "-s", min=1, max=5, help="How safe it felt, 1-5.")
    ] = None,
    reciprocity: Annotated[
        int | None, typer.Option("--reciprocity", "-r", min=1, max=5, help="How mutual, 1-5.")
    ] = None,
    authenticity: Annotated[
        int | None,
        typer.Option("--authenticity", min=1, max=5, help="How much you could be yourself, 1-5."),
    ] = None,
    before: BeforeOpt = None,
    after: AfterOpt = None,
    note: Note = "",
    when: When = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Add unknown people without asking.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Log a contact with one or more people and how it left you."""
    from ebbtide import service

    _confirm_people(ctx, people, yes)
    saved = service.add_contact(
        service_context(ctx),
        people,
        create_missing=True,
        channel=channel,
        minutes=minutes,
        initiated=initiated,
        safety=safety,
        reciprocity=reciprocity,
        authenticity=authenticity,
        before=before,
        after=after,
        note=note,
        when=when,
    )
    _report(ctx, "contact", saved, as_json)


@app.command()
def solitude(
    ctx: typer.Context,
    activity: Annotated[
        str,
        typer.Option(
            "--activity",
            "-a",
            help="rest, nature, meditation, creative, reading, scrolling…",
            autocompletion=complete_activities,
        ),
    ],
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", min=0, max=1440, help="How long.")
    ] = None,
    chosen: Annotated[
        bool, typer.Option("--chosen/--escape", help="Chosen rest, or a way to escape.")
    ] = True,
    before: BeforeOpt = None,
    after: AfterOpt = None,
    note: Note = "",
    when: When = None,
    where: Where = None,
    as_json: Json = False,
) -> None:
    """Log time alone: what it was, whether you chose it, and how it left you."""
    from ebbtide import service

    saved = service.add_solitude(
        service_context(ctx),
        activity,
        minutes=minutes,
        chosen=chosen,
        before=before,
        after=after,
        note=note,
        when=when,
        where=where,
    )
    _report(ctx, "solitude", saved, as_json)


@app.command()
def boundary(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(help="Who you set it with.", autocompletion=complete_people)
    ],
    asked: Annotated[str, typer.Option("--asked", help="What you asked for or the limit you set.")],
    received: Annotated[
        str,
        typer.Option(
            "--received",
            help="honoured, negotiated, dismissed, refused or punished.",
            autocompletion=complete_responses,
        ),
    ],
    after: AfterOpt = None,
    note: Note = "",
    when: When = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Add an unknown person without asking.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Log a boundary or need you expressed, and how it was received."""
    from ebbtide import service

    _confirm_people(ctx, [person], yes)
    saved = service.add_boundary(
        service_context(ctx),
        person,
        asked=asked,
        received=received,
        after=after,
        create_missing=True,
        note=note,
        when=when,
    )
    _report(ctx, "boundary", saved, as_json)


@app.command()
def reflect(
    ctx: typer.Context,
    answer: Annotated[
        str | None, typer.Option("--answer", help="Your answer (asked if left out).")
    ] = None,
    prompt: Annotated[
        str | None, typer.Option("--prompt", help="A prompt code; default: today's.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show a reflection prompt and save your answer."""
    from ebbtide import service
    from ebbtide.domain.prompts import PROMPTS, prompt_by_code, prompt_for_day

    c = service_context(ctx)
    p = prompt_for_day(c.today()) if prompt is None else prompt_by_code(prompt)
    if p is None:
        raise typer.BadParameter(
            f"unknown prompt '{prompt}'. Choose one of: {', '.join(x.code for x in PROMPTS)}",
            param_hint="--prompt",
        )
    if answer is None:
        if not sys.stdin.isatty():
            raise typer.BadParameter("give your answer with --answer when not at a terminal")
        output.styled("[bold]{t}[/bold]", t=p.text)
        answer = typer.prompt("Your answer", default="", show_default=False)
        if not answer.strip():
            output.say(msg.CANCELLED)
            return
    saved = service.add_reflection(c, p.text, answer)
    _report(ctx, "reflection", saved, as_json)
