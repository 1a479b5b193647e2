"""Run the real command line in-process, through its single exit point."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ebbtide.cli.main import run


@dataclass
class Result:
    """What a command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.out)


Invoke = Callable[..., Result]


@pytest.fixture
def cli(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Invoke:
    """Call `ebbtide ARGS...` against a fresh database; returns exit code and output."""
    monkeypatch.setenv("EBBTIDE_DB", str(db_path))
    monkeypatch.setenv("COLUMNS", "120")

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
