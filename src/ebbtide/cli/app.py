"""The Typer application, its global options, and the context commands share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import typer

from ebbtide.cli.export_group import export_app
from ebbtide.cli.server import server_app

if TYPE_CHECKING:
    from ebbtide.service import Context

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
app.add_typer(server_app, name="server")


@dataclass
class Options:
    """Global options, and the service context opened on first use."""

    db: str | None = None
    subject: str | None = None
    tz: str | None = None
    create: bool = False
    _ctx: Context | None = field(default=None, repr=False)
    _writes: int = field(default=0, repr=False)
    _setup_writes: int = field(default=0, repr=False)

    def saved(self) -> bool:
        """True once this command has committed something the person asked for."""
        live = self._ctx.store.writes - self._setup_writes if self._ctx is not None else 0
        return self._writes + live > 0

    def context(self, *, create: bool = True) -> Context:
        """Open the store (once per command) for the chosen subject."""
        if self._ctx is None:
            from ebbtide.service import PassphraseNeeded, UnknownSubject

            passphrase: str | None = None
            try:
                self._ctx = self._open(create, passphrase)
            except PassphraseNeeded:
                from ebbtide.cli.secrets import ask_passphrase
                from ebbtide.service import db_file

                passphrase = ask_passphrase(db_file(self.db))
                if passphrase is None:
                    raise
                self._ctx = self._open(create, passphrase)
            except UnknownSubject as exc:
                if not _confirm_new_history(exc.code):
                    raise
                self.create = True
                self._ctx = self._open(create, passphrase)
            # Opening may commit setup (a new history): that alone is not "saved".
            self._setup_writes = self._ctx.store.writes
        return self._ctx

    def _open(self, create: bool, passphrase: str | None) -> Context:
        from ebbtide.service import open_context

        return open_context(
            self.db,
            subject=self.subject,
            tz=self.tz,
            create=create,
            passphrase=passphrase,
            new_subject=self.create,
        )

    def close(self) -> None:
        """Release the store (remembering whether anything was committed)."""
        if self._ctx is not None:
            self._writes += self._ctx.store.writes - self._setup_writes
            self._ctx.close()
            self._ctx = None


def _confirm_new_history(code: str) -> bool:
    """Ask before a --subject that does not exist starts a new history (only in a terminal)."""
    import sys

    from ebbtide.cli import messages as msg

    return sys.stdin.isatty() and typer.confirm(msg.CONFIRM_NEW_SUBJECT.format(subject=code))


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
    create: Annotated[
        bool,
        typer.Option("--create", help="Start a new history if --subject names none yet."),
    ] = False,
) -> None:
    """ebbtide: check in, log contacts and solitude, and see your patterns gently."""
    # The single exit point passes its own Options in, to learn afterwards what was saved.
    opts = ctx.obj if isinstance(ctx.obj, Options) else Options()
    opts.db, opts.subject, opts.tz, opts.create = db, subject, tz, create
    ctx.obj = opts
    ctx.call_on_close(opts.close)


def service_context(ctx: typer.Context, *, create: bool = True) -> Context:
    """The service context for a command."""
    opts: Options = ctx.find_root().obj
    return opts.context(create=create)
