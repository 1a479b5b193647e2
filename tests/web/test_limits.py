"""The body cap: enforced while reading, before parsing and before the CSRF check."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context
from ebbtide.web.limits import MAX_BODY

CHUNK = 64 * 1024


def _drive(app: FastAPI, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """Send an endless chunked body straight into the ASGI app; (status, chunks read)."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        if pulled > 20_000:  # 1.3 GB: the app should have stopped long before
            raise AssertionError("the app kept reading")
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8765"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8765),
    }

    async def main() -> None:
        await app(scope, receive, send)  # type: ignore[arg-type]

    asyncio.run(main())
    return status, pulled


@pytest.mark.parametrize(
    "content_type", [b"text/plain", b"application/json", b"application/x-www-form-urlencoded"]
)
def test_an_endless_body_is_cut_off_at_the_limit_without_the_csrf_token(
    app: FastAPI, ctx: Context, content_type: bytes
) -> None:
    auth = (b"authorization", f"Bearer {app.state.launch_token}".encode())
    status, pulled = _drive(app, "/api/checkins", [auth, (b"content-type", content_type)])
    assert status == 413
    assert pulled <= MAX_BODY // CHUNK + 2  # stopped while reading, not after
    assert list(service.today(ctx).entries) == []


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    app: FastAPI, ctx: Context
) -> None:
    auth = (b"authorization", f"Bearer {app.state.launch_token}".encode())
    length = (b"content-length", str(10**9).encode())
    status, pulled = _drive(app, "/check-in", [auth, length])
    assert status == 413 and pulled == 0


def test_every_route_kind_answers_413_clearly(client: TestClient, hdr: dict[str, str]) -> None:
    big = "x" * (MAX_BODY + 1)
    r = client.post("/api/checkins", content=big, headers={**hdr, "content-type": "text/plain"})
    assert r.status_code == 413 and "at most 1024 KB" in r.json()["detail"]
    # Before the CSRF check: no token, still 413 (and never a 2 GB read first).
    r = client.post("/api/checkins", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/safety-plan", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413 and "Nothing was saved" in r.text
    r = client.patch("/api/entries/checkin/1", content=big, headers=hdr)
    assert r.status_code == 413


def test_a_body_at_the_limit_still_reaches_the_app(
    client: TestClient, hdr: dict[str, str], ctx: Context
) -> None:
    note = "n" * 9000
    r = client.post("/api/checkins", json={"state": "connected", "note": note}, headers=hdr)
    assert r.status_code == 201
    assert service.today(ctx).entries[0].record.note == note


def test_an_impossible_content_length_is_a_400(app: FastAPI) -> None:
    auth = (b"authorization", f"Bearer {app.state.launch_token}".encode())
    status, pulled = _drive(app, "/api/checkins", [auth, (b"content-length", b"-5")])
    assert status == 400 and pulled == 0
