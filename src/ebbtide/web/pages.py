"""The HTML pages: thin shells that call ``ebbtide.service`` and render a template."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ebbtide import service
from ebbtide.domain import spec
from ebbtide.domain.prompts import PROMPTS, prompt_by_code, prompt_for_day
from ebbtide.service import Context
from ebbtide.web import forms
from ebbtide.web import messages as msg
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf
from ebbtide.web.views import (
    Posted,
    entry_time,
    is_htmx,
    local_time,
    render,
    split_names,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
OptStr = Annotated[str | None, Form()]
PAGE_SIZE = 50


def _today(
    request: Request, ctx: Context, flash: str | None = None, notices: tuple[str, ...] = ()
) -> Response:
    with service.one_read(ctx):  # one snapshot (and one transaction) for the whole page
        t = service.today(ctx)
        names, routines = service.people_and_routine_names(ctx)
        steps = service.list_steps(ctx, status="planned")[:3]
    return _at(
        request,
        "/",
        render(
            request,
            "today.html",
            {
                "today": t,
                "names": names,
                "steps": steps,
                "when": lambda e: entry_time(ctx, e, "%H:%M"),
                "when_blank": forms.when_defaults(ctx),
                "routines": routines,
                "editable": True,
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
@router.get("/boundary")
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


def _form(ctx: Context, form: FormData, kind: str) -> tuple[dict[str, Any], Any]:
    """The checked values of a kind's add form, and its moment."""
    return forms.read(kind, form), forms.when(ctx, form)


