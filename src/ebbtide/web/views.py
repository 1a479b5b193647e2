"""Small presentation helpers the pages share: rendering, form parsing, template globals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData
from starlette.responses import Response

from ebbtide.domain import vocab
from ebbtide.domain.timekeeping import zone
from ebbtide.service import Context, Entry
from ebbtide.web import messages as msg

NAV = (
    ("/", "Today"),
    ("/timeline", "Timeline"),
    ("/insights", "Insights"),
    ("/people", "People"),
    ("/steps", "Steps & routines"),
    ("/reflections", "Reflections"),
    ("/questionnaires", "Questionnaires"),
    ("/report", "Report"),
)


def local_time(ctx: Context, moment: datetime | None, fmt: str = "%a %d %b %H:%M") -> str:
    """A stored instant in the zone it was recorded in (or the person's own)."""
    if moment is None:
        return ""
    return moment.astimezone(zone(ctx.tz)).strftime(fmt)


def entry_time(ctx: Context, entry: Entry, fmt: str = "%a %d %b %H:%M") -> str:
    """When an entry happened, in its own zone."""
    tz = getattr(entry.record, "tz", ctx.tz)
    return entry.at.astimezone(zone(tz)).strftime(fmt)


def install_template_globals(templates: Jinja2Templates) -> None:
    """Vocabularies, labels and helpers every template may use."""
    from ebbtide.domain.records import schedule_days
    from ebbtide.service import describe
    from ebbtide.web import forms
    from ebbtide.web.history_view import LONG_NOTE, entry_text

    templates.env.globals.update(
        entry_text=entry_text,
        long_note=LONG_NOTE,
        stamp=None,
        routines=None,
        form_fields=lambda kind, editing=False: forms.fields(kind, editing=editing),
        form_more=forms.MORE,
        plan_fields=forms.plan,
        when_choices=forms.WHEN_CHOICES,
        vocab=vocab,
        nav=NAV,
        msg=msg,
        describe=describe,
        schedule_days=schedule_days,
        weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    )


def page_context(request: Request) -> dict[str, Any]:
    """What every template gets: the CSRF token, the current path (for the menu), demo or not."""
    return {
        "csrf_token": request.app.state.csrf_token,
        "path": request.url.path,
        "demo": getattr(request.app.state, "start_own", None) is not None,
    }


def templates_of(request: Request) -> Jinja2Templates:
    """The personal pages' templates (a clinic server keeps them apart from its own)."""
    state = request.app.state
    templates: Jinja2Templates = getattr(state, "web_templates", None) or state.templates
    return templates


def render(
    request: Request,
    template: str,
    data: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> Response:
    """Render a page with the CSRF token and the current path filled in."""
    templates = templates_of(request)
    return templates.TemplateResponse(request, template, dict(data or {}), status_code=status)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (so a fragment is enough)."""
    return request.headers.get("hx-request") == "true"


async def posted_form(request: Request) -> FormData:
    """The posted form, parsed on the event loop so that a plain ``def`` handler (run in
    the thread pool, where blocking database work belongs) can take it."""
    return await request.form()


Posted = Annotated[FormData, Depends(posted_form)]


def split_names(text: str) -> list[str]:
    """Names typed into one field, separated by commas."""
    return [n.strip() for n in text.split(",") if n.strip()]
