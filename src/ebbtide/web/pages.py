"""The HTML pages: thin shells that call ``ebbtide.service`` and render a template."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from ebbtide import service
from ebbtide.domain.prompts import PROMPTS, prompt_by_code, prompt_for_day
from ebbtide.service.context import Context
from ebbtide.web import messages as msg
from ebbtide.web.app import get_ctx
from ebbtide.web.security import require_csrf
from ebbtide.web.views import entry_time, form_changes, is_htmx, local_time, render, split_names

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
OptStr = Annotated[str | None, Form()]
OptInt = Annotated[int | None, Form(ge=0, le=24 * 60)]
Scale = Annotated[int | None, Form(ge=1, le=5)]
PAGE_SIZE = 50


def _today(
    request: Request, ctx: Context, flash: str | None = None, notices: tuple[str, ...] = ()
) -> Response:
    t = service.today(ctx)
    return _at(
        request,
        "/",
        render(
            request,
            "today.html",
            {
                "today": t,
                "names": service.people_names(ctx),
                "steps": service.list_steps(ctx, status="planned")[:3],
                "when": lambda e: entry_time(ctx, e, "%H:%M"),
                "flash": flash,
                "notices": notices,
            },
        ),
    )


def _at(request: Request, url: str, response: Response) -> Response:
    """After a form post, the address bar shows the page again (htmx replaces the URL)."""
    if request.method == "POST":
        response.headers["HX-Replace-Url"] = url
    return response


@router.get("/checkin")
@router.get("/contact")
@router.get("/solitude")
def back_to_today() -> Response:
    """A reload after a form post without JavaScript: show today, do not post again."""
    return RedirectResponse("/", status_code=303)


@router.get("/routines")
def back_to_steps() -> Response:
    """The routines live on the steps page."""
    return RedirectResponse("/steps", status_code=303)


@router.get("/")
def today_page(request: Request, ctx: Ctx, saved: str | None = None) -> Response:
    """Today: check in, log a contact or time alone, and see what today holds."""
    return _today(request, ctx, msg.SAVED.get(saved or ""))


@router.post("/checkin")
def checkin(
    request: Request,
    ctx: Ctx,
    state: Annotated[str, Form()],
    intensity: Scale = None,
    energy: Scale = None,
    body: Annotated[list[str] | None, Form()] = None,
    appetite: OptStr = None,
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Save a check-in."""
    saved = service.add_checkin(
        ctx, state, intensity=intensity, energy=energy, body=body, appetite=appetite, note=note
    )
    return _today(request, ctx, msg.SAVED["checkin"], saved.notices)


