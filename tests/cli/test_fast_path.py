"""The quick check-in path writes exactly what the full path writes, without heavy imports."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.cli.fast import _parse
from ebbtide.safety.help import OPENING
from tests.cli.conftest import Invoke

COLUMNS = "subject_id, tz, state, intensity, body, energy, appetite, note, place"


NOTE = COLUMNS.split(", ").index("note")


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT {COLUMNS} FROM checkins ORDER BY id").fetchall()


def test_fast_and_full_paths_write_the_same_row(cli: Invoke, db_path: Path) -> None:
    first = cli(
        "checkin",
        "shut-down",
        "--intensity",
        "3",
        "--body",
        "heaviness,foggy",
        "-a",
        "need-solitude",
    )
    assert first.code == 0  # creates the database through the full path
    # --json forces the full path; the plain form takes the fast one.
    full = cli(
        "checkin",
        "shut-down",
        "--intensity",
        "3",
        "--body",
        "heaviness,foggy",
        "-a",
        "need-solitude",
        "--json",
    )
    fast = cli(
        "checkin",
        "shut-down",
        "--intensity",
        "3",
        "--body",
        "heaviness,foggy",
        "-a",
        "need-solitude",
    )
    assert full.code == 0 and fast.code == 0
    rows = _rows(db_path)
    assert len(rows) == 3 and rows[0] == rows[1] == rows[2]
    assert (
        fast.out
        == "Check-in saved.  #3 · Shut down · intensity 3 · heaviness, foggy head · I need some time alone\n"
    )


def test_where_is_written_the_same_by_the_fast_and_full_paths(cli: Invoke, db_path: Path) -> None:
    assert cli("checkin", "connected", "--where", "outdoors", "--json").code == 0
    fast = cli("checkin", "connected", "--where", "Outdoors")
    assert fast.code == 0 and fast.out.endswith("#2 · Connected · outdoors\n")
    rows = _rows(db_path)
    assert rows[0] == rows[1] and rows[0][-1] == "outdoors"
    assert _parse(["checkin", "connected", "--where", "online"]) == {
        "state": "connected",
        "where": "online",
    }
    bad = cli("checkin", "connected", "--where", "the moon")
    assert bad.code == 2 and "unknown place 'the moon'" in bad.err
    assert len(_rows(db_path)) == 2


def test_fast_path_does_not_import_sqlalchemy_or_typer(db_path: Path, cli: Invoke) -> None:
    assert cli("checkin", "connected").code == 0
    code = (
        "import sys; from ebbtide.cli.main import run; rc = run(['checkin', 'connected', '-i', '2']);"
        "heavy = [m for m in ('sqlalchemy', 'typer', 'alembic') if m in sys.modules];"
        "print(rc, heavy)"
    )
    env = {**os.environ, "EBBTIDE_DB": str(db_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines()[-1] == "0 []"
    assert len(_rows(db_path)) == 2


def test_fast_path_reports_bad_state_like_the_full_path(cli: Invoke) -> None:
    cli("checkin", "connected")
    r = cli("checkin", "elated")
    assert r.code == 2
    assert (
        r.err
        == "ebbtide: unknown state 'elated'. Choose one of: connected, mobilized, shut-down, fawning\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["checkin"],
        ["checkin", "--help"],
        ["checkin", "connected", "--when", "9pm"],
        ["checkin", "connected", "--json"],
        ["checkin", "connected", "-i"],
        ["checkin", "connected", "-i", "7"],
        ["checkin", "connected", "-i", "2", "-i", "3"],
        ["--db", "x.db", "checkin", "connected"],
        ["log"],
    ],
)
def test_anything_unusual_goes_to_the_full_path(args: list[str]) -> None:
    assert _parse(args) is None


def test_fast_parse_accepts_the_common_forms() -> None:
    assert _parse(["checkin", "connected", "--intensity=2", "-b", "warmth"]) == {
        "state": "connected", "intensity": "2", "body": "warmth",
    }  # fmt: skip
    assert _parse(["checkin", "connected", "-n", "a walk", "--note=x"]) is None  # twice
    assert _parse(["checkin", "connected", "--note", "a walk"]) == {
        "state": "connected", "note": "a walk",
    }  # fmt: skip


# Notes written for these tests: one crisis note, one everyday note.
CRISIS_NOTE = "i want to kill myself tonight [/]"
EVERYDAY_NOTE = "coffee with an old friend, felt easy"


def _full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    import ebbtide.cli.fast

    monkeypatch.setattr(ebbtide.cli.fast, "try_fast_checkin", lambda args: None)


@pytest.mark.parametrize("note", [CRISIS_NOTE, EVERYDAY_NOTE, ""])
@pytest.mark.parametrize("with_plan", [False, True])
def test_a_note_on_the_fast_path_shows_the_same_help_and_row_as_the_full_path(
    cli: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch, note: str, with_plan: bool
) -> None:
    assert cli("checkin", "connected").code == 0
    assert cli("safety-plan", "region", "IE").code == 0
    if with_plan:
        assert cli("safety-plan", "edit", "--social", "Ines [b]").code == 0
    fast = cli("checkin", "connected", "-i", "2", "--note", note)
    with monkeypatch.context() as m:
        _full_path(m)
        full = cli("checkin", "connected", "-i", "2", "--note", note)
    assert fast.code == full.code == 0
    assert fast.err == full.err
    assert fast.out.replace("#2", "#3") == full.out
    rows = _rows(db_path)
    assert rows[1] == rows[2] and rows[1][NOTE] == note
    if note == CRISIS_NOTE:
        assert "Samaritans" in fast.err and ("Ines [b]" in fast.err) == with_plan
    else:
        assert fast.err == ""


def test_help_is_printed_before_the_write_so_a_failing_write_cannot_hide_it(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ebbtide.store.fast

    assert cli("checkin", "connected").code == 0

    def broken(*args: object, **kwargs: object) -> None:
        raise sqlite3.DatabaseError("disk image is malformed")

    assert cli("safety-plan", "region", "IE").code == 0
    monkeypatch.setattr(ebbtide.store.fast, "with_retries", broken)
    r = cli("checkin", "connected", "--note", CRISIS_NOTE)
    assert r.code == 1 and r.out == ""
    help_text, last = r.err.rstrip("\n").rsplit("\n", 1)
    assert help_text.startswith(OPENING) and "116 123" in help_text
    assert last.startswith("ebbtide: ") and "kill" not in last


def test_a_note_on_the_fast_path_loads_no_typer_or_sqlalchemy_and_logs_nothing(
    db_path: Path, cli: Invoke
) -> None:
    assert cli("checkin", "connected").code == 0
    code = (
        "import logging, sys; from ebbtide.cli.main import run;"
        "records = [];"
        "h = logging.Handler(); h.emit = records.append; logging.getLogger().addHandler(h);"
        "logging.getLogger().setLevel(logging.DEBUG);"
        f"rc = run(['checkin', 'connected', '--note', {CRISIS_NOTE!r}]);"
        "heavy = [m for m in ('sqlalchemy', 'typer', 'alembic') if m in sys.modules];"
        "logged = any('kill' in r.getMessage() for r in records);"
        "print(rc, heavy, logged)"
    )
    env = {**os.environ, "EBBTIDE_DB": str(db_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines()[-1] == "0 [] False"
    assert out.stderr.startswith(OPENING)
    assert _rows(db_path)[-1][NOTE] == CRISIS_NOTE


def test_ctrl_c_in_the_fast_path_is_a_quiet_exit(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ebbtide.cli.fast

    assert cli("checkin", "connected").code == 0

    def interrupted(args: list[str]) -> int | None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ebbtide.cli.fast, "try_fast_checkin", interrupted)
    try:
        r = cli("checkin", "connected")
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C in the fast path escaped main.run (a traceback for the person)")
    assert r.code == 130
    assert r.err.startswith("ebbtide: ") and "Traceback" not in r.err + r.out


def test_an_unexpected_error_in_the_fast_path_is_one_line(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ebbtide.store.fast

    assert cli("checkin", "connected").code == 0

    def broken(*args: object) -> None:
        raise sqlite3.DatabaseError("disk image is malformed")

    monkeypatch.setattr(ebbtide.store.fast, "insert_checkin", broken)
    r = cli("checkin", "connected")
    assert r.code == 1 and r.out == ""
    assert len(r.err.splitlines()) == 1 and r.err.startswith("ebbtide: ")