@router.post("/checkin")
def checkin(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Save a check-in (now, or earlier)."""
    v, at = _form(ctx, form, "checkin")
    saved = service.add_checkin(ctx, when=at, **v)
    return _today(request, ctx, msg.SAVED["checkin"], saved.notices)


@router.post("/contact")
def contact(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Save a contact; people not met before are added."""
    v, at = _form(ctx, form, "contact")
    names = split_names(v.pop("people"))

    def work() -> tuple[list[str], Any]:
        new = service.unknown_people(ctx, names)
        return new, service.add_contact(ctx, names, create_missing=True, when=at, **v)

    new, saved = work()
    flash = msg.SAVED["contact"] + (f" Added {', '.join(new)} to your people." if new else "")
    return _today(request, ctx, flash, saved.notices)


@router.post("/solitude")
def solitude(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Save time spent alone."""
    v, at = _form(ctx, form, "solitude")
    saved = service.add_solitude(ctx, when=at, **v)
    return _today(request, ctx, msg.SAVED["solitude"], saved.notices)


@router.post("/boundary")
def boundary(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Save a boundary set or a need expressed, and how it was received."""
    v, at = _form(ctx, form, "boundary")
    person = " ".join(v.pop("person").split())

    def work() -> tuple[list[str], Any]:
        new = service.unknown_people(ctx, [person])
        return new, service.add_boundary(ctx, person, create_missing=True, when=at, **v)

    new, saved = work()
    flash = msg.SAVED["boundary"] + (f" Added {', '.join(new)} to your people." if new else "")
    return _today(request, ctx, flash, saved.notices)


@router.get("/timeline")
def timeline(
    request: Request,
    ctx: Ctx,
    kind: str | None = None,
    person: Annotated[str | None, Query(max_length=spec.MAX_NAME)] = None,
    since: Annotated[str | None, Query(max_length=spec.MAX_DAY_PHRASE)] = None,
    until: Annotated[str | None, Query(max_length=spec.MAX_DAY_PHRASE)] = None,
    q: Annotated[str | None, Query(max_length=spec.MAX_SEARCH)] = None,
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
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    from ebbtide.web.history_view import group_by_day

    names, routines = service.people_and_routine_names(ctx)
    return render(
        request,
        "timeline.html",
        {
            "entries": shown,
            "groups": group_by_day(ctx, shown),
            "routines": routines,
            "stamp": lambda e: entry_time(ctx, e),
            "more": len(entries) > page * PAGE_SIZE,
            "page": page,
            "filters": {"kind": kind, "person": person, "since": since, "until": until, "q": q},
            "names": names,
            "when": lambda e: entry_time(ctx, e, "%H:%M"),
            "flash": msg.SAVED.get(saved or ""),
        },
    )


def _edit_data(ctx: Context, e: service.Entry) -> dict[str, Any]:
    """What the edit page needs: the entry, its field values, names and its moment."""
    import dataclasses

    names, routines = service.people_and_routine_names(ctx)
    values = {f.name: getattr(e.record, f.name) for f in dataclasses.fields(e.record)}
    if e.kind == "contact":
        values["people"] = ", ".join(names.get(i, f"#{i}") for i in e.record.person_ids)
    if e.kind == "boundary":
        values["person"] = names.get(e.record.person_id, "")
    at = e.at if e.kind in forms.HAS_WHEN else None
    return {
        "entry": e,
        "values": values,
        "names": names,
        "routines": routines,
        "when": entry_time(ctx, e, "%a %d %b %Y, %H:%M"),
        "when_now": forms.when_defaults(ctx, at),
    }


@router.get("/timeline/{kind}/{record_id}/edit")
def edit_form(request: Request, ctx: Ctx, kind: str, record_id: Id) -> Response:
    """A form to change one entry."""
    return render(request, "edit.html", _edit_data(ctx, service.get_entry(ctx, kind, record_id)))


@router.post("/timeline/{kind}/{record_id}/edit")
def edit_save(request: Request, ctx: Ctx, kind: str, record_id: Id, form: Posted) -> Response:
    """Save changes to one entry (every value is checked before anything is written)."""
    k = service.get_entry(ctx, kind, record_id).kind
    changes = forms.read(k, form, editing=True)
    if k in forms.HAS_WHEN:
        at = forms.when(ctx, form)
        if at is not None:
            changes["when"] = at
    if "people" in changes:
        changes["people"] = split_names(changes["people"] or "")
    if "person" in changes:
        changes["person"] = " ".join((changes["person"] or "").split())
    e = service.edit_entry(ctx, k, record_id, changes, create_missing=True)
    if not e.notices:
        return RedirectResponse("/timeline?saved=edited", status_code=303)
    # Crisis language in the edited text: the help is shown right here, with the entry.
    data = _edit_data(ctx, e)
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
    from ebbtide.service import add_away

    add_away(ctx, first, last, note)
    return RedirectResponse("/insights#away-h", status_code=303)


@router.post("/away/{number}/delete")
def away_delete(request: Request, ctx: Ctx, number: Id) -> Response:
    """Remove one away period."""
    from ebbtide.service import remove_away

    remove_away(ctx, number)
    return RedirectResponse("/insights#away-h", status_code=303)


@router.post("/insights/phone-signals")
def phone_signals_switch(ctx: Ctx, on: Annotated[str, Form()] = "1") -> Response:
    """Switch the Phone signals section (and their use in insights) on or off."""
    from ebbtide.service import set_phone_signals

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
    name: Annotated[str, Form(max_length=spec.PERSON.field("name").size)],
    relation: OptStr = None,
) -> Response:
    """Add someone."""
    p = service.add_person(ctx, name, relation or None)
    return RedirectResponse(f"/people/{p.id}", status_code=303)


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
                "done_today": {
                    e.record.routine_id
                    for e in service.log(
                        ctx, kinds=["routine"], since=ctx.today(), until=ctx.today()
                    )
                },
                "when_blank": forms.when_defaults(ctx),
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


_LEVEL = spec.STEP.field("level")


@router.post("/steps")
def step_plan(
    request: Request,
    ctx: Ctx,
    title: Annotated[str, Form(max_length=spec.STEP.field("title").size)],
    level: Annotated[int, Form(ge=_LEVEL.low, le=_LEVEL.high)] = _LEVEL.default,
    planned_for: Annotated[date | None, Form()] = None,
    person: OptStr = None,
) -> Response:
    """Plan a step."""
    s = service.plan_step(
        ctx, title, level=level, planned_for=planned_for, person=person or None, create_missing=True
    )
    return _steps(request, ctx, msg.STEP_PLANNED, service.step_notices(ctx, s))


@router.post("/steps/{step_id}/{action}")
def step_settle(request: Request, ctx: Ctx, form: Posted, step_id: Id, action: str) -> Response:
    """Mark a step done (now or earlier) or let it go for now."""
    if action not in ("done", "skip"):
        from fastapi import HTTPException

        raise HTTPException(404)
    at = forms.when(ctx, form) if action == "done" else None
    if action == "done":
        s = service.step_done(ctx, step_id, when=at)
    else:
        s = service.step_skip(ctx, step_id)
    text = msg.STEP_DONE if action == "done" else msg.STEP_SKIPPED
    if is_htmx(request):
        return render(request, "_step.html", {"s": s, "people": {}, "settled_msg": text})
    return _steps(request, ctx, text)


@router.post("/routines")
def routine_add(
    request: Request,
    ctx: Ctx,
    name: Annotated[str, Form(max_length=spec.ROUTINE.field("name").size)],
    schedule: Annotated[str, Form(max_length=spec.ROUTINE.field("schedule").size)] = "daily",
    time_of_day: OptStr = None,
) -> Response:
    """Add a routine."""
    service.add_routine(ctx, name, schedule=schedule, time_of_day=time_of_day or None)
    return _steps(request, ctx, msg.SAVED["routine-added"])


@router.post("/routines/done")
def routine_done_earlier(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Mark a routine done at another moment, or with a note."""
    v, at = _form(ctx, form, "routine")
    routine = form.get("routine")
    if not isinstance(routine, str) or not routine.strip():
        from ebbtide.domain.errors import ValidationError

        raise ValidationError("routine", "choose which routine was done")
    saved = service.routine_done(ctx, routine.strip(), when=at, note=v.get("note") or "")
    return _steps(request, ctx, msg.SAVED["routine"], saved.notices)


@router.post("/routines/{routine_id}/delete")
def routine_delete(request: Request, ctx: Ctx, routine_id: Id) -> Response:
    """Remove a routine and the times it was marked done."""
    r = service.delete_routine(ctx, routine_id)
    return _steps(request, ctx, msg.ROUTINE_REMOVED.format(name=r.name))


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
                "when_blank": forms.when_defaults(ctx),
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
def reflection_add(request: Request, ctx: Ctx, form: Posted) -> Response:
    """Save an answer (now, or earlier)."""
    prompt, code = form.get("prompt"), form.get("code")
    if not isinstance(prompt, str) or not prompt.strip() or len(prompt) > 1000:
        from ebbtide.domain.errors import ValidationError

        raise ValidationError("prompt", "the question is missing; open Reflections again")
    answer = forms.read("reflection", form)["answer"]
    at = forms.when(ctx, form)
    saved = service.add_reflection(ctx, prompt, answer, when=at)
    chosen = code if isinstance(code, str) and len(code) <= 40 else None
    return _reflections(request, ctx, chosen, msg.SAVED["reflection"], saved.notices)
