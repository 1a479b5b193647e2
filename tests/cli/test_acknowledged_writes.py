"""The acknowledged-write rule: once committed, exit 0 and say so; before, say nothing was saved."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide.cli import output
from tests.cli.conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]


def _ebbtide_to_dev_full(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), EBBTIDE_DB=str(db))
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "ebbtide", *args],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "connected"),  # the fast path
        ("checkin", "connected", "--note", "a quiet morning"),
        ("checkin", "connected", "--json"),
        ("solitude", "--activity", "reading", "--minutes", "20"),
    ],
)
def test_a_print_failure_after_the_commit_still_exits_0_and_says_saved(
    db_path: Path, cli: Invoke, args: tuple[str, ...]
) -> None:
    assert cli("checkin", "mobilized").code == 0  # the database exists (the fast path needs it)
    table = "solitude" if args[0] == "solitude" else "checkins"
    before = _count(db_path, table)
    done = _ebbtide_to_dev_full(db_path, *args)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        "ebbtide: Saved. Only showing the result failed (the disk is full)"
    )
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert _count(db_path, table) == before + 1  # saved once: a retry is not needed


def test_a_failure_while_showing_a_saved_record_is_not_an_error(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_data: object) -> None:
        raise OverflowError("date value out of range")

    with monkeypatch.context() as m:
        m.setattr(output, "emit_json", broken)
        r = cli("checkin", "connected", "--json")
    assert r.code == 0
    assert r.err == (
        "ebbtide: Saved. Only showing the result failed (OverflowError); what you entered "
        "is kept, so there is no need to enter it again.\n"
    )
    assert len(cli("log", "--json").json()) == 1


def test_an_error_before_the_commit_says_nothing_was_saved(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide import service

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("words from a note")

    monkeypatch.setattr(service, "add_checkin", boom)
    r = cli("checkin", "connected", "--note", "x")
    assert r.code == 1
    assert "Nothing was saved" in r.err and "words from a note" not in r.err


def test_a_read_that_cannot_print_is_a_failure(db_path: Path, cli: Invoke) -> None:
    cli("checkin", "connected")
    done = _ebbtide_to_dev_full(db_path, "log")
    assert done.returncode == 1
    assert done.stderr == "ebbtide: the disk is full. Nothing was saved.\n"


def test_a_full_disk_is_said_in_words(
    db_path: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.store import engine
    from ebbtide.store import fast as fast_store

    assert cli("checkin", "connected").code == 0
    with sqlite3.connect(db_path) as conn:
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    real = engine.session_pragmas  # type: ignore[attr-defined]
    real_fast = fast_store.session_pragmas  # type: ignore[attr-defined]
    full = f"PRAGMA max_page_count = {pages}"
    # SQLite's own "database or disk is full" (SQLITE_FULL), on a real file, on both paths:
    # the fast one (a note now takes it) gives up and the full one says it in words.
    with monkeypatch.context() as m:
        m.setattr(engine, "session_pragmas", lambda ms: (*real(ms), full))
        m.setattr(fast_store, "session_pragmas", lambda *a: (*real_fast(*a), full))
        r = cli("checkin", "connected", "--note", "n" * 9000)
    assert r.code == 1
    assert r.err == (
        "ebbtide: the disk is full, so nothing was saved; free some space and try again\n"
    )
    assert _count(db_path, "checkins") == 1
