"""Web fixtures: an app over the test's own database, a client, and its CSRF token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ebbtide.service.context import Context
from ebbtide.web import create_app


@pytest.fixture
def app(ctx: Context) -> FastAPI:
    """The web app over the test context (fixed clock, fresh SQLite file)."""
    return create_app(lambda: ctx)


def sign_in(c: TestClient, app: FastAPI) -> TestClient:
    """Open the address `ebbtide serve` prints, as a person would: the app sets its cookie."""
    first = c.get(f"/?token={app.state.launch_token}", follow_redirects=False)
    assert first.status_code == 303, first.text
    return c


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An in-process client that has opened the launch address (holds the cookie)."""
    with TestClient(app) as c:
        yield sign_in(c, app)


@pytest.fixture
def stranger(app: FastAPI) -> Iterator[TestClient]:
    """A client on the same machine that never saw the launch address."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def token(app: FastAPI) -> str:
    """The app's CSRF token."""
    value: str = app.state.csrf_token
    return value


@pytest.fixture
def hdr(token: str) -> dict[str, str]:
    """Headers for an API change."""
    return {"X-CSRF-Token": token}
