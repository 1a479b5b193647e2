"""Child processes for the durability tests: they write through the service layer.

``python -m tests.support.writers crash DB`` is a fork server: it imports ebbtide once,
then for each ``go`` line on stdin forks a child that opens the store and writes
check-ins forever, printing ``ack <uid>`` after each committed write (one ``os.write``
per line, so a line is either wholly in the pipe or not at all). The parent kills the
child with SIGKILL; the server reaps it and prints ``dead <pid>``, so every ``ack``
before that line is a write the child saw committed.

``python -m tests.support.writers cli DB N TAG`` runs the real CLI entry point N times
in one process (each run opens the store, writes one check-in, and closes it, as a
separate ``ebbtide checkin`` would) and prints one line per run: exit code and stderr.

``python -m tests.support.writers server DB N TAG`` plays the web app: one long-lived
context shared by 4 threads, each writing through the service layer like a request.
"""

from __future__ import annotations

import io
import os
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout


def _line(text: str) -> None:
    os.write(1, (text + "\n").encode())


def _child(db: str) -> None:
    from ebbtide import service
    from ebbtide.service.context import open_context

    ctx = open_context(db, tz="Europe/Berlin")
    ctx.store.writer.connect().close()  # open the pooled write connection (and its key) now
    _line("ready")
    n = 0
    while True:
        n += 1
        saved = service.add_checkin(ctx, "connected", intensity=1 + n % 5, note=f"crash {n}")
        _line(f"ack {saved.record.uid}")


def crash_server(db: str) -> None:
    """Fork a writing child for every 'go' line on stdin."""
    import ebbtide.service  # imported once, before forking
    import ebbtide.store.migrate  # noqa: F401

    for command in sys.stdin:
        if command.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _child(db)
            finally:
                os._exit(1)
        _line(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _line(f"dead {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1}")


def cli_writer(db: str, n: int, tag: str) -> None:
    """Run `ebbtide checkin` n times in this process; report exit code and stderr."""
    from ebbtide.cli.main import run

    for i in range(n):
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            code = run(["--db", db, "checkin", "connected", "--note", f"{tag}-{i}"])
        _line(f"{code}\t{err.getvalue().strip()}")


def server_writer(db: str, n: int, tag: str) -> None:
    """Write n check-ins from 4 threads sharing one context, as web requests would."""
    from ebbtide import service
    from ebbtide.service.context import open_context

    ctx = open_context(db, tz="Europe/Berlin")
    errors: list[str] = []

    def worker(k: int) -> None:
        for i in range(k, n, 4):
            try:
                service.add_checkin(ctx, "mobilized", note=f"{tag}-{i}")
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctx.close()
    for e in errors:
        _line(f"1\t{e}")
    _line(f"done\t{n - len(errors)}")


if __name__ == "__main__":
    mode, db, *rest = sys.argv[1:]
    if mode == "crash":
        crash_server(db)
    elif mode == "cli":
        cli_writer(db, int(rest[0]), rest[1])
    else:
        server_writer(db, int(rest[0]), rest[1])
