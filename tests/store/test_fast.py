"""The quick check-in writer: plain, up-to-date SQLite files only; anything else is None."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ebbtide.domain.records import CheckIn
from ebbtide.service.capture import add_checkin
from ebbtide.service.context import Context, open_context
from ebbtide.service.records import get_entry
from ebbtide.store.fast import insert_checkin

RECORD = CheckIn(at=datetime(2026, 11, 21, 14, tzinfo=UTC), tz="UTC", state="connected")


def test_fast_path_leaves_encrypted_files_to_sqlcipher(tmp_path: Path) -> None:
    db = tmp_path / "secret.db"
    open_context(str(db), passphrase="a long enough passphrase").close()
    assert insert_checkin(db, "me", RECORD) is None
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"


def test_a_missing_file_or_an_unknown_subject_is_left_to_the_full_path(
    ctx: Context, db_path: Path, tmp_path: Path
) -> None:
    add_checkin(ctx, "mobilized")  # the subject exists
    assert insert_checkin(tmp_path / "nowhere.db", "me", RECORD) is None
    assert insert_checkin(db_path, "someone-else", RECORD) is None


def test_the_inserted_check_in_is_read_back_by_the_full_path(ctx: Context, db_path: Path) -> None:
    add_checkin(ctx, "mobilized")
    record = CheckIn(
        at=RECORD.at, tz="UTC", state="shut-down", intensity=3, body=("heaviness",), note="x"
    )
    saved = insert_checkin(db_path, "me", record)
    assert saved is not None and saved.id is not None and saved.id > 1
    assert get_entry(ctx, "checkin", saved.id).record == saved
