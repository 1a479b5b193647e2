"""`ebbtide away add/list/remove`, and what the insights make of the days."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cli.main import run


def test_add_list_and_remove_away_periods(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert run(["--db", db, "checkin", "connected"]) == 0
    assert run(["--db", db, "away", "list"]) == 0
    assert "No away periods" in capsys.readouterr().out
    assert run(["--db", db, "away", "add", "--from", "2026-08-01", "--to", "2026-08-14"]) == 0
    assert capsys.readouterr().out.startswith(
        "Marked Sat 01 Aug 2026 – Fri 14 Aug 2026 as away (14 days)."
    )
    args = ["--db", db, "away", "add", "--from", "2026-07-01", "--to", "2026-07-03"]
    assert run([*args, "--note", "<b>Lisbon</b>", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "number": 1,
        "from": "2026-07-01",
        "to": "2026-07-03",
        "days": 3,
        "note": "<b>Lisbon</b>",
    }
    assert run(["--db", db, "away", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "1  Wed 01 Jul 2026 – Fri 03 Jul 2026  <b>Lisbon</b>",
        "2  Sat 01 Aug 2026 – Fri 14 Aug 2026",
    ]
    assert run(["--db", db, "away", "remove", "1"]) == 0
    assert capsys.readouterr().out == "Removed the away period 01 Jul 2026 – 03 Jul 2026.\n"
    assert run(["--db", db, "away", "list", "--json"]) == 0
    assert [p["from"] for p in json.loads(capsys.readouterr().out)] == ["2026-08-01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-08-10", "--to", "2026-08-01"], "must not be before the first"),
        (["--from", "2025-01-01", "--to", "2026-08-01"], "at most 366 days"),
        (["--from", "someday", "--to", "2026-08-01"], "could not read the date"),
    ],
)
def test_bad_periods_are_one_clear_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(["--db", str(db_path), "away", "add", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert run(["--db", str(db_path), "away", "remove", "3"]) == 2
    assert "no away period number 3" in capsys.readouterr().err
