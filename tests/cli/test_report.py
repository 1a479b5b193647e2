"""`ebbtide report` writes the chosen report; bad choices get one clear line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ebbtide.cli.main import run


def _seed(db: str) -> None:
    assert run(["--db", db, "contact", "Lea Marchetti", "--yes", "--when", "yesterday"]) == 0
    assert run(["--db", db, "checkin", "connected", "--when", "yesterday"]) == 0


def test_report_writes_html_with_initials(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    _seed(db)
    out = tmp_path / "report.html"
    capsys.readouterr()
    code = run(
        ["--db", db, "report", "-o", str(out), "--include", "states,relationships", "--initials"]
    )
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith(f"Wrote {out} (one HTML file).")
    html = out.read_text(encoding="utf-8")
    assert "State mix over time" in html and "Relationship map and changes" in html
    assert "Steps and routines" not in html and "Boundary events" not in html
    assert "Marchetti" not in html
    assert re.search(r"(?<!\w)Lea(?!\w)", html) is None
    assert re.search(r"(?<!\w)LM(?!\w)", html)  # initials, no full stops


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--include", "moods"], "unknown section 'moods'"),
        (["--note", "diary:1"], "pick a note as KIND:ID"),
        (["--since-last-session"], "no session is recorded yet"),
        (["--format", "docx"], "--format is html or pdf"),
        (["--from", "someday"], "could not read the date"),
    ],
)
def test_bad_choices_are_one_line_errors(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    db = str(db_path)
    _seed(db)
    out = tmp_path / "r.html"
    capsys.readouterr()
    assert run(["--db", db, "report", "-o", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()
