"""`ebbtide passive …`: phone signals (calls, texts, GPS) from Beiwe or a plain CSV."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import app, service_context

if TYPE_CHECKING:
    from ebbtide.service import ImportSummary, Progress

passive_app = typer.Typer(
    help="Phone signals (calls, texts, GPS) from Beiwe or a CSV, summarised as Forest does.",
    no_args_is_help=True,
)
import_app = typer.Typer(help="Bring in passive phone data.", no_args_is_help=True)
passive_app.add_typer(import_app, name="import")
app.add_typer(passive_app, name="passive")

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of sentences.")]
Strict = Annotated[bool, typer.Option("--strict", help="Import nothing if any row is malformed.")]


@contextmanager
def _bar(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress as RichProgress

    with RichProgress(console=output.err_console(), transient=True) as p:
        task = p.add_task("Reading files", total=None)
        yield lambda done, total: p.update(task, completed=done, total=total)


def _report(summary: ImportSummary, as_json: bool) -> None:
    if as_json:
        output.emit_json(summary.as_json())
        return
    people = ", ".join(p.subject for p in summary.participants) or "nobody"
    rows = sum(p.rows for p in summary.participants)
    added = sum(p.added for p in summary.participants)
    output.say(
        msg.PASSIVE_IMPORTED.format(people=people, rows=f"{rows:,}", added=f"{added:,}"),
    )
    if summary.skipped:
        output.say(msg.PASSIVE_SKIPPED.format(n=summary.skipped, where=summary.problems[0]))
    if summary.purged_gps:
        from ebbtide.service import DEFAULT_GPS_DAYS

        days = summary.retention_days if summary.retention_days is not None else DEFAULT_GPS_DAYS
        output.say(msg.PASSIVE_PURGED.format(days=days, n=f"{summary.purged_gps:,}"))


@import_app.command("beiwe")
def import_beiwe(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A Beiwe study folder (or one participant's).")],
    tz: Annotated[
        str | None, typer.Option("--tz", help="IANA zone the participants live in.")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="FOLDER is one participant: import as CODE.")
    ] = None,
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """A Beiwe study folder: one subject per participant folder (calls, texts, gps)."""
    from ebbtide.service import import_beiwe as run

    c = service_context(ctx)
    with _bar(not as_json and output.err_console().is_terminal) as progress:
        summary = run(c, folder, tz=tz, subject=subject, strict=strict, progress=progress)
    _report(summary, as_json)


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV with stream, timestamp and Beiwe's fields.")],
    strict: Strict = False,
    as_json: Json = False,
) -> None:
    """A plain CSV of calls, texts and GPS fixes from another app (docs/passive.md)."""
    from ebbtide.service import import_csv as run

    _report(run(service_context(ctx), file, strict=strict), as_json)


@passive_app.command("features")
def features(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--output", help="The folder to write into.")],
    frequency: Annotated[str, typer.Option("--frequency", help="daily or hourly.")] = "daily",
    tz: Annotated[str | None, typer.Option("--tz", help="IANA zone for days and hours.")] = None,
    forest_compat: Annotated[
        bool, typer.Option("--forest-compat", help="Forest 1.0's numbers, quirks included.")
    ] = False,
    as_json: Json = False,
) -> None:
    """One <participant>.csv per subject with Forest's columns (and gps/<participant>.csv)."""
    from ebbtide.service import write_features

    if frequency not in ("daily", "hourly"):
        raise typer.BadParameter("--frequency is daily or hourly")
    freq: str = frequency
    result = write_features(
        service_context(ctx, create=False),
        out,
        freq,  # type: ignore[arg-type]
        tz=tz,
        forest_compat=forest_compat,
    )
    if as_json:
        output.emit_json(
            {
                "files": [str(p) for p in result.files],
                "not_written": [{"subject": s, "reason": r} for s, r in result.not_written],
            }
        )
        return
    output.say(msg.PASSIVE_FEATURES.format(n=len(result.files), path=out))
    for who, why in result.not_written:
        output.say(msg.PASSIVE_NOT_WRITTEN.format(who=who, why=why))


