"""The web app factory: nothing is opened at import time; ``create_app`` builds everything."""

from __future__ import annotations

import gc
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ebbtide.service import Context
from ebbtide.web.deps import ContextHolder

HERE = Path(__file__).parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(
    ctx_factory: Callable[[], Context] | None = None,
    *,
    db: str | None = None,
    allowed_hosts: Sequence[str] | None = None,
    launch_token: str | None = None,
    require_token: bool = True,
    start_own: Callable[[], Context] | None = None,
) -> FastAPI:
    """Build the web app over a context factory (or a database path/URL).

    Every request needs the launch secret (``app.state.launch_token``: ``launch_token``,
    or a fresh random one); ``require_token=False`` lets anyone on the machine in.
    ``start_own`` means the app shows the made-up demo: every page says so, and its
    "Start my own history" button switches to the context ``start_own`` opens.
    """
    from importlib.metadata import version

    from ebbtide.web import (
        api,
        api_care,
        auth,
        care,
        day_pages,
        errors,
        histories,
        limits,
        openapi_doc,
        pages,
        person_pages,
        report_pages,
        security,
        views,
    )

    if ctx_factory is None:
        from ebbtide.service import open_context

        def ctx_factory() -> Context:
            return open_context(db)

    holder = ContextHolder(ctx_factory)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # What exists once the app is built (modules, routes, validators, templates) lives
        # as long as the app: frozen, it is left out of every later collection, so a full
        # collection in the middle of a request no longer walks it (35-45 ms here). No
        # collection first: it would cost as much once per start, and what is garbage now
        # is given back at shutdown by ``unfreeze``.
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            holder.close()

    app = FastAPI(
        title="ebbtide",
        version=version("ebbtide"),
        description="The private, local API of ebbtide. Every request needs the launch secret "
        "`ebbtide serve` printed: the cookie the page sets, or `Authorization: Bearer <token>`. "
        "Every request that changes something also needs the X-CSRF-Token header "
        "(GET /api/session gives it). Nothing leaves this machine.",
        docs_url=None,  # the interactive docs would load scripts from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        # Nothing leaves the machine: FastAPI's built-in OpenTelemetry stays off, whatever
        # the environment says (it would record request details and error messages).
        telemetry={
            "tracing": False,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
            "auto_configure": False,
        },
    )
    app.state.holder = holder
    app.state.start_own = start_own  # None once the person's own history is open
    app.state.csrf_token = secrets.token_urlsafe(32)
    app.state.launch_token = (launch_token or auth.new_token()) if require_token else None
    app.state.templates = Jinja2Templates(
        directory=HERE / "templates", context_processors=[views.page_context]
    )
    views.install_template_globals(app.state.templates)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(histories.router)
    app.include_router(care.router)
    app.include_router(report_pages.router)
    app.include_router(day_pages.router)
    app.include_router(person_pages.router)
    app.include_router(api.router)
    app.include_router(api_care.router)
    errors.install(app)
    openapi_doc.install(app)
    # Outermost last: headers on every answer, then the Host check, the launch secret,
    # and the body cap, all before any route, form parsing or CSRF check runs.
    app.add_middleware(errors.CatchAll)
    app.add_middleware(limits.BodyLimit)
    app.add_middleware(auth.LaunchToken, token=app.state.launch_token)
    hosts = list(allowed_hosts) if allowed_hosts is not None else [*LOOPBACK_HOSTS, "testserver"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(security.SecurityHeaders)
    return app
