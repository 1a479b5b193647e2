"""The JSON API under /api: the same use cases as the pages, for scripts and other faces."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field, WithJsonSchema

from ebbtide import service
from ebbtide.domain import spec, vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.service import Context, Entry, describe, record_dict
from ebbtide.web import schema_rules as rules
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf_header
from ebbtide.web.spec_models import Name, Text, body_model
from ebbtide.web.spec_models import Strict as Strict


class ErrorOut(BaseModel):
    """An error: one clear sentence, and the field it is about when there is one."""

    detail: str
    field: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A body that is not JSON"},
    401: {"model": ErrorOut, "description": "No launch secret (cookie or Bearer token)"},
    403: {"model": ErrorOut, "description": "Missing or wrong X-CSRF-Token"},
    404: {"model": ErrorOut, "description": "No such record or person"},
    409: {"model": ErrorOut, "description": "Clashes with a stored record (a name or day taken)"},
    413: {"model": ErrorOut, "description": "A body over the size limit"},
    422: {"model": ErrorOut, "description": "Input that does not fit"},
}

router = APIRouter(prefix="/api", responses=ERRORS)
CHANGE = [Depends(require_csrf_header)]
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
Kind = Literal["checkin", "contact", "solitude", "boundary", "routine", "step", "reflection"]
_NOTE = spec.PERSON.field("note")
Note = Annotated[str, Field(max_length=_NOTE.size), WithJsonSchema(rules.field(_NOTE))]
_SCHEDULE = spec.ROUTINE.field("schedule")
_TIME_OF_DAY = spec.ROUTINE.field("time_of_day")


def _choices(kind: spec.Kind, name: str) -> vocab.Vocabulary:
    """The vocabulary of one code field of a kind's spec."""
    chosen = kind.field(name).vocab
    if chosen is None:
        raise AssertionError(f"the {kind.kind} spec's {name} has no vocabulary")
    return chosen


_RELATION = _choices(spec.PERSON, "relation")
_ANCHOR = _choices(spec.ROUTINE, "anchor")

# Choice, reference and text fields of every kind: their edits are given as text.
_TEXT_FIELDS = frozenset(
    {"when"}
    | {
        f.key
        for kind in spec.RECORDS.values()
        for f in kind.fields
        if f.type in ("code", "text", "person")
    }
)


class SessionOut(BaseModel):
    """What an API client needs before changing anything."""

    csrf_token: str


class EntryOut(BaseModel):
    """One record of any kind, with a one-line description."""

    kind: str
    id: int
    day: str | None
    summary: str
    notices: list[str] = Field(
        default=[],
        description="Help to show now (the person's safety plan, then crisis lines) when the "
        "saved text holds crisis language; empty otherwise. Never sent or logged.",
    )
    record: dict[str, Any]


class TodayOut(BaseModel):
    """Today's local day and its entries."""

    day: date
    entries: list[EntryOut]


class CheckinIn(body_model(spec.CHECKIN)):  # type: ignore[misc]
    """A check-in: state, and optionally intensity, body signals, energy, appetite, note."""


class ContactIn(body_model(spec.CONTACT)):  # type: ignore[misc]
    """A contact with one or more people."""


class SolitudeIn(body_model(spec.SOLITUDE)):  # type: ignore[misc]
    """Time spent alone."""


class BoundaryIn(body_model(spec.BOUNDARY)):  # type: ignore[misc]
    """A need expressed or a limit set, and how it was received."""


class ReflectionIn(body_model(spec.REFLECTION)):  # type: ignore[misc]
    """An answer to a reflection prompt."""


class EntryPatch(Strict):
    """Fields to change on a record (only those given are changed)."""

    changes: dict[str, str | int | bool | list[str] | None] = Field(
        description='Field → new value, e.g. {"state": "connected", "note": ""}',
        max_length=spec.MAX_CHANGES,
    )


class PersonIn(Strict):
    """Someone new."""

    name: Name
    relation: Annotated[Text | None, WithJsonSchema(rules.choice(_RELATION, optional=True))] = None
    note: Note = ""


class PersonOut(BaseModel):
    """A person with how often and how recently they were in touch."""

    id: int
    name: str
    relation: str | None
    note: str
    contacts: int
    last_contact: str | None


class StepIn(body_model(spec.STEP)):  # type: ignore[misc]
    """A small step to plan."""


class RoutineIn(Strict):
    """A routine to add."""

    name: Name
    schedule: Annotated[str, Field(max_length=_SCHEDULE.size), WithJsonSchema(rules.schedule())] = (
        _SCHEDULE.default
    )
    time_of_day: Annotated[
        str | None, Field(max_length=_TIME_OF_DAY.size), WithJsonSchema(rules.time_of_day())
    ] = _TIME_OF_DAY.default
    anchor: Annotated[Text | None, WithJsonSchema(rules.choice(_ANCHOR, optional=True))] = None


class RoutineOut(BaseModel):
    """A routine."""

    id: int
    name: str
    schedule: str
    time_of_day: str | None
    anchor: str | None
    active: bool


