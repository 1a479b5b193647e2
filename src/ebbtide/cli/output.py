"""Printing: Rich for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_console: Console | None = None
_err_console: Console | None = None


def console() -> Console:
    """The shared stdout console (created on first use: imports stay lazy)."""
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False, soft_wrap=True)
    return _console


def err_console() -> Console:
    """The shared stderr console."""
    global _err_console
    if _err_console is None:
        from rich.console import Console

        _err_console = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err_console


def say(text: str, *, markup: bool = True) -> None:
    """Print a line for a person (markup=False for text the person wrote)."""
    console().print(text, markup=markup)


def error(text: str) -> None:
    """Print a one-line error to stderr."""
    sys.stderr.write(f"ebbtide: {' '.join(text.split())}\n")
    sys.stderr.flush()


def emit_json(data: Any) -> None:
    """Print data as JSON for scripts."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def notices(items: tuple[str, ...]) -> None:
    """Show notices (e.g. help) prominently, on stderr so --json stays parseable."""
    for n in items:
        # Notices may quote the person's own words (their safety plan): never read as markup.
        err_console().print(n, markup=False)
