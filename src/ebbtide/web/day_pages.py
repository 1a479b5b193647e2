"""One day's page: its phase and why, and everything logged that day (the tide chart opens it)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from ebbtide import service
from ebbtide.domain.errors import ValidationError
from ebbtide.service import Context
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf
from ebbtide.web.views import entry_time, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
DayText = Annotated[str, Path(max_length=10)]


def _day(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError("day", "a day is written as YYYY-MM-DD") from None
    if day > today:
        raise ValidationError("day", "that day has not come yet")
    return day


@router.get("/day")
def open_day(ctx: Ctx, day: Annotated[str, Query(max_length=10)]) -> Response:
    """The "open a day" form: go to that day's page."""
    return RedirectResponse(f"/day/{_day(day, ctx.today()).isoformat()}", status_code=303)


@router.get("/day/{day}")
def day_page(request: Request, ctx: Ctx, day: DayText) -> Response:
    """Everything logged on one local day, with the day's phase and why."""
    from ebbtide.service import PHASE_LABELS
    from ebbtide.web.insights_view import load_report

    today = ctx.today()
    d = _day(day, today)
    phase = None
    try:
        report = load_report(ctx)
    except ImportError:  # the insights are an optional extra
        report = None
    if report is not None:
        phase = next((p for p in report.phases if p.day == d), None)
    return render(
        request,
        "day.html",
        {
            "day": d,
            "entries": service.log(ctx, since=d, until=d),
            "names": service.people_names(ctx),
            "when": lambda e: entry_time(ctx, e, "%H:%M"),
            "phase": phase,
            "phase_labels": PHASE_LABELS,
            "before": d - timedelta(days=1),
            "after": d + timedelta(days=1) if d < today else None,
        },
    )
