"""The tables of the ebbtide store (SQLAlchemy Core).

On-disk conventions, shared by SQLite and PostgreSQL:
- ``at``, ``created_at``, ``done_at``: whole seconds since the Unix epoch, UTC (BIGINT);
  ``tz`` beside them is the IANA zone the moment was lived in.
- ``uid``: a record's permanent identity, used by export/import to avoid duplicates.
- ``body``: check-in body signals as comma-separated vocabulary codes.
- The columns of every record kind come from its spec (``domain.spec``); only the keys,
  the subject, the indexes and the columns no record carries are written here.
- Every personal table carries ``subject_id``: one database may hold several people's
  histories (a clinic, a study, the demo); a personal install has exactly one subject.

The schema is created and changed only by the Alembic migrations in ``migrations/``;
``SCHEMA_HEAD`` names the newest one and is checked against them by the tests.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from ebbtide.domain import spec
from ebbtide.store.version import SCHEMA_HEAD

__all__ = ["SCHEMA_HEAD", "metadata"]

metadata = MetaData()


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _uid() -> Column[str]:
    return Column("uid", String(64), nullable=False, unique=True)


def _subject() -> Column[int]:
    return Column(
        "subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False
    )


def _column(f: spec.Field) -> Column[Any]:
    """The column of one spec field (types and nullability follow the field's type)."""
    name = f.column_name or f.name
    null = f.default is None  # a field with a default (or none) is always set
    if f.type == "instant":
        return Column(name, BigInteger, nullable=null)
    if f.type == "zone":
        return Column(name, String(64), nullable=False)
    if f.type in ("code", "schedule", "hhmm"):
        return Column(name, String(f.size or 32), nullable=null)
    if f.type == "codes":
        return Column(name, String(f.size or 400), nullable=False, default="")
    if f.type in ("scale", "minutes"):
        return Column(name, Integer, nullable=null)
    if f.type == "flag":
        return Column(name, Boolean, nullable=False, default=f.default)
    if f.type == "day":
        return Column(name, Date, nullable=null)
    if f.type == "text":
        kind: Any = String(f.size) if f.size and f.size <= 300 else Text
        if f.required:
            return Column(name, kind, nullable=False)
        return Column(name, kind, nullable=False, default=f.default)
    if f.type in ("person", "routine"):
        target = "people.id" if f.type == "person" else "routines.id"
        ondelete = "CASCADE" if f.required else "SET NULL"
        return Column(name, Integer, ForeignKey(target, ondelete=ondelete), nullable=null)
    raise TypeError(f"{f.name}: a {f.type} has no column of its own")


def _fields(kind: spec.Kind) -> list[Column[Any]]:
    """The columns a kind's spec gives its table, in order."""
    return [_column(f) for f in kind.columns]


subjects = Table(
    "subjects",
    metadata,
    _id(),
    Column("code", String(64), nullable=False, unique=True),
    Column("tz", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
)

people = Table(
    "people",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.PERSON)[:1],
    Column("name_key", String(120), nullable=False),
    *_fields(spec.PERSON)[1:],
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("subject_id", "name_key", name="uq_people_subject_name"),
)

checkins = Table(
    "checkins",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.CHECKIN),
    Index("ix_checkins_subject_at", "subject_id", "at"),
)

contacts = Table(
    "contacts",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.CONTACT),
    Index("ix_contacts_subject_at", "subject_id", "at"),
)

contact_people = Table(
    "contact_people",
    metadata,
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_contact_people_person", "person_id"),
)

solitude = Table(
    "solitude",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.SOLITUDE),
    Index("ix_solitude_subject_at", "subject_id", "at"),
)

boundaries = Table(
    "boundaries",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.BOUNDARY),
    Index("ix_boundaries_subject_at", "subject_id", "at"),
    Index("ix_boundaries_person", "person_id"),
)

routines = Table(
    "routines",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.ROUTINE),
    Column("created_at", BigInteger, nullable=False),
)

routine_done = Table(
    "routine_done",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.ROUTINE_DONE),
    Index("ix_routine_done_subject_at", "subject_id", "at"),
)

steps = Table(
    "steps",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.STEP),
    Index("ix_steps_subject_created", "subject_id", "created_at"),
)

reflections = Table(
    "reflections",
    metadata,
    _id(),
    _uid(),
    _subject(),
    *_fields(spec.REFLECTION),
    Index("ix_reflections_subject_at", "subject_id", "at"),
)

# Validated questionnaires: ``answers`` and ``result`` are JSON text (item scores as
# answered, and the scored result with subscales and band) so instruments stay data.
assessments = Table(
    "assessments",
    metadata,
    _id(),
    _uid(),
    _subject(),
    Column("at", BigInteger, nullable=False),
    Column("tz", String(64), nullable=False),
    Column("instrument", String(64), nullable=False),
    Column("answers", Text, nullable=False),
    Column("total", Integer),
    Column("band", String(64)),
    Column("result", Text, nullable=False, default="{}"),
    Index("ix_assessments_subject_at", "subject_id", "at"),
)

