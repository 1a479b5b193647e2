"""Queries behind forgetting a person or a whole history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select

from ebbtide.store import schema


@dataclass(frozen=True)
class Footprint:
    """What in the store names one person."""

    contacts_only_them: int
    contacts_shared: int
    boundaries: int
    steps: int


def person_footprint(conn: Connection, person_id: int) -> Footprint:
    """Count the records that name a person, split by what forgetting does to them."""
    cp = schema.contact_people
    theirs = select(cp.c.contact_id).where(cp.c.person_id == person_id)
    sizes = (
        select(cp.c.contact_id, func.count().label("n"))
        .where(cp.c.contact_id.in_(theirs))
        .group_by(cp.c.contact_id)
        .subquery()
    )
    only = conn.execute(select(func.count()).where(sizes.c.n == 1)).scalar_one()
    shared = conn.execute(select(func.count()).where(sizes.c.n > 1)).scalar_one()
    b, s = schema.boundaries, schema.steps
    boundaries = conn.execute(
        select(func.count()).select_from(b).where(b.c.person_id == person_id)
    ).scalar_one()
    steps = conn.execute(
        select(func.count()).select_from(s).where(s.c.person_id == person_id)
    ).scalar_one()
    return Footprint(int(only), int(shared), int(boundaries), int(steps))


def delete_subject(conn: Connection, subject_id: int) -> None:
    """Delete a subject and, through the cascading keys, every row of theirs."""
    conn.execute(delete(schema.subjects).where(schema.subjects.c.id == subject_id))
