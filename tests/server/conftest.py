"""Fixtures for the server: a real PostgreSQL database, a settable clock, logged-in clients."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pyotp
import pytest
from fastapi.testclient import TestClient

from ebbtide.server import ServerDB, Settings, create_server_app, init_server, open_server
from ebbtide.server.accounts import NewAccount, add_account, add_member, add_organisation
from tests.conftest import FIXED_NOW
from tests.support.postgres import PostgresServer, create_database

if TYPE_CHECKING:
    from tests.server.world import World

PASSWORD = "correct horse battery staple"
FAST = Settings(argon_time_cost=1, argon_memory_kib=8192)
"""argon2id still, at a cost the test suite can afford hundreds of times."""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.at = now

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        """Move time forward."""
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """A settable clock starting at the suite's fixed instant."""
    return Clock()


@pytest.fixture
def server_url(pg_url: str) -> str:
    """A fresh PostgreSQL database with the store's and the server's tables."""
    init_server(pg_url)
    return pg_url


@pytest.fixture
def sdb(server_url: str, clock: Clock) -> Iterator[ServerDB]:
    """The server database, acting as the app role, on the settable clock."""
    db = open_server(server_url, clock=clock, settings=FAST)
    yield db
    db.close()


@pytest.fixture
def app_client(sdb: ServerDB) -> Iterator[TestClient]:
    """An HTTPS test client (Secure cookies) on a fresh app."""
    app = create_server_app(sdb, close_db=False)
    with TestClient(app, base_url="https://testserver") as tc:
        yield tc


@dataclass
class User:
    """An account the tests log in as."""

    account: NewAccount
    password: str = PASSWORD

    @property
    def email(self) -> str:
        """Its email."""
        return self.account.email

    @property
    def uid(self) -> str:
        """Its public id."""
        return self.account.uid

    def code(self, at: datetime) -> str | None:
        """The TOTP code at an instant (None without TOTP)."""
        secret = self.account.totp_secret
        return pyotp.TOTP(secret).at(at) if secret else None


def make_user(db: ServerDB, email: str, role: str) -> User:
    """Create an account."""
    return User(add_account(db, email, PASSWORD, role, tz="Europe/Berlin"))


def login(tc: TestClient, user: User, clock: Clock) -> str:
    """Log in on a test client; return the CSRF token. Moves the clock a TOTP step on."""
    clock.advance(seconds=31)
    body = {"email": user.email, "password": user.password, "totp": user.code(clock())}
    res = tc.post("/auth/login", json=body)
    assert res.status_code == 200, res.text
    token: str = res.json()["csrf_token"]
    tc.headers["X-CSRF-Token"] = token
    return token


def new_client(app_client: TestClient) -> TestClient:
    """Another browser on the same app (its own cookie jar)."""
    return TestClient(app_client.app, base_url="https://testserver")


_worlds = itertools.count()


@pytest.fixture(scope="module")
def world_db(pg_server: PostgresServer) -> Iterator[tuple[ServerDB, Clock]]:
    """One database for the whole matrix (sessions never idle out here)."""
    url = create_database(pg_server, f"world_{next(_worlds)}")
    init_server(url)
    clock = Clock()
    settings = Settings(argon_time_cost=1, argon_memory_kib=8192, idle_minutes=10**6)
    settings = Settings(**{**settings.__dict__, "absolute_hours": 10**5})
    db = open_server(url, clock=clock, settings=settings)
    yield db, clock
    db.close()


@pytest.fixture(scope="module")
def world(world_db: tuple[ServerDB, Clock]) -> World:
    """The clinic, the studies and their clients."""
    from tests.server.world import build_world

    return build_world(*world_db)


@pytest.fixture(scope="module")
def browsers(world: World) -> Iterator[dict[str, TestClient]]:
    """One logged-in browser per role (anonymous has none)."""
    from tests.server.world import ROLES

    app = create_server_app(world.db, close_db=False)
    out: dict[str, TestClient] = {}
    for role in ROLES:
        tc = TestClient(app, base_url="https://testserver", follow_redirects=False)
        user = world.actor(role)
        if user is not None:
            login(tc, user, world.clock)
        out[role] = tc
    yield out
    for tc in out.values():
        tc.close()


__all__ = ["Clock", "User", "add_member", "add_organisation", "login", "make_user", "new_client"]
