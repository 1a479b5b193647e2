"""Records of several kinds in one statement: a timeline page without a query per kind.

Each kind's matching rows (``repo.matching``) become one branch of a UNION ALL. The
branches share one column layout: a slot per column, grouped by type (so PostgreSQL sees
one type per position), padded with NULL where a kind has fewer columns of that type. A
contact's people come along in the same row as ``position:person`` pairs, put back in
order here. The rows are ordered and limited once, over all kinds together.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    Select,
    String,
    Text,
    cast,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.types import TypeEngine

from ebbtide.store import schema
from ebbtide.store.engine import statement_rows
from ebbtide.store.mappers import CONTACT, MAPPERS
from ebbtide.store.repo import MAX_ID, Query, matching

_FAMILIES: tuple[tuple[type[TypeEngine[Any]], TypeEngine[Any]], ...] = (
    (Boolean, Boolean()),  # before the integers: a SQLite boolean is stored as one
    (Float, Float()),
    (Date, Date()),
    (String, Text()),  # Text is a String
)
_INTEGER = BigInteger()


def _family(column: Any) -> TypeEngine[Any]:
    for kind, slot in _FAMILIES:
        if isinstance(column.type, kind):
            return slot
    if isinstance(column.type, Integer):
        return _INTEGER
    raise TypeError(f"no slot for {column.table.name}.{column.name} ({column.type!r})")


@cache
def _layout() -> tuple[list[TypeEngine[Any]], dict[str, list[tuple[str, int]]]]:
    """The slot types, and per kind which slot holds which column."""
    slots: list[TypeEngine[Any]] = []
    where: dict[str, list[tuple[str, int]]] = {}
    for kind, m in MAPPERS.items():
        taken: set[int] = set()
        placed = []
        for col in m.table.columns:
            family = _family(col)
            index = next((i for i, t in enumerate(slots) if t is family and i not in taken), None)
            if index is None:
                slots.append(family)
                index = len(slots) - 1
            taken.add(index)
            placed.append((col.name, index))
        where[kind] = placed
    return slots, where


def _people(contact_id: Any) -> Any:
    cp = schema.contact_people
    pair = cast(cp.c.position, String) + ":" + cast(cp.c.person_id, String)
    return (
        select(func.aggregate_strings(pair, ","))
        .where(cp.c.contact_id == contact_id)
        .scalar_subquery()
    )


def list_kinds(
    conn: Connection, subject_id: int, kinds: Sequence[str], q: Query = Query()
) -> list[tuple[str, Any]]:
    """(kind, record) for the records of ``kinds`` matching ``q``, ordered by each kind's
    time column (newest first unless ``q.newest_first`` is False), ties in the order of
    ``kinds`` and then by id, at most ``q.limit`` of them: one statement."""
    # On PostgreSQL the statement goes to the driver itself: SQLAlchemy's per-execution work
    # cost more than the query (a clinician's every read).
    ordered = _statement(subject_id, tuple(kinds), q)
    rows = [] if ordered is None else statement_rows(conn, ordered)
    _, where = _layout()
    out: list[tuple[str, Any]] = []
    for row in rows:
        kind = kinds[int(row[0])]
        values = row[4:]
        data: dict[str, Any] = {name: values[index] for name, index in where[kind]}
        if kind == CONTACT.kind:
            pairs = sorted(
                (int(pos), int(pid))
                for pos, pid in (p.split(":") for p in (row[3] or "").split(",") if p)
            )
            data["person_ids"] = [pid for _, pid in pairs]
        out.append((kind, MAPPERS[kind].from_row(data)))
    return out


@lru_cache(maxsize=128)
def _statement(subject_id: int, kinds: tuple[str, ...], q: Query) -> Select[Any] | None:
    """``list_kinds``' statement (None: no kind can match), kept: a page asks the same
    again and again, and building it costs more than running it."""
    slots, where = _layout()
    desc = q.newest_first
    branches = []
    for ordinal, kind in enumerate(kinds):
        m = MAPPERS[kind]
        t = m.table
        cells: list[Any] = [cast(null(), s) for s in slots]  # typed: PostgreSQL needs it
        for name, index in where[kind]:
            cells[index] = type_coerce(t.c[name], slots[index])
        people = _people(t.c.id) if m is CONTACT else cast(null(), Text)
        columns = [
            literal(ordinal, BigInteger).label("ord_"),
            type_coerce(m.time(), BigInteger).label("t_"),
            type_coerce(t.c.id, BigInteger).label("id_"),
            type_coerce(people, Text).label("people_"),
            *(c.label(f"s{i}") for i, c in enumerate(cells)),
        ]
        stmt = matching(subject_id, kind, q, columns)
        if stmt is None:
            continue
        if q.limit is not None:  # each kind's newest few by its index, then the few overall
            time_col = m.time()
            stmt = (
                stmt.order_by(
                    time_col.desc() if desc else time_col.asc(),
                    t.c.id.desc() if desc else t.c.id.asc(),
                )
                .limit(min(q.limit, MAX_ID))
                .subquery()
                .select()
            )
        branches.append(stmt)
    if not branches:
        return None
    both = union_all(*branches).subquery()
    ordered = select(both).order_by(
        both.c.t_.desc() if desc else both.c.t_.asc(),
        both.c.ord_.asc(),
        both.c.id_.desc() if desc else both.c.id_.asc(),
    )
    if q.limit is not None:
        ordered = ordered.limit(min(q.limit, MAX_ID))
    return ordered
