"""Security headers (a strict CSP among them) and the CSRF check every change goes through.

The CSRF token is a random secret made when the app is built. Pages carry it in a hidden
form field and in a header htmx sends; API clients read it from GET /api/session. Other
sites cannot read it (same-origin policy), and the Host check stops DNS rebinding.
"""

from __future__ import annotations

import hmac

from fastapi import Request, Security
from fastapi.security import APIKeyHeader
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

# Headers a route may replace with its own (the sandboxed report preview, framed by our pages).
FRAMING = frozenset({"Content-Security-Policy", "X-Frame-Options"})
# The report preview is a whole document with its own inline styles and SVG; it runs no
# script (sandbox), loads nothing, and only this app's pages may frame it.
PREVIEW_CSP = "; ".join(
    (
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
        "sandbox",
    )
)


class SecurityHeaders:
    """Adds the security headers to every response; nothing personal is ever cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A route may set its own, stricter framing policy (the report preview does).
                own = "content-security-policy" in headers
                for name, value in HEADERS.items():
                    if not (own and name in FRAMING):
                        headers[name] = value
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfError(Exception):
    """A change was asked for without the page's token."""


csrf_header = APIKeyHeader(
    name=CSRF_HEADER,
    auto_error=False,
    description="The token from GET /api/session; needed for every request that changes data.",
)


async def require_csrf(request: Request) -> None:
    """Dependency: refuse unsafe requests that do not carry the app's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    token: object = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if token is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        token = (await request.form()).get(CSRF_FIELD)
    expected: str = request.app.state.csrf_token
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise CsrfError()


async def require_csrf_header(request: Request, _token: str | None = Security(csrf_header)) -> None:
    """The same check for API changes, declared in the OpenAPI document as a header key."""
    await require_csrf(request)
