"""A throwaway local PostgreSQL server: initdb + pg_ctl in a folder, for tests and the demo.

The server binaries come from Debian's ``postgresql`` package (``make system-deps``
installs it). When run as root, the cluster belongs to the ``postgres`` system user,
since PostgreSQL refuses to run as root. It listens on 127.0.0.1 only, trusts local
connections as user ``ebbtide``, and is stopped and deleted afterwards.
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


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
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
def postgres_server(
    parent: Path | None = None, *, max_connections: int = 200
) -> Iterator[PostgresServer]:
    """Start a fresh PostgreSQL cluster (in ``parent`` or the temp folder); stop and delete it."""
    bindir = _bin_dir()
    if parent is not None:
        parent = parent.resolve()
        parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="ebbtide-pg-", dir=parent))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        for p in (root, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(root, 0o755)
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run(
            [*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "ebbtide", "-A", "trust",
             "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        opts = (
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c max_connections={max_connections}"
        )
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l",
             str(root / "log"), "-w", "-t", "60", "start"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield PostgresServer(port, data)
    finally:
        if data.exists():
            subprocess.run(
                [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                 "stop"],
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
