"""Running the server: one process, or N worker processes sharing a port (SO_REUSEPORT).

Each worker is a whole server (its own app, its own connection pool) that binds the same
address with ``SO_REUSEPORT``, so the kernel spreads new connections across them. Workers
share nothing in memory: sessions, lockout and rate limits live in the database, so any
worker sees what another did. The parent only starts, watches and stops them; a worker
that dies after running a while is started again, one that dies at once stops them all.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from ebbtide.domain.errors import ValidationError
from ebbtide.server import messages as msg

STARTUP_GRACE_S = 10.0
"""A worker that exits sooner than this after its start is a failure, not a crash to heal."""


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to host:port and listening (sharing the port if asked)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio sets TCP_NODELAY only on connections whose
    # socket says TCP, and without it a response written as head then body waits for the
    # client's delayed ACK of the head (about 40 ms a request on Linux).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ValidationError("port", msg.PORT_BUSY.format(host=host, port=port)) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run_one(url: str, sock: socket.socket, settings: Any) -> None:
    import uvicorn

    from ebbtide.server.app import create_server_app
    from ebbtide.server.db import open_server

    app = create_server_app(open_server(url, settings=settings))
    # No access log: request lines carry uids and scopes, which the audit trail already holds.
    # Loop and HTTP parser "auto": uvloop and httptools (the server extra installs them).
    config = uvicorn.Config(app, access_log=False, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def _worker(url: str, host: str, port: int, settings: Any) -> None:
    """One worker process: its own socket on the shared port, its own app and pool."""
    _run_one(url, listening_socket(host, port, reuse_port=True), settings)


def serve(url: str, host: str, port: int, workers: int = 1, settings: Any = None) -> int:
    """Serve until stopped; 0 after a clean stop, 1 if a worker could not start."""
    if workers < 1:
        raise ValidationError("workers", "--workers must be 1 or more")
    if workers == 1:
        _run_one(url, listening_socket(host, port, reuse_port=False), settings)
        return 0
    # Fail early and plainly if the port is taken (this probe socket never accepts).
    listening_socket(host, port, reuse_port=True).close()
    return Supervisor(url, host, port, workers, settings).run()


class Supervisor:
    """Starts N workers, restarts one that crashes after running, stops all on a signal."""

    def __init__(self, url: str, host: str, port: int, workers: int, settings: Any) -> None:
        self.args = (url, host, port, settings)
        self.count = workers
        self.stopping = False
        self.procs: list[tuple[BaseProcess, float]] = []
        self.ctx = multiprocessing.get_context("spawn")

    def _start(self) -> tuple[BaseProcess, float]:
        proc = self.ctx.Process(target=_worker, args=self.args, daemon=False)
        proc.start()
        return proc, time.monotonic()

    def _stop(self, _signum: int = 0, _frame: FrameType | None = None) -> None:
        self.stopping = True

    def run(self) -> int:
        """Supervise until SIGINT/SIGTERM or a worker that fails at start."""
        old = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        code = 0
        try:
            self.procs = [self._start() for _ in range(self.count)]
            while not self.stopping:
                time.sleep(0.2)
                for i, (proc, started) in enumerate(self.procs):
                    if proc.is_alive() or self.stopping:
                        continue
                    if time.monotonic() - started < STARTUP_GRACE_S:
                        code = 1
                        self.stopping = True
                        break
                    self.procs[i] = self._start()
        finally:
            for proc, _ in self.procs:
                if proc.is_alive() and proc.pid is not None:
                    os.kill(proc.pid, signal.SIGTERM)
            for proc, _ in self.procs:
                proc.join(15)
                if proc.is_alive():
                    proc.kill()
                    proc.join(5)
            for s, handler in old.items():
                signal.signal(s, handler)
        return code
