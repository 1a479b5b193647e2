"""Opening the server's database: the personal store's tables plus the ``srv_`` tables.

The server runs on PostgreSQL only. Every pooled connection switches to the
``ebbtide_app`` role (see ``migrations.APP_ROLE``), which can append to the audit trail
but never change or remove a row of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from psycopg import Connection as DriverConnection
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from ebbtide.domain.errors import StoreError, ValidationError
from ebbtide.domain.timekeeping import utc_now
from ebbtide.server import messages as msg
from ebbtide.server import migrations
from ebbtide.service import ENV_DB, day_start_hour
from ebbtide.store.engine import Store, open_store, resolve_url

T = TypeVar("T")
APP_ROLE = "ebbtide_app"
APP_NAME = "ebbtide-server"


@dataclass(frozen=True)
class Settings:
    """Timeouts, limits and password-hash cost; the defaults are the production ones."""

    idle_minutes: int = 30
    absolute_hours: int = 12
    lock_after: int = 5
    lock_minutes: int = 15
    window_minutes: int = 15
    max_failures_per_email: int = 10
    max_failures_per_address: int = 30
    argon_time_cost: int = 3
    argon_memory_kib: int = 65536
    secure_cookies: bool = True


@dataclass
class ServerDB:
    """The store (for the service layer) and the server's own tables, with one clock."""

    store: Store
    clock: Callable[[], datetime] = field(default=utc_now)
    settings: Settings = field(default_factory=Settings)
    day_start_hour: int = 4

    def now(self) -> datetime:
        """The current instant (UTC), whole seconds."""
        return self.clock().replace(microsecond=0)

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction on the server's own tables (accounts, sessions,
        grants, the audit trail). No cache reads them, so no store revision is bumped: two
        people signing in never wait on one counter. A person's records are written
        through the service, which bumps that person's revision alone."""
        return self.store.write(work, bump=False)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.store.reading() as conn:
            yield conn

    def auto(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` on an autocommit connection: each statement commits on its own.

        For single statements off the hot path (a session's activity on a study request):
        no BEGIN or ROLLBACK, and no store-revision bump (these are the server's own
        tables, not anyone's records). A connection found dead (the database restarted)
        is replaced and the work tried once more.
        """
        for attempt in (1, 2):
            try:
                with self.store.reader.connect() as conn:  # the pool's autocommit face
                    return work(conn)
            except DBAPIError as exc:
                if attempt == 2 or not exc.connection_invalidated:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def on_driver(self, work: Callable[[DriverConnection[Any]], T]) -> T:
        """Run ``work`` on a pooled psycopg connection in autocommit (``Store.on_driver``):
        the hot path's single statements, the guard's facts and an audit row."""
        return self.store.on_driver(work)

    def close(self) -> None:
        """Release every connection."""
        self.store.dispose()


def server_url(db: str | None) -> str:
    """The PostgreSQL URL from --db or $EBBTIDE_DB; anything else is refused."""
    value = db or os.environ.get(ENV_DB)
    if not value:
        raise ValidationError("db", msg.NO_DB)
    url = resolve_url(value)
    if not url.startswith("postgresql"):
        raise ValidationError("db", msg.NOT_POSTGRES.format(url=value.split("@")[-1]))
    return url


def init_server(db: str | None) -> tuple[int, int]:
    """Create or upgrade the store's and the server's tables; (applied, total) migrations."""
    store = open_store(server_url(db))
    try:
        applied = store.write(migrations.upgrade)
    finally:
        store.dispose()
    return applied, len(migrations.MIGRATIONS)


def _as_app_role(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"SET ROLE {APP_ROLE}")
    cur.close()
    dbapi_conn.commit()  # a SET inside a rolled-back transaction would be undone


def open_server(
    db: str | None,
    *,
    clock: Callable[[], datetime] = utc_now,
    settings: Settings | None = None,
) -> ServerDB:
    """Open an initialised server database; refuse one that `server init` has not prepared."""
    store = open_store(server_url(db))
    try:
        with store.reading() as conn:
            if migrations.pending(conn):
                raise StoreError(msg.NOT_INITIALISED)
            conn.rollback()
    except BaseException:
        store.dispose()
        raise
    store.dispose()  # connections opened so far have the owner's role
    # Many people at once: a larger pool than a personal store needs.
    # The application name tells workers apart in pg_stat_activity. No ping on checkout
    # (a round trip per request): a connection that died with the database is noticed by
    # its first statement, which invalidates the whole pool, and ``auto`` retries it.
    engine = create_engine(
        store.url,
        pool_size=20,
        max_overflow=20,
        pool_pre_ping=False,
        connect_args={"application_name": f"{APP_NAME} {os.getpid()}"},
    )
    event.listen(engine, "connect", _as_app_role)
    # Reads autocommit: each statement sees the latest commits, and a read costs no BEGIN
    # or ROLLBACK round trips (the server's reads are single statements per question;
    # writes stay in transactions). Both share one pool.
    reader = engine.execution_options(isolation_level="AUTOCOMMIT")
    served = Store(url=store.url, reader=reader, writer=engine)
    return ServerDB(served, clock, settings or Settings(), day_start_hour())


def current_role(conn: Connection) -> str:
    """The database role a connection acts as (tests check it is the app role)."""
    return str(conn.execute(text("SELECT current_user")).scalar_one())