@router.post("/contact")
def contact(
    request: Request,
    ctx: Ctx,
    people: Annotated[str, Form(max_length=1000)],
    channel: Annotated[str, Form()] = "in-person",
    minutes: OptInt = None,
    safety: Scale = None,
    reciprocity: Scale = None,
    after: OptStr = None,
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Save a contact; people not met before are added."""
    names = split_names(people)
    new = service.unknown_people(ctx, names)
    saved = service.add_contact(
        ctx,
        names,
        create_missing=True,
        channel=channel,
        minutes=minutes,
        safety=safety,
        reciprocity=reciprocity,
        after=after,
        note=note,
    )
    flash = msg.SAVED["contact"] + (f" Added {', '.join(new)} to your people." if new else "")
    return _today(request, ctx, flash, saved.notices)


@router.post("/solitude")
def solitude(
    request: Request,
    ctx: Ctx,
    activity: Annotated[str, Form()],
    minutes: OptInt = None,
    chosen: Annotated[str, Form()] = "yes",
    after: OptStr = None,
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Save time spent alone."""
    saved = service.add_solitude(
        ctx, activity, minutes=minutes, chosen=chosen != "no", after=after, note=note
    )
    return _today(request, ctx, msg.SAVED["solitude"], saved.notices)


@router.get("/timeline")
def timeline(
    request: Request,
    ctx: Ctx,
    kind: str | None = None,
    person: Annotated[str | None, Query(max_length=120)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    saved: str | None = None,
) -> Response:
    """Everything logged, newest first, filtered by kind, person, dates or words."""
    from ebbtide.domain.timekeeping import parse_day

    t = ctx.today()
    entries = service.log(
        ctx,
        kinds=[kind] if kind else None,
        person=person or None,
        since=parse_day(since, t) if since else None,
        until=parse_day(until, t) if until else None,
        search=q or None,
        limit=page * PAGE_SIZE + 1,
    )
    return render(
        request,
        "timeline.html",
        {
            "entries": entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            "more": len(entries) > page * PAGE_SIZE,
            "page": page,
            "filters": {"kind": kind, "person": person, "since": since, "until": until, "q": q},
            "names": service.people_names(ctx),
            "when": lambda e: entry_time(ctx, e),
            "flash": msg.SAVED.get(saved or ""),
        },
    )


@router.get("/timeline/{kind}/{record_id}/edit")
def edit_form(request: Request, ctx: Ctx, kind: str, record_id: Id) -> Response:
    """A form to change one entry."""
    e = service.get_entry(ctx, kind, record_id)
    return render(
        request,
        "edit.html",
        {
            "entry": e,
            "names": service.people_names(ctx),
            "when": entry_time(ctx, e, "%Y-%m-%d %H:%M"),
        },
    )


@router.post("/timeline/{kind}/{record_id}/edit")
async def edit_save(request: Request, kind: str, record_id: Id) -> Response:
    """Save changes to one entry."""
    from starlette.concurrency import run_in_threadpool

    ctx = get_ctx(request)
    changes = form_changes(kind, await request.form())
    e = await run_in_threadpool(service.edit_entry, ctx, kind, record_id, changes)
    if not e.notices:
        return RedirectResponse("/timeline?saved=edited", status_code=303)
    # Crisis language in the edited text: the help is shown right here, with the entry.
    data = {
        "entry": e,
        "names": service.people_names(ctx),
        "when": entry_time(ctx, e, "%Y-%m-%d %H:%M"),
    }
    page = render(
        request, "edit.html", {**data, "flash": msg.SAVED["edited"], "notices": e.notices}
    )
    return _at(request, f"/timeline/{e.kind}/{record_id}/edit", page)


@router.post("/timeline/{kind}/{record_id}/delete")
def delete(request: Request, ctx: Ctx, kind: str, record_id: Id) -> Response:
    """Delete one entry (htmx removes its row; without JavaScript the timeline reloads)."""
    service.delete_entry(ctx, kind, record_id)
    if is_htmx(request):
        return Response("", status_code=200)
    return RedirectResponse("/timeline?saved=deleted", status_code=303)


@router.get("/insights")
def insights(request: Request, ctx: Ctx) -> Response:
    """The patterns: tide chart, states, solitude, relationships, and the next small step."""
    from ebbtide.web.insights_view import insights_page_data

    return render(request, "insights.html", insights_page_data(ctx))


@router.post("/away")
def away_add(
    request: Request,
    ctx: Ctx,
    first: Annotated[date, Form(alias="from")],
    last: Annotated[date, Form(alias="to")],
    note: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Mark days as away or on holiday; the insights do not read them as a drift."""
    from ebbtide.service.away import add_away

    add_away(ctx, first, last, note)
    return RedirectResponse("/insights#away-h", status_code=303)


@router.post("/away/{number}/delete")
def away_delete(request: Request, ctx: Ctx, number: Id) -> Response:
    """Remove one away period."""
    from ebbtide.service.away import remove_away

    remove_away(ctx, number)
    return RedirectResponse("/insights#away-h", status_code=303)


@router.post("/insights/phone-signals")
def phone_signals_switch(ctx: Ctx, on: Annotated[str, Form()] = "1") -> Response:
    """Switch the Phone signals section (and their use in insights) on or off."""
    from ebbtide.service.passive import set_phone_signals

    set_phone_signals(ctx, on == "1")
    return RedirectResponse("/insights#phone-h", status_code=303)


@router.get("/people")
def people(request: Request, ctx: Ctx) -> Response:
    """Everyone in the person's life, with how often they were in touch."""
    return render(
        request,
        "people.html",
        {"people": service.list_people(ctx), "day": lambda m: local_time(ctx, m, "%d %b %Y")},
    )


@router.post("/people")
def people_add(
    request: Request,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=120)],
    relation: OptStr = None,
) -> Response:
    """Add someone."""
    p = service.add_person(ctx, name, relation or None)
    return RedirectResponse(f"/people/{p.id}", status_code=303)


@router.get("/people/{person_id}")
def person(request: Request, ctx: Ctx, person_id: Id) -> Response:
    """One person: how contact has felt over time, boundaries, the states they leave."""
    from ebbtide.service.person_detail import person_detail

    return render(
        request,
        "person.html",
        {
            "d": person_detail(ctx, person_id),
            "names": service.people_names(ctx),
            "day": lambda m: local_time(ctx, m, "%d %b %Y"),
        },
    )


def _steps(
    request: Request, ctx: Ctx, flash: str | None = None, notices: tuple[str, ...] = ()
) -> Response:
    steps = service.list_steps(ctx)
    return _at(
        request,
        "/steps",
        render(
            request,
            "steps.html",
            {
                "planned": [s for s in steps if s.status == "planned"],
                "settled": [s for s in steps if s.status != "planned"][:20],
                "routines": service.list_routines(ctx, active_only=True),
                "people": service.people_names(ctx),
                "today": ctx.today(),
                "flash": flash,
                "notices": notices,
                "day": lambda m: local_time(ctx, m, "%d %b %Y"),
            },
        ),
    )


@router.get("/steps")
def steps(request: Request, ctx: Ctx) -> Response:
    """Small steps toward people, and the routines that anchor the week."""
    return _steps(request, ctx)


@router.post("/steps")
def step_plan(
    request: Request,
    ctx: Ctx,
    title: Annotated[str, Form(max_length=300)],
    level: Annotated[int, Form(ge=1, le=5)] = 1,
    planned_for: Annotated[date | None, Form()] = None,
    person: OptStr = None,
) -> Response:
    """Plan a step."""
    s = service.plan_step(
        ctx, title, level=level, planned_for=planned_for, person=person or None, create_missing=True
    )
    return _steps(request, ctx, msg.STEP_PLANNED, service.step_notices(ctx, s))


@router.post("/steps/{step_id}/{action}")
def step_settle(request: Request, ctx: Ctx, step_id: Id, action: str) -> Response:
    """Mark a step done or let it go for now."""
    if action not in ("done", "skip"):
        from fastapi import HTTPException

        raise HTTPException(404)
    s = (service.step_done if action == "done" else service.step_skip)(ctx, step_id)
    text = msg.STEP_DONE if action == "done" else msg.STEP_SKIPPED
    if is_htmx(request):
        return render(request, "_step.html", {"s": s, "people": {}, "settled_msg": text})
    return _steps(request, ctx, text)


@router.post("/routines")
def routine_add(
    request: Request,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=120)],
    schedule: Annotated[str, Form(max_length=40)] = "daily",
    time_of_day: OptStr = None,
) -> Response:
    """Add a routine."""
    service.add_routine(ctx, name, schedule=schedule, time_of_day=time_of_day or None)
    return _steps(request, ctx, msg.SAVED["routine-added"])


