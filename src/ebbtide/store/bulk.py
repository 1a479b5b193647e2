"""Whole-table reads and writes for export and import (rows as plain dicts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from ebbtide.store import schema


def table_rows(conn: Connection, table: Table, subject_id: int) -> list[dict[str, Any]]:
    """Every row of ``table`` that belongs to the subject, in insertion order."""
    stmt = select(table).where(table.c.subject_id == subject_id)
    if "id" in table.c:
        stmt = stmt.order_by(table.c.id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def uid_ids(conn: Connection, table: Table, uids: Iterable[str]) -> dict[str, int]:
    """uid → id for the given uids that already exist in ``table`` (any subject)."""
    wanted = list(dict.fromkeys(uids))
    out: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for uid, rid in conn.execute(select(table.c.uid, table.c.id).where(table.c.uid.in_(chunk))):
            out[str(uid)] = int(rid)
    return out


def existing_uids(conn: Connection, table: Table, uids: Iterable[str]) -> set[str]:
    """Those of ``uids`` already present in ``table``."""
    wanted = list(dict.fromkeys(uids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            str(u) for (u,) in conn.execute(select(table.c.uid).where(table.c.uid.in_(chunk)))
        )
    return found


def insert_row(conn: Connection, table: Table, row: dict[str, Any]) -> int | None:
    """Insert one row; return its new id when the table has one."""
    result = conn.execute(insert(table).values(**row))
    key = result.inserted_primary_key
    return int(key[0]) if key and "id" in table.c and key[0] is not None else None


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows at once."""
    if rows:
        conn.execute(insert(table), list(rows))


def person_ids_by_name(conn: Connection, subject_id: int) -> dict[str, int]:
    """name_key → id for the subject's people."""
    p = schema.people
    return {
        str(k): int(i)
        for k, i in conn.execute(select(p.c.name_key, p.c.id).where(p.c.subject_id == subject_id))
    }


def setting_keys(conn: Connection, subject_id: int) -> set[str]:
    """The settings keys the subject already has."""
    s = schema.settings
    return {str(k) for (k,) in conn.execute(select(s.c.key).where(s.c.subject_id == subject_id))}


def has_safety_plan(conn: Connection, subject_id: int) -> bool:
    """Whether the subject has a safety plan."""
    t = schema.safety_plans
    return (
        conn.execute(select(t.c.subject_id).where(t.c.subject_id == subject_id)).first() is not None
    )


def session_days(conn: Connection, subject_id: int) -> set[Any]:
    """The days that already have a therapy session recorded."""
    t = schema.therapy_sessions
    return {d for (d,) in conn.execute(select(t.c.day).where(t.c.subject_id == subject_id))}
