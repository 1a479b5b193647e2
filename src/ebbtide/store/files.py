"""Whole-file operations on a SQLite store: re-keying, snapshots, restore and erasure.

Every operation that replaces the database file writes the new file beside it first
(``.<name>.<random>.tmp``, created 0600 and locked while in use, see ``store.private``),
flushes it to disk, and then renames it over the old one, so a crash leaves either the
old database or the new one, never half of each. The temporary file is wiped and removed
on every way out; one left by a killed run is wiped and removed by the next. The bytes of
a replaced or erased file are overwritten with zeros through a descriptor kept open
across the rename (best effort: flash storage may keep old blocks; encryption is what
really protects them).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ebbtide.domain.errors import StoreError, ValidationError
from ebbtide.store.engine import cipher_connect, is_encrypted_file, key_pragma
from ebbtide.store.private import (
    SIDE_SUFFIXES,
    create_temp,
    ensure_folder,
    sweep_temp_files,
    zero_fill,
)
from ebbtide.store.sqlite_setup import BUSY_TIMEOUT_MS


def side_files(path: Path) -> list[Path]:
    """The WAL, shared-memory and journal files SQLite may keep beside ``path``."""
    return [path.with_name(path.name + s) for s in SIDE_SUFFIXES]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):  # not every filesystem lets a folder be synced
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _remove(path: Path, *, wipe: bool) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        if wipe:
            zero_fill(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    return True


def _connect(path: Path, passphrase: str | None, *, cipher: bool | None = None) -> Any:
    """A raw connection: SQLCipher for encrypted files, the standard sqlite3 for plain ones.

    Plain files must be opened with the same SQLite library the app's engine uses for
    them: two copies of SQLite in one process do not see each other's POSIX locks, and a
    backup taken through the other copy while the app writes can corrupt the database
    (sqlite.org/howtocorrupt.html, "multiple copies of SQLite linked into one program").
    """
    use_cipher = passphrase is not None if cipher is None else cipher
    if not use_cipher:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn
    conn = cipher_connect(path, passphrase)
    conn.isolation_level = None  # we issue BEGIN ourselves
    return conn


def check_database(path: Path, passphrase: str | None) -> str | None:
    """Open a database file, verify its integrity, return its schema version."""
    if is_encrypted_file(path) and passphrase is None:
        raise StoreError(f"{path} is encrypted: give its passphrase")
    conn = _connect(path, passphrase)
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise StoreError(f"{path} is damaged ({verdict}); it cannot be used")
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if not has_version:
            raise StoreError(f"{path} is not an ebbtide database")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except StoreError:
        raise
    except Exception as exc:
        msg = str(exc).lower()
        if "not a database" in msg:
            hint = "the passphrase does not open it" if passphrase else "it is not a database"
            raise StoreError(f"{path} cannot be read: {hint}") from exc
        raise StoreError(f"{path} cannot be read: {exc}") from exc
    finally:
        conn.close()


def checkpoint(path: Path, passphrase: str | None) -> None:
    """Move everything from the WAL into the database and truncate the WAL to nothing."""
    conn = _connect(path, passphrase)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise StoreError("another ebbtide process is reading the database; close it and retry")
    finally:
        conn.close()


def _export(conn: Any, target: Path, passphrase: str | None, *, immediate: bool = False) -> None:
    """Copy the connected database into a new file ``target`` keyed with ``passphrase``."""
    if passphrase is None and isinstance(conn, sqlite3.Connection):
        # VACUUM INTO reads in one transaction: a consistent snapshot while others write.
        conn.execute("VACUUM INTO ?", (str(target),))
        return
    key = "''" if passphrase is None else key_pragma(passphrase).split("=", 1)[1].strip()
    quoted = "'" + str(target).replace("'", "''") + "'"
    conn.execute(f"ATTACH DATABASE {quoted} AS export KEY {key}")
    try:
        # One read transaction: the copy is a consistent snapshot even while others write.
        # IMMEDIATE also keeps writers out, for a rewrite that will replace the file.
        conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        conn.execute("SELECT sqlcipher_export('export')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA export.user_version = {int(version)}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE export")


@contextlib.contextmanager
def _temp_target(path: Path) -> Iterator[Path]:
    """An empty 0600 file beside ``path`` to write into; wiped and removed however we leave."""
    sweep_temp_files(path)
    tmp, fd = create_temp(path)
    try:
        yield tmp
    finally:
        try:
            for p in (tmp, *side_files(tmp)):
                _remove(p, wipe=True)
        finally:
            os.close(fd)  # releases the lock only once the file is gone


def rekey(path: Path, old: str | None, new: str | None) -> None:
    """Rewrite the database at ``path`` under a new passphrase (None: unencrypted)."""
    check_database(path, old)
    checkpoint(path, old)
    with _temp_target(path) as tmp:
        conn = _connect(path, old, cipher=True)  # sqlcipher_export works across keys
        try:
            _export(conn, tmp, new, immediate=True)
        finally:
            conn.close()
        check_database(tmp, new)
        _fsync(tmp)
        _replace(tmp, path)


def _replace(new: Path, path: Path) -> None:
    """Rename ``new`` over ``path``, then zero the old file's bytes and side files."""
    old_fd = os.open(path, os.O_RDWR) if path.exists() else None
    try:
        for side in side_files(path):
            _remove(side, wipe=True)
        os.replace(new, path)
        _fsync(path)
        if old_fd is not None:
            zero_fill(old_fd)
    finally:
        if old_fd is not None:
            os.close(old_fd)


def snapshot(path: Path, target: Path, passphrase: str | None) -> None:
    """Write a consistent copy of the live database to ``target`` (same passphrase)."""
    if target.exists() and target.is_dir():
        raise ValidationError("output", f"{target} is a folder; give a file name for the backup")
    ensure_folder(target.parent)
    with _temp_target(target) as tmp:
        conn = _connect(path, passphrase)
        try:
            _export(conn, tmp, passphrase)
        finally:
            conn.close()
        check_database(tmp, passphrase)
        _fsync(tmp)
        os.replace(tmp, target)


def restore(backup: Path, path: Path, passphrase: str | None) -> None:
    """Replace the database at ``path`` with a copy of ``backup``."""
    check_database(backup, passphrase)
    if path.exists():
        checkpoint(path, passphrase if is_encrypted_file(path) else None)
    ensure_folder(path.parent)
    with _temp_target(path) as tmp:
        conn = _connect(backup, passphrase)
        try:
            _export(conn, tmp, passphrase)
        finally:
            conn.close()
        check_database(tmp, passphrase)
        _fsync(tmp)
        _replace(tmp, path)


def erase(path: Path) -> list[Path]:
    """Overwrite and delete the database file and its side files; return what was removed."""
    return [p for p in (path, *side_files(path)) if _remove(p, wipe=True)]
