"""The app factory and its security: headers, CSRF, host check, no secrets in errors."""

from __future__ import annotations

import gc
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ebbtide.service.context import Context
from ebbtide.web import create_app
from ebbtide.web.security import CSP
from tests.web.conftest import sign_in


def test_factory_opens_nothing_until_first_request() -> None:
    opened: list[int] = []

    def factory() -> Context:
        opened.append(1)
        raise AssertionError("not yet")

    create_app(factory)
    assert opened == []


def test_what_the_app_is_built_from_is_frozen_while_it_runs(app: FastAPI) -> None:
    with TestClient(app) as c:
        assert gc.get_freeze_count() > 1000  # modules, routes, validators, templates
        assert sign_in(c, app).get("/").status_code == 200
    assert gc.get_freeze_count() == 0  # given back when the app stops


def test_every_response_has_a_strict_csp(client: TestClient) -> None:
    for path in ("/", "/api/today", "/static/app.css", "/nope"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP


def test_pages_are_never_cached_but_static_files_may_be(client: TestClient) -> None:
    assert client.get("/").headers["cache-control"] == "no-store"
    assert "cache-control" not in {k.lower() for k in client.get("/static/app.js").headers}


def test_templates_have_no_inline_script_or_style(client: TestClient) -> None:
    from pathlib import Path

    import ebbtide.web

    root = Path(ebbtide.web.__file__).parent / "templates"
    for f in root.glob("*.html"):
        text = f.read_text()
        assert " style=" not in text and "<style" not in text, f.name
        assert " on" + "click=" not in text and "javascript:" not in text, f.name
        for chunk in text.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, f.name


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    import re

    external = re.compile(r"""(src|href|action)=["'](https?:)?//""")
    for path in ("/", "/timeline", "/insights", "/people", "/steps", "/reflections"):
        assert not external.search(client.get(path).text), path


@pytest.mark.parametrize("path", ["/checkin", "/api/checkins"])
def test_changes_without_the_csrf_token_are_refused(client: TestClient, path: str) -> None:
    r = client.post(path, data={"state": "connected"})
    assert r.status_code == 403
    assert "reload the page" in r.text
    r = client.post(path, data={"state": "connected", "csrf_token": "wrong"})
    assert r.status_code == 403
    assert client.get("/api/today").json()["entries"] == []


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    r = client.get("/", headers={"host": "evil.example"})
    assert r.status_code == 400


def test_interactive_docs_are_off_but_openapi_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    doc = client.get("/openapi.json").json()
    assert "/api/checkins" in doc["paths"] and "/checkin" not in doc["paths"]


def test_unexpected_errors_log_no_user_text(
    ctx: Context, token: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide import service

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret words from a note")

    monkeypatch.setattr(service, "add_checkin", boom)
    app = create_app(lambda: ctx)
    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level(logging.INFO):
        r = c.post(
            "/api/checkins",
            json={"state": "connected", "note": "x"},
            headers={
                "X-CSRF-Token": app.state.csrf_token,
                "Authorization": f"Bearer {app.state.launch_token}",
            },
        )
    assert r.status_code == 500
    assert "secret words" not in r.text
    assert "Nothing was saved" in r.json()["detail"]
    assert "secret words" not in caplog.text
    assert "RuntimeError" in caplog.text
