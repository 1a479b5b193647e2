"""`ebbtide serve --socket`: a 0600 Unix socket, the launch secret still required."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ebbtide.cli.main import run


def _wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    for _ in range(600):
        if path.exists():
            return
        if proc.poll() is not None:
            raise AssertionError(proc.communicate()[1])
        time.sleep(0.05)
    raise AssertionError("the socket never appeared")


def test_socket_is_private_and_still_needs_the_token(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    assert run(["--db", str(db), "checkin", "connected"]) == 0
    sock = tmp_path / "ebbtide.sock"
    env = {**os.environ, "EBBTIDE_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ebbtide", "serve", "--socket", str(sock)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _wait_for(sock, proc)
        assert stat.S_ISSOCK(sock.lstat().st_mode)
        assert stat.S_IMODE(sock.lstat().st_mode) == 0o600
        assert proc.stdout is not None
        line = proc.stdout.readline()
        token = re.search(r"token=([\w-]+)", line)
        assert token, line
        with httpx.Client(transport=httpx.HTTPTransport(uds=str(sock)), timeout=30) as c:
            assert c.get("http://localhost/api/entries").status_code == 401
            ok = c.get(f"http://localhost/?token={token.group(1)}", follow_redirects=True)
            assert ok.status_code == 200
            assert c.get("http://localhost/api/entries").status_code == 200  # the cookie
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert not sock.exists(), "the socket file is removed when ebbtide stops"


def test_socket_never_replaces_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "e.db"
    precious = tmp_path / "notes.txt"
    precious.write_text("mine")
    assert run(["--db", str(db), "serve", "--socket", str(precious)]) == 2
    assert precious.read_text() == "mine"
    err = capsys.readouterr().err
    assert err.startswith("ebbtide: ") and err.count("\n") == 1 and "not a socket" in err


def test_socket_in_a_missing_folder_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(["--db", str(tmp_path / "e.db"), "serve", "--socket", str(tmp_path / "no" / "s")]) == 2
    )
    assert "no folder" in capsys.readouterr().err
