"""The data frames every insight reads, and how they are built.

A frame holds one kind of record for one or many subjects, one row per record, with
the vocabulary codes stored as small integers (their position in the vocabulary in
``ebbtide.domain.vocab``). Times are kept twice: ``at`` is the UTC instant in epoch
seconds; ``day`` is the subject's local day (it starts at ``day_start_hour``, so
01:00 belongs to the evening before) and ``minute`` the local wall-clock minute since
the midnight that opens ``day`` (so 00:30 after a late evening is 1470). Both come from
the zone each record itself was logged in, which is what keeps daily metrics right
across daylight-saving changes and moves between time zones.

Frames are built from plain stored rows (``frames_from_rows``: one person, read straight
from the store) or from domain records (``frames_from_records``, which lays them out as those
rows first); ``ebbtide.demo.frames`` builds the same schemas straight from the demo
generator's columns (many people in batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import polars as pl

from ebbtide.domain import spec, vocab
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Reflection,
    Routine,
    RoutineDone,
    Solitude,
    Step,
)

_TIME: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "at": pl.Int64(),
    "day": pl.Date(),
    "minute": pl.Int16(),
}
_FRAME_TYPE: dict[str, pl.DataType] = {
    "code": pl.Int8(),  # a code's position in its vocabulary
    "scale": pl.Int8(),
    "minutes": pl.Int32(),
    "flag": pl.Boolean(),
    "person": pl.Int32(),
    "people": pl.Int32(),  # one row per person named
    "routine": pl.Int32(),
}


def _frame_schema(kind: spec.Kind) -> dict[str, pl.DataType]:
    """A timed kind's frame columns from its spec: local time, then what the insights read."""
    out = dict(_TIME)
    if kind.insight_key == "id":  # time alone keeps its id, as evidence
        out["id"] = pl.Int64()
    for f in kind.insight_fields:
        if f.type in ("instant", "zone"):
            continue
        out[f.insight or f.name] = _FRAME_TYPE[f.type]
        if f.type == "people":  # the first person named: count the contact once on this row
            out["primary"] = pl.Boolean()
    return out


CHECKINS = _frame_schema(spec.CHECKIN)
CONTACTS = _frame_schema(spec.CONTACT)
SOLITUDE = _frame_schema(spec.SOLITUDE)
BOUNDARIES = _frame_schema(spec.BOUNDARY)
ROUTINE_DONE = _frame_schema(spec.ROUTINE_DONE)
REFLECTIONS = _frame_schema(spec.REFLECTION)
STEPS: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "day": pl.Date(),  # the day it was planned
    "done_day": pl.Date(),
    "level": pl.Int8(),
    "status": pl.Int8(),
    "person": pl.Int32(),
}
ROUTINES: dict[str, pl.DataType] = {
    "subject": pl.Int32(),
    "routine": pl.Int32(),
    "name": pl.String(),
    "anchor": pl.Int8(),
    "time": pl.Int16(),  # planned local minute of the day, if any
    "active": pl.Boolean(),
}

STATE = {c: i for i, c in enumerate(vocab.STATES.codes)}
CHANNEL = {c: i for i, c in enumerate(vocab.CHANNELS.codes)}
INITIATOR = {c: i for i, c in enumerate(vocab.INITIATORS.codes)}
ACTIVITY = {c: i for i, c in enumerate(vocab.SOLITUDE_ACTIVITIES.codes)}
RESPONSE = {c: i for i, c in enumerate(vocab.BOUNDARY_RESPONSES.codes)}
STEP_STATUS = {c: i for i, c in enumerate(vocab.STEP_STATUSES.codes)}
ANCHOR = {c: i for i, c in enumerate(vocab.ANCHORS.codes)}
NUMBING = tuple(ACTIVITY[c] for c in sorted(vocab.NUMBING_ACTIVITIES))


