"""Watching the SQL statements SQLAlchemy sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def sqlalchemy_statements(*engines: Engine) -> Iterator[list[str]]:
    """Every statement SQLAlchemy runs on ``engines`` (each watched once) inside the block."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        seen.append(statement)

    watched = list({id(e): e for e in engines}.values())
    for engine in watched:
        event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        for engine in watched:
            event.remove(engine, "before_cursor_execute", count)
