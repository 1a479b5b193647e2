"""A cheap fingerprint of a subject's data: how many rows each table holds, and the newest id.

Any record added or deleted changes it; whether anything was edited in place is the store
revision's to say (see ``store.revision`` and ``service.insights.read_frames``).
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, union_all

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
