"""Repository functions: every SQL statement ebbtide runs lives here or in mappers.

Each function takes an open connection, so one user action is one transaction
(``Store.write``) however many rows it touches.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError

from ebbtide.domain.errors import ConflictError, NotFoundError, ValidationError
from ebbtide.domain.records import Contact, Person, Routine
from ebbtide.domain.timekeeping import from_epoch, to_epoch, utc_now
from ebbtide.store import schema
from ebbtide.store.engine import Store
from ebbtide.store.mappers import CONTACT, MAPPERS, PERSON, ROUTINE, Mapper, mapper_for
from ebbtide.store.revision import BUMP_SUBJECT_ADDED

# --- subjects ---------------------------------------------------------------------


def get_or_create_subject(conn: Connection, code: str, tz: str) -> int:
    """The id of the subject called ``code``, created with zone ``tz`` if new."""
    row = conn.execute(select(schema.subjects.c.id).where(schema.subjects.c.code == code)).first()
    if row:
        return int(row[0])
    result = conn.execute(
        insert(schema.subjects).values(code=code, tz=tz, created_at=to_epoch(utc_now()))
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def subject_zone(conn: Connection, subject_id: int) -> str | None:
    """The IANA zone stored for a subject."""
    t = schema.subjects
    row = conn.execute(select(t.c.tz).where(t.c.id == subject_id)).first()
    return str(row[0]) if row else None


def set_subject_zone(conn: Connection, subject_id: int, tz: str) -> None:
    """Store the subject's IANA zone."""
    t = schema.subjects
    conn.execute(update(t).where(t.c.id == subject_id).values(tz=tz))


def find_subject(conn: Connection, code: str) -> int | None:
    """The id of an existing subject, or None."""
    row = conn.execute(select(schema.subjects.c.id).where(schema.subjects.c.code == code)).first()
    return int(row[0]) if row else None


