"""A database held by another writer: writers wait and retry, then say so plainly."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from ebbtide import service
from ebbtide.domain.errors import StoreError
from ebbtide.service.context import Context, open_context
from ebbtide.store import engine, retry


def _hold_write_lock(path: Path, seconds: float, ready: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings (subject_id, key, value) VALUES (1, 'lock', 'held')")
    ready.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_write_waits_for_a_short_lock(ctx: Context, db_path: Path) -> None:
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db_path, 0.5, ready))
    holder.start()
    ready.wait()
    saved = service.add_checkin(ctx, "connected")
    holder.join()
    assert saved.record.id == 1


def test_a_lock_that_outlasts_the_retries_is_a_clear_store_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(retry, "WRITE_RETRIES", 2)
    ctx = open_context(str(db_path))
    ready = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db_path, 2.0, ready))
    holder.start()
    ready.wait()
    try:
        with pytest.raises(StoreError, match="busy with another ebbtide process"):
            service.add_checkin(ctx, "connected")
    finally:
        holder.join()
        ctx.close()
    again = open_context(str(db_path))
    try:
        assert service.log(again) == []
    finally:
        again.close()
