"""Opening the store: URL resolution, SQLite pragmas, migrations, and safe writes.

SQLite is the embedded default: one file in the user's data directory, in WAL mode so
readers never block the writer. Writes take the lock up front (``BEGIN IMMEDIATE``) so
two writers queue instead of deadlocking, and a write that still meets a locked
database is retried with back-off before the user ever hears of it.
PostgreSQL (``postgresql+psycopg://…``) serves a shared server with the same tables.

Encryption at rest: given a passphrase, the SQLite file is opened through SQLCipher
(``sqlcipher3``). Every page of the database and of its WAL is then encrypted with a key
derived from the passphrase; SQLCipher keeps temporary tables in memory. A plain SQLite
file starts with the 16 bytes ``SQLite format 3\\0``; an encrypted one starts with a
random salt, which is how :func:`is_encrypted_file` tells them apart without a key.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Dialect, Engine, Executable, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from ebbtide.config import ENV_DB, default_db_path
from ebbtide.domain.errors import ErrorCode, NoDatabaseError, StoreError, ValidationError
from ebbtide.store.private import create_private, ensure_folder, make_private, sweep_temp_files
from ebbtide.store.retry import is_busy, with_retries
from ebbtide.store.revision import (
    EDITED,
    READ,
    Revision,
    as_revision,
    bump_revision,
    note_edit,
    read_revision,
)
from ebbtide.store.sqlite_setup import BUSY_TIMEOUT_MS, session_pragmas
from ebbtide.store.version import SCHEMA_HEAD

T = TypeVar("T")

SQLITE_MAGIC = b"SQLite format 3\x00"
DISK_FULL = "the disk is full, so nothing was saved; free some space and try again"
DISK_ERROR = "the disk reported an error, so nothing was saved ({detail})"
LOW_SPACE = 4 * 1024 * 1024
"""Below this many free bytes, SQLite's "disk I/O error" means the disk filled up."""


def resolve_url(db: str | None) -> str:
    """Turn a --db value, $EBBTIDE_DB or the default into a SQLAlchemy URL."""
    value = db or os.environ.get(ENV_DB) or default_db_path()
    if not value.strip():
        raise ValidationError("db", "a database path or URL cannot be blank")
    if any(ord(ch) < 32 for ch in value):
        raise ValidationError("db", "a database path or URL cannot contain control characters")
    if "://" in value:
        if value.startswith("postgres://") or value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    if url.startswith("sqlite") and ":///" in url:
        raw = url.split(":///", 1)[1].split("?", 1)[0]
        return Path(raw) if raw and raw != ":memory:" else None
    return None


