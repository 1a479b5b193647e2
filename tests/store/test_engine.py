"""The store opens, migrates, and refuses what it cannot use, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ebbtide.domain.errors import StoreError
from ebbtide.service.context import Context
from ebbtide.store.engine import open_store, resolve_url, schema_version
from ebbtide.store.migrate import head_revision
from ebbtide.store.schema import SCHEMA_HEAD


def test_schema_head_matches_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_new_database_is_migrated_to_head(any_db: str) -> None:
    store = open_store(any_db)
    try:
        assert schema_version(store) == SCHEMA_HEAD
    finally:
        store.dispose()


def test_sqlite_uses_wal(db_path: Path) -> None:
    store = open_store(str(db_path))
    try:
        with store.reading() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.dispose()


def test_newer_schema_is_refused_with_a_clear_message(any_db: str) -> None:
    store = open_store(any_db)
    store.write(lambda c: c.execute(text("UPDATE alembic_version SET version_num = '9999_future'")))
    store.dispose()
    with pytest.raises(StoreError, match="newer ebbtide"):
        open_store(any_db)


def test_missing_database_is_reported_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no ebbtide database"):
        open_store(str(tmp_path / "nope.db"), create=False)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("hello, not sqlite")
    with pytest.raises(StoreError, match="not an ebbtide database"):
        open_store(str(bogus))


def test_foreign_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="not an ebbtide database"):
        open_store(str(other))


def test_resolve_url_accepts_paths_and_urls(tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:////tmp/y.db") == "sqlite:////tmp/y.db"


def test_records_survive_reopening(any_db: str, any_ctx: Context) -> None:
    from ebbtide import service
    from ebbtide.service.context import open_context

    service.add_checkin(any_ctx, "connected", intensity=2)
    any_ctx.close()
    again = open_context(any_db)
    try:
        assert [e.record.state for e in service.log(again)] == ["connected"]
    finally:
        again.close()
