"""The stored values the insights read, without building a domain record per row.

``insights.frames.frames_from_rows`` turns these rows into frames. Reading ten years of
records as validated dataclasses only to take them apart again costs most of an insight
report; this reader selects just the columns the frames use, as plain tuples: epochs as
ints, vocabulary codes as the stored strings. Which columns, and in which order, is each
kind's spec (``Kind.insight_fields``, laid out as ``insights.frames.RAW_COLUMNS``).

The window is ``since <= instant < until`` on each record's one timeline instant (for a
step: when it was done, else when it was planned), as in ``repo.list_records``; rows come
oldest first, ties by id, a contact's people in their stored order.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Integer, Select, cast, select

from ebbtide.store import schema
from ebbtide.store.mappers import MAPPERS, Mapper

Rows = dict[str, list[tuple[Any, ...]]]
CHUNK = 500
"""Subjects per query in ``insight_rows_many`` (well under SQLite's bound parameters)."""


def _select(m: Mapper[Any]) -> Select[Any]:
    """The columns of one kind's insight rows, labelled as its spec says."""
    t, cp = m.table, schema.contact_people
    cols: list[Any] = []
    joined = False
    for f in m.spec.insight_fields:
        if f.type == "people":
            cols.append(cp.c.person_id.label(f.insight))
            joined = True
            continue
        col: Any = t.c[f.column_name or f.name]
        if f.type == "flag":
            col = cast(col, Integer)
        cols.append(col.label(f.insight))
        if m.spec.insight_key and f.type == "zone":
            cols.append(t.c.id.label(m.spec.insight_key))
    stmt = select(*cols)
    return stmt.join(cp, cp.c.contact_id == t.c.id) if joined else stmt


def insight_rows(
    conn: Connection,
    subject_id: int,
    since: int,
    until: int,
    after: Mapping[str, int] | None = None,
    kinds: Collection[str] | None = None,
) -> Rows:
    """Rows per kind (checkins, contacts, solitude, boundaries, routine_done, reflections,
    steps) of one subject between epoch seconds ``since`` and ``until``; with ``after``,
    only the records whose id is above ``after[kind]`` (what was added since a read); with
    ``kinds``, only those kinds (by table name) are read."""
    newer = after or {}
    out: Rows = {}
    for m in MAPPERS.values():
        t, instant = m.table, m.time()
        if kinds is not None and t.name not in kinds:
            continue
        stmt = (
            _select(m)
            .where(
                t.c.subject_id == subject_id,
                instant >= since,
                instant < until,
                t.c.id > newer.get(t.name, 0),  # tables are named as their kinds
            )
            .order_by(instant, t.c.id)
        )
        if any(f.type == "people" for f in m.spec.insight_fields):
            cp = schema.contact_people
            stmt = stmt.order_by(cp.c.position, cp.c.person_id)
        out[t.name] = [tuple(r) for r in conn.execute(stmt).all()]
    return out


def insight_rows_many(
    conn: Connection, subject_ids: Sequence[int], since: int, until: int
) -> dict[int, Rows]:
    """The rows of each of some subjects, exactly as ``insight_rows`` gives them: one query
    per kind (and per ``CHUNK`` subjects) instead of one per kind and subject."""
    out: dict[int, Rows] = {sid: {} for sid in subject_ids}
    ids = sorted(out)
    for m in MAPPERS.values():
        t, instant = m.table, m.time()
        for sid in ids:
            out[sid][t.name] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            stmt = (
                _select(m)
                .add_columns(t.c.subject_id)
                .where(t.c.subject_id.in_(chunk), instant >= since, instant < until)
                .order_by(t.c.subject_id, instant, t.c.id)
            )
            if any(f.type == "people" for f in m.spec.insight_fields):
                cp = schema.contact_people
                stmt = stmt.order_by(cp.c.position, cp.c.person_id)
            rows = conn.execute(stmt).all()
            width = len(rows[0]) - 1 if rows else 0
            for sid, group in groupby(rows, key=itemgetter(width)):
                out[int(sid)][t.name] = [r[:width] for r in group]
    return out
