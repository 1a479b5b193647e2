"""A cheap fingerprint of a subject's data: how many rows each table holds, and the newest id.

Any record added or deleted changes it; whether anything was edited in place is the store
revision's to say (see ``store.revision`` and ``service.insights.read_frames``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    CompoundSelect,
    Connection,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)

from ebbtide.store import schema

TABLES = (
    schema.checkins,
    schema.contacts,
    schema.solitude,
    schema.boundaries,
    schema.routines,
    schema.routine_done,
    schema.steps,
    schema.reflections,
    schema.people,
)


def data_fingerprint(conn: Connection, subject_id: int) -> tuple[int, ...]:
    """(count, max id) for every record table of the subject, in one query."""
    parts = [
        select(func.count(), func.coalesce(func.max(t.c.id), 0)).where(t.c.subject_id == subject_id)
        for t in TABLES
    ]
    rows = conn.execute(union_all(*parts)).all()
    return tuple(int(v) for row in rows for v in row)


APPENDABLE = (
    schema.checkins,
    schema.contacts,
    schema.solitude,
    schema.boundaries,
    schema.routine_done,
    schema.steps,
    schema.reflections,
)
"""The tables whose rows become the insights' frame rows, one row (or contact) each."""
WATCHED = (*APPENDABLE, schema.routines)


def newest_ids(conn: Connection) -> dict[str, int]:
    """The highest id in each watched table, over every subject (0 when empty)."""
    parts = [select(literal(t.name), func.coalesce(func.max(t.c.id), 0)) for t in WATCHED]
    return {str(name): int(n) for name, n in conn.execute(union_all(*parts)).all()}


def added_since(conn: Connection, after: Mapping[str, int]) -> dict[str, tuple[int, int | None]]:
    """Per watched table, for the rows whose id is above ``after[name]`` (rows added since
    then, when nothing was deleted): the highest id, and their earliest instant (epoch
    seconds, None when there are none). Reads only those rows, by id."""
    params = {f"after_{t.name}": after[t.name] for t in WATCHED}
    out: dict[str, tuple[int, int | None]] = {}
    for name, top, *firsts in conn.execute(_added_since(), params).all():
        seen = [int(v) for v in firsts if v is not None]
        out[str(name)] = (int(top), min(seen) if seen else None)
    return out


@cache
def _added_since() -> CompoundSelect[Any]:
    """``added_since``'s statement, built once (the ids are its parameters)."""
    parts = []
    for t in WATCHED:
        instants = [
            c for c in (t.c.get("at"), t.c.get("created_at"), t.c.get("done_at")) if c is not None
        ]
        after = bindparam(f"after_{t.name}", type_=BigInteger())
        parts.append(
            select(
                literal(t.name),
                func.coalesce(func.max(t.c.id), after),
                *(func.min(c) for c in instants[:2]),
                *([] if len(instants) > 1 else [cast(null(), BigInteger)]),
            ).where(t.c.id > after)
        )
    return union_all(*parts)
