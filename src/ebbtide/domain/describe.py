"""One-line, human descriptions of records (shared by every face)."""

from __future__ import annotations

from typing import Any

from ebbtide.domain import vocab
from ebbtide.domain.records import Boundary, CheckIn, Contact, Reflection, Solitude, Step


def _shift(before: str | None, after: str | None) -> str:
    label = vocab.STATES.label
    if before and after:
        return f"{label(before)} → {label(after)}"
    return f"before: {label(before)}" if before else f"after: {label(after or '')}"


def describe_record(r: Any, names: dict[int, str], routines: dict[int, str] | None = None) -> str:
    """A one-line, human description of a record."""
    label = vocab.STATES.label
    if isinstance(r, CheckIn):
        parts = [label(r.state)]
        if r.intensity:
            parts.append(f"intensity {r.intensity}")
        if r.body:
            parts.append(", ".join(vocab.BODY_SIGNALS.label(b).lower() for b in r.body))
        if r.appetite:
            parts.append(vocab.APPETITES.label(r.appetite))
        if r.where:
            parts.append(vocab.PLACES.label(r.where).lower())
        return " · ".join(parts)
    if isinstance(r, Contact):
        who = ", ".join(names.get(i, f"#{i}") for i in r.person_ids)
        bits = [f"{vocab.CHANNELS.label(r.channel)} with {who}"]
        if r.minutes:
            bits.append(f"{r.minutes} min")
        if r.safety:
            bits.append(f"safety {r.safety}/5")
        if r.before or r.after:
            bits.append(_shift(r.before, r.after))
        return " · ".join(bits)
    if isinstance(r, Solitude):
        bits = [vocab.SOLITUDE_ACTIVITIES.label(r.activity), "chosen" if r.chosen else "an escape"]
        if r.minutes:
            bits.append(f"{r.minutes} min")
        if r.before or r.after:
            bits.append(_shift(r.before, r.after))
        if r.where:
            bits.append(vocab.PLACES.label(r.where).lower())
        return " · ".join(bits)
    if isinstance(r, Boundary):
        who = names.get(r.person_id, f"#{r.person_id}")
        return f"With {who}: “{r.asked}” — {vocab.BOUNDARY_RESPONSES.label(r.received).lower()}"
    if isinstance(r, Step):
        return f"{r.title} (rung {r.level}) — {vocab.STEP_STATUSES.label(r.status).lower()}"
    if isinstance(r, Reflection):
        text = r.answer if len(r.answer) <= 80 else r.answer[:77] + "…"
        return f"{r.prompt} — {text}"
    name = (routines or {}).get(r.routine_id)
    return f"{name} — done" if name else f"Routine #{r.routine_id} done"