@router.post("/routines/{routine_id}/done")
def routine_done(request: Request, ctx: Ctx, routine_id: Id) -> Response:
    """Mark a routine done for now."""
    saved = service.routine_done(ctx, routine_id)
    return _steps(request, ctx, msg.SAVED["routine"], saved.notices)


def _reflections(
    request: Request,
    ctx: Ctx,
    code: str | None,
    flash: str | None = None,
    notices: tuple[str, ...] = (),
) -> Response:
    prompt = (prompt_by_code(code) if code else None) or prompt_for_day(ctx.today())
    return _at(
        request,
        "/reflections",
        render(
            request,
            "reflections.html",
            {
                "prompt": prompt,
                "prompts": PROMPTS,
                "past": service.log(ctx, kinds=["reflection"], limit=50),
                "when": lambda e: entry_time(ctx, e, "%d %b %Y"),
                "flash": flash,
                "notices": notices,
            },
        ),
    )


@router.get("/reflections")
def reflections(
    request: Request, ctx: Ctx, prompt: Annotated[str | None, Query(max_length=40)] = None
) -> Response:
    """Today's reflection prompt, a place to answer, and past answers."""
    return _reflections(request, ctx, prompt)


@router.post("/reflections")
def reflection_add(
    request: Request,
    ctx: Ctx,
    prompt: Annotated[str, Form(max_length=1000)],
    answer: Annotated[str, Form(max_length=10_000)],
    code: OptStr = None,
) -> Response:
    """Save an answer."""
    saved = service.add_reflection(ctx, prompt, answer)
    return _reflections(request, ctx, code, msg.SAVED["reflection"], saved.notices)
