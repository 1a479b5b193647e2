"""The JSON API for care: the safety plan, crisis lines, questionnaires and sessions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema

from ebbtide import service
from ebbtide.service import Context
from ebbtide.web import schema_rules as rules
from ebbtide.web.api import ERRORS, Strict
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf_header
from ebbtide.web.spec_models import Number

router = APIRouter(prefix="/api", responses=ERRORS)
CHANGE = [Depends(require_csrf_header)]
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
Code = Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")]
Entry = Annotated[
    str, Field(max_length=500, pattern=r"^[^\x00]*$"), WithJsonSchema(rules.text(500))
]
Entries = Annotated[list[Entry], Field(max_length=30)]


class SafetyPlanIO(Strict):
    """The person's own safety plan: six lists of short entries, in their words."""

    warning_signs: Entries = Field(default_factory=list)
    coping: Entries = Field(default_factory=list)
    social: Entries = Field(default_factory=list)
    helpers: Entries = Field(default_factory=list)
    professionals: Entries = Field(default_factory=list)
    safer: Entries = Field(default_factory=list)


class LineOut(BaseModel):
    """A crisis line."""

    name: str
    how: str
    tel: str | None = Field(default=None, description="A tel: link, when the line takes calls.")
    sms: str | None = Field(default=None, description="An sms: link, when the line takes texts.")


class HelpOut(BaseModel):
    """What help looks like now: the region, its crisis lines, and the text shown."""

    region: str | None
    lines: list[LineOut]
    help: list[str]


class RegionIn(Strict):
    """A two-letter region code such as US, GB or AU; null shows every known line."""

    region: Annotated[
        str | None,
        Field(max_length=10, pattern=r"^[A-Za-z]*$"),
        WithJsonSchema({"type": ["string", "null"], "pattern": "^(?:[A-Za-z]{2})?$"}),
    ] = None


class AnswersIn(Strict):
    """One answer value per question, in order; null for a skipped question."""

    answers: list[Annotated[Number, Field(ge=0, le=100)] | None] = Field(max_length=100)


class AssessmentOut(BaseModel):
    """A scored questionnaire, with help to show when an answer asks for it."""

    assessment: dict[str, Any]
    help: list[str] = Field(
        default=[], description="Help to show now (e.g. PHQ-9 item 9 above 0). Never sent."
    )


def _text_day(value: object) -> object:
    if not isinstance(value, str):
        raise ValueError("a day is written like 2026-11-20")
    return value


class SessionIn(Strict):
    """A day the person met their therapist."""

    day: Annotated[
        date,
        BeforeValidator(_text_day),
        WithJsonSchema(rules.past_day() | {"description": "The day, not in the future"}),
    ]
    note: Annotated[
        str, Field(max_length=2000, pattern=r"^[^\x00]*$"), WithJsonSchema(rules.text(2000))
    ] = ""


class SessionOut(BaseModel):
    """A recorded session, with help to show if its note holds crisis language."""

    id: int
    day: date
    note: str
    help: list[str] = []


def _plan_out(ctx: Context) -> SafetyPlanIO:
    plan = service.get_safety_plan(ctx).plan
    return SafetyPlanIO(**{k: list(v) for k, _t, v in plan.sections()})


def _help(ctx: Context) -> HelpOut:
    lines = [
        LineOut(name=x.name, how=x.how, tel=x.tel_href, sms=x.sms_href)
        for x in service.crisis_lines(ctx)
    ]
    return HelpOut(
        region=service.get_region(ctx), lines=lines, help=list(service.help_notices(ctx))
    )


@router.get("/safety-plan")
def get_plan(ctx: Ctx) -> SafetyPlanIO:
    """The safety plan (empty lists when none was written)."""
    return _plan_out(ctx)


@router.put("/safety-plan", dependencies=CHANGE)
def put_plan(ctx: Ctx, body: SafetyPlanIO) -> SafetyPlanIO:
    """Replace the whole safety plan."""
    from ebbtide.service import make_safety_plan as make_plan

    service.save_safety_plan(ctx, make_plan(**body.model_dump()))
    return _plan_out(ctx)


@router.get("/help")
def get_help(ctx: Ctx) -> HelpOut:
    """Help now: the plan first, then the crisis lines for the person's region."""
    return _help(ctx)


@router.put("/help/region", dependencies=CHANGE)
def put_region(ctx: Ctx, body: RegionIn) -> HelpOut:
    """Choose the region whose crisis lines are shown."""
    service.set_region(ctx, body.region or None)
    return _help(ctx)


@router.get("/questionnaires")
def questionnaires() -> list[dict[str, Any]]:
    """The questionnaires that can be taken: code, name, items and answer options."""
    return [_instrument(i) for i in service.list_instruments()]


def _instrument(ins: Any) -> dict[str, Any]:
    return {
        "code": ins.code,
        "name": ins.name,
        "preamble": ins.preamble,
        "items": [{"id": i.id, "text": i.text} for i in ins.items],
        "options": [{"value": o.value, "label": o.label} for o in ins.options],
        "bands": [{"min": b.min, "max": b.max, "label": b.label} for b in ins.bands],
    }


@router.get("/questionnaires/{code}")
def questionnaire(code: Code) -> dict[str, Any]:
    """One questionnaire."""
    return _instrument(service.get_instrument(code))


@router.post("/questionnaires/{code}", status_code=201, dependencies=CHANGE)
def take(ctx: Ctx, code: Code, body: AnswersIn) -> AssessmentOut:
    """Score and save an answer set."""
    saved = service.take_assessment(ctx, code, body.answers)
    return AssessmentOut(assessment=saved.record.to_dict(), help=list(saved.notices))


@router.get("/questionnaires/{code}/history")
def history(ctx: Ctx, code: Code) -> list[dict[str, Any]]:
    """Past results for one questionnaire, oldest first."""
    return [a.to_dict() for a in service.assessment_history(ctx, code)]


@router.get("/sessions")
def list_therapy_sessions(ctx: Ctx) -> list[SessionOut]:
    """Recorded therapy sessions, oldest first."""
    return [SessionOut(id=s.id, day=s.day, note=s.note) for s in service.list_therapy_sessions(ctx)]


@router.post("/sessions", status_code=201, dependencies=CHANGE)
def add_therapy_session(ctx: Ctx, body: SessionIn) -> SessionOut:
    """Record a session day (not in the future)."""
    from ebbtide.service import notices_for_text

    s = service.add_therapy_session(ctx, body.day, body.note)
    help_ = notices_for_text(ctx, s.note) if s.note else ()
    return SessionOut(id=s.id, day=s.day, note=s.note, help=list(help_))


@router.delete("/sessions/{session_id}", status_code=204, dependencies=CHANGE)
def delete_therapy_session(ctx: Ctx, session_id: Id) -> Response:
    """Forget a recorded session."""
    service.delete_therapy_session(ctx, session_id)
    return Response(status_code=204)