@dataclass(frozen=True)
class Frames:
    """All of one or many subjects' records as frames, plus the names of their people."""

    checkins: pl.DataFrame
    contacts: pl.DataFrame
    solitude: pl.DataFrame
    boundaries: pl.DataFrame
    routine_done: pl.DataFrame
    reflections: pl.DataFrame
    steps: pl.DataFrame
    routines: pl.DataFrame
    people: Mapping[int, str] = field(default_factory=dict)
    day_start_hour: int = 4

    def span(self) -> tuple[date, date] | None:
        """The first and last local day that hold any record."""
        days = [
            f["day"]
            for f in (
                self.checkins,
                self.contacts,
                self.solitude,
                self.boundaries,
                self.routine_done,
                self.reflections,
            )
            if f.height
        ]
        if not days:
            return None
        lo = min(int(d.cast(pl.Int32).min()) for d in days)  # type: ignore[arg-type]
        hi = max(int(d.cast(pl.Int32).max()) for d in days)  # type: ignore[arg-type]
        epoch = date(1970, 1, 1)
        return epoch + timedelta(days=lo), epoch + timedelta(days=hi)


def empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with a schema (a fresh one, copied from a kept template: building
    the columns anew costs more than a small read's rows)."""
    return _empty(tuple(schema.items())).clear()


@lru_cache(maxsize=64)
def _empty(columns: tuple[tuple[str, pl.DataType], ...]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(columns))


_BUCKET = 900  # seconds; every real zone keeps one UTC offset within such a bucket


def _offsets_exact(at: np.ndarray[Any, Any], tz: str) -> np.ndarray[Any, Any]:
    """UTC offset (seconds east) of zone ``tz`` at each epoch second, one by one."""
    wall = (
        pl.from_epoch(pl.Series(at, dtype=pl.Int64), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(tz)
        .dt.replace_time_zone(None)
        .dt.epoch("s")
        .to_numpy()
    )
    out: np.ndarray[Any, Any] = wall - at
    return out


_CHANGES = np.iinfo(np.int64).min  # marks a bucket in which the offset changes
_BLOCK = 1 << 13  # buckets per cached table: about 85 days
_MAX_BLOCKS = 64  # instants spread over more blocks than this are looked up bucket by bucket


@lru_cache(maxsize=256)  # 64 KiB each
def _block_offsets(tz: str, block: int) -> np.ndarray[Any, Any]:
    """The offset of every bucket of one block (``_CHANGES`` where it changes). Blocks
    are aligned, so every kind, subject and cohort bucket in a zone shares them."""
    buckets = (np.arange(_BLOCK, dtype=np.int64) + block * _BLOCK) * _BUCKET
    table = _offsets_exact(buckets, tz)
    table[table != _offsets_exact(buckets + (_BUCKET - 1), tz)] = _CHANGES
    table.setflags(write=False)
    return table


def utc_offsets(at: np.ndarray[Any, Any], tz: str) -> np.ndarray[Any, Any]:
    """UTC offset (seconds east) of zone ``tz`` at each epoch second in ``at``.

    The zone is asked once per quarter-hour bucket the instants fall in, not once per
    instant (through per-zone tables of aligned blocks of buckets, kept for reuse); the
    rare instant in a bucket that holds an offset change is asked alone.
    """
    at = np.asarray(at, np.int64)
    if len(at) == 0:
        return np.zeros(0, np.int64)
    bucket = at // _BUCKET
    # Floor division keeps order, so the extreme blocks come from the extreme instants.
    lo = int(at.min()) // _BUCKET // _BLOCK
    hi = int(at.max()) // _BUCKET // _BLOCK
    if hi - lo < _MAX_BLOCKS:
        table = np.concatenate([_block_offsets(tz, b) for b in range(lo, hi + 1)])
        bucket -= lo * _BLOCK
        out: np.ndarray[Any, Any] = table.take(bucket)
    else:
        buckets, idx = np.unique(bucket, return_inverse=True)
        table = _offsets_exact(buckets * _BUCKET, tz)
        table[table != _offsets_exact(buckets * _BUCKET + (_BUCKET - 1), tz)] = _CHANGES
        out = table[idx]
    if (table == _CHANGES).any():  # else no instant can fall in a changing bucket
        unsure = out == _CHANGES
        out[unsure] = _offsets_exact(at[unsure], tz)
    return out


def local_days(
    at: np.ndarray[Any, Any], offsets: np.ndarray[Any, Any], day_start_hour: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Local day (days since 1970-01-01) and minute since that day's midnight, as NumPy."""
    shifted = np.asarray(at, np.int64) + offsets
    shifted -= day_start_hour * 3600
    # Two floor divisions by constants (fast) rather than divmod: the same day and minute.
    minutes = shifted // 60
    days = minutes // 1440
    day = days.astype(np.int32)
    days *= 1440
    minutes -= days
    minute = minutes.astype(np.int16)
    minute += day_start_hour * 60
    return day, minute


def local_time(at: pl.Series, tz: str, day_start_hour: int) -> tuple[pl.Series, pl.Series]:
    """Local day and minute (since that day's midnight) for epoch seconds in zone ``tz``."""
    if at.null_count():
        filled = at.cast(pl.Int64).fill_null(0)
        day, minute = local_time(filled, tz, day_start_hour)
        missing = at.is_null()
        return (
            pl.select(pl.when(missing).then(None).otherwise(day)).to_series().alias("day"),
            pl.select(pl.when(missing).then(None).otherwise(minute)).to_series().alias("minute"),
        )
    a = at.cast(pl.Int64).to_numpy()
    d, m = local_days(a, utc_offsets(a, tz), day_start_hour)
    return pl.Series("day", d).cast(pl.Date), pl.Series("minute", m)


def _localize(raw: pl.DataFrame, schema: Mapping[str, pl.DataType], hour: int) -> pl.DataFrame:
    """Turn ``at`` + ``tz`` into ``day`` + ``minute`` zone by zone, then fit ``schema``."""
    if raw.height == 0:
        return empty(schema)
    parts = []
    for tz in raw["tz"].unique(maintain_order=True).to_list():
        part = raw.filter(pl.col("tz") == tz)
        day, minute = local_time(part["at"], tz, hour)
        parts.append(part.with_columns(day, minute))
    out = pl.concat(parts).sort("at", maintain_order=True)
    return out.select([pl.col(c).cast(t) for c, t in schema.items()])


def _epoch(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _code(table: Mapping[str, int], value: str | None) -> int | None:
    return None if value is None else table.get(value)


_S, _I8, _I32, _I64 = pl.String(), pl.Int8(), pl.Int32(), pl.Int64()
_RAW_TYPE: dict[str, pl.DataType] = {
    "instant": _I64,
    "zone": _S,
    "code": _S,
    "scale": _I8,
    "minutes": _I32,
    "flag": _I8,
    "person": _I32,
    "people": _I32,
    "routine": _I32,
}


def _raw_columns(kind: spec.Kind) -> dict[str, pl.DataType]:
    """A kind's insight-row layout from its spec (its id, if read, just after the zone)."""
    out: dict[str, pl.DataType] = {}
    for f in kind.insight_fields:
        out[f.insight or f.name] = _RAW_TYPE[f.type]
        if kind.insight_key and f.type == "zone":
            out[kind.insight_key] = _I64
    return out


_KINDS: dict[str, spec.Kind] = {k.table: k for k in spec.RECORDS.values()}
RAW_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    table: _raw_columns(_KINDS[table])
    for table in (
        "checkins",
        "contacts",
        "solitude",
        "boundaries",
        "routine_done",
        "reflections",
        "steps",
    )
}
"""The plain rows ``frames_from_rows`` reads: per kind, tuples of these stored values in this
order (epoch seconds, the zone, vocabulary codes as text), as each kind's spec lays them out.
``contacts`` holds one row per person named, in the order they were named (``contact`` keys
a contact's rows); ``steps`` carry both their instants (planned and done)."""

_CODES: dict[str, dict[str, Mapping[str, int]]] = {
    table: {
        f.insight: {c: i for i, c in enumerate(f.vocab.codes)}
        for f in kind.insight_fields
        if f.insight and f.type == "code" and f.vocab is not None
    }
    for table, kind in _KINDS.items()
}
APPETITE = {c: i for i, c in enumerate(vocab.APPETITES.codes)}
_SCHEMAS = {
    "checkins": CHECKINS,
    "contacts": CONTACTS,
    "solitude": SOLITUDE,
    "boundaries": BOUNDARIES,
    "routine_done": ROUTINE_DONE,
    "reflections": REFLECTIONS,
}


def _raw(kind: str, rows: Sequence[Sequence[Any]], subject: int) -> pl.DataFrame:
    """One kind's plain rows as a frame with a ``subject`` column (codes still as text)."""
    raw = pl.DataFrame(rows, schema=RAW_COLUMNS[kind], orient="row")
    return raw.with_columns(subject=pl.lit(subject, pl.Int32))


def _coded(kind: str, raw: pl.DataFrame) -> pl.DataFrame:
    """A kind's raw frame with its vocabulary codes turned into their small integers."""
    codes = [
        pl.col(c).replace_strict(dict(table), default=None, return_dtype=pl.Int8())
        for c, table in _CODES.get(kind, {}).items()
    ]
    return raw.with_columns(*codes)


def frames_from_rows(
    rows: Mapping[str, Sequence[Sequence[Any]]],
    *,
    people: Mapping[int, str] | None = None,
    routines: Sequence[Routine] = (),
    day_start_hour: int = 4,
    subject: int = 0,
) -> Frames:
    """Frames for one subject from plain stored rows laid out as ``RAW_COLUMNS`` (a kind
    left out has no rows). Rows are taken as they are: nothing is de-duplicated."""
    return frames_from_raw(
        {kind: _raw(kind, rows[kind], subject) for kind in RAW_COLUMNS if rows.get(kind)},
        people=people,
        routines=_routines_frame(routines, subject),
        day_start_hour=day_start_hour,
    )


def frames_from_raw(
    raw: Mapping[str, pl.DataFrame],
    *,
    people: Mapping[int, str] | None = None,
    routines: pl.DataFrame | None = None,
    day_start_hour: int = 4,
) -> Frames:
    """Frames for one or many subjects from stored rows already in frames: per kind, the
    ``RAW_COLUMNS`` plus ``subject`` (Int32; a kind left out has no rows). This is the path
    ``frames_from_rows`` takes for one subject; cohort runs take it for many at once."""
    hour = day_start_hour

    def kind_frame(kind: str) -> pl.DataFrame:
        got = raw.get(kind)
        if got is None:
            return _raw(kind, (), 0)
        return _coded(kind, got)

    built: dict[str, pl.DataFrame] = {}
    for kind, schema in _SCHEMAS.items():
        if kind not in raw:  # no rows: nothing to code or place in local days
            built[kind] = empty(schema)
            continue
        frame = kind_frame(kind)
        if kind == "contacts":  # the first person named carries the contact's count
            frame = frame.with_columns(
                primary=pl.col("contact").is_first_distinct().over("subject")
            )
        built[kind] = _localize(frame, schema, hour)
    return Frames(
        checkins=built["checkins"],
        contacts=built["contacts"],
        solitude=built["solitude"],
        boundaries=built["boundaries"],
        routine_done=built["routine_done"],
        reflections=built["reflections"],
        steps=_steps_localized(kind_frame("steps"), hour) if "steps" in raw else empty(STEPS),
        routines=empty(ROUTINES) if routines is None else routines,
        people=dict(people or {}),
        day_start_hour=hour,
    )


def frames_from_records(
    records: Iterable[Any],
    *,
    people: Mapping[int, str] | None = None,
    routines: Sequence[Routine] = (),
    day_start_hour: int = 4,
    subject: int = 0,
) -> Frames:
    """Frames for one subject from domain records (duplicates by uid are kept once)."""
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in RAW_COLUMNS}
    seen: set[str] = set()
    for n, r in enumerate(records):
        uid = getattr(r, "uid", None)
        if uid is not None:
            if uid in seen:
                continue
            seen.add(uid)
        known = _RECORD_KINDS.get(type(r))
        if known is None:
            continue
        rows[known[0]].extend(_record_rows(known[1], r, n))
    return frames_from_rows(
        rows, people=people, routines=routines, day_start_hour=day_start_hour, subject=subject
    )


@dataclass(frozen=True)
class _Layout:
    """How one kind's record becomes its insight rows, worked out once from its spec."""

    names: tuple[str, ...]  # the record attributes, in ``RAW_COLUMNS`` order
    instants: tuple[int, ...]  # positions to turn into epoch seconds
    people: int | None  # the position of a contact's people (one row per person)
    key: int | None  # the position of the record's key
    key_is_index: bool  # a contact's key only groups its rows: its index will do

    @classmethod
    def of(cls, kind: spec.Kind) -> _Layout:
        """The layout of a kind."""
        names: list[str] = []
        instants: list[int] = []
        people = key = None
        for f in kind.insight_fields:
            if f.type == "people":
                people = len(names)
            elif f.type == "instant":
                instants.append(len(names))
            names.append(f.name)
            if kind.insight_key and f.type == "zone":
                key = len(names)
                names.append("id")
        return cls(tuple(names), tuple(instants), people, key, kind.insight_key == "contact")


def _record_rows(layout: _Layout, r: Any, n: int) -> list[tuple[Any, ...]]:
    """One record's insight rows (a contact gives one per person), as ``RAW_COLUMNS``."""
    row = [getattr(r, name) for name in layout.names]
    for i in layout.instants:
        row[i] = _epoch(row[i])
    if layout.key is not None and layout.key_is_index:
        row[layout.key] = n  # time alone keeps its own id, as evidence
    if layout.people is None:
        return [tuple(row)]
    rows = []
    for pid in dict.fromkeys(row[layout.people]):
        row[layout.people] = pid
        rows.append(tuple(row))
    return rows


_RECORD_KINDS: dict[type, tuple[str, _Layout]] = {
    t: (k.table, _Layout.of(k))
    for t, k in (
        (CheckIn, spec.CHECKIN),
        (Contact, spec.CONTACT),
        (Solitude, spec.SOLITUDE),
        (Boundary, spec.BOUNDARY),
        (RoutineDone, spec.ROUTINE_DONE),
        (Reflection, spec.REFLECTION),
        (Step, spec.STEP),
    )
}


def _steps_frame(steps: list[dict[str, Any]], subject: int, hour: int) -> pl.DataFrame:
    if not steps:
        return empty(STEPS)
    steps = [{"subject": subject} | s for s in steps]
    raw = pl.DataFrame(
        steps,
        schema={
            "subject": pl.Int32(),
            "created": pl.Int64(),
            "done": pl.Int64(),
            "tz": pl.String(),
            "level": pl.Int8(),
            "status": pl.Int8(),
            "person": pl.Int32(),
        },
        orient="row",
    )
    return _steps_localized(raw, hour)


def _steps_localized(raw: pl.DataFrame, hour: int) -> pl.DataFrame:
    """Steps with ``created``/``done`` epochs (and ``tz``) given their local days."""
    if raw.height == 0:
        return empty(STEPS)
    parts = []
    for tz in raw["tz"].unique(maintain_order=True).to_list():
        part = raw.filter(pl.col("tz") == tz)
        day, _ = local_time(part["created"], tz, hour)
        done_day, _ = local_time(part["done"].fill_null(0), tz, hour)
        done_day = pl.select(
            pl.when(part["done"].is_null()).then(None).otherwise(done_day)
        ).to_series()
        parts.append(part.with_columns(day=day, done_day=done_day))
    out = pl.concat(parts)
    return out.select([pl.col(c).cast(t) for c, t in STEPS.items()])


def _routines_frame(routines: Sequence[Routine], subject: int) -> pl.DataFrame:
    rows = [
        {
            "subject": subject,
            "routine": r.id,
            "name": r.name,
            "anchor": _code(ANCHOR, r.anchor),
            "time": int(r.time_of_day[:2]) * 60 + int(r.time_of_day[3:]) if r.time_of_day else None,
            "active": r.active,
        }
        for r in routines
        if r.id is not None
    ]
    return pl.DataFrame(rows, schema=dict(ROUTINES), orient="row") if rows else empty(ROUTINES)
