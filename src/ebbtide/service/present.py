"""Plain-data views of records for JSON output (CLI --json and the web API)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from ebbtide.domain import vocab
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Person,
    Reflection,
    Routine,
    Solitude,
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


def describe(entry: Entry, names: dict[int, str]) -> str:
    """A one-line, human description of a record."""
    r = entry.record
    label = vocab.STATES.label
    if isinstance(r, CheckIn):
        parts = [label(r.state)]
        if r.intensity:
            parts.append(f"intensity {r.intensity}")
        if r.body:
            parts.append(", ".join(vocab.BODY_SIGNALS.label(b).lower() for b in r.body))
        if r.appetite:
            parts.append(vocab.APPETITES.label(r.appetite).lower())
        return " · ".join(parts)
    if isinstance(r, Contact):
        who = ", ".join(names.get(i, f"#{i}") for i in r.person_ids)
        bits = [f"{vocab.CHANNELS.label(r.channel)} with {who}"]
        if r.minutes:
            bits.append(f"{r.minutes} min")
        if r.safety:
            bits.append(f"safety {r.safety}/5")
        if r.before or r.after:
            bits.append(
                f"{label(r.before) if r.before else '?'} → {label(r.after) if r.after else '?'}"
            )
        return " · ".join(bits)
    if isinstance(r, Solitude):
        bits = [vocab.SOLITUDE_ACTIVITIES.label(r.activity), "chosen" if r.chosen else "an escape"]
        if r.minutes:
            bits.append(f"{r.minutes} min")
        if r.before or r.after:
            bits.append(
                f"{label(r.before) if r.before else '?'} → {label(r.after) if r.after else '?'}"
            )
        return " · ".join(bits)
    if isinstance(r, Boundary):
        who = names.get(r.person_id, f"#{r.person_id}")
        return f"With {who}: “{r.asked}” — {vocab.BOUNDARY_RESPONSES.label(r.received).lower()}"
    if isinstance(r, Step):
        return f"{r.title} (rung {r.level}) — {vocab.STEP_STATUSES.label(r.status).lower()}"
    if isinstance(r, Reflection):
        text = r.answer if len(r.answer) <= 80 else r.answer[:77] + "…"
        return f"{r.prompt} — {text}"
    return f"Routine #{r.routine_id} done"
