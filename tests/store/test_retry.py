"""The one retry loop shared by the store's writes and the fast check-in path."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ebbtide.domain.records import CheckIn
from ebbtide.service.context import Context
from ebbtide.store import fast, retry


def test_a_busy_error_is_retried_until_it_clears() -> None:
    calls: list[int] = []
    naps: list[float] = []

    def attempt() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert retry.with_retries(attempt, sqlite3.OperationalError, sleep=naps.append) == "done"
    assert len(calls) == 3 and len(naps) == 2 and naps[1] > naps[0] / 2


def test_other_errors_and_the_last_busy_one_reach_the_caller() -> None:
    def broken() -> None:
        raise sqlite3.OperationalError("no such table: x")

    naps: list[float] = []
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        retry.with_retries(broken, sqlite3.OperationalError, sleep=naps.append)
    assert naps == []

    def busy() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        retry.with_retries(busy, sqlite3.OperationalError, retries=3, sleep=naps.append)
    assert len(naps) == 2


def test_the_engine_and_the_fast_path_use_this_loop(
    ctx: Context, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide import service
    from ebbtide.store import engine

    assert vars(engine)["with_retries"] is retry.with_retries
    assert vars(fast)["with_retries"] is retry.with_retries
    service.add_checkin(ctx, "connected")  # the subject exists
    used: list[str] = []
    real = retry.with_retries

    def spy(attempt: Callable[[], object], errors: type[BaseException]) -> object:
        used.append(errors.__module__)
        return real(attempt, errors)

    monkeypatch.setattr(fast, "with_retries", spy)
    monkeypatch.setattr(engine, "with_retries", spy)
    record = CheckIn(at=datetime(2026, 11, 21, 14, tzinfo=UTC), tz="UTC", state="connected")
    assert fast.insert_checkin(db_path, "me", record) is not None
    service.add_checkin(ctx, "mobilized")
    assert used == ["sqlite3", "sqlalchemy.exc"]


def test_the_fast_path_waits_for_a_short_lock(ctx: Context, db_path: Path) -> None:
    from ebbtide import service

    service.add_checkin(ctx, "connected")
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db_path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        threading.Event().wait(0.4)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold)
    holder.start()
    ready.wait()
    record = CheckIn(at=datetime(2026, 11, 21, 14, tzinfo=UTC), tz="UTC", state="connected")
    saved = fast.insert_checkin(db_path, "me", record)
    holder.join()
    assert saved is not None and saved.id == 2
