"""The web forms: how each record kind's fields render, and how a form is read.

Which fields a form asks for, their types, vocabularies, limits, defaults and whether
they are needed all come from the kind's spec (``domain.spec``: ``Kind.form_fields``).
This module adds only presentation, keyed by field name: the label, the order, a hint,
a widget other than the type's own, and whether the field waits in the "More" section.
One definition per kind serves both the "add" form and the "edit" form. Reading a form
checks every value and raises a ValidationError (a 422 with one clear line) before
anything is written; the service layer validates again as it builds records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from starlette.datastructures import FormData

from ebbtide.domain import spec, vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import check_day, check_instant, zone
from ebbtide.service import Context

MAX_NAMES = 1000
"""The longest list of names (separated by commas) a "with whom" input takes."""


@dataclass(frozen=True)
class Field:
    """One input of a form: a spec field as the web shows it."""

    name: str
    label: str
    widget: str  # tiles, scale, chips, select, rating, number, text, textarea, chosen, people
    options: vocab.Vocabulary | None = None
    required: bool = False
    lo: int = 1
    hi: int = 5
    max_length: int = spec.MAX_NOTE
    hint: str = ""
    more: bool = False  # tucked into the form's "More" section
    default: Any = None  # used when the field is left out (no "—" choice is shown)
    on_edit: bool = True
    placeholder: str = ""


@dataclass(frozen=True)
class Look:
    """How one field is shown: presentation only, everything else is the spec's."""

    label: str
    widget: str | None = None  # None: the widget of the field's type
    hint: str = ""
    more: bool = False
    placeholder: str = ""
    options: vocab.Vocabulary | None = None  # choices shown for a field without a vocabulary


_WIDGETS: dict[str, str] = {
    "code": "select",
    "codes": "chips",
    "scale": "rating",
    "minutes": "number",
    "flag": "chosen",
    "people": "people",
    "person": "people",
}

_BEFORE = Look("Before, I felt")
_AFTER = Look("Afterwards I felt")
_MINUTES = Look("Minutes")
_NOTE = Look("Note")
_NOTE_MORE = Look("Note", more=True)

LOOKS: dict[str, dict[str, Look]] = {
    "checkin": {
        "state": Look("How is your nervous system right now?", "tiles"),
        "intensity": Look("How strong?", "scale", hint="optional"),
        "body": Look("Body signals", more=True),
        "energy": Look("Energy (1 low – 5 high)", more=True),
        "appetite": Look("Right now", more=True),
        "where": Look("Where", more=True),
        "note": _NOTE_MORE,
    },
    "contact": {
        "person_ids": Look("With whom", hint="names, separated by commas"),
        "channel": Look("How"),
        "minutes": _MINUTES,
        "safety": Look("Felt safe (1–5)"),
        "reciprocity": Look("Mutual (1–5)"),
        "before": _BEFORE,
        "after": _AFTER,
        "initiated": Look("Who reached out", more=True),
        "authenticity": Look("Could be myself (1–5)", more=True),
        "note": _NOTE_MORE,
    },
    "solitude": {
        "activity": Look("What"),
        "minutes": _MINUTES,
        "chosen": Look("Was it"),
        "before": _BEFORE,
        "after": _AFTER,
        "where": Look("Where", more=True),
        "note": _NOTE_MORE,
    },
    "boundary": {
        "person_id": Look("Who I set it with", hint="one name"),
        "asked": Look("What I asked for or said no to"),
        "received": Look("How it was received"),
        "after": _AFTER,
        "note": _NOTE_MORE,
    },
    "routine": {"note": _NOTE},
    "step": {"title": Look("Step"), "level": Look("Rung (1–5)"), "note": _NOTE},
    "reflection": {"answer": Look("Answer")},
}
"""Each form's labels, in the order they are shown (every spec form field, no other)."""


def _input(f: spec.Field, look: Look) -> Field:
    """A form input from a spec field and how it looks."""
    widget = look.widget or _WIDGETS.get(f.type)
    if widget is None:
        widget = "textarea" if f.type == "text" and (f.size or 0) >= spec.MAX_NOTE else "text"
    if f.type == "text":
        longest = f.size or spec.MAX_NOTE
    elif f.type == "people":
        longest = MAX_NAMES
    elif f.type == "person":
        longest = spec.PERSON.field("name").size or spec.MAX_NAME
    elif f.type in ("schedule", "hhmm") and f.size is not None:
        longest = f.size
    else:
        longest = spec.MAX_NOTE  # codes and numbers are checked by value, not length
    lo, hi = (0, spec.MAX_MINUTES) if f.type == "minutes" else (f.low, f.high)
    chosen = f.type in ("code", "scale", "schedule") and not f.required and f.default is not None
    return Field(
        name=f.key,
        label=look.label,
        widget=widget,
        options=look.options or f.vocab,
        required=f.required,
        lo=lo,
        hi=hi,
        max_length=longest,
        hint=look.hint,
        more=look.more,
        default=f.default if chosen else None,
        on_edit=f.editable,
        placeholder=look.placeholder,
    )


