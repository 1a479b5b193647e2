"""One declarative spec per record kind: the only place a kind's fields are written down.

Each ``Kind`` names its fields in order, with their type, vocabulary, whether they are
required, their default, how long text may be, and where each one lives: its table column,
its key in the export, its label in the rows the insights read. The table columns
(``store.schema``), the row mappers (``store.mappers``, values via ``store.codec``), the
insight-row selects (``store.insight_rows``), the raw and frame columns
(``insights.frames``), export, import and CSV (``interop.ebbtide_json``,
``interop.csv_export``), the fast-path insert (``store.fast``), the validation of the
domain records (``domain.records``), the API bodies (``web.spec_models``), the edit parsers
(``service.records``) and each record's one timeline instant are all derived from here.
``tests/domain/test_spec.py`` checks that every table (as migrated), record, insight row
and export agrees with these specs. The record dataclasses name their attributes for
the type checker, and each is held to its spec as it is defined (``domain.records._of``:
the same names, order, defaults and types, or the import stops). The web forms
(``web.forms``) ask for each kind's ``form_fields``; the web adds only their labels.

This module imports nothing heavy (no SQLAlchemy, no polars): the fast check-in path and
the domain read it.

Field types:

- ``instant``: an aware UTC datetime, stored as epoch seconds, exported as ISO 8601 ``Z``;
- ``zone``: the IANA zone the record was lived in;
- ``code`` / ``codes``: one / several codes of ``vocab`` (several are stored comma-separated);
- ``scale``: a whole number from ``low`` to ``high``; ``minutes``: 0 to a day's minutes;
- ``flag``: true or false; ``day``: a calendar day; ``text``: words the person writes
  (``size`` is the longest they may be);
- ``person`` / ``people`` / ``routine``: references by database id (uids in the export);
  a contact's ``people`` live in their own table, ``contact_people``;
- ``schedule`` and ``hhmm``: a routine's schedule (``daily``, ``mon,thu``…) and time of day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ebbtide.domain import vocab

FieldType = Literal[
    "instant",
    "zone",
    "code",
    "codes",
    "scale",
    "minutes",
    "flag",
    "day",
    "text",
    "person",
    "people",
    "routine",
    "schedule",
    "hhmm",
]

MAX_NOTE = 10_000
MAX_NAME = 120
MAX_MINUTES = 24 * 60
MAX_WHEN = 60
"""Characters of a "when" phrase ("yesterday 21:30", an ISO time)."""
MAX_DAY_PHRASE = 40
"""Characters of a day phrase ("today", "2026-11-21") that picks a period's first or last day."""
MAX_SEARCH = 200
"""Characters of the words a listing is searched for."""
MAX_CHANGES = 20
"""Fields one edit may change."""
REQUIRED: Any = ...
"""The default of a field that every record must give."""


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record kind and every place it lives."""

    name: str
    type: FieldType
    vocab: vocab.Vocabulary | None = None
    default: Any = None
    size: int | None = None
    column: str | None = ""
    export: str = ""
    insight: str | None = None
    label: str = ""
    low: int = 1
    high: int = 5
    one_line: bool = False
    search: bool = False
    own_words: bool = True
    editable: bool = True
    input: bool = True
    on_record: bool = True
    form: bool = True
    """Asked for on the kind's own add and edit form (instants and zones never are: a
    form asks "when"; False: chosen by the page around the form, or by another form)."""
    simulated: bool = True
    """Made by the demo generator (False: null in its frames and simulated datasets)."""

    @property
    def required(self) -> bool:
        """Every record must give it (it has no default)."""
        return self.default is REQUIRED

    @property
    def column_name(self) -> str | None:
        """Its column in the kind's table (None: kept elsewhere, e.g. ``contact_people``)."""
        return self.name if self.column == "" else self.column

    @property
    def key(self) -> str:
        """Its key in an export item."""
        return self.export or self.name

    @property
    def what(self) -> str:
        """The name its errors are about."""
        return self.label or self.name

    @property
    def written(self) -> bool:
        """Free text a person wrote (checked for crisis language when it changes)."""
        return self.type == "text" and self.own_words


