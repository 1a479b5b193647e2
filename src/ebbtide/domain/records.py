"""The records a person keeps in ebbtide, validated on construction.

Records are immutable. Each has a database ``id`` (None until stored) and a ``uid``
that never changes, so an export can be imported again without duplicating anything.
Instants are timezone-aware UTC datetimes; ``tz`` is the IANA zone they happened in.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from ebbtide.domain import vocab
from ebbtide.domain.errors import ValidationError, shown
from ebbtide.domain.text import check_text
from ebbtide.domain.timekeeping import check_day, check_instant, zone

MAX_NOTE = 10_000
MAX_NAME = 120
MAX_MINUTES = 24 * 60
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def new_uid() -> str:
    """A fresh, globally unique record identifier."""
    return uuid.uuid4().hex


def _check_moment(at: datetime, tz: str, what: str = "when") -> None:
    if not isinstance(at, datetime):
        raise ValidationError(what, f"{what} must be a date and time")
    check_instant(what, at)
    zone(tz)


def _check_scale(name: str, value: int | None, low: int = 1, high: int = 5) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(name, f"{name} must be a whole number from {low} to {high}")


def _check_minutes(value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
        raise ValidationError("minutes", f"minutes must be a whole number from 0 to {MAX_MINUTES}")


def _text(
    record: object,
    attr: str,
    limit: int = MAX_NOTE,
    *,
    required: bool = False,
    one_line: bool = False,
) -> None:
    """Check a text field by the one rule (domain.text) and keep its cleaned form."""
    cleaned = check_text(attr, getattr(record, attr), limit, required=required, one_line=one_line)
    object.__setattr__(record, attr, cleaned)  # frozen: set once, while being built


def _check_code(v: vocab.Vocabulary, value: str | None, name: str) -> None:
    if value is not None and value not in v:
        raise ValidationError(
            name, f"unknown {v.name} '{shown(value)}'. Choose one of: {', '.join(v.codes)}"
        )


def _check_uid(value: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-zA-Z_-]{8,64}", value):
        raise ValidationError("uid", "a record uid must be 8-64 letters, digits, '-' or '_'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone in the user's life, by name or alias."""

    name: str
    relation: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _text(self, "name", MAX_NAME, required=True, one_line=True)
        if self.name != self.name.strip():
            raise ValidationError("name", "a name cannot start or end with spaces")
        _check_code(vocab.RELATIONS, self.relation, "relation")
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIn:
    """A moment's nervous-system state with intensity, body signals and appetite."""

    at: datetime
    tz: str
    state: str
    intensity: int | None = None
    body: tuple[str, ...] = ()
    energy: int | None = None
    appetite: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        _check_code(vocab.STATES, self.state, "state")
        _check_scale("intensity", self.intensity)
        _check_scale("energy", self.energy)
        for signal in self.body:
            _check_code(vocab.BODY_SIGNALS, signal, "body")
        _check_code(vocab.APPETITES, self.appetite, "appetite")
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """An interaction with one or more people and how it felt."""

    at: datetime
    tz: str
    person_ids: tuple[int, ...]
    channel: str = "in-person"
    minutes: int | None = None
    initiated: str | None = None
    safety: int | None = None
    reciprocity: int | None = None
    authenticity: int | None = None
    before: str | None = None
    after: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        if not self.person_ids:
            raise ValidationError("person", "a contact needs at least one person")
        _check_code(vocab.CHANNELS, self.channel, "channel")
        _check_minutes(self.minutes)
        _check_code(vocab.INITIATORS, self.initiated, "initiated")
        for name in ("safety", "reciprocity", "authenticity"):
            _check_scale(name, getattr(self, name))
        _check_code(vocab.STATES, self.before, "before")
        _check_code(vocab.STATES, self.after, "after")
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Solitude:
    """Time alone: what it was spent on, whether chosen or an escape, and its effect."""

    at: datetime
    tz: str
    activity: str
    minutes: int | None = None
    chosen: bool = True
    before: str | None = None
    after: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        _check_code(vocab.SOLITUDE_ACTIVITIES, self.activity, "activity")
        _check_minutes(self.minutes)
        if not isinstance(self.chosen, bool):
            raise ValidationError("chosen", "chosen must be true or false")
        _check_code(vocab.STATES, self.before, "before")
        _check_code(vocab.STATES, self.after, "after")
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Boundary:
    """A need expressed or a limit set with someone, and how it was received."""

    at: datetime
    tz: str
    person_id: int
    asked: str
    received: str
    after: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        _text(self, "asked", 2000, required=True)
        _check_code(vocab.BOUNDARY_RESPONSES, self.received, "received")
        _check_code(vocab.STATES, self.after, "after")
        _text(self, "note")
        _check_uid(self.uid)


