"""Every command of the CLI is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from ebbtide.cli.commands import register

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _command_paths() -> list[str]:
    import typer.main

    root = typer.main.get_command(register())
    paths: list[str] = []

    def walk(cmd: object, prefix: str) -> None:
        commands = getattr(cmd, "commands", None) or {}
        for name, sub in sorted(commands.items()):
            if getattr(sub, "hidden", False):
                continue
            path = f"{prefix} {name}".strip()
            paths.append(path)
            walk(sub, path)

    walk(root, "")
    return paths


def test_there_are_commands_to_document() -> None:
    assert {"checkin", "contact", "log", "step plan"} <= set(_command_paths())


def test_every_command_is_in_the_readme() -> None:
    def documented(path: str) -> bool:
        head, *rest = path.split()
        lines = [ln for ln in README.splitlines() if f"`ebbtide {head}" in ln]
        return any(all(re.search(rf"\b{re.escape(w)}\b", ln) for w in rest) for ln in lines)

    assert [p for p in _command_paths() if not documented(p)] == []


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
    assert "not a medical device" in README
