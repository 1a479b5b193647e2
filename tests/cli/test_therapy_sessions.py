"""`ebbtide session add/list`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cli.main import run


def test_add_and_list_sessions(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run(["--db", db, "routine", "add", "Evening walk"]) == 0
    assert run(["--db", db, "session", "list"]) == 0
    assert "No sessions recorded yet" in capsys.readouterr().out
    assert run(["--db", db, "session", "add", "2026-11-03"]) == 0
    assert capsys.readouterr().out.startswith("Session on Tue 03 Nov 2026 recorded.")
    assert run(["--db", db, "session", "add", "2026-10-20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["day"] == "2026-10-20"
    assert run(["--db", db, "session", "list", "--json"]) == 0
    days = [s["day"] for s in json.loads(capsys.readouterr().out)]
    assert days == ["2026-10-20", "2026-11-03"]


def test_same_day_twice_and_future_days_are_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert run(["--db", db, "session", "add", "2026-11-03"]) == 0
    capsys.readouterr()
    for json_flag in ([], ["--json"]):
        assert run(["--db", db, "session", "add", "2026-11-03", *json_flag]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and "already recorded" in err
    assert run(["--db", db, "session", "list", "--json"]) == 0
    assert [s["day"] for s in json.loads(capsys.readouterr().out)] == ["2026-11-03"]
    assert run(["--db", db, "session", "add", "2099-01-01"]) == 2
    assert "once it has happened" in capsys.readouterr().err
    assert run(["--db", db, "session", "add", "someday"]) == 2
    assert "could not read the date" in capsys.readouterr().err