class PromptOut(BaseModel):
    """A reflection prompt."""

    code: str
    text: str


def _entry(
    ctx: Context, e: Entry, notices: tuple[str, ...] = (), names: dict[int, str] | None = None
) -> EntryOut:
    """One entry as the API shows it (``names``: people by id, read once for a list)."""
    names = service.people_names(ctx) if names is None else names
    d = record_dict(ctx, e.kind, e.record, names)
    return EntryOut(
        kind=e.kind,
        id=e.record.id,
        day=d.get("day"),
        summary=describe(e, names),
        notices=list(notices),
        record=d,
    )


def _saved(ctx: Context, kind: str, saved: service.Saved[Any]) -> EntryOut:
    return _entry(ctx, Entry(kind, saved.record.at, saved.record), saved.notices)


@router.get("/session")
def session(request: Request) -> SessionOut:
    """The CSRF token to send as X-CSRF-Token with every change."""
    return SessionOut(csrf_token=request.app.state.csrf_token)


@router.get("/today")
def today(ctx: Ctx) -> TodayOut:
    """Today's entries, newest first."""
    with service.one_read(ctx):
        t = service.today(ctx)
        names = service.people_names(ctx)
    return TodayOut(day=t.day, entries=[_entry(ctx, e, names=names) for e in t.entries])


@router.post("/checkins", status_code=201, dependencies=CHANGE)
def add_checkin(ctx: Ctx, body: CheckinIn) -> EntryOut:
    """Record a check-in."""
    return _saved(ctx, "checkin", service.add_checkin(ctx, **body.model_dump()))


@router.post("/contacts", status_code=201, dependencies=CHANGE)
def add_contact(ctx: Ctx, body: ContactIn) -> EntryOut:
    """Record a contact; unknown people are refused unless create_missing is true."""
    data = body.model_dump()
    return _saved(ctx, "contact", service.add_contact(ctx, data.pop("people"), **data))


@router.post("/solitude", status_code=201, dependencies=CHANGE)
def add_solitude(ctx: Ctx, body: SolitudeIn) -> EntryOut:
    """Record time spent alone."""
    return _saved(ctx, "solitude", service.add_solitude(ctx, **body.model_dump()))


@router.post("/boundaries", status_code=201, dependencies=CHANGE)
def add_boundary(ctx: Ctx, body: BoundaryIn) -> EntryOut:
    """Record a boundary and how it was received."""
    data = body.model_dump()
    return _saved(ctx, "boundary", service.add_boundary(ctx, data.pop("person"), **data))


@router.post("/reflections", status_code=201, dependencies=CHANGE)
def add_reflection(ctx: Ctx, body: ReflectionIn) -> EntryOut:
    """Save an answer to a reflection prompt."""
    data = body.model_dump()
    saved = service.add_reflection(ctx, data.pop("prompt"), data.pop("answer"), **data)
    return _saved(ctx, "reflection", saved)


@router.get("/reflections/prompt")
def reflection_prompt(ctx: Ctx) -> PromptOut:
    """Today's reflection prompt."""
    from ebbtide.domain.prompts import prompt_for_day

    p = prompt_for_day(ctx.today())
    return PromptOut(code=p.code, text=p.text)


