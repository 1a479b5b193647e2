"""The server app factory: nothing opens at import time; ``create_server_app`` builds it."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ebbtide.domain.errors import (
    EbbtideError,
    NotFoundError,
    StoreError,
    ValidationError,
    in_words,
)
from ebbtide.server import messages as msg
from ebbtide.server.accounts import LoginRefused
from ebbtide.server.audit import AuditUnavailable
from ebbtide.server.db import ServerDB
from ebbtide.server.guard import Denied

HERE = Path(__file__).parent
log = logging.getLogger("ebbtide.server")


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/auth/")) or path in ("/api", "/openapi.json")


def error_response(request: Request, status: int, message: str) -> Response:
    """JSON for the API, a calm page for people; a page needing login goes to /login."""
    if _is_api(request.url.path):
        return JSONResponse({"detail": message}, status_code=status)
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    if getattr(request.state, "allowed", None) is not None:
        # a page of the client's personal app: its own error page (or htmx alert)
        from ebbtide.web.errors import error_response as page_error

        return page_error(request, status, message)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status}, status_code=status
    )


def _status(exc: EbbtideError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ValidationError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def install_errors(app: FastAPI) -> None:
    """Every error becomes one clear sentence and a 4xx/503; never a traceback."""

    @app.exception_handler(Denied)
    async def denied(request: Request, exc: Denied) -> Response:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(LoginRefused)
    async def refused(request: Request, exc: LoginRefused) -> Response:
        if not _is_api(request.url.path):
            templates: Jinja2Templates = request.app.state.templates
            return templates.TemplateResponse(
                request, "login.html", {"error": exc.message}, status_code=exc.status
            )
        return JSONResponse({"detail": exc.message}, status_code=exc.status)

    @app.exception_handler(AuditUnavailable)
    async def audit_down(request: Request, exc: AuditUnavailable) -> Response:
        log.error("audit write failed")
        return error_response(request, 503, msg.AUDIT_DOWN)

    @app.exception_handler(EbbtideError)
    async def domain_error(request: Request, exc: EbbtideError) -> Response:
        return error_response(request, _status(exc), in_words(exc, msg.ERRORS))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in list(exc.errors())[:3]:
            loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "path", "query"))
            parts.append(f"{loc or 'input'}: {e.get('msg', 'not valid')}")
        return error_response(request, 422, msg.BAD_INPUT.format(detail="; ".join(parts)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        text = "Not found." if exc.status_code == 404 else str(exc.detail)
        return error_response(request, exc.status_code, text)


class CatchAll:
    """Answers any unexpected error with a calm 500 and logs only its kind."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("unexpected %s on %s", type(exc).__name__, scope["method"])
            if os.environ.get("EBBTIDE_DEBUG"):
                raise
            if not started:
                status = 503 if isinstance(exc, AuditUnavailable) else 500
                text = msg.AUDIT_DOWN if status == 503 else msg.UNEXPECTED
                response = error_response(Request(scope), status, text)
                await response(scope, receive, send)


def create_server_app(
    db: ServerDB, *, allowed_hosts: Sequence[str] | None = None, close_db: bool = True
) -> FastAPI:
    """Build the multi-user app over an opened server database."""
    from importlib.metadata import version

    from ebbtide.server import api, auth_routes, pages, personal
    from ebbtide.web.security import SecurityHeaders

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if close_db:
            db.close()

    telemetry: Any = {
        "tracing": False,
        "metrics": False,
        "logs": False,
        "operation_spans": False,
        "auto_configure": False,
    }
    app = FastAPI(
        title="ebbtide server",
        version=version("ebbtide"),
        description="The clinic and study server. POST /auth/login answers a csrf_token that "
        "every change sends as X-CSRF-Token. Clinicians see only what a client shares.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served by a guarded route instead (every route has a guard)
        lifespan=lifespan,
        telemetry=telemetry,
    )
    app.state.db = db
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals["client_nav"] = personal.NAV
    app.include_router(auth_routes.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    personal.install(app)
    install_errors(app)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)
    hosts = list(allowed_hosts) if allowed_hosts is not None else ["*"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return app


def flat_routes(app: FastAPI) -> list[Any]:
    """Every route of the app, with included routers opened up."""
    out: list[Any] = []
    pending = list(app.router.routes)
    while pending:
        route = pending.pop(0)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending[:0] = list(inner.routes)
            continue
        out.append(route)
    return out
