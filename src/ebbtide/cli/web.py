"""`ebbtide serve`: the local web app, bound to this computer only by default."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.cli.app import Options, app

if TYPE_CHECKING:
    from ebbtide.service import Context

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _histories(
    opts: Options, demo_if_new: bool
) -> tuple[Callable[[], Context], Callable[[], Context] | None]:
    """What to open (the demo while there is no own history) and how to start one's own."""
    from ebbtide.service import (
        demo_db_for,
        ensure_demo,
        has_own_history,
        open_context,
        start_own_history,
    )

    def own() -> Context:
        return open_context(opts.db, subject=opts.subject, tz=opts.tz)

    demo_db = demo_db_for(opts.db) if demo_if_new else None
    if demo_db is None or has_own_history(opts.db, subject=opts.subject):
        return own, None
    ensure_demo(demo_db, subject=opts.subject, tz=opts.tz)
    output.say(msg.SERVE_DEMO.format(path=demo_db))

    def demo() -> Context:
        return open_context(demo_db, subject=opts.subject, tz=opts.tz)

    def start_own() -> Context:
        return start_own_history(opts.db, subject=opts.subject, tz=opts.tz)

    return demo, start_own


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
    socket_path: Annotated[
        Path | None,
        typer.Option(
            "--socket",
            help="Listen on a Unix socket that only your account can open (0600), not a port.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Open ebbtide in your browser: check in, timeline, insights, people, steps, reflections."""
    import uvicorn

    from ebbtide.web import create_app

    opts: Options = ctx.find_root().obj
    factory, start_own = _histories(opts, demo_if_new)
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
    if socket_path is not None:
        _serve_on_socket(web_app, socket_path.expanduser().absolute(), no_token=no_token)
        return
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


def _serve_on_socket(web_app: Any, path: Path, *, no_token: bool) -> None:
    """Serve on a 0600 Unix socket; the file is removed again when ebbtide stops."""
    import uvicorn

    from ebbtide.web.listen import bind_private_socket

    sock = bind_private_socket(path)
    try:
        if no_token:
            output.err_console().print(msg.SERVE_NO_TOKEN, style="bold red")
        token = web_app.state.launch_token
        url = "http://localhost/" + (f"?token={token}" if token else "")
        output.say(msg.SERVE_ON_SOCKET.format(path=path, url=url))
        if token:
            output.say(msg.SERVE_TOKEN_NOTE)
        config = uvicorn.Config(web_app, access_log=False, log_level="warning")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        path.unlink(missing_ok=True)
