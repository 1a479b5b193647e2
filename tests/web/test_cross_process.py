"""A change made by another process while `ebbtide serve` runs shows on the next page load."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _ebbtide(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "ebbtide.cli.main", *args],
        env=env,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"ebbtide serve exited with {server.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("ebbtide serve did not answer within a minute")


def test_a_cli_change_while_serving_is_on_the_next_insights_page(tmp_path: Path) -> None:
    env = {**os.environ, "EBBTIDE_DB": str(tmp_path / "e.db")}
    for state in ("connected", "shut-down", "connected"):
        _ebbtide(env, "checkin", state)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ebbtide.cli.main", "serve", "--port", str(port), "--no-token"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/insights"
    try:
        _wait_for(url, server)
        first = httpx.get(url, timeout=30).text
        assert "Lisbon trip" not in first
        assert httpx.get(url, timeout=30).text == first  # cached, nothing changed
        last = date.today() - timedelta(days=7)
        _ebbtide(env, "away", "add", "--from", str(last - timedelta(days=2)), "--to", str(last),
                 "--note", "Lisbon trip")  # fmt: skip
        assert "Lisbon trip" in httpx.get(url, timeout=30).text
    finally:
        server.terminate()
        server.wait(timeout=30)