def _forms() -> dict[str, tuple[Field, ...]]:
    out: dict[str, tuple[Field, ...]] = {}
    for code, looks in LOOKS.items():
        kind = spec.RECORDS[code]
        asked = {f.name: f for f in kind.form_fields}
        if set(looks) != set(asked):  # a field added to the spec needs its label here
            raise AssertionError(f"the {code} form shows {sorted(looks)}, its spec {sorted(asked)}")
        out[code] = tuple(_input(asked[name], look) for name, look in looks.items())
    return out


FORMS: dict[str, tuple[Field, ...]] = _forms()

SCHEDULES = vocab.Vocabulary(
    "schedule",
    (
        vocab.Term("daily", "Every day"),
        vocab.Term("weekdays", "Weekdays"),
        vocab.Term("weekends", "Weekends"),
    ),
)
"""The schedules the routine form offers (the CLI and API also take days like mon,thu)."""

PLAN_LOOKS: dict[str, tuple[spec.Kind, dict[str, Look], frozenset[str]]] = {
    "step": (
        spec.STEP,
        {
            "title": Look("The step", placeholder="Send Lea a short message"),
            "level": Look("How big", "ladder", options=vocab.STEP_LADDER),
            "planned_for": Look("For", "date"),
            "person_id": Look("With", hint="optional"),
        },
        frozenset({"note"}),
    ),
    "routine-plan": (
        spec.ROUTINE,
        {
            "name": Look("What", placeholder="Evening walk"),
            "schedule": Look("When", "select", options=SCHEDULES),
            "time_of_day": Look("Usual time", "time"),
        },
        frozenset({"anchor", "active"}),
    ),
}
"""The forms that plan a step and add a routine: each one's labels, in the order shown, and
the spec fields it leaves out (together: every field a new one is given, no other)."""


def _plans() -> dict[str, tuple[Field, ...]]:
    out: dict[str, tuple[Field, ...]] = {}
    for code, (kind, looks, left_out) in PLAN_LOOKS.items():
        given = {f.name: f for f in kind.fields if f.input and f.type not in ("instant", "zone")}
        if set(looks) | left_out != set(given) or set(looks) & left_out:
            raise AssertionError(
                f"the {code} form shows {sorted(looks)} and leaves out {sorted(left_out)}, "
                f"its spec gives {sorted(given)}"
            )
        out[code] = tuple(_input(given[name], look) for name, look in looks.items())
    return out


PLANS: dict[str, tuple[Field, ...]] = _plans()
"""The plan forms' inputs by form, from their specs (``PLAN_LOOKS``)."""
MORE: dict[str, str] = {
    "checkin": "Body signals, energy, what you'd like, where, a note",
    "contact": "Who reached out, being yourself, a note",
    "solitude": "Where, a note",
    "boundary": "A note",
}
"""The summary of each form's "More" section."""

HAS_WHEN = frozenset(k.kind for k in spec.RECORDS.values() if k.instant == ("at",))
"""Kinds whose forms have a "when" (a step is dated by when it is planned and done)."""

# Shortcuts for "when": (code, label). "other" reads the date and time fields.
WHEN_CHOICES: tuple[tuple[str, str], ...] = (
    ("now", "Now"),
    ("earlier", "Earlier today"),
    ("morning", "This morning"),
    ("last-night", "Last night"),
    ("yesterday-evening", "Yesterday evening"),
    ("other", "Another day or time"),
)
_WHEN_CODES = frozenset(code for code, _ in WHEN_CHOICES) | {"keep"}


def fields(kind: str, *, editing: bool = False) -> tuple[Field, ...]:
    """The fields of one kind's add (or edit) form."""
    return tuple(f for f in FORMS.get(kind, ()) if f.on_edit or not editing)


def plan(form: str) -> dict[str, Field]:
    """The inputs of one plan form (``PLANS``), by the name each one is sent as."""
    return {f.name: f for f in PLANS[form]}


def _text(form: FormData | Mapping[str, Any], name: str) -> str | None:
    raw = form.get(name)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValidationError(name, f"{name} must be text")
    return raw


def _int(f: Field, raw: str) -> int:
    value = raw.strip()
    if not (value.isascii() and value.isdigit() and len(value) < 8):
        raise ValidationError(f.name, f"{f.name} must be a whole number")
    number = int(value)
    if not f.lo <= number <= f.hi:
        raise ValidationError(f.name, f"{f.name} must be between {f.lo} and {f.hi}")
    return number


