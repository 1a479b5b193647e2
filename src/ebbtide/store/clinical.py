"""SQL for the clinical tables: assessments, safety plans and per-subject settings.

Kept beside ``repo.py`` (same conventions: every function takes an open connection) so the
clinical feature does not grow the shared repository module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ebbtide.domain.errors import NotFoundError
from ebbtide.domain.records import new_uid
from ebbtide.domain.timekeeping import from_epoch, to_epoch
from ebbtide.store import schema


@dataclass(frozen=True)
class StoredAssessment:
    """One row of ``assessments``: answers and the scored result as stored."""

    id: int
    uid: str
    at: datetime
    tz: str
    instrument: str
    answers: tuple[int | None, ...]
    total: int | None
    band: str | None
    result: dict[str, Any]


def _assessment(row: Any) -> StoredAssessment:
    return StoredAssessment(
        id=int(row["id"]),
        uid=str(row["uid"]),
        at=from_epoch(row["at"]),
        tz=str(row["tz"]),
        instrument=str(row["instrument"]),
        answers=tuple(json.loads(row["answers"])),
        total=row["total"],
        band=row["band"],
        result=json.loads(row["result"] or "{}"),
    )


def insert_assessment(
    conn: Connection,
    subject_id: int,
    *,
    at: datetime,
    tz: str,
    instrument: str,
    answers: list[int | None],
    total: int | None,
    band: str | None,
    result: dict[str, Any],
) -> StoredAssessment:
    """Store a scored assessment."""
    uid = new_uid()
    res = conn.execute(
        insert(schema.assessments).values(
            uid=uid,
            subject_id=subject_id,
            at=to_epoch(at),
            tz=tz,
            instrument=instrument,
            answers=json.dumps(answers),
            total=total,
            band=band,
            result=json.dumps(result, ensure_ascii=False),
        )
    )
    new_id = int(res.inserted_primary_key[0])  # type: ignore[index]
    return get_assessment(conn, subject_id, new_id)


def get_assessment(conn: Connection, subject_id: int, assessment_id: int) -> StoredAssessment:
    """One assessment by id or NotFoundError."""
    t = schema.assessments
    row = (
        conn.execute(select(t).where(t.c.id == assessment_id, t.c.subject_id == subject_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"there is no assessment #{assessment_id}")
    return _assessment(row)


def list_assessments(
    conn: Connection,
    subject_id: int,
    *,
    instrument: str | None = None,
    since: datetime | None = None,
) -> list[StoredAssessment]:
    """Assessments oldest first, optionally of one instrument and from a moment on."""
    t = schema.assessments
    stmt = select(t).where(t.c.subject_id == subject_id)
    if instrument is not None:
        stmt = stmt.where(t.c.instrument == instrument)
    if since is not None:
        stmt = stmt.where(t.c.at >= to_epoch(since))
    rows = conn.execute(stmt.order_by(t.c.at, t.c.id)).mappings()
    return [_assessment(r) for r in rows]


def get_safety_plan(conn: Connection, subject_id: int) -> tuple[str, datetime] | None:
    """The stored plan document and when it was last saved, or None."""
    t = schema.safety_plans
    row = conn.execute(select(t.c.body, t.c.updated_at).where(t.c.subject_id == subject_id)).first()
    return (str(row[0]), from_epoch(row[1])) if row else None


def put_safety_plan(conn: Connection, subject_id: int, body: str, at: datetime) -> None:
    """Create or replace the subject's plan document."""
    t = schema.safety_plans
    result = conn.execute(
        update(t).where(t.c.subject_id == subject_id).values(body=body, updated_at=to_epoch(at))
    )
    if result.rowcount == 0:
        conn.execute(insert(t).values(subject_id=subject_id, body=body, updated_at=to_epoch(at)))


def delete_safety_plan(conn: Connection, subject_id: int) -> None:
    """Remove the subject's plan (nothing happens if there is none)."""
    conn.execute(delete(schema.safety_plans).where(schema.safety_plans.c.subject_id == subject_id))


def get_setting(conn: Connection, subject_id: int, key: str) -> str | None:
    """A per-subject setting, or None."""
    t = schema.settings
    row = conn.execute(
        select(t.c.value).where(t.c.subject_id == subject_id, t.c.key == key)
    ).first()
    return str(row[0]) if row else None


def put_setting(conn: Connection, subject_id: int, key: str, value: str | None) -> None:
    """Set (or with None, clear) a per-subject setting."""
    t = schema.settings
    conn.execute(delete(t).where(t.c.subject_id == subject_id, t.c.key == key))
    if value is not None:
        conn.execute(insert(t).values(subject_id=subject_id, key=key, value=value))
