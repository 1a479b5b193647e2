"""Use cases that protect the store as a whole: encryption, backup, restore, erasure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ebbtide.domain.errors import NoDatabaseError, StoreError, ValidationError
from ebbtide.domain.records import Person
from ebbtide.service.context import Context
from ebbtide.service.people import delete_person, get_person
from ebbtide.service.secrets import db_file, forget_keyring, remember_passphrase, uses_keyring
from ebbtide.store import erasure, files
from ebbtide.store.engine import check_passphrase, is_encrypted_file, open_store, resolve_url
from ebbtide.store.revision import renew_identity


def _sqlite_file(db: str | None, what: str) -> Path:
    path = db_file(db)
    if path is None:
        raise ValidationError(
            "db", f"{what} works on the SQLite file; a PostgreSQL server manages its own storage"
        )
    return path


def _existing_file(db: str | None, what: str) -> Path:
    path = _sqlite_file(db, what)
    if not path.exists() or path.stat().st_size == 0:
        raise NoDatabaseError(f"there is no ebbtide database at {path} yet")
    return path


def is_encrypted(db: str | None) -> bool:
    """Whether the SQLite database named by ``db`` exists and is encrypted."""
    path = db_file(db)
    return path is not None and is_encrypted_file(path)


def init_store(db: str | None, *, passphrase: str | None = None, keyring: bool = False) -> str:
    """Create a new, empty database (encrypted when a passphrase is given)."""
    path = db_file(db)
    if path is not None and path.exists() and path.stat().st_size > 0:
        raise ValidationError("db", f"there is already a database at {path}")
    if passphrase is not None and path is None:
        _sqlite_file(db, "encryption")
    store = open_store(db, passphrase=passphrase)
    store.dispose()
    if keyring and path is not None and passphrase is not None:
        remember_passphrase(path, passphrase)
    return str(path) if path is not None else resolve_url(db).split("@")[-1]


def encrypt_store(db: str | None, passphrase: str, *, keyring: bool = False) -> Path:
    """Encrypt an existing unencrypted database in place."""
    path = _existing_file(db, "encryption")
    if is_encrypted_file(path):
        raise ValidationError(
            "db", f"{path} is already encrypted; `ebbtide passphrase` changes its passphrase"
        )
    files.rekey(path, None, check_passphrase(passphrase))
    if keyring:
        remember_passphrase(path, passphrase)
    return path


def decrypt_store(db: str | None, passphrase: str) -> Path:
    """Store an encrypted database unencrypted again (the person's explicit choice)."""
    path = _existing_file(db, "decryption")
    if not is_encrypted_file(path):
        raise ValidationError("db", f"{path} is not encrypted")
    files.rekey(path, passphrase, None)
    forget_keyring(path)
    return path


def change_passphrase(db: str | None, old: str, new: str) -> Path:
    """Re-encrypt a database under a new passphrase."""
    path = _existing_file(db, "changing the passphrase")
    if not is_encrypted_file(path):
        raise ValidationError("db", f"{path} is not encrypted; `ebbtide encrypt` encrypts it")
    files.rekey(path, old, check_passphrase(new))
    if uses_keyring(path):
        remember_passphrase(path, new)
    return path


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and whether it is encrypted."""

    path: Path
    encrypted: bool


def backup(ctx: Context, target: Path) -> BackupInfo:
    """Write a consistent snapshot of the live store (encrypted if the store is)."""
    path = ctx.store.path
    if path is None:
        raise ValidationError(
            "db",
            "backup copies the SQLite file; for PostgreSQL use pg_dump or `ebbtide export json`",
        )
    target = target.expanduser().resolve()
    if target == path:
        raise ValidationError("output", "the backup cannot replace the database itself")
    files.snapshot(path, target, ctx.store.passphrase)
    return BackupInfo(target, ctx.store.encrypted)


def check_backup(backup_file: Path, passphrase: str | None) -> str | None:
    """Verify a backup file can be restored; return its schema version."""
    if not backup_file.is_file():
        raise ValidationError("backup", f"there is no backup file at {backup_file}")
    try:
        return files.check_database(backup_file, passphrase)
    except StoreError as exc:  # the file named is not one to restore: bad input, not a failure
        raise ValidationError("backup", exc.message) from exc


def restore(db: str | None, backup_file: Path, passphrase: str | None) -> Path:
    """Replace the database with the backup (kept encrypted as it was)."""
    path = _sqlite_file(db, "restore")
    backup_file = backup_file.expanduser().resolve()
    if backup_file == path:
        raise ValidationError("backup", "that is the database itself, not a backup")
    check_backup(backup_file, passphrase)
    files.restore(backup_file, path, passphrase)
    store = open_store(str(path), passphrase=passphrase)  # migrates an older backup
    try:  # a copy is not the store it was copied from: datasets made since read it again
        store.write(renew_identity, bump=False)
    finally:
        store.dispose()
    return path


@dataclass(frozen=True)
class ForgetPlan:
    """A person and what forgetting them removes or changes."""

    person: Person
    footprint: erasure.Footprint


def forget_plan(ctx: Context, name_or_id: str | int) -> ForgetPlan:
    """What `forget` would remove, to show before asking."""
    person = get_person(ctx, name_or_id)
    with ctx.store.reading() as conn:
        return ForgetPlan(person, erasure.person_footprint(conn, person.id or 0))


def scrub(ctx: Context) -> None:
    """Fold the WAL into the database and empty it, so deleted text lingers nowhere."""
    if ctx.store.path is not None:
        # Idle pooled connections would keep the WAL alive; they reconnect on next use.
        ctx.store.reader.dispose()
        ctx.store.writer.dispose()
        files.checkpoint(ctx.store.path, ctx.store.passphrase)


def forget(ctx: Context, name_or_id: str | int) -> Person:
    """Delete a person and what names only them, and scrub the deleted bytes."""
    person = delete_person(ctx, name_or_id)
    scrub(ctx)
    return person


def erase_all(ctx: Context) -> list[Path]:
    """Remove the whole store: the SQLite files, or this subject's rows on a server."""
    path = ctx.store.path
    if path is None:
        ctx.store.write(lambda c: erasure.delete_subject(c, ctx.subject_id))
        ctx.close()
        return []
    ctx.close()
    removed = files.erase(path)
    forget_keyring(path)
    return removed