def list_subjects(conn: Connection) -> list[tuple[int, str, str]]:
    """All subjects as (id, code, tz)."""
    rows = conn.execute(
        select(schema.subjects.c.id, schema.subjects.c.code, schema.subjects.c.tz).order_by(
            schema.subjects.c.id
        )
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


# --- records ----------------------------------------------------------------------


def insert_record(conn: Connection, subject_id: int, record: Any) -> Any:
    """Insert a record; return it with its new id."""
    m = mapper_for(record)
    row = m.to_row(record)
    row["subject_id"] = subject_id
    try:
        result = conn.execute(insert(m.table).values(**row))
    except IntegrityError as exc:
        raise _integrity(str(exc.orig), m.kind) from exc
    new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    if isinstance(record, Contact):
        _link_people(conn, new_id, record.person_ids)
    return dataclasses.replace(record, id=new_id)


def add_record(store: Store, subject_id: int, record: Any) -> Any:
    """Insert one record in a transaction of its own that bumps the subject's revision;
    return it with its new id. On PostgreSQL one statement does both (one round trip
    instead of four: BEGIN, INSERT, the revision, COMMIT); a contact, which links people
    too, and SQLite take ``Store.write``."""
    if store.dialect != "postgresql" or isinstance(record, Contact):
        return store.write(lambda c: insert_record(c, subject_id, record), subject=subject_id)
    from psycopg import IntegrityError as DriverIntegrityError

    m = mapper_for(record)
    row = m.to_row(record)
    row["subject_id"] = subject_id
    sql = _added_sql(m.table.name, tuple(row))

    def work(conn: Any) -> int:
        try:
            return int(conn.execute(sql, row).fetchone()[0])
        except DriverIntegrityError as exc:
            raise _integrity(str(exc), m.kind) from exc

    new_id = store.on_driver(work)
    store.writes += 1
    return dataclasses.replace(record, id=new_id)


@functools.cache
def _added_sql(table: str, columns: tuple[str, ...]) -> str:
    """One statement inserting a row into ``table`` and counting it in the subject's
    revision (a data-modifying WITH runs to completion even though nothing reads it)."""
    values = ", ".join(f"%({c})s" for c in columns)
    return (
        f"WITH added AS (INSERT INTO {table} ({', '.join(columns)}) VALUES ({values}) "
        f"RETURNING id), counted AS ({BUMP_SUBJECT_ADDED}) SELECT id FROM added"
    )


def insert_many(conn: Connection, subject_id: int, records: Sequence[Any]) -> int:
    """Insert many records of mixed kinds with executemany; contacts are linked too."""
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        by_kind[mapper_for(r).kind].append(r)
    for kind, recs in by_kind.items():
        m = MAPPERS[kind]
        if kind == "contact":
            for r in recs:
                insert_record(conn, subject_id, r)
            continue
        rows = [m.to_row(r) | {"subject_id": subject_id} for r in recs]
        conn.execute(insert(m.table), rows)
    return len(records)


def _integrity(message: str, kind: str) -> ValidationError:
    msg = message.lower()
    if "uid" in msg:
        return ValidationError("uid", f"a {kind} with this uid already exists")
    if "foreign key" in msg:
        return ValidationError("person", f"the {kind} refers to something that does not exist")
    return ValidationError(kind, f"the {kind} conflicts with a stored record")


def _link_people(conn: Connection, contact_id: int, person_ids: Iterable[int]) -> None:
    rows = [
        {"contact_id": contact_id, "person_id": pid, "position": i}
        for i, pid in enumerate(dict.fromkeys(person_ids))
    ]
    try:
        conn.execute(insert(schema.contact_people), rows)
    except IntegrityError as exc:
        raise ValidationError("person", "a contact names a person who does not exist") from exc


MAX_ID = 2**62
"""Larger numbers cannot be a stored id (and would overflow the database's integers)."""


def _known(kind: str, record_id: int) -> int:
    if isinstance(record_id, bool) or not isinstance(record_id, int) or not 0 < record_id <= MAX_ID:
        raise NotFoundError(f"there is no {kind} #{str(record_id)[:24]}")
    return record_id


def get_record(conn: Connection, subject_id: int, kind: str, record_id: int) -> Any:
    """Load one record by kind and id or raise NotFoundError."""
    m = MAPPERS[kind]
    _known(kind, record_id)
    row = (
        conn.execute(
            select(m.table).where(m.table.c.id == record_id, m.table.c.subject_id == subject_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"there is no {kind} #{record_id}")
    return _hydrate(conn, m, [row])[0]


def update_record(conn: Connection, subject_id: int, record: Any) -> Any:
    """Replace a stored record (matched by id) with the given version."""
    m = mapper_for(record)
    if record.id is None:
        raise ValidationError("id", "cannot update a record that was never stored")
    row = m.to_row(record)
    result = conn.execute(
        update(m.table)
        .where(m.table.c.id == record.id, m.table.c.subject_id == subject_id)
        .values(**row)
    )
    if result.rowcount == 0:
        raise NotFoundError(f"there is no {m.kind} #{record.id}")
    if isinstance(record, Contact):
        conn.execute(
            delete(schema.contact_people).where(schema.contact_people.c.contact_id == record.id)
        )
        _link_people(conn, record.id, record.person_ids)
    return record


def delete_record(conn: Connection, subject_id: int, kind: str, record_id: int) -> None:
    """Delete one record or raise NotFoundError."""
    m = MAPPERS[kind]
    _known(kind, record_id)
    result = conn.execute(
        delete(m.table).where(m.table.c.id == record_id, m.table.c.subject_id == subject_id)
    )
    if result.rowcount == 0:
        raise NotFoundError(f"there is no {kind} #{record_id}")


@dataclass(frozen=True)
class Query:
    """Filters for listing records; every field is optional."""

    since: datetime | None = None
    until: datetime | None = None
    person_id: int | None = None
    search: str | None = None
    limit: int | None = None
    newest_first: bool = True


def list_records(conn: Connection, subject_id: int, kind: str, q: Query = Query()) -> list[Any]:
    """Records of one kind matching the query, ordered by time."""
    m = MAPPERS[kind]
    t = m.table
    stmt = matching(subject_id, kind, q)
    if stmt is None:
        return []
    time_col = m.time()
    order = time_col.desc() if q.newest_first else time_col.asc()
    stmt = stmt.order_by(order, t.c.id.desc() if q.newest_first else t.c.id.asc())
    if q.limit is not None:
        stmt = stmt.limit(min(q.limit, MAX_ID))
    rows = conn.execute(stmt).mappings().all()
    return _hydrate(conn, m, rows)


def matching(
    subject_id: int, kind: str, q: Query = Query(), columns: Sequence[Any] | None = None
) -> Select[Any] | None:
    """The rows of one kind the query asks for (``columns``, or the whole row), unordered;
    None when no row can match (a person filter on a kind that names nobody)."""
    m = MAPPERS[kind]
    t = m.table
    time_col = m.time()
    stmt = select(*(columns or [t])).where(t.c.subject_id == subject_id)
    if q.since is not None:
        stmt = stmt.where(time_col >= to_epoch(q.since))
    if q.until is not None:
        stmt = stmt.where(time_col < to_epoch(q.until))
    if q.person_id is not None:
        if m is CONTACT:
            cp = schema.contact_people
            stmt = stmt.where(
                exists().where(and_(cp.c.contact_id == t.c.id, cp.c.person_id == q.person_id))
            )
        elif m.person_column:
            stmt = stmt.where(t.c[m.person_column] == q.person_id)
        else:
            return None
    if q.search:
        pattern = "%" + q.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds: list[Any] = [t.c[c].ilike(pattern, escape="\\") for c in m.text_columns]
        if m is CONTACT:
            conds.append(
                exists().where(
                    and_(
                        schema.contact_people.c.contact_id == t.c.id,
                        schema.contact_people.c.person_id == schema.people.c.id,
                        schema.people.c.name.ilike(pattern, escape="\\"),
                    )
                )
            )
        stmt = stmt.where(or_(*conds))
    return stmt


def _hydrate(conn: Connection, m: Mapper[Any], rows: Sequence[Any]) -> list[Any]:
    if m is not CONTACT:
        return [m.from_row(r) for r in rows]
    ids = [r["id"] for r in rows]
    links: dict[int, list[int]] = defaultdict(list)
    cp = schema.contact_people
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, pid in conn.execute(
            select(cp.c.contact_id, cp.c.person_id)
            .where(cp.c.contact_id.in_(chunk))
            .order_by(cp.c.contact_id, cp.c.position)
        ):
            links[cid].append(pid)
    return [m.from_row(dict(r) | {"person_ids": links[r["id"]]}) for r in rows]


def count_records(conn: Connection, subject_id: int) -> dict[str, int]:
    """How many records of each kind the subject has."""
    out: dict[str, int] = {}
    for kind, m in MAPPERS.items():
        out[kind] = int(
            conn.execute(
                select(func.count()).select_from(m.table).where(m.table.c.subject_id == subject_id)
            ).scalar_one()
        )
    out["person"] = int(
        conn.execute(
            select(func.count())
            .select_from(schema.people)
            .where(schema.people.c.subject_id == subject_id)
        ).scalar_one()
    )
    return out


# --- people -----------------------------------------------------------------------


def _changes(m: Mapper[Any], record: Any) -> dict[str, Any]:
    """A record's columns for an update (its uid never changes)."""
    row = m.to_row(record)
    del row["uid"]
    return row


def name_key(name: str) -> str:
    """The case-insensitive key under which a name is unique."""
    return " ".join(name.casefold().split())


def _person(row: Any) -> Person:
    return PERSON.from_row(row)


def insert_person(conn: Connection, subject_id: int, person: Person) -> Person:
    """Store a new person; a name already in use is refused."""
    try:
        result = conn.execute(
            insert(schema.people).values(
                **PERSON.to_row(person),
                subject_id=subject_id,
                name_key=name_key(person.name),
                created_at=to_epoch(utc_now()),
            )
        )
    except IntegrityError as exc:
        raise ConflictError("name", f"'{person.name}' is already in your people") from exc
    return dataclasses.replace(person, id=int(result.inserted_primary_key[0]))  # type: ignore[index]


def find_person(conn: Connection, subject_id: int, name: str) -> Person | None:
    """A person by name (case-insensitive), or None."""
    row = (
        conn.execute(
            select(schema.people).where(
                schema.people.c.subject_id == subject_id, schema.people.c.name_key == name_key(name)
            )
        )
        .mappings()
        .first()
    )
    return _person(row) if row else None


def get_person(conn: Connection, subject_id: int, person_id: int) -> Person:
    """A person by id or NotFoundError."""
    _known("person", person_id)
    row = (
        conn.execute(
            select(schema.people).where(
                schema.people.c.subject_id == subject_id, schema.people.c.id == person_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError(f"there is no person #{person_id}")
    return _person(row)


def list_people(conn: Connection, subject_id: int) -> list[Person]:
    """Everyone, by name."""
    rows = conn.execute(
        select(schema.people)
        .where(schema.people.c.subject_id == subject_id)
        .order_by(schema.people.c.name_key)
    ).mappings()
    return [_person(r) for r in rows]


def names(conn: Connection, subject_id: int) -> tuple[dict[int, str], dict[int, str]]:
    """Person id → name and routine id → name, read in one statement."""
    p, r = schema.people, schema.routines
    rows = conn.execute(
        union_all(
            select(literal(0).label("kind"), p.c.id, p.c.name).where(p.c.subject_id == subject_id),
            select(literal(1).label("kind"), r.c.id, r.c.name).where(r.c.subject_id == subject_id),
        )
    ).all()
    people = {int(i): str(n) for k, i, n in rows if k == 0}
    routines = {int(i): str(n) for k, i, n in rows if k == 1}
    return people, routines


def people_stats(conn: Connection, subject_id: int) -> dict[int, tuple[int, datetime | None]]:
    """Per person id: number of contacts and the time of the latest one."""
    cp, c = schema.contact_people, schema.contacts
    rows = conn.execute(
        select(cp.c.person_id, func.count(), func.max(c.c.at))
        .join(c, c.c.id == cp.c.contact_id)
        .where(c.c.subject_id == subject_id)
        .group_by(cp.c.person_id)
    )
    return {
        int(pid): (int(n), from_epoch(last) if last is not None else None) for pid, n, last in rows
    }


def update_person(conn: Connection, subject_id: int, person: Person) -> Person:
    """Save a person's new name, relation or note."""
    if person.id is None:
        raise ValidationError("id", "cannot update a person who was never stored")
    try:
        result = conn.execute(
            update(schema.people)
            .where(schema.people.c.id == person.id, schema.people.c.subject_id == subject_id)
            .values(_changes(PERSON, person) | {"name_key": name_key(person.name)})
        )
    except IntegrityError as exc:
        raise ConflictError("name", f"'{person.name}' is already in your people") from exc
    if result.rowcount == 0:
        raise NotFoundError(f"there is no person #{person.id}")
    return person


def merge_people(conn: Connection, subject_id: int, keep_id: int, drop_id: int) -> None:
    """Move everything that names ``drop_id`` onto ``keep_id`` and delete ``drop_id``."""
    if keep_id == drop_id:
        raise ValidationError("person", "cannot merge a person with themselves")
    get_person(conn, subject_id, keep_id)
    get_person(conn, subject_id, drop_id)
    cp = schema.contact_people
    both = select(cp.c.contact_id).where(cp.c.person_id == keep_id).scalar_subquery()
    conn.execute(delete(cp).where(cp.c.person_id == drop_id, cp.c.contact_id.in_(both)))
    conn.execute(update(cp).where(cp.c.person_id == drop_id).values(person_id=keep_id))
    for table in (schema.boundaries, schema.steps):
        conn.execute(update(table).where(table.c.person_id == drop_id).values(person_id=keep_id))
    conn.execute(delete(schema.people).where(schema.people.c.id == drop_id))


def delete_person(conn: Connection, subject_id: int, person_id: int) -> None:
    """Delete a person and the contacts and boundaries that name only them."""
    get_person(conn, subject_id, person_id)
    cp = schema.contact_people
    only_them = (
        select(cp.c.contact_id)
        .group_by(cp.c.contact_id)
        .having(func.count() == 1)
        .where(cp.c.contact_id.in_(select(cp.c.contact_id).where(cp.c.person_id == person_id)))
    )
    conn.execute(delete(schema.contacts).where(schema.contacts.c.id.in_(only_them)))
    conn.execute(delete(schema.people).where(schema.people.c.id == person_id))


# --- routines ---------------------------------------------------------------------


def _routine(row: Any) -> Routine:
    return ROUTINE.from_row(row)


def insert_routine(conn: Connection, subject_id: int, routine: Routine) -> Routine:
    """Store a new routine."""
    result = conn.execute(
        insert(schema.routines).values(
            **ROUTINE.to_row(routine), subject_id=subject_id, created_at=to_epoch(utc_now())
        )
    )
    return dataclasses.replace(routine, id=int(result.inserted_primary_key[0]))  # type: ignore[index]


def list_routines(conn: Connection, subject_id: int, *, active_only: bool = False) -> list[Routine]:
    """The subject's routines, oldest first."""
    t = schema.routines
    stmt = select(t).where(t.c.subject_id == subject_id)
    if active_only:
        stmt = stmt.where(t.c.active.is_(True))
    return [_routine(r) for r in conn.execute(stmt.order_by(t.c.id)).mappings()]


def update_routine(conn: Connection, subject_id: int, routine: Routine) -> Routine:
    """Save a routine's changes."""
    t = schema.routines
    result = conn.execute(
        update(t)
        .where(t.c.id == routine.id, t.c.subject_id == subject_id)
        .values(_changes(ROUTINE, routine))
    )
    if result.rowcount == 0:
        raise NotFoundError(f"there is no routine #{routine.id}")
    return routine


def delete_routine(conn: Connection, subject_id: int, routine_id: int) -> None:
    """Delete a routine and its completions."""
    _known("routine", routine_id)
    t = schema.routines
    result = conn.execute(delete(t).where(t.c.id == routine_id, t.c.subject_id == subject_id))
    if result.rowcount == 0:
        raise NotFoundError(f"there is no routine #{routine_id}")
