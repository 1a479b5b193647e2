"""What one request costs the clinic server: statements sent to PostgreSQL and CPU time.

A throwaway local PostgreSQL and the real server (``ebbtide server serve``, one worker)
are started, as in ``server_load.py``. For each kind of request the load benchmark
sends (a client's check-in, a clinician's client list, a clinician's read of one
client's check-ins) it reports:

- the statements PostgreSQL executed per request (from its own log, so BEGIN, COMMIT
  and the audit append all count), with the statements of one request listed;
- CPU milliseconds per request in the server process and in PostgreSQL (all its
  processes), over ``--requests`` sequential requests on one kept-alive connection.

CPU time, unlike wall time, hardly moves with other work on the machine.

    .venv/bin/python benchmarks/server_profile.py [--requests 500] [--clients 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import server_load  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ROWS = 30
"""Check-ins added to the client the clinician reads (besides the five of the set-up)."""
LOGGED = re.compile(r"LOG:  (?:statement|execute [^:]*): (.*)")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (ones that ended count as nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def postgres_pids(data_dir: Path) -> list[int]:
    """The postmaster and every process it started."""
    master = int((data_dir / "postmaster.pid").read_text().split()[0])
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == master:
                pids.append(int(entry.name))
    return pids


class Client:
    """Sequential requests on one kept-alive connection, with one session's headers."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = headers

    def send(self, method: str, path: str, body: object = None, expect: int = 200) -> None:
        """One request; its status must be ``expect``."""
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            res = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the server closes a connection idle for a few seconds: open a new one
            self.conn.close()
            self.conn.request(method, path, body=data, headers=headers)
            res = self.conn.getresponse()
        res.read()
        if res.status != expect:
            raise RuntimeError(f"{method} {path}: {res.status}")


def logged_statements(log: Path, start: int) -> list[str]:
    """The statements PostgreSQL logged after byte ``start`` of its log."""
    with log.open("rb") as fh:
        fh.seek(start)
        lines = fh.read().decode(errors="replace").splitlines()
    return [m.group(1) for line in lines if (m := LOGGED.search(line))]


def set_log_statements(url: str, on: bool) -> None:
    """Log every statement (or none) from now on, without a restart."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET log_statement = '{'all' if on else 'none'}'")
        conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)


def serving_stack() -> str:
    """What uvicorn's "auto" picks here: uvloop and httptools when installed."""
    from importlib.util import find_spec

    loop = "uvloop" if find_spec("uvloop") else "asyncio"
    http = "httptools" if find_spec("httptools") else "h11"
    return f"{loop}, {http}"


def main() -> int:
    """Set up, count statements, time CPU, print."""
    multiprocessing.set_start_method("spawn", force=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    from ebbtide.server.localpg import create_database, free_port, postgres_server

    with postgres_server() as pg:
        url = create_database(pg, "profile")
        people, docs, shared = server_load.setup(url, args.clients, 2, True)
        port = free_port()
        proc = server_load.start_server(url, port, True, 1)
        try:
            base = f"http://127.0.0.1:{port}"
            # The check-ins go to a client of the other clinician: the one read keeps the
            # few dozen rows a read in the load benchmark has.
            client = Client(port, server_load.log_in(base, people[1].email, None))
            doctor = Client(port, server_load.log_in(base, docs[0].email, docs[0].totp_secret))
            mine = shared[docs[0].uid][0]
            assert mine == people[0].uid
            reader = Client(port, server_load.log_in(base, people[0].email, None))
            for _ in range(ROWS):
                reader.send("POST", "/api/me/checkins", {"state": "mobilized"}, 201)
            kinds: dict[str, Callable[[], None]] = {
                "checkin": lambda: client.send(
                    "POST", "/api/me/checkins", {"state": "connected"}, 201
                ),
                "list": lambda: doctor.send("GET", "/api/clients"),
                "read": lambda: doctor.send("GET", f"/api/clients/{mine}/checkins"),
            }
            for send in kinds.values():
                for _ in range(20):  # warm up: imports, prepared statements, pools
                    send()
            log = pg.data_dir.parent / "log"
            set_log_statements(url, True)
            counted: dict[str, list[str]] = {}
            for kind, send in kinds.items():
                start = log.stat().st_size
                for _ in range(10):
                    send()
                time.sleep(0.3)
                counted[kind] = logged_statements(log, start)
            set_log_statements(url, False)
            assert proc.pid is not None
            cpu: dict[str, tuple[float, float, float]] = {}
            for kind, send in kinds.items():
                pg_pids = postgres_pids(pg.data_dir)
                s0, p0, t0 = cpu_seconds([proc.pid]), cpu_seconds(pg_pids), time.perf_counter()
                for _ in range(args.requests):
                    send()
                wall = time.perf_counter() - t0
                s1, p1 = cpu_seconds([proc.pid]), cpu_seconds(pg_pids)
                n = args.requests
                cpu[kind] = ((s1 - s0) / n * 1000, (p1 - p0) / n * 1000, wall / n * 1000)
        finally:
            proc.terminate()
            proc.join(20)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print(f"event loop and HTTP parser: {serving_stack()}")
    print(
        f"{'request':8} {'statements':>10} {'server CPU ms':>14} {'PG CPU ms':>10} {'wall ms':>8}"
    )
    for kind in kinds:
        server_ms, pg_ms, wall_ms = cpu[kind]
        per = len(counted[kind]) / 10
        print(f"{kind:8} {per:10.1f} {server_ms:14.2f} {pg_ms:10.2f} {wall_ms:8.2f}")
    for kind, statements in counted.items():
        print(f"statements of one {kind}:")
        for sql in statements[: round(len(statements) / 10)]:
            print(f"  {sql[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
