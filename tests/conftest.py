"""Shared fixtures: every test gets its own database and never touches real user data."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from ebbtide.service.context import Context, open_context
from tests.support.postgres import PostgresServer, create_database, postgres_server

# Tests never assert on wall-clock time: Hypothesis's per-example deadline would fail an
# example on a busy machine (say the first note that loads the crisis model lazily).
settings.register_profile("ebbtide", deadline=None)
settings.load_profile("ebbtide")

# A fixed "now" for deterministic tests: Saturday 21 Nov 2026, 15:00 in Berlin.
FIXED_NOW = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
TZ = "Europe/Berlin"
_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's data directory or configuration."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for var in ("EBBTIDE_DB", "EBBTIDE_SUBJECT", "EBBTIDE_DAY_START_HOUR", "EBBTIDE_PASSPHRASE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EBBTIDE_TZ", TZ)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh SQLite database file path (not yet created)."""
    return tmp_path / "ebbtide.db"


def fixed_clock() -> datetime:
    """The tests' fixed current instant."""
    return FIXED_NOW


@pytest.fixture
def ctx(db_path: Path) -> Iterator[Context]:
    """A service context on a fresh SQLite file with a fixed clock."""
    c = open_context(str(db_path), tz=TZ, clock=fixed_clock)
    yield c
    c.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server per test session (worker)."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return create_database(pg_server, f"t{next(_counter)}_{id(pg_server) % 10_000}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(db_path)
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def pg_ctx(pg_url: str) -> Iterator[Context]:
    """A service context on PostgreSQL only (for what only PostgreSQL does)."""
    c = open_context(pg_url, tz=TZ, clock=fixed_clock)
    yield c
    c.close()


@pytest.fixture
def any_ctx(any_db: str) -> Iterator[Context]:
    """A service context on SQLite and on PostgreSQL."""
    c = open_context(any_db, tz=TZ, clock=fixed_clock)
    yield c
    c.close()
