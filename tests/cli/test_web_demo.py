"""`make run` / `ebbtide serve --demo-if-new`: the demo in its own file, the port from the environment."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ebbtide.cli.main import run
from ebbtide.web import messages as msg

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def _client(app: Any) -> TestClient:
    c = TestClient(app)
    c.get(f"/?token={app.state.launch_token}", follow_redirects=False)
    return c


def test_port_and_host_come_from_the_environment(
    served: list[dict[str, Any]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EBBTIDE_PORT", "8899")
    monkeypatch.setenv("EBBTIDE_HOST", "localhost")
    assert run(["--db", str(db_path), "serve"]) == 0
    assert served[0]["port"] == 8899 and served[0]["host"] == "localhost"
    assert run(["--db", str(db_path), "serve", "--port", "8900"]) == 0  # the option wins
    assert served[1]["port"] == 8900


def test_a_bad_port_in_the_environment_is_bad_input(
    served: list[dict[str, Any]], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EBBTIDE_PORT", "eighty")
    assert run(["--db", str(db_path), "serve"]) == 2
    assert served == []


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["PORT=8800"], {}, "--port 8800"),
        ([], {"EBBTIDE_PORT": "8801"}, "--port 8801"),
        (["HOST=localhost"], {}, "--host localhost"),
        ([], {"EBBTIDE_HOST": "::1"}, "--host ::1"),
    ],
)
def test_make_run_passes_the_port_and_host_on(
    args: list[str], env: dict[str, str], expected: str
) -> None:
    out = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [ln for ln in out.splitlines() if "ebbtide serve" in ln]
    assert "--demo-if-new" in line and expected in line


def test_demo_apart_until_the_person_starts_their_own(
    served: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = tmp_path / "ebbtide.db"
    assert run(["--db", str(own), "--tz", "Europe/Berlin", "serve", "--demo-if-new"]) == 0
    demo = tmp_path / "ebbtide-demo.db"
    assert demo.exists() and not own.exists()  # nothing is written into (or as) the own file
    assert "made-up demo history" in capsys.readouterr().out
    with _client(served[0]["app"]) as c:
        page = c.get("/timeline").text
        assert msg.DEMO_BANNER in page and msg.DEMO_START in page
        assert page.count('class="entry"') >= 10  # the demo's year
        csrf = served[0]["app"].state.csrf_token
        started = c.post("/start-own", data={"csrf_token": csrf})
        assert started.status_code == 200 and msg.SAVED["started"] in started.text
        assert msg.DEMO_BANNER not in started.text
        assert "Nothing logged yet today" in started.text
        assert msg.DEMO_BANNER not in c.get("/timeline").text
        assert 'class="entry"' not in c.get("/timeline").text
    assert own.exists() and demo.exists()
    # From now on `make run` opens the person's own (still empty) history.
    assert run(["--db", str(own), "serve", "--demo-if-new"]) == 0
    with _client(served[1]["app"]) as c:
        assert msg.DEMO_BANNER not in c.get("/").text


def test_someone_with_records_never_sees_the_demo(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    own = tmp_path / "mine.db"
    assert run(["--db", str(own), "checkin", "connected"]) == 0
    assert run(["--db", str(own), "serve", "--demo-if-new"]) == 0
    assert not (tmp_path / "mine-demo.db").exists()
    with _client(served[0]["app"]) as c:
        page = c.get("/").text
        assert msg.DEMO_BANNER not in page and "Connected" in page


def test_start_own_without_a_demo_changes_nothing(
    served: list[dict[str, Any]], db_path: Path
) -> None:
    assert run(["--db", str(db_path), "serve"]) == 0
    app = served[0]["app"]
    with _client(app) as c:
        assert c.post("/start-own", data={"csrf_token": "wrong"}).status_code == 403
        r = c.post("/start-own", data={"csrf_token": app.state.csrf_token})
        assert r.status_code == 200 and msg.DEMO_BANNER not in r.text
