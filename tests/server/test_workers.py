"""`ebbtide server serve --workers 2`: two real processes on one port share sessions and lockout.

Every request below goes over a new TCP connection. With SO_REUSEPORT the kernel picks a
worker per connection by hashing its address and port, so over dozens of connections
both workers answer (the test first waits until both have connected to PostgreSQL, which
each does only once it serves requests). A session or a lockout made through one worker
therefore has to hold in the other, or some of the checks below fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text

from ebbtide.server import init_server, open_server
from ebbtide.server.accounts import add_account
from ebbtide.server.db import APP_NAME
from ebbtide.server.localpg import free_port
from tests.server.conftest import FAST, PASSWORD
from tests.support.postgres import PostgresServer, create_database

pytestmark = pytest.mark.postgres
TRIES = 40


def _worker_pids(url: str) -> set[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = conn.execute(
                text(
                    "SELECT DISTINCT application_name FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name LIKE :p"
                ),
                {"p": f"{APP_NAME} %"},
            ).scalars()
            return {int(n.split()[-1]) for n in names}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def served(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """The real CLI serving with two workers; yields the database and base URLs once both answer."""
    server_url = create_database(pg_server, "two_workers")
    init_server(server_url)
    tmp_path = tmp_path_factory.mktemp("workers")
    port = free_port()
    errors = (tmp_path / "stderr").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ebbtide.cli.main", "server", "serve", "--workers", "2",
         "--port", str(port), "--db", server_url],
        env={**os.environ}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        pids: set[int] = set()
        while time.monotonic() < deadline and len(pids) < 2:
            assert proc.poll() is None, (tmp_path / "stderr").read_text()
            try:
                httpx.get(f"{base}/login", timeout=5)  # a fresh connection each time
            except httpx.TransportError:
                time.sleep(0.2)
            pids = _worker_pids(server_url) - {proc.pid}
        assert len(pids) == 2, f"both workers should serve; saw {pids}"
        yield server_url, base, proc
    finally:
        proc.terminate()
        code = proc.wait(timeout=30)
        errors.close()
    assert code == 0  # a clean stop
    assert not [p for p in pids if os.path.exists(f"/proc/{p}")]  # and no worker left behind


def _login(base: str, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{base}/auth/login", json={"email": email, "password": password}, timeout=30)


def test_one_session_holds_in_both_workers_until_logout(
    served: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    server_url, base, proc = served
    db = open_server(server_url, settings=FAST)
    try:
        user = add_account(db, "ana@example.org", PASSWORD, "client")
    finally:
        db.close()
    res = _login(base, user.email, PASSWORD)
    assert res.status_code == 200
    # the cookie is Secure, so it is sent by hand over plain http on loopback
    headers = {
        "Cookie": f"ebbtide_session={res.cookies['ebbtide_session']}",
        "X-CSRF-Token": res.json()["csrf_token"],
    }
    for _ in range(TRIES):
        me = httpx.get(f"{base}/api/me", headers=headers, timeout=30)
        assert me.status_code == 200 and me.json()["uid"] == user.uid
    for _ in range(10):  # the CSRF token belongs to the session, wherever it was made
        made = httpx.post(
            f"{base}/api/me/checkins", json={"state": "connected"}, headers=headers, timeout=30
        )
        assert made.status_code == 201
    assert httpx.post(f"{base}/auth/logout", headers=headers, timeout=30).status_code == 204
    for _ in range(TRIES):
        assert httpx.get(f"{base}/api/me", headers=headers, timeout=30).status_code == 401
    assert proc.poll() is None


def test_a_lockout_made_through_one_worker_holds_in_both(
    served: tuple[str, str, subprocess.Popen[bytes]],
) -> None:
    server_url, base, _proc = served
    db = open_server(server_url, settings=FAST)
    try:
        user = add_account(db, "ben@example.org", PASSWORD, "client")
    finally:
        db.close()
    for _ in range(5):
        assert _login(base, user.email, "wrong-wrong-wrong").status_code == 401
    # locked (423) for the next five tries, then the per-email rate limit (429), also shared
    answers = [_login(base, user.email, PASSWORD).status_code for _ in range(TRIES // 2)]
    assert answers == [423] * 5 + [429] * (TRIES // 2 - 5)
