"""No acknowledged write is ever lost: SIGKILL at random moments, and many writers at once.

The figures (kills survived, writes checked, errors seen) are printed; run with ``-s``
to see them. ``EBBTIDE_CRASH_KILLS`` and ``EBBTIDE_CONCURRENT_WRITES`` scale the runs.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

from ebbtide.store.engine import cipher_connect

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("EBBTIDE_CRASH_KILLS", "200"))
WRITES = int(os.environ.get("EBBTIDE_CONCURRENT_WRITES", "250"))
PASSPHRASE = "tide pools at dusk"


def _report(line: str) -> None:
    """Print a figure and keep it in test-artifacts/durability.txt (xdist hides prints)."""
    print(line)
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    with (out / "durability.txt").open("a", encoding="utf-8") as fh:
        fh.write(line.strip() + "\n")


def _env(passphrase: str | None) -> dict[str, str]:
    # This tree's code, not whichever copy the interpreter finds first.
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env = dict(os.environ, PYTHONPATH=path, EBBTIDE_TZ="Europe/Berlin")
    env.pop("EBBTIDE_PASSPHRASE", None)
    if passphrase:
        env["EBBTIDE_PASSPHRASE"] = passphrase
    return env


def _read_until(stream: IO[str], prefix: str, acked: set[str]) -> str:
    """Read lines, collecting acks, until one starts with ``prefix``; return it."""
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError(f"the writer server ended before '{prefix}'")
        if line.startswith("ack "):
            acked.add(line.split()[1])
            if prefix == "ack ":
                return line.strip()
        elif line.startswith(prefix):
            return line.strip()


def _verify(db: Path, passphrase: str | None, acked: set[str]) -> int:
    """integrity_check passes and every acknowledged uid is stored; return rows stored."""
    conn: Any = cipher_connect(db, passphrase)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "checkins" not in tables:
            assert not acked  # killed before the schema was committed: nothing acknowledged
            return 0
        stored = {r[0] for r in conn.execute("SELECT uid FROM checkins")}
    finally:
        conn.close()
    missing = acked - stored
    assert not missing, f"{len(missing)} acknowledged writes are missing"
    return len(stored)


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path, passphrase: str | None) -> None:
    db = tmp_path / "crash.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.writers", "crash", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(passphrase),
        cwd=ROOT,
    )
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(20261121)
    acked: set[str] = set()
    survived = 0
    try:
        for _ in range(KILLS):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(_read_until(server.stdout, "pid ", acked).split()[1])
            # Kill at a random moment: one time in five while the store is being opened
            # (or created and migrated), otherwise in the middle of writing.
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0.0, 0.3))
            else:
                _read_until(server.stdout, "ready", acked)
                # At least one write committed first, however loaded the machine is.
                _read_until(server.stdout, "ack ", acked)
                time.sleep(rng.uniform(0.0, 0.12))
            os.kill(pid, signal.SIGKILL)
            dead = _read_until(server.stdout, "dead ", acked).split()
            assert int(dead[2]) == signal.SIGKILL, "the writer stopped by itself (an error)"
            _verify(db, passphrase, acked)
            survived += 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)
        server.stdout.close()
    stored = _verify(db, passphrase, acked)
    _report(
        f"\ncrash test ({'encrypted' if passphrase else 'plain'}): {survived} SIGKILLs survived, "
        f"{len(acked)} acknowledged writes all present ({stored} rows), integrity ok after each"
    )
    assert survived == KILLS
    assert len(acked) > KILLS  # the kills really landed among committed writes


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.writers", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_cli_processes_and_server_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    from ebbtide.service.context import open_context

    db = tmp_path / "busy.db"
    open_context(str(db)).close()  # created up front, as after `ebbtide init`
    env = _env(None)
    procs = [_spawn(["cli", str(db), str(WRITES), f"cli{k}"], env) for k in range(4)]
    procs.append(_spawn(["server", str(db), str(WRITES), "web"], env))
    outputs = [p.communicate(timeout=840) for p in procs]
    errors: list[str] = []
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        for line in out.splitlines():
            code, _, text = line.partition("\t")
            if code not in ("0", "done"):
                errors.append(text)
            assert "locked" not in text and "busy" not in text
    conn: Any = cipher_connect(db, None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = {r[0] for r in conn.execute("SELECT note FROM checkins")}
    finally:
        conn.close()
    expected = {f"cli{k}-{i}" for k in range(4) for i in range(WRITES)}
    expected |= {f"web-{i}" for i in range(WRITES)}
    _report(
        f"\nconcurrency: 4 CLI processes x {WRITES} + server (4 threads) x {WRITES}: "
        f"{len(expected & notes)}/{len(expected)} writes present, {len(errors)} errors seen"
    )
    assert not errors
    assert expected <= notes