@dataclass(frozen=True, slots=True)
class Kind:
    """A record kind: its code, its table (also its export section), its fields."""

    kind: str
    table: str
    fields: tuple[Field, ...]
    instant: tuple[str, ...] = ("at",)
    """The timeline instant: the first of these fields that is set (one instant per record)."""
    insight_key: str | None = None
    """Label of the record's id in its insight rows, when the insights need it."""
    timed: bool = True

    def field(self, name: str) -> Field:
        """One field by name."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the fields a record carries."""
        return tuple(f.name for f in self.fields if f.on_record)

    @property
    def columns(self) -> tuple[Field, ...]:
        """The fields stored as columns of the kind's own table, in order."""
        return tuple(f for f in self.fields if f.column_name is not None)

    @property
    def texts(self) -> tuple[str, ...]:
        """Columns a search looks in."""
        return tuple(f.column_name or f.name for f in self.fields if f.search)

    @property
    def written(self) -> tuple[str, ...]:
        """Fields holding the person's own words."""
        return tuple(f.name for f in self.fields if f.written)

    @property
    def person(self) -> str | None:
        """The column that names one person, if the kind has one."""
        return next((f.column_name for f in self.fields if f.type == "person"), None)

    @property
    def form_fields(self) -> tuple[Field, ...]:
        """The fields the kind's add and edit forms ask for, in spec order."""
        return tuple(
            f for f in self.fields if f.form and f.input and f.type not in ("instant", "zone")
        )

    @property
    def insight_fields(self) -> tuple[Field, ...]:
        """The fields the insights read: instants and zone first, then the rest in order."""
        chosen = [f for f in self.fields if f.insight is not None]
        timing = [f for f in chosen if f.type in ("instant", "zone")]
        return tuple(timing + [f for f in chosen if f not in timing])


def _at(label: str = "when") -> Field:
    return Field("at", "instant", default=REQUIRED, insight="at", label=label)


def _tz() -> Field:
    return Field("tz", "zone", default=REQUIRED, insight="tz")


def _state(name: str, insight: bool = True) -> Field:
    column = f"{name}_state"
    return Field(name, "code", vocab.STATES, column=column, insight=name if insight else None)


def _note() -> Field:
    return Field("note", "text", default="", size=MAX_NOTE, search=True)


def _where() -> Field:
    # "where" is an SQL keyword: the column is named "place".
    # The demo generator does not say where things happened.
    return Field("where", "code", vocab.PLACES, column="place", insight="where", simulated=False)


CHECKIN = Kind(
    "checkin",
    "checkins",
    (
        _at(),
        _tz(),
        Field("state", "code", vocab.STATES, default=REQUIRED, insight="state"),
        Field("intensity", "scale", insight="intensity"),
        Field("body", "codes", vocab.BODY_SIGNALS, default=(), size=400),
        Field("energy", "scale"),
        Field("appetite", "code", vocab.APPETITES, insight="appetite"),
        _note(),
        _where(),
    ),
)

CONTACT = Kind(
    "contact",
    "contacts",
    (
        _at(),
        _tz(),
        Field(
            "person_ids", "people", default=REQUIRED, column=None, export="people", insight="person"
        ),
        Field("channel", "code", vocab.CHANNELS, default="in-person", insight="channel"),
        Field("minutes", "minutes", insight="minutes"),
        Field("initiated", "code", vocab.INITIATORS, size=16, insight="initiated"),
        Field("safety", "scale", insight="safety"),
        Field("reciprocity", "scale", insight="reciprocity"),
        Field("authenticity", "scale", insight="authenticity"),
        _state("before"),
        _state("after"),
        _note(),
    ),
    insight_key="contact",
)