@passive_app.command("places")
def places(
    ctx: typer.Context,
    home: Annotated[
        int | None, typer.Option("--home", help="Confirm place N as your home.")
    ] = None,
    show_coordinates: Annotated[
        bool, typer.Option("--show-coordinates", help="Show latitude and longitude too.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Your significant places (more than 15 minutes in all), with the one that is home."""
    from ebbtide.service import confirm_home, list_places

    c = service_context(ctx, create=False)
    if home is not None:
        confirm_home(c, home)
        if not as_json:
            output.say(msg.PASSIVE_HOME_SET.format(n=home))
    found = list_places(c)
    if as_json:
        keys = ("number", "hours", "visits", "night_hours", "is_home", "confirmed")
        rows = [
            {k: getattr(p, k) for k in keys}
            | ({"lat": p.lat, "lon": p.lon} if show_coordinates else {})
            for p in found
        ]
        output.emit_json({"places": rows})
        return
    if not found:
        output.say(msg.PASSIVE_NO_PLACES)
        return
    from rich.table import Table

    t = Table(box=None)
    for col in (
        "#",
        "time there",
        "visits",
        "at night",
        "home",
        *(("where",) if show_coordinates else ()),
    ):
        t.add_column(col)
    for p in found:
        home_cell = "home (confirmed)" if p.confirmed else ("home?" if p.is_home else "")
        where = (f"{p.lat:.5f}, {p.lon:.5f}",) if show_coordinates else ()
        t.add_row(
            str(p.number),
            f"{p.hours:.1f} h",
            str(p.visits),
            f"{p.night_hours:.1f} h",
            home_cell,
            *where,
        )
    output.console().print(t)
    if not show_coordinates:
        output.say(msg.PASSIVE_PLACES_NOTE)


@passive_app.command("purge-raw")
def purge_raw(
    ctx: typer.Context,
    older_than: Annotated[int, typer.Option("--older-than", help="Keep raw GPS for DAYS days.")],
    as_json: Json = False,
) -> None:
    """Remove raw GPS fixes older than DAYS days (day summaries stay); remember the choice."""
    from ebbtide.service import purge_raw as run

    n = run(service_context(ctx, create=False), older_than)
    if as_json:
        output.emit_json({"removed": n, "older_than_days": older_than})
        return
    output.say(msg.PASSIVE_PURGE_DONE.format(n=f"{n:,}", days=older_than))


def _short(number: str) -> str:
    return number if len(number) <= 12 else number[:12] + "…"


@passive_app.command("contacts")
def contacts(ctx: typer.Context, as_json: Json = False) -> None:
    """The hashed numbers in your call and text logs, with counts and who they are."""
    from ebbtide.service import list_contacts

    found = list_contacts(service_context(ctx, create=False))
    if as_json:
        output.emit_json(
            {
                "contacts": [
                    {
                        "number": c.number,
                        "calls_in": c.calls_in,
                        "calls_out": c.calls_out,
                        "texts_sent": c.texts_sent,
                        "texts_received": c.texts_received,
                        "last_day": c.last_day.isoformat() if c.last_day else None,
                        "person": c.person,
                    }
                    for c in found
                ]
            }
        )
        return
    if not found:
        output.say(msg.PASSIVE_NO_CONTACTS)
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None)
    for col in ("hashed number", "calls in/out", "texts sent/received", "last", "who"):
        t.add_column(col)
    for c in found:
        t.add_row(
            Text(_short(c.number)),
            f"{c.calls_in}/{c.calls_out}",
            f"{c.texts_sent}/{c.texts_received}",
            c.last_day.isoformat() if c.last_day else "",
            Text(c.person or ""),
        )
    output.console().print(t)
    output.say(msg.PASSIVE_CONTACTS_NOTE)


@passive_app.command("link")
def link(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="A hashed number, or its first characters.")],
    person: Annotated[str, typer.Argument(help="One of your people (name or id).")],
    as_json: Json = False,
) -> None:
    """Say which of your people a hashed number is ("texts to Sam")."""
    from ebbtide.service import link_contact

    c = link_contact(service_context(ctx, create=False), number, person)
    if as_json:
        output.emit_json({"number": c.number, "person": c.person})
        return
    output.say(msg.PASSIVE_LINKED.format(number=_short(c.number), person=c.person))


@passive_app.command("unlink")
def unlink(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="A linked hashed number, or its first characters.")],
    as_json: Json = False,
) -> None:
    """Forget which person a hashed number is (it stays hashed, as it always was)."""
    from ebbtide.service import unlink_contact

    full = unlink_contact(service_context(ctx, create=False), number)
    if as_json:
        output.emit_json({"number": full, "person": None})
        return
    output.say(msg.PASSIVE_UNLINKED.format(number=_short(full)))
