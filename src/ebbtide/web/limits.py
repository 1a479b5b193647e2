"""A cap on request bodies, enforced while reading: before any parsing or CSRF check.

The whole body is read here, at most ``MAX_BODY`` bytes of it, and handed on only if it
fits; a longer one is refused with 413 as soon as the limit is passed (or at once, when
Content-Length already says so), so no request can make the server hold more than that.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 1024 * 1024
"""Bytes a request body may have: forms, JSON and anything else alike."""


class BodyLimit:
    """Reads each request body up to ``limit`` bytes; refuses longer ones with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        from ebbtide.web import messages as msg
        from ebbtide.web.errors import error_response

        text = msg.TOO_LARGE.format(limit=self.limit // 1024) if status == 413 else msg.BAD_LENGTH
        response = error_response(Request(scope), status, text)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Request(scope).headers.get("content-length")
        if declared is not None:
            if not (declared.isascii() and declared.isdigit()) or len(declared) > 18:
                await self._refuse(scope, receive, send, 400)
                return
            if int(declared) > self.limit:
                await self._refuse(scope, receive, send, 413)
                return
        chunks: list[bytes] = []
        size = 0
        pending: list[Message] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                pending.append(message)  # the client went away: let the app see it
                break
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._refuse(scope, receive, send, 413)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        pending.insert(0, {"type": "http.request", "body": b"".join(chunks), "more_body": False})

        async def replay() -> Message:
            if pending:
                return pending.pop(0)
            return await receive()

        await self.app(scope, replay, send)
