"""How each record kind maps onto its table row, and back: derived from its spec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, func

from ebbtide.domain import spec as specs
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Person,
    Reflection,
    Routine,
    RoutineDone,
    Solitude,
    Step,
)
from ebbtide.domain.spec import Field, Kind
from ebbtide.store import schema
from ebbtide.store.codec import from_stored, to_stored

R = TypeVar("R")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class Mapper(Generic[R]):
    """The bridge between one record type and its table, as its spec describes it."""

    spec: Kind
    record: type[R]
    table: Table

    @property
    def kind(self) -> str:
        """The record kind's code."""
        return self.spec.kind

    @property
    def text_columns(self) -> tuple[str, ...]:
        """The columns a search looks in."""
        return self.spec.texts

    @property
    def person_column(self) -> str | None:
        """The column naming one person, if any."""
        return self.spec.person

    def time(self, table: Table | None = None) -> ColumnElement[Any]:
        """The record's one timeline instant as a column expression (epoch seconds)."""
        t = self.table if table is None else table
        cols = [t.c[self.spec.field(n).column_name or n] for n in self.spec.instant]
        return cols[0] if len(cols) == 1 else func.coalesce(*cols)

    def __post_init__(self) -> None:
        # Laid out once: (column, field, how to store it) for every stored field.
        cols = tuple((f.column_name or f.name, f) for f in self.spec.columns)
        object.__setattr__(self, "_cols", ("uid", *(c for c, _ in cols)))
        object.__setattr__(self, "_get", attrgetter("uid", *(f.name for _, f in cols)))
        convs = tuple((i + 1, _store(f)) for i, (_, f) in enumerate(cols))
        object.__setattr__(self, "_convs", tuple((i, c) for i, c in convs if c is not None))
        read = [(f.name, c, _read(f)) for c, f in cols if f.on_record]
        read += [(f.name, "person_ids", tuple) for f in self.spec.fields if f.type == "people"]
        object.__setattr__(self, "_in", tuple(read))

    def to_row(self, record: R) -> dict[str, Any]:
        """The record's columns (its uid included, no id or subject)."""
        values = list(self._get(record))  # type: ignore[attr-defined]
        for i, conv in self._convs:  # type: ignore[attr-defined]
            if values[i] is not None:
                values[i] = conv(values[i])
        return dict(zip(self._cols, values, strict=True))  # type: ignore[attr-defined]

    def from_row(self, row: Row) -> R:
        """A record from its stored row (a contact's ``person_ids`` joined in)."""
        values = {
            name: row[col] if conv is None else conv(row[col])
            for name, col, conv in self._in  # type: ignore[attr-defined]
        }
        make: Callable[..., R] = self.record
        return make(id=row["id"], uid=row["uid"], **values)


def _store(f: Field) -> Callable[[Any], Any] | None:
    """How a field's (set) value is stored, when it is not stored as it is."""
    return None if f.type not in ("instant", "codes") else lambda v: to_stored(f, v)


def _read(f: Field) -> Callable[[Any], Any] | None:
    """How a stored value is read back, when it is not read as it is."""
    if f.type not in ("instant", "codes", "flag"):
        return None
    return lambda v: from_stored(f, v)


CHECKIN = Mapper(specs.CHECKIN, CheckIn, schema.checkins)
CONTACT = Mapper(specs.CONTACT, Contact, schema.contacts)
SOLITUDE = Mapper(specs.SOLITUDE, Solitude, schema.solitude)
BOUNDARY = Mapper(specs.BOUNDARY, Boundary, schema.boundaries)
ROUTINE_DONE = Mapper(specs.ROUTINE_DONE, RoutineDone, schema.routine_done)
STEP = Mapper(specs.STEP, Step, schema.steps)
REFLECTION = Mapper(specs.REFLECTION, Reflection, schema.reflections)

PERSON = Mapper(specs.PERSON, Person, schema.people)
ROUTINE = Mapper(specs.ROUTINE, Routine, schema.routines)
"""People and routines are not on the timeline, so they are not in ``MAPPERS``."""

MAPPERS: dict[str, Mapper[Any]] = {
    m.kind: m for m in (CHECKIN, CONTACT, SOLITUDE, BOUNDARY, ROUTINE_DONE, STEP, REFLECTION)
}


def mapper_for(record: object) -> Mapper[Any]:
    """The mapper of a record instance."""
    for m in MAPPERS.values():
        if isinstance(record, m.record):
            return m
    raise TypeError(f"no table for {type(record).__name__}")
