"""The launch secret: every route refuses a request without it, the JSON API included."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from ebbtide import service
from ebbtide.service.context import Context


def _every_route(app: FastAPI) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            pending.extend(inner.routes)
        elif isinstance(route, APIRoute):
            path = re.sub(r"\{[^}]+\}", "1", route.path).replace("1.1", "1.html")
            found += [(m, path) for m in sorted(route.methods or ())]
        elif isinstance(route, Mount):
            found.append(("GET", route.path + "/app.css"))
        else:
            found.append(("GET", getattr(route, "path", "/")))
    return found


def test_every_route_refuses_a_stranger_with_401(
    app: FastAPI, stranger: TestClient, ctx: Context, hdr: dict[str, str]
) -> None:
    service.add_checkin(ctx, "connected", note="private words")
    routes = _every_route(app)
    assert len(routes) > 40 and ("GET", "/api/entries") in routes
    for method, path in routes:
        # Even with the CSRF token (another account could guess nothing else anyway).
        r = stranger.request(method, path, headers=hdr, json={"state": "connected"})
        assert r.status_code == 401, (method, path, r.status_code)
        assert "private words" not in r.text
        if path.startswith("/api/"):
            assert r.json()["detail"].startswith("This page opens only from the address")
    assert len(service.today(ctx).entries) == 1  # nothing was written


def test_the_csrf_token_is_no_longer_handed_to_anyone(stranger: TestClient) -> None:
    assert stranger.get("/api/session").status_code == 401
    assert "csrf" not in stranger.get("/api/session").text.lower()


def test_the_launch_address_sets_a_strict_httponly_cookie_and_drops_the_token(
    app: FastAPI, stranger: TestClient
) -> None:
    token = app.state.launch_token
    r = stranger.get(f"/timeline?kind=checkin&token={token}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/timeline?kind=checkin"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert stranger.get("/timeline").status_code == 200
    assert stranger.get("/api/today").status_code == 200


def test_a_wrong_or_posted_token_does_not_open_anything(app: FastAPI, stranger: TestClient) -> None:
    token = app.state.launch_token
    assert stranger.get(f"/?token={token[:-1]}").status_code == 401
    assert stranger.get("/", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert stranger.post(f"/api/checkins?token={token}", json={}).status_code == 401
    stranger.cookies.set("ebbtide_token_80", "nope")
    assert stranger.get("/").status_code == 401


def test_scripts_may_send_the_token_as_a_bearer_header(
    app: FastAPI, stranger: TestClient, hdr: dict[str, str]
) -> None:
    bearer = {"Authorization": f"Bearer {app.state.launch_token}", **hdr}
    r = stranger.post("/api/checkins", json={"state": "connected"}, headers=bearer)
    assert r.status_code == 201


def test_the_401_page_keeps_the_security_headers(stranger: TestClient) -> None:
    r = stranger.get("/")
    assert r.status_code == 401 and "content-security-policy" in r.headers
    assert r.headers["cache-control"] == "no-store"