# The person's own safety plan: one JSON document of sections, edited as a whole.
safety_plans = Table(
    "safety_plans",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
)

# Therapy sessions the person records, so a report can cover "since last session".
therapy_sessions = Table(
    "therapy_sessions",
    metadata,
    _id(),
    _uid(),
    _subject(),
    Column("day", Date, nullable=False),
    Column("note", Text, nullable=False, default=""),
    UniqueConstraint("subject_id", "day", name="uq_sessions_subject_day"),
)

# Per-subject preferences (region for crisis lines, day start hour, reminders...).
settings = Table(
    "settings",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

TIMED_TABLES = (checkins, contacts, solitude, boundaries, routine_done, reflections, assessments)


# --- Passive phone data (Beiwe or a plain CSV; see docs/passive.md) -------------------
# ``at_ms``: epoch milliseconds as Beiwe writes them. ``number``: the hashed phone number
# exactly as it arrived (never a real number). Texts keep a length, never content.
# ``file_hour``: UTC hour (epoch seconds) of the Beiwe file the row came from, -1 for a
# plain CSV. ``seq`` numbers identical rows within an import, so importing the same folder
# twice adds nothing while true duplicates inside the data are kept.
passive_calls = Table(
    "passive_calls",
    metadata,
    _id(),
    _subject(),
    Column("at_ms", BigInteger, nullable=False),
    Column("number", String(128), nullable=False),
    Column("kind", SmallInteger, nullable=False),
    Column("seconds", Float),
    Column("file_hour", BigInteger, nullable=False),
    Column("seq", Integer, nullable=False),
    UniqueConstraint("subject_id", "at_ms", "number", "kind", "seq", name="uq_passive_calls"),
)

passive_texts = Table(
    "passive_texts",
    metadata,
    _id(),
    _subject(),
    Column("at_ms", BigInteger, nullable=False),
    Column("number", String(128), nullable=False),
    Column("kind", SmallInteger, nullable=False),
    Column("length", Integer, nullable=False),
    Column("file_hour", BigInteger, nullable=False),
    Column("seq", Integer, nullable=False),
    UniqueConstraint("subject_id", "at_ms", "number", "kind", "seq", name="uq_passive_texts"),
)

# Raw GPS fixes: kept only for the retention the person chose (default 30 days), then
# purged after their daily summary has been kept in ``passive_gps_days``.
passive_gps = Table(
    "passive_gps",
    metadata,
    _id(),
    _subject(),
    Column("at_ms", BigInteger, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("accuracy", Float),
    Column("seq", Integer, nullable=False),
    UniqueConstraint("subject_id", "at_ms", "seq", name="uq_passive_gps"),
)

# The hours in which the phone wrote a file, per Beiwe folder (calls, gps, accelerometer…):
# what tells a quiet day from a phone that was off.
passive_hours = Table(
    "passive_hours",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("stream", String(64), primary_key=True),
    Column("hour", BigInteger, primary_key=True),
)

# Registration instant from a Beiwe identifiers file (epoch seconds), when there was one.
passive_sources = Table(
    "passive_sources",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("enrolled_s", Float),
    Column("updated_at", BigInteger, nullable=False),
)

# Daily GPS summaries kept after the raw fixes are purged: ``summary`` is JSON of the
# day's figures and its pauses (rounded centroid and minutes), never the raw points.
passive_gps_days = Table(
    "passive_gps_days",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("summary", Text, nullable=False),
)

# The place the person confirmed as home (overrides the one inferred from night pauses).
passive_home = Table(
    "passive_home",
    metadata,
    Column("subject_id", Integer, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("confirmed_at", BigInteger, nullable=False),
)

PASSIVE_TABLES = (
    passive_calls,
    passive_texts,
    passive_gps,
    passive_hours,
    passive_sources,
    passive_gps_days,
    passive_home,
)

# One row (id 1): ``revision`` counts committed write transactions, from any process;
# ``edits`` counts those that changed or removed rows rather than only adding them;
# ``uid`` is the store's own random id, renewed when a backup is restored over it.
store_revision = Table(
    "store_revision",
    metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False),
    Column("revision", BigInteger, nullable=False),
    Column("edits", BigInteger, nullable=False),
    Column("uid", String(32)),  # the store's random identity (0006_store_identity)
)

# One row per subject, made by its first write: ``revision`` counts the committed write
# transactions about that subject's records alone, from any process; ``edits`` those that
# changed or removed rows. Writes not tied to one subject count in ``store_revision``.
subject_revisions = Table(
    "subject_revisions",
    metadata,
    Column(
        "subject_id",
        Integer,
        ForeignKey("subjects.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("revision", BigInteger, nullable=False),
    Column("edits", BigInteger, nullable=False),
)