def is_encrypted_file(path: Path) -> bool:
    """True if ``path`` looks like a SQLCipher file: whole pages, no plain SQLite header."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    # SQLCipher files are whole pages (512 bytes or a power-of-two multiple).
    return size >= 512 and size % 512 == 0 and head != SQLITE_MAGIC


class PassphraseNeeded(StoreError):
    """The database is encrypted and no passphrase was given."""


class WrongPassphrase(StoreError):
    """The passphrase given does not open the database."""


def check_passphrase(passphrase: str) -> str:
    """Refuse passphrases SQLCipher cannot take; return it unchanged."""
    if not passphrase:
        raise StoreError("the passphrase cannot be empty")
    if "\x00" in passphrase:
        raise StoreError("the passphrase cannot contain a NUL character")
    return passphrase


def key_pragma(passphrase: str, schema: str = "") -> str:
    """The ``PRAGMA key`` statement for a passphrase (quoted as an SQL string)."""
    quoted = "'" + check_passphrase(passphrase).replace("'", "''") + "'"
    prefix = f"{schema}." if schema else ""
    return f"PRAGMA {prefix}key = {quoted}"


def cipher_connect(
    path: Path, passphrase: str | None, *, timeout: float = BUSY_TIMEOUT_MS / 1000
) -> Any:
    """A raw SQLCipher connection to ``path``, keyed when a passphrase is given."""
    from sqlcipher3 import dbapi2 as cipher

    conn = cipher.connect(str(path), timeout=timeout, check_same_thread=False)
    # SQLCipher would print its own diagnostics (e.g. on a wrong key) to stderr.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        # The key must be the very first statement on the connection.
        conn.execute(key_pragma(passphrase))
    return conn


_is_locked = is_busy


@dataclass
class Store:
    """A handle on one ebbtide database: separate paths for reading and writing."""

    url: str
    reader: Engine
    writer: Engine
    path: Path | None = None
    encrypted: bool = False
    passphrase: str | None = field(default=None, repr=False)
    _disposed: bool = field(default=False, repr=False)
    writes: int = field(default=0, repr=False)
    """Transactions this handle has committed."""
    _probe: Any = field(default=None, repr=False)
    _probe_seen: dict[int, tuple[int, Revision]] = field(default_factory=dict, repr=False)
    _probe_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        event.listen(self.writer, "before_cursor_execute", note_edit)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.writer.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads; sees a consistent snapshot within its transaction.

        Inside ``one_snapshot`` every read shares that block's connection instead.
        """
        shared = _SHARED_READ.get()
        if shared is not None and shared[0] is self:
            yield shared[1]
            return
        try:
            with self.reader.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise _store_error(exc, self) from exc

    @contextmanager
    def one_snapshot(self) -> Iterator[Connection]:
        """A block whose reads all share one connection: one transaction, one snapshot (a
        page that needs several reads opens one). Reads only: a write made inside the
        block is not seen by the block's later reads."""
        shared = _SHARED_READ.get()
        if shared is not None and shared[0] is self:
            yield shared[1]
            return
        with self.reading() as conn:
            token = _SHARED_READ.set((self, conn))
            try:
                yield conn
            finally:
                _SHARED_READ.reset(token)

    def write(
        self, work: Callable[[Connection], T], *, subject: int | None = None, bump: bool = True
    ) -> T:
        """Run ``work`` in one transaction; retry when another writer holds the lock.

        The transaction also bumps a revision (see ``store.revision``): the subject's own
        when it writes only that subject's records, else the shared one. ``bump=False``
        is for tables no cache reads (the server's accounts and sessions).
        """

        def attempt() -> T:
            with self.writer.begin() as conn:
                conn.info.pop(EDITED, None)
                result = work(conn)
                if bump:
                    edited = bool(conn.info.pop(EDITED, False))
                    bump_revision(conn, edited=edited, subject=subject)
            return result

        try:
            result = with_retries(attempt, OperationalError)
        except OperationalError as exc:
            raise _store_error(exc, self) from exc
        self.writes += 1
        return result

    def on_driver(self, work: Callable[[Any], T]) -> T:
        """Run ``work`` on a pooled PostgreSQL driver connection (psycopg) in autocommit.

        For a server's hottest single statements: each commits on its own, in one round
        trip, and skips SQLAlchemy's per-statement work, which costs more CPU than the
        statement. A connection found dead (the database restarted) is dropped, the
        pool's other connections with it, and the work tried once more.
        """
        from psycopg import OperationalError as DriverError

        for attempt in (1, 2):
            fairy = self.writer.raw_connection()
            conn = fairy.driver_connection
            assert conn is not None
            try:
                conn.autocommit = True
                try:
                    return work(conn)
                finally:
                    if not conn.broken:
                        conn.autocommit = False
            except DriverError:
                if attempt == 2 or not conn.broken:
                    raise
                fairy.invalidate()
                self.writer.dispose()
            finally:
                fairy.close()
        raise AssertionError("unreachable")  # pragma: no cover

    def revision(self, subject: int) -> Revision:
        """The subject's revision as last committed by any process.

        On a SQLite file a dedicated connection asks ``PRAGMA data_version`` (which changes
        only when another connection commits) and reads the rows only then; elsewhere they
        are read (one statement).
        """
        if self.path is None:
            with self.reading() as conn:
                return read_revision(conn, subject)
        with self._probe_lock:
            try:
                if self._probe is None:
                    self._probe = _probe_connection(self)
                    self._probe_seen.clear()  # data_version counts per connection
                version = int(self._probe.execute("PRAGMA data_version").fetchone()[0])
                seen = self._probe_seen.get(subject)
                if seen is not None and seen[0] == version:
                    return seen[1]
                row = self._probe.execute(READ, {"subject": subject}).fetchone()
            except Exception as exc:
                if self._probe is not None:
                    self._probe.close()
                    self._probe = None
                raise _store_error(exc, self) from exc
            current = as_revision(row)
            self._probe_seen[subject] = (version, current)
            return current

    def dispose(self) -> None:
        """Close every pooled connection."""
        if not self._disposed:
            with self._probe_lock:
                if self._probe is not None:
                    self._probe.close()
                    self._probe = None
            self.reader.dispose()
            self.writer.dispose()
            self._disposed = True


