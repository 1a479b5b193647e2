"""Plain-data views of records for JSON output (CLI --json and the web API)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from ebbtide.domain.describe import describe_record
from ebbtide.domain.records import (
    Boundary,
    Contact,
    Person,
    Routine,
    Step,
)
from ebbtide.domain.timekeeping import zone
from ebbtide.service.context import Context
from ebbtide.service.records import Entry


def _jsonable(value: Any, tz: str) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(zone(tz)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def record_dict(
    ctx: Context, kind: str, record: Any, names: dict[int, str] | None = None
) -> dict[str, Any]:
    """A record as a JSON-ready dict: local times with offsets, people by name too."""
    tz = getattr(record, "tz", ctx.tz)
    out: dict[str, Any] = {"kind": kind}
    for f in dataclasses.fields(record):
        out[f.name] = _jsonable(getattr(record, f.name), tz)
    at = getattr(record, "at", None) or getattr(record, "created_at", None)
    if isinstance(at, datetime):
        out["day"] = ctx.day_of(at, tz).isoformat()
    if names is not None:
        if isinstance(record, Contact):
            out["people"] = [names.get(i, f"#{i}") for i in record.person_ids]
        if isinstance(record, Boundary | Step) and record.person_id is not None:
            out["person"] = names.get(record.person_id, f"#{record.person_id}")
    return out


def entry_dict(ctx: Context, entry: Entry, names: dict[int, str]) -> dict[str, Any]:
    """A log entry as a JSON-ready dict."""
    return record_dict(ctx, entry.kind, entry.record, names)


def person_dict(p: Person) -> dict[str, Any]:
    """A person as a JSON-ready dict."""
    return dataclasses.asdict(p)


def routine_dict(r: Routine) -> dict[str, Any]:
    """A routine as a JSON-ready dict."""
    return dataclasses.asdict(r)


def describe(entry: Entry, names: dict[int, str], routines: dict[int, str] | None = None) -> str:
    """A one-line, human description of a record."""
    return describe_record(entry.record, names, routines)
