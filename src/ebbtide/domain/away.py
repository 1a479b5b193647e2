"""Away periods: days a person marked as away or on holiday.

Stored as one per-subject setting (``AWAY_KEY``) holding a JSON list, oldest first::

    [{"from": "2026-08-01", "to": "2026-08-14", "note": "Lisbon"}]

so an export carries them in its ``settings`` and an import merges them. The insights read
those days as "not enough to say" unless the entries themselves show a withdrawal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ebbtide.domain.errors import ValidationError

AWAY_KEY = "away_periods"
MAX_DAYS = 366
MAX_NOTE = 200


@dataclass(frozen=True)
class AwayPeriod:
    """From ``first`` to ``last`` (both included), with an optional private note."""

    first: date
    last: date
    note: str = ""

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.last - self.first).days + 1


def make_period(first: date, last: date, note: str = "") -> AwayPeriod:
    """A checked period: ``first`` not after ``last``, at most a year, a short note."""
    if last < first:
        raise ValidationError("to", "the last day away must not be before the first")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationError("to", f"an away period can be at most {MAX_DAYS} days")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError("note", f"the note can be at most {MAX_NOTE} characters")
    return AwayPeriod(first, last, note)


def decode(text: str | None) -> list[AwayPeriod]:
    """The periods in a stored value (anything unreadable in it is left out)."""
    if not text:
        return []
    try:
        items = json.loads(text)
    except ValueError:
        return []
    out: list[AwayPeriod] = []
    for item in items if isinstance(items, list) else []:
        try:
            out.append(
                make_period(
                    date.fromisoformat(item["from"]),
                    date.fromisoformat(item["to"]),
                    str(item.get("note", "")),
                )
            )
        except (KeyError, TypeError, ValueError, ValidationError):
            continue
    return sorted(set(out), key=lambda p: (p.first, p.last, p.note))


MAX_PERIODS = 1000


def parse(text: str, field: str = "away_periods") -> list[AwayPeriod]:
    """The periods in a value from outside (an imported file): every one must be valid."""
    try:
        items = json.loads(text)
    except ValueError:
        raise ValidationError(field, f"{field} must be a list of periods") from None
    if not isinstance(items, list):
        raise ValidationError(field, f"{field} must be a list of periods")
    if len(items) > MAX_PERIODS:
        raise ValidationError(field, f"{field} can hold at most {MAX_PERIODS} periods")
    out: list[AwayPeriod] = []
    for item in items:
        try:
            first, last = date.fromisoformat(item["from"]), date.fromisoformat(item["to"])
            note = item.get("note", "")
            if not isinstance(note, str):
                raise TypeError("note")
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValidationError(
                field, f"{field}: each period needs a from and a to day"
            ) from None
        try:
            out.append(make_period(first, last, note))
        except ValidationError as exc:
            raise ValidationError(field, f"{field}: {exc.message}") from exc
    return out


def encode(periods: list[AwayPeriod]) -> str:
    """The stored value for ``periods`` (sorted, each once)."""
    ordered = sorted(set(periods), key=lambda p: (p.first, p.last, p.note))
    return json.dumps(
        [{"from": p.first.isoformat(), "to": p.last.isoformat(), "note": p.note} for p in ordered],
        ensure_ascii=False,
    )


def merge(stored: str | None, incoming: str | None) -> str:
    """Both values' periods in one stored value (for an import into a history)."""
    return encode(decode(stored) + decode(incoming))
