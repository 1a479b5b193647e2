"""The per-launch secret: only someone given the address `ebbtide serve` printed gets in.

`ebbtide serve` makes a random token and shows the address with it once
(``http://127.0.0.1:8765/?token=…``), the way Jupyter does. The first visit trades the
token for an HttpOnly, SameSite=Strict cookie and is redirected to the same page without
it, so the token leaves the address bar and the history. Every other request needs the
cookie, or ``Authorization: Bearer <token>`` for scripts; anything else is a 401, the
JSON API included. Another account on the same computer can reach the port but not the
token; SameSite=Strict keeps the cookie off requests that start on another site, so a
link elsewhere cannot fetch even a download.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

QUERY = "token"
COOKIE_PREFIX = "ebbtide_token"


def new_token() -> str:
    """A fresh launch secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def cookie_name(scope: Scope) -> str:
    """The cookie for this server: one per port, so two servers do not clobber each other."""
    server = scope.get("server") or ("", None)
    port = server[1] if len(server) > 1 else None
    return f"{COOKIE_PREFIX}_{port}" if port else COOKIE_PREFIX


def _matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class LaunchToken:
    """Refuses every request that does not carry the launch secret (401)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.token is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        name = cookie_name(scope)
        given = request.query_params.get(QUERY)
        if given is not None and request.method in ("GET", "HEAD") and _matches(given, self.token):
            rest = request.url.remove_query_params(QUERY)
            target = rest.path + (f"?{rest.query}" if rest.query else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(name, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        if _matches(request.cookies.get(name), self.token) or _matches(
            _bearer(request), self.token
        ):
            await self.app(scope, receive, send)
            return
        from ebbtide.web import messages as msg
        from ebbtide.web.errors import error_response

        refused = error_response(request, 401, msg.NEEDS_TOKEN)
        refused.headers["WWW-Authenticate"] = "Bearer"
        await refused(scope, receive, send)
