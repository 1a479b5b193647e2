"""Turning errors into clear 4xx answers: JSON for the API, a gentle page for people."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ebbtide.domain.errors import (
    ConflictError,
    EbbtideError,
    NotFoundError,
    StoreError,
    ValidationError,
    in_words,
)
from ebbtide.web import messages as msg
from ebbtide.web.security import CsrfError

log = logging.getLogger("ebbtide.web")


def _status(exc: EbbtideError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, ValidationError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _where(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form")]
    return ".".join(loc) or "input"


def error_response(
    request: Request, status: int, message: str, *, field: str | None = None
) -> Response:
    """A JSON error for the API, an error page (or htmx fragment) for the pages."""
    if _is_api(request):
        body: dict[str, Any] = {"detail": message}
        if field:
            body["field"] = field
        return JSONResponse(body, status_code=status)
    from ebbtide.web.views import templates_of

    templates = templates_of(request)
    if request.headers.get("hx-request") == "true" and request.method != "GET":
        # Keep what was typed in the form; show the message in the page's alert region.
        return templates.TemplateResponse(
            request,
            "_flash.html",
            {"error": message},
            status_code=status,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status}, status_code=status
    )


def _allowed_methods(request: Request) -> str:
    """Every method any route at this path accepts (FastAPI has one route per method)."""
    pending = list(request.app.router.routes)
    methods: set[str] = set()
    while pending:
        route = pending.pop()
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending.extend(inner.routes)
            continue
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Register the error handlers."""

    @app.exception_handler(EbbtideError)
    async def domain_error(request: Request, exc: EbbtideError) -> Response:
        text = in_words(exc, msg.ERRORS)
        return error_response(request, _status(exc), text, field=getattr(exc, "field", None))

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, exc: CsrfError) -> Response:
        return error_response(request, 403, msg.CSRF_FAILED)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errs = list(exc.errors())
        details = "; ".join(f"{_where(e)}: {e.get('msg', 'not valid')}" for e in errs[:5])
        message = msg.BAD_INPUT.format(details=details)
        field = _where(errs[0]) if errs else None
        return error_response(request, 422, message, field=field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = msg.NOT_FOUND if exc.detail in (None, "Not Found") else str(exc.detail)
        elif exc.status_code == 405:
            message = msg.METHOD_NOT_ALLOWED
        else:
            message = str(exc.detail)
        response = error_response(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        if exc.status_code == 405:
            response.headers["Allow"] = _allowed_methods(request)
        return response


class CatchAll:
    """Answers any unexpected error with a calm 500 and logs only its kind.

    Starlette's own last-resort handler re-raises, and the server then logs the full
    traceback, whose message may quote what the person wrote; this one does not.
    """

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
            log.error("unexpected %s on %s %s", type(exc).__name__, scope["method"], scope["path"])
            if started:
                return
            response = error_response(Request(scope), 500, msg.UNEXPECTED)
            await response(scope, receive, send)
