"""A minimal SQLite writer for the hottest path: a one-line check-in.

`ebbtide checkin connected --intensity 2` should feel instant, so it must not pay for
importing SQLAlchemy, Alembic and Typer. This writer uses the standard ``sqlite3``
module on an *existing, up-to-date, unencrypted* database only; anything else
(a missing file, an older or newer schema, PostgreSQL, an encrypted file, a new
subject) returns None and the caller takes the full path. The row it writes is the
one ``store.mappers`` writes — a test compares the two.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ebbtide.domain.records import CheckIn
from ebbtide.domain.spec import CHECKIN
from ebbtide.store.codec import to_stored
from ebbtide.store.retry import with_retries
from ebbtide.store.revision import BUMP_SUBJECT
from ebbtide.store.sqlite_setup import BUSY_TIMEOUT_MS, session_pragmas
from ebbtide.store.version import SCHEMA_HEAD

_FIELDS = CHECKIN.columns
_NAMES = ("uid", "subject_id", *(f.column_name or f.name for f in _FIELDS))
_INSERT = f"INSERT INTO checkins ({', '.join(_NAMES)}) VALUES ({', '.join('?' for _ in _NAMES)})"


def _connect(path: Path) -> sqlite3.Connection | None:
    # Only plain SQLite files: an encrypted one is left entirely to SQLCipher, since two
    # SQLite libraries holding one file in one process do not share its POSIX locks.
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return None
    except OSError:
        return None
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None)  # fmt: skip
    try:
        for pragma in session_pragmas():
            conn.execute(pragma)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        mode = conn.execute("PRAGMA journal_mode").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        return None
    if row is None or row[0] != SCHEMA_HEAD or mode is None or mode[0] != "wal":
        conn.close()
        return None
    return conn


@dataclass(frozen=True)
class HelpSettings:
    """What crisis help needs from the store: the safety plan document and the region."""

    plan: str | None
    region: str | None


def _help_settings(conn: sqlite3.Connection, subject_id: int) -> HelpSettings:
    plan = conn.execute("SELECT body FROM safety_plans WHERE subject_id = ?", (subject_id,))
    region = conn.execute(
        "SELECT value FROM settings WHERE subject_id = ? AND key = 'region'", (subject_id,)
    )
    p, r = plan.fetchone(), region.fetchone()
    return HelpSettings(str(p[0]) if p else None, str(r[0]) if r else None)


def insert_checkin(
    path: Path,
    subject: str,
    record: CheckIn,
    before_write: Callable[[HelpSettings], None] | None = None,
) -> CheckIn | None:
    """Insert a check-in for an existing subject; None means "use the full path".

    ``before_write`` (crisis help) runs once the fast path is sure to be taken, before
    the write, so nothing that fails in the write can hide it.
    """
    import dataclasses

    conn = _connect(path)
    if conn is None:
        return None
    try:
        found = conn.execute("SELECT id FROM subjects WHERE code = ?", (subject,)).fetchone()
        if found is None:
            return None
        if before_write is not None:
            before_write(_help_settings(conn, found[0]))
        row = (record.uid, found[0], *(to_stored(f, getattr(record, f.name)) for f in _FIELDS))

        def attempt() -> int | None:
            try:
                conn.execute("BEGIN IMMEDIATE")
                cur = conn.execute(_INSERT, row)
                conn.execute(BUMP_SUBJECT, {"subject": found[0], "edit": 0})
                conn.execute("COMMIT")
                return cur.lastrowid
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        try:
            new_id = with_retries(attempt, sqlite3.OperationalError)
        except sqlite3.OperationalError:
            return None  # not saved: the full path tries again and words any error
        return dataclasses.replace(record, id=new_id)
    finally:
        conn.close()
