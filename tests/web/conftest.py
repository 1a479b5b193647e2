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


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An in-process client."""
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
