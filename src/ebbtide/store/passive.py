"""Reading and writing passive phone data (tables in ``schema``; see docs/passive.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ebbtide.store import schema

CALL_FIELDS = ("at_ms", "number", "kind", "seconds", "file_hour")
TEXT_FIELDS = ("at_ms", "number", "kind", "length", "file_hour")
GPS_FIELDS = ("at_ms", "lat", "lon", "accuracy")
_KEYS = {"passive_calls": 3, "passive_texts": 3, "passive_gps": 1}
_CHUNK = 20_000


def _insert_ignoring(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, leaving out those already stored (same unique key)."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing()
    for start in range(0, len(rows), _CHUNK):
        conn.execute(stmt, rows[start : start + _CHUNK])


def add_events(
    conn: Connection,
    table: Table,
    subject_id: int,
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> int:
    """Store event rows (tuples in ``fields`` order); identical rows get increasing ``seq``."""
    key_len = _KEYS[table.name]
    seen: dict[tuple[Any, ...], int] = {}
    out = []
    for row in rows:
        key = tuple(row[:key_len])
        seq = seen.get(key, 0)
        seen[key] = seq + 1
        d = dict(zip(fields, row, strict=True))
        d["subject_id"] = subject_id
        d["seq"] = seq
        out.append(d)
    before = _count(conn, table, subject_id)
    _insert_ignoring(conn, table, out)
    return _count(conn, table, subject_id) - before


def _count(conn: Connection, table: Table, subject_id: int) -> int:
    stmt = select(func.count()).select_from(table).where(table.c.subject_id == subject_id)
    return int(conn.execute(stmt).scalar_one())


def add_hours(conn: Connection, subject_id: int, stream: str, hours: Sequence[int]) -> None:
    """Record the hours in which a stream's folder had a file."""
    rows = [{"subject_id": subject_id, "stream": stream, "hour": int(h)} for h in hours]
    _insert_ignoring(conn, schema.passive_hours, rows)


def set_enrolled(conn: Connection, subject_id: int, enrolled_s: float | None, now: int) -> None:
    """Remember the registration instant of a Beiwe participant (the earliest seen)."""
    t = schema.passive_sources
    old = conn.execute(select(t.c.enrolled_s).where(t.c.subject_id == subject_id)).first()
    if old is None:
        conn.execute(
            t.insert().values(subject_id=subject_id, enrolled_s=enrolled_s, updated_at=now)
        )
        return
    keep = (
        old[0] if enrolled_s is None or (old[0] is not None and old[0] < enrolled_s) else enrolled_s
    )
    conn.execute(
        t.update().where(t.c.subject_id == subject_id).values(enrolled_s=keep, updated_at=now)
    )


def events(
    conn: Connection,
    table: Table,
    subject_id: int,
    fields: Sequence[str],
    since_ms: int | None = None,
) -> list[tuple[Any, ...]]:
    """A subject's event rows in time order (then in the order they were stored)."""
    stmt = select(*(table.c[f] for f in fields)).where(table.c.subject_id == subject_id)
    if since_ms is not None:
        stmt = stmt.where(table.c.at_ms >= since_ms)
    return [tuple(r) for r in conn.execute(stmt.order_by(table.c.at_ms, table.c.id))]


def hours(conn: Connection, subject_id: int) -> dict[str, list[int]]:
    """Stream folder → the hours it had files."""
    t = schema.passive_hours
    out: dict[str, list[int]] = {}
    stmt = select(t.c.stream, t.c.hour).where(t.c.subject_id == subject_id).order_by(t.c.hour)
    for stream, hour in conn.execute(stmt):
        out.setdefault(str(stream), []).append(int(hour))
    return out


def enrolled(conn: Connection, subject_id: int) -> float | None:
    """The registration instant, when a Beiwe identifiers file gave one."""
    t = schema.passive_sources
    row = conn.execute(select(t.c.enrolled_s).where(t.c.subject_id == subject_id)).first()
    return None if row is None or row[0] is None else float(row[0])


def passive_subjects(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, code, tz) of every subject with passive data."""
    s, h = schema.subjects, schema.passive_hours
    have = select(h.c.subject_id).distinct()
    stmt = select(s.c.id, s.c.code, s.c.tz).where(s.c.id.in_(have)).order_by(s.c.code)
    return [(int(i), str(c), str(z)) for i, c, z in conn.execute(stmt)]


def purge_gps(conn: Connection, subject_id: int, before_ms: int) -> int:
    """Delete raw GPS fixes older than ``before_ms``; return how many went."""
    t = schema.passive_gps
    result = conn.execute(delete(t).where(t.c.subject_id == subject_id, t.c.at_ms < before_ms))
    return int(result.rowcount or 0)


def oldest_gps(conn: Connection, subject_id: int) -> int | None:
    """The oldest raw GPS fix still kept (epoch ms)."""
    t = schema.passive_gps
    v = conn.execute(select(func.min(t.c.at_ms)).where(t.c.subject_id == subject_id)).scalar()
    return None if v is None else int(v)


def save_gps_days(conn: Connection, subject_id: int, days: dict[date, str]) -> None:
    """Keep daily GPS summaries (JSON text), replacing those of the same days."""
    t = schema.passive_gps_days
    if not days:
        return
    conn.execute(delete(t).where(t.c.subject_id == subject_id, t.c.day.in_(list(days))))
    conn.execute(
        t.insert(), [{"subject_id": subject_id, "day": d, "summary": s} for d, s in days.items()]
    )


def gps_days(conn: Connection, subject_id: int) -> dict[date, str]:
    """The kept daily GPS summaries."""
    t = schema.passive_gps_days
    stmt = select(t.c.day, t.c.summary).where(t.c.subject_id == subject_id).order_by(t.c.day)
    return {d: str(s) for d, s in conn.execute(stmt)}


def set_home(conn: Connection, subject_id: int, lat: float, lon: float, now: int) -> None:
    """Remember the place the person confirmed as home."""
    t = schema.passive_home
    conn.execute(delete(t).where(t.c.subject_id == subject_id))
    conn.execute(t.insert().values(subject_id=subject_id, lat=lat, lon=lon, confirmed_at=now))


def home(conn: Connection, subject_id: int) -> tuple[float, float] | None:
    """The confirmed home, if the person confirmed one."""
    t = schema.passive_home
    row = conn.execute(select(t.c.lat, t.c.lon).where(t.c.subject_id == subject_id)).first()
    return None if row is None else (float(row[0]), float(row[1]))
