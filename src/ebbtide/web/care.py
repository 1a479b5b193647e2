"""Pages for help and care: crisis lines, the safety plan, and questionnaires."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response

from ebbtide import service
from ebbtide.service import Context
from ebbtide.web import messages as msg
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf
from ebbtide.web.views import local_time, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
Code = Annotated[str, Path(max_length=40)]
Section = Annotated[str, Form(max_length=20_000)]


def _help(request: Request, ctx: Context, flash: str | None = None) -> Response:
    from ebbtide.service import CRISIS_DIRECTORY as DIRECTORY
    from ebbtide.service import EMERGENCY_LINE as EMERGENCY
    from ebbtide.service import emergency_number

    response = render(
        request,
        "help.html",
        {
            "plan": service.get_safety_plan(ctx).plan,
            "region": service.get_region(ctx),
            "regions": service.known_regions(),
            "lines": service.crisis_lines(ctx),
            "emergency": EMERGENCY,
            "emergency_number": emergency_number(service.get_region(ctx)),
            "directory": DIRECTORY,
            "flash": flash,
        },
    )
    if request.method == "POST":
        response.headers["HX-Replace-Url"] = "/help"
    return response


@router.get("/help")
def help_page(request: Request, ctx: Ctx) -> Response:
    """Help now: the person's own plan first, then crisis lines for their region."""
    return _help(request, ctx)


@router.post("/help/region")
def region_set(
    request: Request, ctx: Ctx, region: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    """Choose whose crisis lines are shown (empty: every known line)."""
    service.set_region(ctx, region or None)
    return _help(request, ctx, msg.REGION_SAVED)


def _plan(request: Request, ctx: Context, flash: str | None = None) -> Response:
    view = service.get_safety_plan(ctx)
    response = render(
        request,
        "safety_plan.html",
        {
            "plan": view.plan,
            "updated": local_time(ctx, view.updated_at, "%d %b %Y"),
            "flash": flash,
        },
    )
    if request.method == "POST":
        response.headers["HX-Replace-Url"] = "/safety-plan"
    return response


@router.get("/safety-plan")
def plan_page(request: Request, ctx: Ctx) -> Response:
    """The person's own safety plan, in six sections, to read and edit."""
    return _plan(request, ctx)


@router.post("/safety-plan")
def plan_save(
    request: Request,
    ctx: Ctx,
    warning_signs: Section = "",
    coping: Section = "",
    social: Section = "",
    helpers: Section = "",
    professionals: Section = "",
    safer: Section = "",
) -> Response:
    """Save the whole plan (one entry per line in each section)."""
    from ebbtide.service import make_safety_plan as make_plan

    texts = {
        "warning_signs": warning_signs,
        "coping": coping,
        "social": social,
        "helpers": helpers,
        "professionals": professionals,
        "safer": safer,
    }
    from ebbtide.domain.text import clean_text

    # Split on line breaks only: other control characters meet the one text rule.
    lines = {k: clean_text(v).split("\n") for k, v in texts.items()}
    service.save_safety_plan(ctx, make_plan(**lines))
    return _plan(request, ctx, msg.PLAN_SAVED)


@router.get("/questionnaires")
def questionnaires(request: Request, ctx: Ctx) -> Response:
    """The questionnaires that can be taken, with when each was last taken."""
    last = {a.instrument.code: a for a in service.assessment_history(ctx)}
    return render(
        request,
        "questionnaires.html",
        {
            "instruments": service.list_instruments(),
            "last": last,
            "day": lambda m: local_time(ctx, m, "%d %b %Y"),
        },
    )


@router.get("/questionnaires/{code}")
def questionnaire_form(request: Request, code: Code) -> Response:
    """One questionnaire to fill in: each item with its answer options."""
    return render(
        request, "questionnaire.html", {"ins": service.get_instrument(code), "missing": ()}
    )


@router.post("/questionnaires/{code}")
async def questionnaire_take(request: Request, code: Code) -> Response:
    """Score and save the answers; show the result (and help, when an answer asks for it)."""
    from starlette.concurrency import run_in_threadpool

    from ebbtide.web.care_view import form_answers

    ctx = get_ctx(request)
    ins = service.get_instrument(code)
    answers = form_answers(ins, await request.form())
    saved = await run_in_threadpool(service.take_assessment, ctx, ins.code, answers)
    response = render(
        request,
        "assessment.html",
        {"a": saved.record, "flash": msg.ASSESSMENT_SAVED, "notices": saved.notices},
    )
    response.headers["HX-Replace-Url"] = f"/questionnaires/{ins.code}/history"
    return response


@router.get("/questionnaires/{code}/history")
def questionnaire_history(request: Request, ctx: Ctx, code: Code) -> Response:
    """Past results for one questionnaire, plotted against its bands."""
    from ebbtide import service

    ins = service.get_instrument(code)
    history = service.assessment_history(ctx, ins.code)
    points = [(a.at, a.result.total) for a in history if a.result.total is not None]
    return render(
        request,
        "assessment_history.html",
        {
            "ins": ins,
            "history": list(reversed(history)),
            "spec": service.assessment_chart(ins, points) if points and ins.scored else None,
            "day": lambda m: local_time(ctx, m, "%d %b %Y"),
        },
    )
