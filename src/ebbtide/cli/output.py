"""Printing: Rich for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_console: Console | None = None
_err_console: Console | None = None


def console() -> Console:
    """The shared stdout console (created on first use: imports stay lazy)."""
    global _console
    if _console is None:
        from rich.console import Console

        # markup=False: nothing printed is read as Rich markup unless it goes through
        # styled(), which escapes every value; the person's words are data.
        _console = Console(highlight=False, soft_wrap=True, markup=False)
    return _console


def err_console() -> Console:
    """The shared stderr console."""
    global _err_console
    if _err_console is None:
        from rich.console import Console

        _err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    return _err_console


def say(text: str | Text) -> None:
    """Print a line for a person, as plain text (never read as markup)."""
    console().print(text)


def markup_text(template: str, **values: object) -> Text:
    """A styled line: the template's own markup is kept, every value is escaped first."""
    from rich.markup import escape
    from rich.text import Text

    return Text.from_markup(template.format(**{k: escape(str(v)) for k, v in values.items()}))


def styled(template: str, **values: object) -> None:
    """Print a template with markup (``[dim]…[/dim]``); values are the person's data, escaped."""
    console().print(markup_text(template, **values))


def cell(text: str, style: str = "") -> Text:
    """A table cell holding plain text (a str cell would be parsed as markup)."""
    from rich.text import Text

    return Text(text, style=style)


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
        err_console().print(n)