SOLITUDE = Kind(
    "solitude",
    "solitude",
    (
        _at(),
        _tz(),
        Field(
            "activity",
            "code",
            vocab.SOLITUDE_ACTIVITIES,
            default=REQUIRED,
            insight="activity",
            search=True,
        ),
        Field("minutes", "minutes", insight="minutes"),
        Field("chosen", "flag", default=True, insight="chosen"),
        _state("before"),
        _state("after"),
        _note(),
        _where(),
    ),
    insight_key="id",
)

BOUNDARY = Kind(
    "boundary",
    "boundaries",
    (
        _at(),
        _tz(),
        Field("person_id", "person", default=REQUIRED, export="person", insight="person"),
        Field("asked", "text", default=REQUIRED, size=2000, search=True),
        Field("received", "code", vocab.BOUNDARY_RESPONSES, default=REQUIRED, insight="received"),
        _state("after"),
        _note(),
    ),
)

ROUTINE_DONE = Kind(
    "routine",
    "routine_done",
    (
        Field(
            "routine_id",
            "routine",
            default=REQUIRED,
            export="routine",
            insight="routine",
            form=False,  # the routine ticked, beside the form
        ),
        _at(),
        _tz(),
        _note(),
    ),
)

STEP = Kind(
    "step",
    "steps",
    (
        Field("title", "text", default=REQUIRED, size=300, search=True),
        Field("level", "scale", default=1, high=len(vocab.STEP_LADDER.terms), insight="level"),
        # A calendar day, not an instant; planned (with whom too) where steps are planned.
        Field("planned_for", "day", label="planned for", form=False),
        Field(
            "status",
            "code",
            vocab.STEP_STATUSES,
            default="planned",
            size=16,
            insight="status",
            input=False,
        ),
        Field("person_id", "person", export="person", insight="person", editable=False, form=False),
        Field(
            "created_at",
            "instant",
            default=REQUIRED,
            insight="created",
            label="created",
            editable=False,
            input=False,
        ),
        Field("done_at", "instant", insight="done", label="done", input=False),
        Field("tz", "zone", default="UTC", insight="tz"),
        _note(),
    ),
    instant=("done_at", "created_at"),
)

REFLECTION = Kind(
    "reflection",
    "reflections",
    (
        _at(),
        _tz(),
        Field(  # the question the page shows
            "prompt", "text", default="", size=1000, search=True, own_words=False, form=False
        ),
        Field("answer", "text", default=REQUIRED, size=MAX_NOTE, search=True),
    ),
)

PERSON = Kind(
    "person",
    "people",
    (
        Field("name", "text", default=REQUIRED, size=MAX_NAME, one_line=True),
        Field("relation", "code", vocab.RELATIONS),
        _note(),
    ),
    instant=(),
    timed=False,
)

ROUTINE = Kind(
    "routine-plan",
    "routines",
    (
        Field("name", "text", default=REQUIRED, size=MAX_NAME, one_line=True),
        Field("schedule", "schedule", default="daily", size=64),
        Field("time_of_day", "hhmm", size=5, label="time"),
        Field("anchor", "code", vocab.ANCHORS),
        Field("tz", "zone", default="UTC"),
        Field("active", "flag", default=True),
    ),
    instant=(),
    timed=False,
)

RECORDS: dict[str, Kind] = {
    k.kind: k for k in (CHECKIN, CONTACT, SOLITUDE, BOUNDARY, ROUTINE_DONE, STEP, REFLECTION)
}
"""The record kinds on the timeline, by ``vocab.RECORD_KINDS`` code."""

ALL: tuple[Kind, ...] = (PERSON, ROUTINE, *RECORDS.values())
"""Every kind with a spec: people and routines, then the timeline records."""

NOT_SIMULATED = frozenset(
    f.insight or f.name for k in RECORDS.values() for f in k.insight_fields if not f.simulated
)
"""Insight columns the demo generator does not make: null in the demo's frames and in
simulated datasets alike."""


def record_instant(kind: Kind, record: object) -> Any:
    """The one instant a record is filed under on a timeline."""
    for name in kind.instant:
        value = getattr(record, name)
        if value is not None:
            return value
    raise ValueError(f"a {kind.kind} has no instant")
