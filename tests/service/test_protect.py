"""Encrypt, decrypt, rekey, backup, restore, forget and erase: nothing lost, nothing left."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ebbtide import service
from ebbtide.domain.errors import StoreError, ValidationError
from ebbtide.service import protect
from ebbtide.service.context import Context, open_context
from ebbtide.store.engine import PassphraseNeeded, is_encrypted_file
from ebbtide.store.files import side_files
from tests.conftest import TZ, fixed_clock

KEY = "a quiet harbour"


def _notes(db: str, passphrase: str | None = None) -> list[str]:
    c = open_context(db, tz=TZ, passphrase=passphrase)
    try:
        return sorted(e.record.note for e in service.log(c))
    finally:
        c.close()


def test_encrypt_decrypt_and_change_passphrase_keep_every_record(
    ctx: Context, db_path: Path
) -> None:
    for i in range(5):
        service.add_checkin(ctx, "connected", note=f"n{i}")
    ctx.close()
    protect.encrypt_store(str(db_path), KEY)
    assert is_encrypted_file(db_path)
    with pytest.raises(PassphraseNeeded):
        open_context(str(db_path))
    protect.change_passphrase(str(db_path), KEY, KEY + "!")
    assert _notes(str(db_path), KEY + "!") == [f"n{i}" for i in range(5)]
    with pytest.raises(StoreError):
        protect.decrypt_store(str(db_path), KEY)  # the old passphrase no longer works
    protect.decrypt_store(str(db_path), KEY + "!")
    assert not is_encrypted_file(db_path)
    assert _notes(str(db_path)) == [f"n{i}" for i in range(5)]
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_encrypting_twice_is_refused(db_path: Path) -> None:
    open_context(str(db_path), passphrase=KEY).close()
    with pytest.raises(ValidationError, match="already encrypted"):
        protect.encrypt_store(str(db_path), KEY)


@pytest.mark.parametrize("passphrase", [None, KEY], ids=["plain", "encrypted"])
def test_backup_while_writing_is_consistent_and_restores(
    tmp_path: Path, passphrase: str | None
) -> None:
    db = str(tmp_path / "live.db")
    ctx = open_context(db, tz=TZ, clock=fixed_clock, passphrase=passphrase)
    for i in range(20):
        service.add_checkin(ctx, "connected", note=f"before {i}")
    stop = threading.Event()

    def keep_writing() -> None:
        writer = open_context(db, tz=TZ, clock=fixed_clock, passphrase=passphrase)
        i = 0
        while not stop.is_set():
            service.add_checkin(writer, "mobilized", note=f"during {i}")
            i += 1
        writer.close()

    t = threading.Thread(target=keep_writing)
    t.start()
    try:
        info = protect.backup(ctx, tmp_path / "b.db")
    finally:
        stop.set()
        t.join()
    service.add_checkin(ctx, "shut-down", note="after")
    ctx.close()
    assert info.encrypted == (passphrase is not None)
    assert is_encrypted_file(info.path) == (passphrase is not None)
    protect.restore(db, info.path, passphrase)
    notes = _notes(db, passphrase)
    assert {f"before {i}" for i in range(20)} <= set(notes)
    assert "after" not in notes
    during = sorted(int(n.split()[1]) for n in notes if n.startswith("during"))
    assert during == list(range(len(during)))  # a snapshot: a prefix, no gaps


def test_restore_refuses_a_damaged_file(db_path: Path, tmp_path: Path) -> None:
    open_context(str(db_path)).close()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x01" * 3000)
    with pytest.raises(ValidationError, match="cannot be read: it is not a database"):
        protect.restore(str(db_path), junk, None)  # bad input (exit 2), not a store failure


def _scan(folder: Path, needle: str) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_file() and needle.encode() in p.read_bytes()]


def test_forget_leaves_no_trace_even_in_the_wal(ctx: Context, db_path: Path) -> None:
    name, secret = "Orsolya Vantablack", "orsolya-only-memory-5521"
    for i in range(30):
        service.add_contact(
            ctx, [name], create_missing=True, note=f"{secret} {i}", when=f"{i + 1} hours ago"
        )
    service.add_contact(ctx, [name, "Pim"], create_missing=True, note="shared dinner")
    service.add_boundary(ctx, name, asked="asked for quiet", received="honoured")
    plan = protect.forget_plan(ctx, name)
    assert (plan.footprint.contacts_only_them, plan.footprint.contacts_shared) == (30, 1)
    assert plan.footprint.boundaries == 1
    assert _scan(db_path.parent, secret)  # it is on disk before
    protect.forget(ctx, name)
    assert [e.record.note for e in service.log(ctx, kinds=["contact"])] == ["shared dinner"]
    ctx.close()
    wal = side_files(db_path)[0]
    assert not wal.exists() or wal.stat().st_size == 0
    assert _scan(db_path.parent, secret) == []
    assert _scan(db_path.parent, name) == []
    assert _scan(db_path.parent, name.casefold()) == []


def test_erase_all_removes_every_file(ctx: Context, db_path: Path) -> None:
    service.add_checkin(ctx, "connected", note="gone soon")
    removed = protect.erase_all(ctx)
    assert db_path in removed
    assert not db_path.exists()
    assert not any(p.exists() for p in side_files(db_path))
    assert list(db_path.parent.iterdir()) == []


@pytest.mark.postgres
def test_erase_all_on_a_server_removes_only_this_subject(pg_url: str) -> None:
    mine = open_context(pg_url, subject="me", tz=TZ, clock=fixed_clock)
    theirs = open_context(pg_url, subject="other", tz=TZ, clock=fixed_clock)
    service.add_contact(mine, ["Lea"], create_missing=True)
    service.add_checkin(theirs, "connected")
    protect.erase_all(mine)
    again = open_context(pg_url, subject="me", tz=TZ)
    try:
        assert not any(service.counts(again).values())
        assert service.counts(theirs)["checkin"] == 1
    finally:
        again.close()
        theirs.close()


def test_backup_is_refused_on_postgres_with_a_hint(any_ctx: Context, tmp_path: Path) -> None:
    if any_ctx.store.path is not None:
        assert protect.backup(any_ctx, tmp_path / "b.db").path.exists()
    else:
        with pytest.raises(ValidationError, match="pg_dump"):
            protect.backup(any_ctx, tmp_path / "b.db")