_SHARED_READ: ContextVar[tuple[Store, Connection] | None] = ContextVar(
    "ebbtide_shared_read", default=None
)


def on_psycopg(conn: Connection) -> bool:
    """True when ``conn`` is PostgreSQL through psycopg (where ``driver_rows`` works)."""
    return conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg"


def driver_rows(conn: Connection, sql: str, params: dict[str, Any]) -> list[Any]:
    """Rows of one statement sent by the PostgreSQL driver itself on ``conn``'s connection,
    skipping SQLAlchemy's per-execution work (for reads it costs more than the query).
    ``sql`` is in the driver's ``%(name)s`` style. A driver error comes out as SQLAlchemy's
    own (so ``Store.reading`` still turns a lost database into a StoreError), and a
    connection it broke is dropped from the pool."""
    from psycopg import Error as DriverError

    driver = conn.connection.driver_connection
    assert driver is not None
    try:
        return list(driver.execute(sql, params).fetchall())
    except DriverError as exc:
        if driver.broken:
            conn.invalidate()
        raise DBAPIError.instance(sql, params, exc, DriverError) from exc


def statement_rows(
    conn: Connection, statement: Executable, params: dict[str, Any] | None = None
) -> list[Any]:
    """Rows of a read-only ``statement`` (with ``params`` for its bound parameters). On
    PostgreSQL through psycopg its text, compiled once per statement, goes to the driver
    itself (``driver_rows``); elsewhere it runs through SQLAlchemy."""
    if not on_psycopg(conn):
        return list(conn.execute(statement, params or {}).all())
    sql, compiled = _driver_text(statement, conn.dialect)
    return driver_rows(conn, sql, dict(compiled.construct_params(params)))


@lru_cache(maxsize=256)
def _driver_text(statement: Executable, dialect: Dialect) -> tuple[str, Any]:
    """``statement`` as the driver's text (values such as a separator rendered in it, as
    SQLAlchemy would), and its compiled form for the parameters."""
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})  # type: ignore[attr-defined]
    # every parameter is a plain int or str: none needs SQLAlchemy to convert it
    assert not compiled._bind_processors
    return compiled.string, compiled


def _probe_connection(store: Store) -> Any:
    """An autocommit connection that only ever reads the revision (see ``Store.revision``)."""
    assert store.path is not None
    if store.encrypted:
        return cipher_connect(store.path, store.passphrase)
    import sqlite3

    conn = sqlite3.connect(str(store.path), timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)  # fmt: skip
    return conn


def _disk_nearly_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE
    except OSError:
        return False


def _store_error(exc: BaseException, store: Store) -> StoreError:
    if _is_locked(exc):
        return StoreError(
            "the database is busy with another ebbtide process; please try again in a moment"
        )
    text = str(getattr(exc, "orig", exc)).lower()
    if "database or disk is full" in text or "no space left" in text:
        return StoreError(DISK_FULL)
    if "disk i/o error" in text:
        return StoreError(
            DISK_FULL if _disk_nearly_full(store.path) else DISK_ERROR.format(detail=text)
        )
    where = store.path or store.url.split("@")[-1]
    return StoreError(f"the database at {where} could not be used: {getattr(exc, 'orig', exc)}")


