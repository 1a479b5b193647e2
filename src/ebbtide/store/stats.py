"""Lean read queries for dashboards: a few columns over many rows, no record objects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from ebbtide.domain.timekeeping import from_epoch, to_epoch
from ebbtide.store import schema


def checkin_states(
    conn: Connection, subject_id: int, since: datetime, until: datetime
) -> list[tuple[datetime, str, str]]:
    """(instant, zone, state) of every check-in in [since, until), oldest first."""
    t = schema.checkins
    rows = conn.execute(
        select(t.c.at, t.c.tz, t.c.state)
        .where(t.c.subject_id == subject_id, t.c.at >= to_epoch(since), t.c.at < to_epoch(until))
        .order_by(t.c.at)
    )
    return [(from_epoch(at), str(tz), str(state)) for at, tz, state in rows]
