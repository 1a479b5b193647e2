"""A throwaway PostgreSQL server for the test suite: initdb + pg_ctl in a temp dir.

The server binaries come from Debian's ``postgresql`` package (``make test`` installs
it when missing). When the suite runs as root, the cluster belongs to the ``postgres``
system user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    if which:
        return Path(which).resolve().parent
    raise RuntimeError("PostgreSQL server binaries not found: run `make system-deps`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class PostgresServer:
    """A running server: connect as user ``ebbtide`` on 127.0.0.1:port, no password."""

    port: int
    data_dir: Path

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for a database on this server."""
        return f"postgresql+psycopg://ebbtide@127.0.0.1:{self.port}/{database}"


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a fresh PostgreSQL cluster; stop and delete it afterwards."""
    bindir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="ebbtide-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        for p in (root, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(root, 0o755)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "ebbtide", "-A", "trust",
         "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"),
         "-w", "-t", "60", "start"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield PostgresServer(port, data)
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True, env=env,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: PostgresServer, name: str) -> str:
    """Create an empty database and return its URL."""
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=server.port, user="ebbtide", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)