def _sqlite_engine(
    url: str, *, immediate: bool, connect_args: dict[str, Any], passphrase: str | None = None
) -> Engine:
    if passphrase is None:
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, **connect_args}
        )
    else:
        from sqlcipher3 import dbapi2 as cipher

        path = sqlite_path(url)
        if path is None:
            raise StoreError("encryption needs a database file, not an in-memory database")
        check_passphrase(passphrase)
        engine = create_engine(url, module=cipher, creator=lambda: cipher_connect(path, passphrase))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module so BEGIN is ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in session_pragmas(BUSY_TIMEOUT_MS):
            cur.execute(pragma)
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engines(
    url: str, connect_args: dict[str, Any] | None = None, *, passphrase: str | None = None
) -> tuple[Engine, Engine]:
    """Build (reader, writer) engines for a URL; a passphrase opens it with SQLCipher."""
    args = connect_args or {}
    if url.startswith("sqlite"):
        return (
            _sqlite_engine(url, immediate=False, connect_args=args, passphrase=passphrase),
            _sqlite_engine(url, immediate=True, connect_args=args, passphrase=passphrase),
        )
    if passphrase is not None:
        raise StoreError(code=ErrorCode.PASSPHRASE_ON_SERVER)
    engine = create_engine(url, pool_pre_ping=True, connect_args=args)
    return engine, engine


def open_store(
    db: str | None = None, *, create: bool = True, passphrase: str | None = None
) -> Store:
    """Open (and if needed create and migrate) the ebbtide database named by ``db``.

    With a passphrase the SQLite file is opened (or created) encrypted; without one an
    encrypted file raises :class:`PassphraseNeeded`.
    """
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            if not create:
                raise NoDatabaseError(code=ErrorCode.NO_DATABASE, params={"path": path})
            _create_private_file(path)
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        else:
            _check_key_fits(path, passphrase)
            make_private(path)
        sweep_temp_files(path)
    try:
        reader, writer = make_engines(url, passphrase=passphrase)
    except StoreError:
        raise
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"cannot open the database '{_redact(url)}': {exc}") from exc
    store = Store(
        url=url,
        reader=reader,
        writer=writer,
        path=path,
        encrypted=passphrase is not None,
        passphrase=passphrase,
    )
    try:
        ensure_schema(store)
    except BaseException:
        store.dispose()
        raise
    return store


def _create_private_file(path: Path) -> None:
    """An empty database file, 0600 in a 0700 folder: SQLite gives its side files the same."""
    try:
        ensure_folder(path.parent)
        os.close(create_private(path))
    except FileExistsError:
        pass  # another process created it a moment ago
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from exc


def _check_key_fits(path: Path, passphrase: str | None) -> None:
    encrypted = is_encrypted_file(path)
    if encrypted and passphrase is None:
        raise PassphraseNeeded(code=ErrorCode.PASSPHRASE_NEEDED, params={"path": path})
    if not encrypted and passphrase is not None and path.stat().st_size > 0:
        raise StoreError(code=ErrorCode.PASSPHRASE_NOT_ENCRYPTED, params={"path": path})


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def schema_version(store: Store) -> str | None:
    """The migration the database is at, or None for an empty database."""
    try:
        with store.reader.connect() as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return str(row[0]) if row else None
    except DBAPIError as exc:
        msg = str(exc.orig).lower()
        if "no such table" in msg or "does not exist" in msg or "undefinedtable" in msg:
            return None
        if _is_locked(exc):
            raise StoreError(
                "the database is busy with another ebbtide process; please try again"
            ) from exc
        if ("not a database" in msg) and store.encrypted:
            raise WrongPassphrase(
                f"that passphrase does not open {store.path or 'the database'}"
            ) from exc
        if "file is not a database" in msg or "not a database" in msg:
            raise StoreError(
                f"{store.path or 'the database'} is not an ebbtide database "
                "(or it is encrypted and needs its passphrase)"
            ) from exc
        raise StoreError(f"cannot read the database: {exc.orig}") from exc


def ensure_schema(store: Store) -> None:
    """Bring the database to the newest schema, or refuse one written by a newer ebbtide."""
    version = schema_version(store)
    if version == SCHEMA_HEAD:
        return
    from ebbtide.store.migrate import known_revisions, upgrade

    if version is not None and version not in known_revisions():
        raise StoreError(
            f"this database was written by a newer ebbtide (schema '{version}'); "
            "please upgrade ebbtide to open it"
        )
    if version is None and _has_foreign_tables(store):
        raise StoreError("this database holds other tables and is not an ebbtide database")
    upgrade(store)


def _has_foreign_tables(store: Store) -> bool:
    from sqlalchemy import inspect

    with store.reader.connect() as conn:
        names = set(inspect(conn).get_table_names())
    return bool(names - {"alembic_version"})
