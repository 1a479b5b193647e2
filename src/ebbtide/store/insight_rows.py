"""The stored values the insights read, without building a domain record per row.

``insights.frames.frames_from_rows`` turns these rows into frames. Reading ten years of
records as validated dataclasses only to take them apart again costs most of an insight
report; this reader selects just the columns the frames use, as plain tuples: epochs as
ints, vocabulary codes as the stored strings. The layout of each kind's tuple is
``insights.frames.RAW_COLUMNS`` (the ``label`` of every selected column names it).

The window is ``since <= at < until`` (``created_at`` for steps), as in ``repo.list_records``;
rows come oldest first, ties by id, a contact's people in their stored order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Integer, Select, cast, select

from ebbtide.store import schema

Rows = dict[str, list[tuple[Any, ...]]]


def insight_rows(
    conn: Connection,
    subject_id: int,
    since: int,
    until: int,
    after: Mapping[str, int] | None = None,
) -> Rows:
    """Rows per kind (checkins, contacts, solitude, boundaries, routine_done, reflections,
    steps) of one subject between epoch seconds ``since`` and ``until``; with ``after``,
    only the records whose id is above ``after[kind]`` (what was added since a read)."""
    newer = after or {}

    def _timed(stmt: Select[Any], table: Any, subject_id: int, since: int, until: int) -> Any:
        return stmt.where(
            table.c.subject_id == subject_id,
            table.c.at >= since,
            table.c.at < until,
            table.c.id > newer.get(table.name, 0),  # tables are named as their kinds
        ).order_by(table.c.at, table.c.id)

    ci, co, cp = schema.checkins, schema.contacts, schema.contact_people
    so, bo, rd = schema.solitude, schema.boundaries, schema.routine_done
    re, st = schema.reflections, schema.steps
    queries: dict[str, Any] = {
        "checkins": _timed(
            select(ci.c.at, ci.c.tz, ci.c.state, ci.c.intensity, ci.c.appetite),
            ci,
            subject_id,
            since,
            until,
        ),
        "contacts": _timed(
            select(
                co.c.at,
                co.c.tz,
                co.c.id.label("contact"),
                cp.c.person_id.label("person"),
                co.c.channel,
                co.c.minutes,
                co.c.initiated,
                co.c.safety,
                co.c.reciprocity,
                co.c.authenticity,
                co.c.before_state.label("before"),
                co.c.after_state.label("after"),
            ).join(cp, cp.c.contact_id == co.c.id),
            co,
            subject_id,
            since,
            until,
        ).order_by(cp.c.position, cp.c.person_id),
        "solitude": _timed(
            select(
                so.c.at,
                so.c.tz,
                so.c.id,
                so.c.activity,
                so.c.minutes,
                cast(so.c.chosen, Integer).label("chosen"),
                so.c.before_state.label("before"),
                so.c.after_state.label("after"),
            ),
            so,
            subject_id,
            since,
            until,
        ),
        "boundaries": _timed(
            select(
                bo.c.at,
                bo.c.tz,
                bo.c.person_id.label("person"),
                bo.c.received,
                bo.c.after_state.label("after"),
            ),
            bo,
            subject_id,
            since,
            until,
        ),
        "routine_done": _timed(
            select(rd.c.at, rd.c.tz, rd.c.routine_id.label("routine")), rd, subject_id, since, until
        ),
        "reflections": _timed(select(re.c.at, re.c.tz), re, subject_id, since, until),
        "steps": select(
            st.c.created_at.label("created"),
            st.c.done_at.label("done"),
            st.c.tz,
            st.c.level,
            st.c.status,
            st.c.person_id.label("person"),
        )
        .where(
            st.c.subject_id == subject_id,
            st.c.created_at >= since,
            st.c.created_at < until,
            st.c.id > newer.get("steps", 0),
        )
        .order_by(st.c.created_at, st.c.id),
    }
    return {kind: [tuple(r) for r in conn.execute(q).all()] for kind, q in queries.items()}
