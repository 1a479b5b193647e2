"""`ebbtide serve`: loopback by default, no access log, a clear address."""

from __future__ import annotations

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
    assert "ebbtide is open at http://127.0.0.1:8765/" in capsys.readouterr().out
    from fastapi.testclient import TestClient

    with TestClient(call["app"]) as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "elsewhere.example"}).status_code == 400


def test_serve_elsewhere_warns(
    served: list[dict[str, Any]], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 9000
    assert "other devices on your network can reach this page" in capsys.readouterr().out


def test_serve_bad_port_is_a_clear_error(served: list[dict[str, Any]], db_path: Path) -> None:
    assert run(["--db", str(db_path), "serve", "--port", "0"]) == 2
    assert served == []
