"""`ebbtide server …`: the clinic and study server on PostgreSQL (thin shells over server/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ebbtide.cli import output

server_app = typer.Typer(
    help="The clinic and study server on PostgreSQL: accounts, consent, audit.",
    no_args_is_help=True,
)
user_app = typer.Typer(help="Accounts on the server.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
server_app.add_typer(user_app, name="user")
server_app.add_typer(audit_app, name="audit")

Db = Annotated[
    str | None,
    typer.Option("--db", envvar="EBBTIDE_DB", help="PostgreSQL URL (postgresql://user@host/db)."),
]


def _db(ctx: typer.Context, db: str | None) -> str | None:
    root = ctx.find_root().obj
    return db or getattr(root, "db", None)


def _need_extra() -> None:
    """The server's libraries come with the `server` extra; say so plainly if they are missing."""
    import importlib.util

    from ebbtide.cli import messages
    from ebbtide.domain.errors import EbbtideError

    if any(importlib.util.find_spec(m) is None for m in ("argon2", "pyotp")):
        raise EbbtideError(messages.SERVER_EXTRA)


@server_app.command("init")
def init(ctx: typer.Context, db: Db = None) -> None:
    """Create or upgrade the server's tables (migrations) on the PostgreSQL database."""
    _need_extra()
    from ebbtide.server import init_server
    from ebbtide.server import messages as msg
    from ebbtide.server.db import server_url

    url = server_url(_db(ctx, db))
    applied, total = init_server(url)
    output.say(msg.INITIALISED.format(where=url.split("@")[-1], applied=applied, total=total))


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The account's email address.")],
    role: Annotated[str, typer.Option("--role", help="client|clinician|study-admin|site-admin")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the account as JSON.")] = False,
    db: Db = None,
) -> None:
    """Add an account; staff roles get a TOTP secret to put in an authenticator app."""
    _need_extra()
    from ebbtide.domain.errors import ValidationError
    from ebbtide.server import messages as msg
    from ebbtide.server.admin import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise typer.BadParameter(msg.PASSWORD_NEEDS_TERMINAL, param_hint="--password-stdin")
        password = typer.prompt("Password", hide_input=True)
        if typer.prompt("Again", hide_input=True) != password:
            raise ValidationError("password", msg.PASSWORD_MISMATCH)
    new = add_user(_db(ctx, db), email, password, role)
    if as_json:
        output.emit_json(
            {
                "uid": new.uid,
                "email": new.email,
                "role": new.role,
                "totp_secret": new.totp_secret,
                "totp_uri": new.totp_uri,
            }
        )
        return
    output.say(msg.USER_ADDED.format(role=new.role, email=new.email, uid=new.uid))
    if new.totp_secret:
        output.say(msg.TOTP_SECRET.format(secret=new.totp_secret))


@server_app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8766,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, max=64, help="Worker processes sharing the port (default: cores)."
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Run the server (put it behind HTTPS: its cookies are Secure)."""
    _need_extra()
    from ebbtide.server import messages as msg
    from ebbtide.server import open_server
    from ebbtide.server.serving import default_workers
    from ebbtide.server.serving import serve as run_server

    url = _db(ctx, db)
    open_server(url).close()  # refuse a missing or uninitialised database in one line, now
    count = workers if workers is not None else default_workers()
    shown = f"[{host}]" if ":" in host else host
    where = f"http://{shown}:{port}/"
    if count == 1:
        output.say(msg.SERVE_AT.format(url=where))
    else:
        output.say(msg.SERVE_WORKERS.format(url=where, workers=count))
    from ebbtide.server.db import server_url

    if run_server(server_url(url), host, port, count) != 0:
        output.error(msg.WORKER_FAILED)
        raise typer.Exit(1)


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, db: Db = None) -> None:
    """Recompute the audit trail's hash chain; exit 1 if a row was edited or removed."""
    _need_extra()
    from ebbtide.server import messages as msg
    from ebbtide.server.admin import verify_audit

    result = verify_audit(_db(ctx, db))
    if result.ok:
        output.say(msg.AUDIT_OK.format(rows=result.rows))
        return
    output.error(msg.AUDIT_BROKEN.format(row=result.broken_at, why=result.why))
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fhir: Annotated[bool, typer.Option("--fhir", help="As FHIR R4B AuditEvent resources.")] = False,
    db: Db = None,
) -> None:
    """Export the audit trail as a FHIR Bundle of AuditEvent resources."""
    _need_extra()
    from ebbtide.domain.errors import ValidationError
    from ebbtide.server import messages as msg
    from ebbtide.server.admin import export_audit

    if not fhir:
        raise ValidationError("format", "choose the format: --fhir")
    rows = export_audit(_db(ctx, db), out)
    output.say(msg.AUDIT_EXPORTED.format(rows=rows, path=out))
