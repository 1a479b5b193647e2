"""The store revision: every committed write bumps it, from any process, and reads are cheap."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ebbtide import service
from ebbtide.service.context import Context, open_context
from ebbtide.store.engine import open_store
from ebbtide.store.revision import Revision, is_edit
from tests.support.statements import sqlalchemy_statements


def test_every_write_bumps_the_revision_and_edits_count_apart(any_ctx: Context) -> None:
    start = any_ctx.revision()
    saved = service.add_checkin(any_ctx, "connected")
    after_add = any_ctx.revision()
    assert after_add == start._replace(revision=start.revision + 1)
    assert saved.record.id is not None
    service.delete_entry(any_ctx, "checkin", saved.record.id)
    after_delete = any_ctx.revision()
    assert after_delete == start._replace(revision=start.revision + 2, edits=start.edits + 1)


def test_a_write_that_fails_does_not_bump(ctx: Context) -> None:
    start = ctx.revision()

    def broken(conn: object) -> None:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        ctx.write(broken)
    assert ctx.revision() == start


def test_another_process_writing_is_seen(db_path: Path, ctx: Context) -> None:
    service.add_checkin(ctx, "connected")
    seen = ctx.revision()
    code = (
        "from ebbtide import service; from ebbtide.service.context import open_context;"
        f"c = open_context({str(db_path)!r}); service.add_checkin(c, 'mobilized'); c.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    assert ctx.revision().revision == seen.revision + 1


def test_the_fast_check_in_path_bumps_it(db_path: Path, ctx: Context) -> None:
    seen = ctx.revision()
    env = {**os.environ, "EBBTIDE_DB": str(db_path)}
    code = "import sys; from ebbtide.cli.main import run; print(run(['checkin', 'connected']))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines()[-1] == "0"
    assert "Check-in saved." in out.stdout
    assert ctx.revision() == seen._replace(revision=seen.revision + 1)


def test_an_unchanged_sqlite_store_answers_without_sqlalchemy(ctx: Context) -> None:
    service.add_checkin(ctx, "connected")
    ctx.revision()
    with sqlalchemy_statements(ctx.store.reader) as statements:
        first = ctx.revision()
        second = ctx.revision()
    assert first == second and statements == []


def test_a_migrated_old_database_starts_at_zero(db_path: Path) -> None:
    from ebbtide.store.migrate import upgrade

    store = open_store(str(db_path))
    try:
        upgrade_to = "0002_passive"
        from alembic import command

        from ebbtide.store.migrate import _config

        cfg = _config()
        with store.writer.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, upgrade_to)
        with sqlite3.connect(db_path) as raw:
            names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "store_revision" not in names
        upgrade(store)
        assert store.revision(1) == Revision(0, 0, 0, 0)
    finally:
        store.dispose()


@pytest.mark.parametrize(
    ("sql", "edit"),
    [
        ("INSERT INTO checkins (a) VALUES (?)", False),
        ("  update checkins SET a = 1", True),
        ("DELETE FROM people", True),
        ("INSERT INTO settings (k) VALUES (?) ON CONFLICT (k) DO UPDATE SET v = 1", True),
        ("SELECT * FROM checkins", False),
    ],
)
def test_which_statements_count_as_edits(sql: str, edit: bool) -> None:
    assert is_edit(sql) is edit


def test_the_revision_survives_reopening(db_path: Path) -> None:
    ctx = open_context(str(db_path))
    try:
        service.add_checkin(ctx, "connected")
        service.add_checkin(ctx, "connected")
        before = ctx.revision()
    finally:
        ctx.close()
    again = open_context(str(db_path))
    try:
        assert again.revision() == before and before.revision >= 2
    finally:
        again.close()


def test_one_subjects_writes_leave_anothers_revision_alone(any_db: str) -> None:
    lea = open_context(any_db, subject="lea")
    sam = open_context(any_db, subject="sam")
    try:
        before = sam.revision()
        service.add_checkin(lea, "connected")
        service.delete_entry(lea, "checkin", service.log(lea)[0].record.id or 0)
        assert sam.revision() == before  # sam's caches stay warm
        assert lea.revision().revision >= 2 and lea.revision().edits >= 1
        service.add_checkin(sam, "mobilized")
        assert sam.revision() == before._replace(revision=before.revision + 1)
    finally:
        lea.close()
        sam.close()


def test_a_write_not_tied_to_one_subject_moves_every_subjects_revision(ctx: Context) -> None:
    seen = ctx.revision()
    ctx.store.write(lambda conn: None)  # e.g. an import of several participants
    after = ctx.revision()
    assert (after.revision, after.edits) == (seen.revision, seen.edits)
    assert after.shared == seen.shared + 1


def test_server_tables_writes_bump_no_revision(ctx: Context) -> None:
    seen = ctx.revision()
    ctx.store.write(lambda conn: None, bump=False)
    assert ctx.revision() == seen
