"""A plain check-in never loads the crisis model; a check-in with a note does, without NumPy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import sys; from ebbtide.cli.main import run; rc = run({args!r});"
    "print(rc, 'ebbtide.safety.learned' in sys.modules, 'numpy' in sys.modules,"
    " 'zipfile' in sys.modules)"
)


def _run(db: Path, args: list[str]) -> str:
    env = {**os.environ, "EBBTIDE_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.splitlines()[-1]


def test_checkin_connected_does_not_import_the_model(db_path: Path) -> None:
    _run(db_path, ["checkin", "connected"])  # creates the database; then the fast path applies
    assert _run(db_path, ["checkin", "connected"]) == "0 False False False"


def test_a_checkin_with_a_note_does_load_it(db_path: Path) -> None:
    _run(db_path, ["checkin", "connected"])
    assert (
        _run(db_path, ["checkin", "connected", "--note", "calm walk"]) == "0 True False False"
    )  # nor zipfile: one plain read
