"""`ebbtide calendar export` writes a valid calendar file."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from ebbtide.cli.main import run


def test_export_writes_an_ics_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert (
        run(
            ["--db", db, "routine", "add", "Evening walk", "--schedule", "mon,thu", "--at", "19:30"]
        )
        == 0
    )
    out = tmp_path / "steps.ics"
    capsys.readouterr()
    assert run(["--db", db, "calendar", "export", "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote {out}.")
    cal = Calendar.from_ical(out.read_bytes())
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Evening walk"
    assert len(cal.walk("VALARM")) == 1
    assert run(["--db", db, "calendar", "export", "--no-alarms", "-o", str(out)]) == 0
    assert Calendar.from_ical(out.read_bytes()).walk("VALARM") == []
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".part", ".tmp"))] == []


def test_export_to_a_missing_folder_creates_it_privately_like_every_command(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--db", str(db_path), "routine", "add", "Evening walk"]) == 0
    out = tmp_path / "no" / "x.ics"
    assert run(["--db", str(db_path), "calendar", "export", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600 and out.parent.stat().st_mode & 0o777 == 0o700
    code = run(["--db", str(db_path), "calendar", "export", "-o", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert err.endswith("is a folder; give a file name\n") and err.count("\n") == 1
