"""How each record kind maps onto its table row, and back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Table

from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Reflection,
    RoutineDone,
    Solitude,
    Step,
)
from ebbtide.domain.timekeeping import from_epoch, to_epoch
from ebbtide.store import schema

R = TypeVar("R")
Row = Mapping[str, Any]


@dataclass(frozen=True)
class Mapper(Generic[R]):
    """The bridge between one record type and its table."""

    kind: str
    record: type[R]
    table: Table
    to_row: Callable[[R], dict[str, Any]]
    from_row: Callable[[Row], R]
    time_column: str
    text_columns: tuple[str, ...]
    person_column: str | None = None


def _checkin_row(r: CheckIn) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "at": to_epoch(r.at),
        "tz": r.tz,
        "state": r.state,
        "intensity": r.intensity,
        "body": ",".join(r.body),
        "energy": r.energy,
        "appetite": r.appetite,
        "note": r.note,
    }


def _checkin(row: Row) -> CheckIn:
    return CheckIn(
        id=row["id"],
        uid=row["uid"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        state=row["state"],
        intensity=row["intensity"],
        body=tuple(b for b in row["body"].split(",") if b),
        energy=row["energy"],
        appetite=row["appetite"],
        note=row["note"],
    )


def _contact_row(r: Contact) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "at": to_epoch(r.at),
        "tz": r.tz,
        "channel": r.channel,
        "minutes": r.minutes,
        "initiated": r.initiated,
        "safety": r.safety,
        "reciprocity": r.reciprocity,
        "authenticity": r.authenticity,
        "before_state": r.before,
        "after_state": r.after,
        "note": r.note,
    }


def _contact(row: Row) -> Contact:
    return Contact(
        id=row["id"],
        uid=row["uid"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        person_ids=tuple(row["person_ids"]),
        channel=row["channel"],
        minutes=row["minutes"],
        initiated=row["initiated"],
        safety=row["safety"],
        reciprocity=row["reciprocity"],
        authenticity=row["authenticity"],
        before=row["before_state"],
        after=row["after_state"],
        note=row["note"],
    )


def _solitude_row(r: Solitude) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "at": to_epoch(r.at),
        "tz": r.tz,
        "activity": r.activity,
        "minutes": r.minutes,
        "chosen": r.chosen,
        "before_state": r.before,
        "after_state": r.after,
        "note": r.note,
    }


def _solitude(row: Row) -> Solitude:
    return Solitude(
        id=row["id"],
        uid=row["uid"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        activity=row["activity"],
        minutes=row["minutes"],
        chosen=bool(row["chosen"]),
        before=row["before_state"],
        after=row["after_state"],
        note=row["note"],
    )


def _boundary_row(r: Boundary) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "at": to_epoch(r.at),
        "tz": r.tz,
        "person_id": r.person_id,
        "asked": r.asked,
        "received": r.received,
        "after_state": r.after,
        "note": r.note,
    }


def _boundary(row: Row) -> Boundary:
    return Boundary(
        id=row["id"],
        uid=row["uid"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        person_id=row["person_id"],
        asked=row["asked"],
        received=row["received"],
        after=row["after_state"],
        note=row["note"],
    )


def _done_row(r: RoutineDone) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "routine_id": r.routine_id,
        "at": to_epoch(r.at),
        "tz": r.tz,
        "note": r.note,
    }


def _done(row: Row) -> RoutineDone:
    return RoutineDone(
        id=row["id"],
        uid=row["uid"],
        routine_id=row["routine_id"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        note=row["note"],
    )


def _step_row(r: Step) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "title": r.title,
        "level": r.level,
        "planned_for": r.planned_for,
        "status": r.status,
        "person_id": r.person_id,
        "created_at": to_epoch(r.created_at),
        "done_at": to_epoch(r.done_at) if r.done_at else None,
        "tz": r.tz,
        "note": r.note,
    }


def _step(row: Row) -> Step:
    return Step(
        id=row["id"],
        uid=row["uid"],
        title=row["title"],
        level=row["level"],
        planned_for=row["planned_for"],
        status=row["status"],
        person_id=row["person_id"],
        created_at=from_epoch(row["created_at"]),
        done_at=from_epoch(row["done_at"]) if row["done_at"] is not None else None,
        tz=row["tz"],
        note=row["note"],
    )


def _reflection_row(r: Reflection) -> dict[str, Any]:
    return {"uid": r.uid, "at": to_epoch(r.at), "tz": r.tz, "prompt": r.prompt, "answer": r.answer}


def _reflection(row: Row) -> Reflection:
    return Reflection(
        id=row["id"],
        uid=row["uid"],
        at=from_epoch(row["at"]),
        tz=row["tz"],
        prompt=row["prompt"],
        answer=row["answer"],
    )


CHECKIN = Mapper("checkin", CheckIn, schema.checkins, _checkin_row, _checkin, "at", ("note",))
CONTACT = Mapper("contact", Contact, schema.contacts, _contact_row, _contact, "at", ("note",))
SOLITUDE = Mapper(
    "solitude", Solitude, schema.solitude, _solitude_row, _solitude, "at", ("note", "activity")
)
BOUNDARY = Mapper(
    "boundary",
    Boundary,
    schema.boundaries,
    _boundary_row,
    _boundary,
    "at",
    ("asked", "note"),
    person_column="person_id",
)
ROUTINE_DONE = Mapper(
    "routine", RoutineDone, schema.routine_done, _done_row, _done, "at", ("note",)
)
STEP = Mapper(
    "step",
    Step,
    schema.steps,
    _step_row,
    _step,
    "created_at",
    ("title", "note"),
    person_column="person_id",
)
REFLECTION = Mapper(
    "reflection",
    Reflection,
    schema.reflections,
    _reflection_row,
    _reflection,
    "at",
    ("prompt", "answer"),
)

MAPPERS: dict[str, Mapper[Any]] = {
    m.kind: m for m in (CHECKIN, CONTACT, SOLITUDE, BOUNDARY, ROUTINE_DONE, STEP, REFLECTION)
}


def mapper_for(record: object) -> Mapper[Any]:
    """The mapper of a record instance."""
    for m in MAPPERS.values():
        if isinstance(record, m.record):
            return m
    raise TypeError(f"no table for {type(record).__name__}")
