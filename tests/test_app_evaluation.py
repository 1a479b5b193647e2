"""docs/app-evaluation.md cites only what exists: every command, option, file and test."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from ebbtide.cli.commands import register

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "app-evaluation.md").read_text()
CITED = re.findall(r"`([^`]+)`", DOC)
LEVELS = (
    "Access and background",
    "Privacy and security",
    "Clinical foundation",
    "Engagement style and usability",
    "Therapeutic goal and data integration",
)


def _command(words: list[str]) -> tuple[object, list[str]]:
    """The deepest CLI command the words name, and the words left after it."""
    cmd: object = typer.main.get_command(register())
    while words and words[0] in (getattr(cmd, "commands", None) or {}):
        cmd = cmd.commands[words[0]]  # type: ignore[attr-defined]
        words = words[1:]
    return cmd, words


def test_it_answers_all_five_levels() -> None:
    for level in LEVELS:
        assert f"## {LEVELS.index(level) + 1}. {level}" in DOC


def test_every_cited_file_exists() -> None:
    files = [c for c in CITED if re.fullmatch(r"[\w./-]+\.(py|md)", c)]
    assert len(files) >= 20, files
    missing = [f for f in files if not (ROOT / f).is_file()]
    assert missing == []


def test_every_cited_command_and_option_exists() -> None:
    commands = [c.split() for c in CITED if c.startswith("ebbtide ")]
    assert len(commands) >= 10
    for words in commands:
        cmd, rest = _command(words[1:])
        assert cmd is not typer.main.get_command(register()) or words[1:] == ["--help"], words
        options = {o for p in getattr(cmd, "params", []) for o in p.opts}
        options.add("--help")
        flags = [w for w in rest if w.startswith("--")]
        assert set(flags) <= options, (words, flags)
        assert not [w for w in rest if not w.startswith("-")] or cmd.name in {  # type: ignore[attr-defined]
            "checkin"
        }, words


def test_every_no_says_what_would_change_it() -> None:
    for line in DOC.splitlines():
        if "**not**" in line or "**No.**" in line or "**no**" in line:
            assert "would change" in line, line