@router.get("/entries")
def entries(
    ctx: Ctx,
    kind: Annotated[list[Kind] | None, Query()] = None,
    person: Annotated[
        str | None,
        Query(max_length=spec.MAX_NAME, pattern=r"^[^\x00]*$"),
    ] = None,
    since: Annotated[
        str | None,
        Query(
            max_length=spec.MAX_DAY_PHRASE,
            description="First local day, e.g. 2026-11-01 or 'yesterday' (not after until)",
            json_schema_extra=rules.day_phrase(empty=True),
        ),
    ] = None,
    until: Annotated[
        str | None,
        Query(
            max_length=spec.MAX_DAY_PHRASE,
            description="Last local day (inclusive)",
            json_schema_extra=rules.day_phrase(empty=True),
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=spec.MAX_SEARCH, pattern=r"^[^\x00]*$"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[EntryOut]:
    """Records, newest first, filtered by kind, person, local days and words."""
    from ebbtide.domain.timekeeping import parse_day

    t = ctx.today()
    with service.one_read(ctx):
        found = service.log(
            ctx,
            kinds=kind,
            person=person or None,
            since=parse_day(since, t) if since else None,
            until=parse_day(until, t) if until else None,
            search=q or None,
            limit=offset + limit,
        )
        names = service.people_names(ctx)
    return [_entry(ctx, e, names=names) for e in found[offset:]]


@router.get("/entries/{kind}/{record_id}")
def get_entry(ctx: Ctx, kind: Kind, record_id: Id) -> EntryOut:
    """One record."""
    return _entry(ctx, service.get_entry(ctx, kind, record_id))


@router.patch("/entries/{kind}/{record_id}", dependencies=CHANGE)
def edit_entry(ctx: Ctx, kind: Kind, record_id: Id, body: EntryPatch) -> EntryOut:
    """Change fields of a record; it is validated like a new one."""
    for name, value in body.changes.items():
        # Choice and time fields are parsed from text; anything else is refused clearly.
        if name in _TEXT_FIELDS and value is not None and not isinstance(value, str):
            raise ValidationError(name, f"{name} must be given as text")
        if name in ("people", "body") and not isinstance(value, list | str):
            raise ValidationError(name, f"{name} must be a list of names")
    e = service.edit_entry(ctx, kind, record_id, dict(body.changes))
    return _entry(ctx, e, e.notices)


@router.delete("/entries/{kind}/{record_id}", status_code=204, dependencies=CHANGE)
def delete_entry(ctx: Ctx, kind: Kind, record_id: Id) -> Response:
    """Delete a record."""
    service.delete_entry(ctx, kind, record_id)
    return Response(status_code=204)


def _person(s: service.PersonSummary) -> PersonOut:
    p = s.person
    return PersonOut(
        id=p.id or 0,
        name=p.name,
        relation=p.relation,
        note=p.note,
        contacts=s.contacts,
        last_contact=s.last_contact.isoformat() if s.last_contact else None,
    )


@router.get("/people")
def people(ctx: Ctx) -> list[PersonOut]:
    """Everyone, with contact counts."""
    return [_person(s) for s in service.list_people(ctx)]


@router.post("/people", status_code=201, dependencies=CHANGE)
def add_person(ctx: Ctx, body: PersonIn) -> PersonOut:
    """Add someone."""
    p = service.add_person(ctx, body.name, body.relation, body.note)
    return _person(service.PersonSummary(p, 0, None))


@router.get("/people/{person_id}")
def person(ctx: Ctx, person_id: Id) -> dict[str, Any]:
    """One person: monthly felt safety and reciprocity, boundaries, the states they leave."""
    from ebbtide.service import get_person_detail

    d = get_person_detail(ctx, person_id)
    names = service.people_names(ctx)
    return {
        "person": dataclasses.asdict(d.person),
        "contacts": d.contacts,
        "last_contact": d.last_contact.isoformat() if d.last_contact else None,
        "months": [{**dataclasses.asdict(m), "month": m.month.isoformat()} for m in d.months],
        "boundaries": [record_dict(ctx, "boundary", b, names) for b in d.boundaries],
        "left_in": d.left_in,
    }


@router.get("/steps")
def steps(ctx: Ctx, status: Literal["planned", "done", "skipped"] | None = None) -> list[EntryOut]:
    """Steps, newest first."""
    return [
        _entry(ctx, Entry("step", s.done_at or s.created_at, s))
        for s in service.list_steps(ctx, status=status)
    ]


@router.post("/steps", status_code=201, dependencies=CHANGE)
def plan_step(ctx: Ctx, body: StepIn) -> EntryOut:
    """Plan a small step toward people."""
    s = service.plan_step(ctx, **body.model_dump())
    return _entry(ctx, Entry("step", s.created_at, s), service.step_notices(ctx, s))


@router.post("/steps/{step_id}/done", dependencies=CHANGE)
def step_done(ctx: Ctx, step_id: Id) -> EntryOut:
    """Mark a step done."""
    s = service.step_done(ctx, step_id)
    return _entry(ctx, Entry("step", s.done_at or s.created_at, s))


@router.post("/steps/{step_id}/skip", dependencies=CHANGE)
def step_skip(ctx: Ctx, step_id: Id) -> EntryOut:
    """Let a step go for now."""
    s = service.step_skip(ctx, step_id)
    return _entry(ctx, Entry("step", s.created_at, s))


def _routine(r: Any) -> RoutineOut:
    return RoutineOut(
        id=r.id,
        name=r.name,
        schedule=r.schedule,
        time_of_day=r.time_of_day,
        anchor=r.anchor,
        active=r.active,
    )


@router.get("/routines")
def routines(ctx: Ctx) -> list[RoutineOut]:
    """The routines, oldest first."""
    return [_routine(r) for r in service.list_routines(ctx)]


@router.post("/routines", status_code=201, dependencies=CHANGE)
def add_routine(ctx: Ctx, body: RoutineIn) -> RoutineOut:
    """Add a routine."""
    return _routine(service.add_routine(ctx, **body.model_dump()))


@router.post("/routines/{routine_id}/done", status_code=201, dependencies=CHANGE)
def routine_done(ctx: Ctx, routine_id: Id) -> EntryOut:
    """Mark a routine done now."""
    return _saved(ctx, "routine", service.routine_done(ctx, routine_id))


@router.get("/insights")
def insights(ctx: Ctx) -> dict[str, Any]:
    """The insight report with its evidence, and the chart specs (Vega-Lite)."""
    from ebbtide.web.insights_view import insights_page_data

    data = insights_page_data(ctx)
    return {"report": dataclasses.asdict(data["report"]), "charts": data["specs"]}
