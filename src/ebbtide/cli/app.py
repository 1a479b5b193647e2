"""The Typer application, its global options, and the context commands share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import typer

from ebbtide.cli.export_group import export_app

if TYPE_CHECKING:
    from ebbtide.service.context import Context

app = typer.Typer(
    name="ebbtide",
    help="ebbtide — a private companion for telling restorative solitude from drifting "
    "isolation. Everything stays on this machine. Not a medical device or a crisis service.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")


@dataclass
class Options:
    """Global options, and the service context opened on first use."""

    db: str | None = None
    subject: str | None = None
    tz: str | None = None
    _ctx: Context | None = field(default=None, repr=False)

    def context(self, *, create: bool = True) -> Context:
        """Open the store (once per command) for the chosen subject."""
        if self._ctx is None:
            from ebbtide.service.context import open_context
            from ebbtide.store.engine import PassphraseNeeded

            try:
                self._ctx = open_context(self.db, subject=self.subject, tz=self.tz, create=create)
            except PassphraseNeeded:
                from ebbtide.cli.secrets import ask_passphrase
                from ebbtide.service.secrets import db_file

                answer = ask_passphrase(db_file(self.db))
                if answer is None:
                    raise
                self._ctx = open_context(
                    self.db, subject=self.subject, tz=self.tz, create=create, passphrase=answer
                )
        return self._ctx

    def close(self) -> None:
        """Release the store."""
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="EBBTIDE_DB",
            help="Database file path or URL (sqlite:///…, postgresql+psycopg://…). "
            "Default: ebbtide.db in your user data folder.",
            show_envvar=True,
        ),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject",
            envvar="EBBTIDE_SUBJECT",
            help="Whose history to use when a database holds several (default: me).",
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", envvar="EBBTIDE_TZ", help="IANA time zone to record in."),
    ] = None,
) -> None:
    """ebbtide: check in, log contacts and solitude, and see your patterns gently."""
    opts = Options(db=db, subject=subject, tz=tz)
    ctx.obj = opts
    ctx.call_on_close(opts.close)


def service_context(ctx: typer.Context, *, create: bool = True) -> Context:
    """The service context for a command."""
    opts: Options = ctx.find_root().obj
    return opts.context(create=create)


def register() -> typer.Typer:
    """Import every command module so its commands attach to ``app``."""
    from ebbtide.cli import (  # noqa: F401
        assess,
        calendar,
        capture,
        data,
        demo,
        fhir_export,
        insights,
        passive,
        plans,
        protect,
        report,
        safety_plan,
        sessions,
        views,
        web,
    )

    return app
