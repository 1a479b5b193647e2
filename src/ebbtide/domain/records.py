"""The records a person keeps in ebbtide, validated on construction.

Records are immutable. Each has a database ``id`` (None until stored) and a ``uid``
that never changes, so an export can be imported again without duplicating anything.
Instants are timezone-aware UTC datetimes; ``tz`` is the IANA zone they happened in.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from ebbtide.domain import spec, vocab
from ebbtide.domain.errors import ValidationError, shown
from ebbtide.domain.text import check_text
from ebbtide.domain.timekeeping import check_day, check_instant, zone

MAX_NOTE = spec.MAX_NOTE
MAX_NAME = spec.MAX_NAME
MAX_MINUTES = spec.MAX_MINUTES
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def new_uid() -> str:
    """A fresh, globally unique record identifier."""
    return uuid.uuid4().hex


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


def _check_code(v: vocab.Vocabulary, value: str | None, name: str) -> None:
    if value is not None and value not in v:
        raise ValidationError(
            name, f"unknown {v.name} '{shown(value)}'. Choose one of: {', '.join(v.codes)}"
        )


def _check_uid(value: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-zA-Z_-]{8,64}", value):
        raise ValidationError("uid", "a record uid must be 8-64 letters, digits, '-' or '_'")


Check = Callable[[object], None]


def _checker(f: spec.Field) -> Check | None:
    """The check of one field by its spec (None: nothing to check); text is kept cleaned."""
    name, what, required = f.name, f.what, f.required
    if f.type == "text":
        limit, one_line = f.size or MAX_NOTE, f.one_line

        def text(r: object) -> None:
            cleaned = check_text(name, getattr(r, name), limit, required=required,
                                 one_line=one_line)  # fmt: skip
            object.__setattr__(r, name, cleaned)  # frozen: set once, while being built

        return text
    if f.type == "instant":

        def instant(r: object) -> None:
            value = getattr(r, name)
            if value is None and not required:
                return
            if not isinstance(value, datetime):
                raise ValidationError(what, f"{what} must be a date and time")
            check_instant(what, value)

        return instant
    if f.type == "zone":

        def in_zone(r: object) -> None:
            zone(getattr(r, name))

        return in_zone
    v = f.vocab
    if f.type == "code" and v is not None:
        return lambda r: _check_code(v, getattr(r, name), name)
    if f.type == "codes" and v is not None:

        def codes(r: object) -> None:
            for code in getattr(r, name):
                _check_code(v, code, name)

        return codes
    if f.type == "scale":
        low, high = f.low, f.high
        return lambda r: _check_scale(name, getattr(r, name), low, high)
    if f.type == "minutes":
        return lambda r: _check_minutes(getattr(r, name))
    if f.type == "flag":

        def flag(r: object) -> None:
            if not isinstance(getattr(r, name), bool):
                raise ValidationError(name, f"{name} must be true or false")

        return flag
    if f.type == "day":

        def day(r: object) -> None:
            if getattr(r, name) is not None:
                check_day(what, getattr(r, name))

        return day
    if f.type == "people":

        def people(r: object) -> None:
            if not getattr(r, name):
                raise ValidationError("person", "a contact needs at least one person")

        return people
    if f.type == "schedule":

        def schedule(r: object) -> None:
            value = getattr(r, name)
            if parse_schedule(value) != value:
                raise ValidationError("schedule", f"schedule '{value}' is not normalised")

        return schedule
    if f.type == "hhmm":

        def hhmm(r: object) -> None:
            value = getattr(r, name)
            if value is not None and not _HHMM.match(value):
                raise ValidationError("time", "a routine's time is written HH:MM, e.g. 19:30")

        return hhmm
    return None


_CHECKS: dict[str, tuple[Check, ...]] = {}


def _validate(record: object, kind: spec.Kind) -> None:
    """Check a record against its kind's spec, field by field in order."""
    checks = _CHECKS.get(kind.table)
    if checks is None:
        made = (_checker(f) for f in kind.fields if f.on_record)
        checks = _CHECKS[kind.table] = tuple(c for c in made if c is not None)
    for check in checks:
        check(record)
    _check_uid(record.uid)  # type: ignore[attr-defined]


_ANNOTATION: dict[str, str] = {
    "instant": "datetime",
    "zone": "str",
    "code": "str",
    "codes": "tuple[str, ...]",
    "scale": "int",
    "minutes": "int",
    "flag": "bool",
    "day": "date",
    "text": "str",
    "person": "int",
    "people": "tuple[int, ...]",
    "routine": "int",
    "schedule": "str",
    "hhmm": "str",
}
R = TypeVar("R")


def _of(kind: spec.Kind) -> Callable[[type[R]], type[R]]:
    """Hold a record class to its kind's spec as it is defined (a mismatch stops the import).

    The class names its attributes for the type checker; the spec is where they are
    decided: the same names in the same order, each with the spec's default (none when
    the spec requires it) and the Python type of the spec's field type (``| None`` when
    it may be left out). ``id`` and ``uid`` are every record's own.
    """

    def check(cls: type[R]) -> type[R]:
        own = [f for f in dataclasses.fields(cls) if f.name not in ("id", "uid")]  # type: ignore[arg-type]
        if tuple(f.name for f in own) != kind.names:
            raise TypeError(f"{cls.__name__} has {[f.name for f in own]}, its spec {kind.names}")
        for f in own:
            want = kind.field(f.name)
            given = f.default is not dataclasses.MISSING
            if want.required == given or (given and f.default != want.default):
                raise TypeError(f"{cls.__name__}.{f.name}: the default is not the spec's")
            typed = _ANNOTATION[want.type] + (" | None" if want.default is None else "")
            if f.type != typed:
                raise TypeError(f"{cls.__name__}.{f.name} is {f.type}, its spec says {typed}")
        return cls

    return check


@_of(spec.PERSON)
@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """Someone in the user's life, by name or alias."""

    name: str
    relation: str | None = None
    note: str = ""
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _validate(self, spec.PERSON)
        if self.name != self.name.strip():
            raise ValidationError("name", "a name cannot start or end with spaces")


@_of(spec.CHECKIN)
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
    where: str | None = None
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _validate(self, spec.CHECKIN)


@_of(spec.CONTACT)
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
        _validate(self, spec.CONTACT)


@_of(spec.SOLITUDE)
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
    where: str | None = None
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _validate(self, spec.SOLITUDE)


@_of(spec.BOUNDARY)
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
        _validate(self, spec.BOUNDARY)


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


@_of(spec.ROUTINE)
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
        _validate(self, spec.ROUTINE)


@_of(spec.ROUTINE_DONE)
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
        _validate(self, spec.ROUTINE_DONE)


@_of(spec.STEP)
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
        _validate(self, spec.STEP)


@_of(spec.REFLECTION)
@dataclass(frozen=True, slots=True, kw_only=True)
class Reflection:
    """An answer to a reflection prompt, dated."""

    at: datetime
    tz: str
    prompt: str = ""
    answer: str
    id: int | None = None
    uid: str = field(default_factory=new_uid)

    def __post_init__(self) -> None:
        _validate(self, spec.REFLECTION)


Record = CheckIn | Contact | Solitude | Boundary | RoutineDone | Step | Reflection
