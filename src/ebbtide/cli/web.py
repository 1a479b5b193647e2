"""`ebbtide serve`: the local web app, bound to this computer only by default."""

from __future__ import annotations

from typing import Annotated

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import Options, app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            envvar="EBBTIDE_HOST",
            help="Address to listen on. Keep the default unless you are sure.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", envvar="EBBTIDE_PORT", min=1, max=65535, help="Port.")
    ] = 8765,
    no_token: Annotated[
        bool,
        typer.Option(
            "--no-token",
            help="Let anyone on this computer in without the launch secret (not recommended).",
        ),
    ] = False,
    demo_if_new: Annotated[
        bool,
        typer.Option(
            "--demo-if-new",
            help="While you have no history of your own, show a made-up demo kept in its own "
            "file; its 'Start my own history' button starts yours.",
        ),
    ] = False,
) -> None:
    """Open ebbtide in your browser: check in, timeline, insights, people, steps, reflections."""
    import uvicorn

    from ebbtide.service.context import Context, open_context
    from ebbtide.service.histories import (
        demo_db_for,
        ensure_demo,
        has_own_history,
        start_own_history,
    )
    from ebbtide.web import create_app

    opts: Options = ctx.find_root().obj

    def own() -> Context:
        return open_context(opts.db, subject=opts.subject, tz=opts.tz)

    factory, start_own = own, None
    demo_db = demo_db_for(opts.db) if demo_if_new else None
    if demo_db and not has_own_history(opts.db, subject=opts.subject):
        ensure_demo(demo_db, subject=opts.subject, tz=opts.tz)

        def factory() -> Context:
            return open_context(demo_db, subject=opts.subject, tz=opts.tz)

        def start_own() -> Context:
            return start_own_history(opts.db, subject=opts.subject, tz=opts.tz)

        output.say(msg.SERVE_DEMO.format(path=demo_db))
    # Open once now so a wrong --db is a one-line message, not a failing page later.
    factory().close()
    # The Host check stops DNS rebinding; on a wildcard address any name must be let in.
    if host in LOOPBACK:
        hosts = None
    elif host in ("0.0.0.0", "::"):
        hosts = ["*"]
    else:
        hosts = [*LOOPBACK, "[::1]", host]
    web_app = create_app(
        factory, allowed_hosts=hosts, require_token=not no_token, start_own=start_own
    )
    if host not in LOOPBACK:
        output.say(msg.SERVE_NOT_LOOPBACK.format(host=host))
    if no_token:
        output.err_console().print(msg.SERVE_NO_TOKEN, style="bold red")
    shown = f"[{host}]" if ":" in host else host
    token = web_app.state.launch_token
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    output.say(msg.SERVE_AT.format(url=url))
    if token:
        output.say(msg.SERVE_TOKEN_NOTE)
    # No access log: request lines can carry names or words from a search.
    uvicorn.run(web_app, host=host, port=port, access_log=False, log_level="warning")
