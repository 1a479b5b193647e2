"""`ebbtide serve`: loopback by default, no access log, a clear address."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ebbtide.cli.main import run


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_serve_defaults_to_loopback_without_access_log(
    served: list[dict[str, Any]], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "serve"]) == 0
    (call,) = served
    assert call["host"] == "127.0.0.1" and call["port"] == 8765
    assert call["access_log"] is False
    out = capsys.readouterr().out
    (token,) = re.findall(r"ebbtide is open at http://127\.0\.0\.1:8765/\?token=([\w-]{40,}) ", out)
    from fastapi.testclient import TestClient

    with TestClient(call["app"]) as c:
        assert c.get("/").status_code == 401  # another account on this computer: no way in
        assert c.get("/api/session").status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        first = c.get(f"/?token={token}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        cookie = first.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and token.lower() in cookie
        assert c.get("/").status_code == 200
        assert c.get("/api/session").status_code == 200
        assert c.get("/", headers={"host": "elsewhere.example"}).status_code == 400


def test_each_launch_has_its_own_secret(
    served: list[dict[str, Any]], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "serve"]) == 0
    assert run(["--db", str(db_path), "serve"]) == 0
    first, second = (call["app"].state.launch_token for call in served)
    assert first and second and first != second
    from fastapi.testclient import TestClient

    with TestClient(served[1]["app"]) as c:
        assert c.get("/", headers={"Authorization": f"Bearer {first}"}).status_code == 401
        assert c.get("/", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_no_token_lets_anyone_in_but_says_so_loudly(
    served: list[dict[str, Any]], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "serve", "--no-token"]) == 0
    captured = capsys.readouterr()
    assert "WARNING: --no-token" in captured.err and "other accounts" in captured.err
    assert "ebbtide is open at http://127.0.0.1:8765/ " in captured.out
    from fastapi.testclient import TestClient

    with TestClient(served[0]["app"]) as c:
        assert c.get("/").status_code == 200
        # The Host check and CSRF stay on.
        assert c.get("/", headers={"host": "elsewhere.example"}).status_code == 400
        assert c.post("/api/checkins", json={"state": "connected"}).status_code == 403


def test_serve_elsewhere_warns(
    served: list[dict[str, Any]], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9000
    assert "other devices on your network can reach this page" in capsys.readouterr().out


def test_serve_bad_port_is_a_clear_error(served: list[dict[str, Any]], db_path: Path) -> None:
    assert run(["--db", str(db_path), "serve", "--port", "0"]) == 2
    assert served == []
