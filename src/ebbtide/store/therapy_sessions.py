"""SQL for therapy sessions (the days a person saw their therapist) and for reading
assessments into a report. Days are stored as local calendar dates (``Date``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Integer, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError

from ebbtide.domain.errors import ConflictError, NotFoundError
from ebbtide.domain.records import new_uid
from ebbtide.domain.timekeeping import from_epoch, to_epoch
from ebbtide.store import schema
from ebbtide.store.engine import statement_rows


@dataclass(frozen=True)
class TherapySession:
    """A day the person met their therapist."""

    id: int
    uid: str
    day: date
    note: str


@dataclass(frozen=True)
class AssessmentRow:
    """A stored questionnaire result, as a report shows it."""

    id: int
    at: datetime
    tz: str
    instrument: str
    total: int | None
    band: str | None
    answers: tuple[int | None, ...] = ()


def insert_therapy_session(
    conn: Connection, subject_id: int, day: date, note: str = ""
) -> TherapySession:
    """Record a session day; the same day twice is refused."""
    uid = new_uid()
    t = schema.therapy_sessions
    try:
        result = conn.execute(insert(t).values(uid=uid, subject_id=subject_id, day=day, note=note))
    except IntegrityError as exc:
        raise ConflictError("day", f"a session on {day.isoformat()} is already recorded") from exc
    return TherapySession(int(result.inserted_primary_key[0]), uid, day, note)  # type: ignore[index]


_t = schema.therapy_sessions
_SESSIONS = (
    select(_t.c.id, _t.c.uid, _t.c.day, _t.c.note)
    .where(_t.c.subject_id == bindparam("subject_id", type_=Integer()))
    .order_by(_t.c.day)
)


def list_therapy_sessions(conn: Connection, subject_id: int) -> list[TherapySession]:
    """All recorded sessions, oldest first (a clinician's every read of a scope asks this:
    on PostgreSQL it goes to the driver itself, see ``statement_rows``)."""
    rows = statement_rows(conn, _SESSIONS, {"subject_id": subject_id})
    return [TherapySession(int(r[0]), str(r[1]), r[2], str(r[3])) for r in rows]


def delete_therapy_session(conn: Connection, subject_id: int, session_id: int) -> None:
    """Forget one recorded session."""
    t = schema.therapy_sessions
    result = conn.execute(delete(t).where(t.c.id == session_id, t.c.subject_id == subject_id))
    if result.rowcount == 0:
        raise NotFoundError(f"there is no session #{session_id}")


def list_assessments(
    conn: Connection, subject_id: int, since: datetime | None = None, until: datetime | None = None
) -> list[AssessmentRow]:
    """Stored questionnaire results in [since, until), oldest first."""
    t = schema.assessments
    stmt = select(t.c.id, t.c.at, t.c.tz, t.c.instrument, t.c.total, t.c.band, t.c.answers).where(
        t.c.subject_id == subject_id
    )
    if since is not None:
        stmt = stmt.where(t.c.at >= to_epoch(since))
    if until is not None:
        stmt = stmt.where(t.c.at < to_epoch(until))
    rows = conn.execute(stmt.order_by(t.c.at, t.c.id))
    return [
        AssessmentRow(
            int(r[0]),
            from_epoch(int(r[1])),
            str(r[2]),
            str(r[3]),
            None if r[4] is None else int(r[4]),
            None if r[5] is None else str(r[5]),
            tuple(json.loads(r[6])),
        )
        for r in rows
    ]
