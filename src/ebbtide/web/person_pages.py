"""Changes made from a person's page: rename, merge a duplicate in, log a boundary."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from ebbtide import service
from ebbtide.domain import spec
from ebbtide.domain.errors import ValidationError
from ebbtide.service import Context
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf
from ebbtide.web.views import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
SAVED = {
    "renamed": "Renamed.",
    "merged": "Merged: everything logged with both is now here.",
    "boundary": "Boundary saved. Saying what you need takes courage, however it was received.",
}


def person_page(
    request: Request,
    ctx: Context,
    person_id: int,
    flash: str | None = None,
    notices: tuple[str, ...] = (),
) -> Response:
    """One person: how contact has felt over time, boundaries, the states they leave."""
    from ebbtide.web.views import local_time

    d = service.get_person_detail(ctx, person_id)
    months = [(m.month, m.safety, m.reciprocity) for m in d.months]
    return render(
        request,
        "person.html",
        {
            "d": d,
            "names": service.people_names(ctx),
            "day": lambda m: local_time(ctx, m, "%d %b %Y"),
            "trend": service.person_trend_chart(d.person.name, months) if d.months else None,
            "flash": flash,
            "notices": notices,
        },
    )


@router.get("/people/{person_id}")
def person(request: Request, ctx: Ctx, person_id: Id, saved: str | None = None) -> Response:
    """One person's page."""
    return person_page(request, ctx, person_id, SAVED.get(saved or ""))


@router.post("/people/{person_id}/rename")
def rename(
    ctx: Ctx,
    person_id: Id,
    name: Annotated[str, Form(max_length=spec.PERSON.field("name").size)],
    relation: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:
    """Rename a person (and change the relation)."""
    service.edit_person(ctx, person_id, name=name, relation=relation or None)
    return RedirectResponse(f"/people/{person_id}?saved=renamed", status_code=303)


@router.post("/people/{person_id}/merge")
def merge(ctx: Ctx, person_id: Id, other: Annotated[int, Form(ge=1, le=2**62)]) -> Response:
    """Merge a duplicate into this person: the other's entries move here."""
    if other == person_id:
        raise ValidationError("other", "choose someone other than this person")
    service.merge_people(ctx, person_id, other)
    return RedirectResponse(f"/people/{person_id}?saved=merged", status_code=303)


@router.post("/people/{person_id}/boundary")
def boundary(
    request: Request,
    ctx: Ctx,
    person_id: Id,
    asked: Annotated[str, Form(max_length=1000)],
    received: Annotated[str, Form(max_length=40)],
    after: Annotated[str | None, Form(max_length=40)] = None,
) -> Response:
    """Log a boundary set with this person, and how it was received."""
    name = service.get_person(ctx, person_id).name
    saved = service.add_boundary(ctx, name, asked=asked, received=received, after=after or None)
    if saved.notices:  # crisis words: the help is shown right here
        return person_page(request, ctx, person_id, SAVED["boundary"], saved.notices)
    return RedirectResponse(f"/people/{person_id}?saved=boundary", status_code=303)