def parse_schedule(text: str) -> str:
    """Normalise a routine schedule: daily, weekdays, weekends or e.g. 'mon,thu'."""
    t = text.strip().lower().replace(" ", "")
    if t in ("daily", "weekdays", "weekends"):
        return t
    days = [d[:3] for d in t.split(",") if d]
    if days and all(d in _WEEKDAY_CODES for d in days):
        return ",".join(sorted(set(days), key=_WEEKDAY_CODES.index))
    raise ValidationError(
        "schedule",
        f"unknown schedule '{shown(text)}'. Use daily, weekdays, weekends or days like mon,thu",
    )


def schedule_days(schedule: str) -> frozenset[int]:
    """The ISO weekdays (0 = Monday) on which a schedule falls."""
    if schedule == "daily":
        return frozenset(range(7))
    if schedule == "weekdays":
        return frozenset(range(5))
    if schedule == "weekends":
        return frozenset({5, 6})
    return frozenset(_WEEKDAY_CODES.index(d) for d in schedule.split(","))


@dataclass(frozen=True, slots=True, kw_only=True)
class Routine:
    """A small steady anchor with a schedule, the basis of social rhythm."""

    name: str
    schedule: str = "daily"
    time_of_day: str | None = None
    anchor: str | None = None
    tz: str = "UTC"
    active: bool = True
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _text(self, "name", MAX_NAME, required=True, one_line=True)
        if parse_schedule(self.schedule) != self.schedule:
            raise ValidationError("schedule", f"schedule '{self.schedule}' is not normalised")
        if self.time_of_day is not None and not _HHMM.match(self.time_of_day):
            raise ValidationError("time", "a routine's time is written HH:MM, e.g. 19:30")
        _check_code(vocab.ANCHORS, self.anchor, "anchor")
        zone(self.tz)
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutineDone:
    """One completion of a routine."""

    routine_id: int
    at: datetime
    tz: str
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """A small deliberate act toward connection: planned, done, or let go for now."""

    title: str
    level: int = 1
    planned_for: date | None = None
    status: str = "planned"
    person_id: int | None = None
    created_at: datetime
    done_at: datetime | None = None
    tz: str = "UTC"
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _text(self, "title", 300, required=True)
        _check_scale("level", self.level, 1, len(vocab.STEP_LADDER.terms))
        _check_code(vocab.STEP_STATUSES, self.status, "status")
        _check_moment(self.created_at, self.tz, "created")
        if self.done_at is not None:
            _check_moment(self.done_at, self.tz, "done")
        if self.planned_for is not None:
            check_day("planned for", self.planned_for)
        _text(self, "note")
        _check_uid(self.uid)


@dataclass(frozen=True, slots=True, kw_only=True)
class Reflection:
    """An answer to a reflection prompt, dated."""

    at: datetime
    tz: str
    prompt: str
    answer: str
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _check_moment(self.at, self.tz)
        _text(self, "prompt", 1000)
        _text(self, "answer", required=True)
        _check_uid(self.uid)


SAFE_FROM = 4
"""Felt safety (1-5) from which a contact counts as safe."""


def is_meaningful_contact(c: Contact) -> bool:
    """A contact that felt safe or left the person connected."""
    return (c.safety or 0) >= SAFE_FROM or c.after == "connected"


Record = CheckIn | Contact | Solitude | Boundary | RoutineDone | Step | Reflection