def _value(f: Field, form: FormData, editing: bool) -> tuple[bool, Any]:
    """(present, value) for one field; absent optional fields are left out when adding."""
    if f.widget == "chips":
        sent = [v for v in form.getlist(f.name) if isinstance(v, str)]
        # An edit form sends one empty value first, so unticking every box clears them.
        return bool(sent), tuple(v for v in sent if v)
    raw = _text(form, f.name)
    if raw is None and editing:
        return False, None  # an edit changes only the fields it sends
    if f.default is not None and (raw is None or not raw.strip()):
        return True, f.default
    if raw is None or (raw.strip() == "" and f.widget != "textarea"):
        if f.required:
            raise ValidationError(f.name, f"{f.name} is needed (“{f.label}”)")
        return raw is not None and editing, None
    if len(raw) > f.max_length:
        raise ValidationError(f.name, f"“{f.label}” is longer than {f.max_length} characters")
    if f.widget in ("scale", "rating", "number"):
        return True, _int(f, raw)
    if f.widget == "chosen":
        if raw not in ("yes", "no"):
            raise ValidationError(f.name, "choose “chosen” or “an escape”")
        return True, raw == "yes"
    if f.widget == "textarea":
        if f.required and not raw.strip():
            raise ValidationError(f.name, f"{f.name} is needed (“{f.label}”)")
        return True, raw
    return True, raw.strip()  # codes are checked by the service, with the same message as the CLI


def read(kind: str, form: FormData, *, editing: bool = False) -> dict[str, Any]:
    """The checked values of one kind's form, keyed by field name (nothing is written)."""
    out: dict[str, Any] = {}
    for f in fields(kind, editing=editing):
        present, value = _value(f, form, editing)
        if present:
            out[f.name] = value
    return out


def when(ctx: Context, form: FormData | Mapping[str, Any]) -> datetime | None:
    """The moment a form's "when" asks for (None: now, or on an edit form "keep").

    Future moments are refused by the service, with one clear line.
    """
    choice = (_text(form, "when") or "now").strip() or "now"
    day_raw = (_text(form, "when_day") or "").strip()
    time_raw = (_text(form, "when_time") or "").strip()
    if choice not in _WHEN_CODES:
        raise ValidationError("when", "choose when it happened from the list")
    if choice == "keep":  # an edit form: its date and time fields hold the entry's moment
        same = (day_raw, time_raw) == (
            (_text(form, "when_day_was") or "").strip(),
            (_text(form, "when_time_was") or "").strip(),
        )
        choice = "keep" if same else "other"
    elif choice == "now" and (day_raw or time_raw):
        choice = "other"  # a date or time typed in wins over the default
    z = zone(ctx.tz)
    now = ctx.now().astimezone(z)
    today = ctx.today()
    if choice in ("now", "keep"):
        return None
    if choice == "earlier":
        moment = now - timedelta(hours=3)
        start = datetime.combine(today, time(ctx.day_start_hour), tzinfo=z)
        return max(moment, start)
    # The shortcuts speak of calendar days, as people do ("yesterday evening" at 1 a.m. is
    # the evening a few hours ago); a shortcut that would lie ahead is read as now.
    if choice == "morning":
        return min(datetime.combine(now.date(), time(9), tzinfo=z), now)
    if choice == "last-night":
        night = datetime.combine(now.date(), time(23), tzinfo=z)
        return night if night <= now else night - timedelta(days=1)
    if choice == "yesterday-evening":
        return datetime.combine(now.date() - timedelta(days=1), time(19), tzinfo=z)
    return _typed(day_raw, time_raw, today, z)


def _typed(day_raw: str, time_raw: str, today: date, z: Any) -> datetime:
    if not day_raw and not time_raw:
        raise ValidationError("when_day", "give the date or the time it happened")
    try:
        day = check_day("the date", date.fromisoformat(day_raw)) if day_raw else today
    except ValueError:
        raise ValidationError("when_day", "the date must look like 2026-11-20") from None
    try:
        clock = time.fromisoformat(time_raw) if time_raw else time(12)
    except ValueError:
        raise ValidationError("when_time", "the time must look like 18:30") from None
    return check_instant("the moment", datetime.combine(day, clock.replace(tzinfo=None), tzinfo=z))


def when_defaults(ctx: Context, at: datetime | None = None) -> dict[str, str]:
    """Values for the date and time fields: the entry's own moment, or empty (now)."""
    if at is None:
        return {"day": "", "time": "", "max": ctx.now().astimezone(zone(ctx.tz)).date().isoformat()}
    local = at.astimezone(zone(ctx.tz))
    return {
        "day": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "max": ctx.now().astimezone(zone(ctx.tz)).date().isoformat(),
    }
