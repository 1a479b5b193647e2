"""The therapist report page (choices, live preview, downloads), sessions and the calendar."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from ebbtide import service
from ebbtide.service import Context
from ebbtide.web import messages as msg
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import PREVIEW_CSP, require_csrf
from ebbtide.web.views import is_htmx, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
Ctx = Annotated[Context, Depends(get_ctx)]
Id = Annotated[int, Path(ge=1, le=2**62)]
Day = Annotated[str | None, Query(max_length=10)]
Codes = Annotated[list[str] | None, Query(max_length=200)]


class Choices:
    """The report's choices, read from the query string the page's form sends."""

    def __init__(
        self,
        sections: Codes = None,
        start: Day = None,
        end: Day = None,
        since_last_session: bool = False,
        initials: bool = False,
        note: Codes = None,
    ) -> None:
        self.sections = sections
        self.start = start
        self.end = end
        self.since_last_session = since_last_session
        self.initials = initials
        self.notes = note

    def options(self, *, pdf: bool) -> service.ReportOptions:
        """The service's options for these choices."""
        from ebbtide.web.care_view import report_options

        return report_options(
            sections=self.sections,
            start=self.start,
            end=self.end,
            since_last_session=self.since_last_session,
            initials=self.initials,
            notes=self.notes,
            pdf=pdf,
        )

    def query(self) -> str:
        """The same choices as a query string (for the preview frame and downloads)."""
        pairs: list[tuple[str, str]] = [("sections", s) for s in self.sections or ()]
        pairs += [("note", n) for n in self.notes or ()]
        for name in ("start", "end"):
            value = getattr(self, name)
            if value:
                pairs.append((name, value))
        if self.since_last_session:
            pairs.append(("since_last_session", "true"))
        if self.initials:
            pairs.append(("initials", "true"))
        return urlencode(pairs)


Chosen = Annotated[Choices, Depends()]


def _report_page(
    request: Request, ctx: Context, flash: str | None = None, notices: tuple[str, ...] = ()
) -> Response:
    from ebbtide.service import REPORT_SECTIONS as SECTIONS
    from ebbtide.web.report_view import note_choices

    response = render(
        request,
        "report.html",
        {
            "sections": SECTIONS,
            "sessions": list(reversed(service.list_therapy_sessions(ctx))),
            "notes": note_choices(ctx),
            "today": ctx.today(),
            "query": urlencode([("sections", s) for s in SECTIONS]),
            "flash": flash,
            "notices": notices,
        },
    )
    if request.method == "POST":
        response.headers["HX-Replace-Url"] = "/report"
    return response


@router.get("/report")
def report_page(request: Request, ctx: Ctx) -> Response:
    """Choose what the therapist report holds, preview it, and download it."""
    return _report_page(request, ctx)


@router.get("/report/preview")
def report_preview(request: Request, ctx: Ctx, chosen: Chosen) -> Response:
    """The preview frame for the current choices (htmx swaps it in as they change)."""
    chosen.options(pdf=False)  # bad choices answer here, as a clear message
    if not is_htmx(request):
        return RedirectResponse(f"/report/view?{chosen.query()}", status_code=303)
    return render(request, "_report_preview.html", {"query": chosen.query()})


@router.get("/report/view")
def report_view(ctx: Ctx, chosen: Chosen) -> Response:
    """The report itself as HTML, sandboxed: shown inside the report page's frame."""
    doc = service.build_report(ctx, chosen.options(pdf=False))
    return Response(
        doc.html,
        media_type="text/html",
        headers={"Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"},
    )


@router.get("/report/download.{fmt}")
def report_download(ctx: Ctx, chosen: Chosen, fmt: str) -> Response:
    """The report as a file to keep: HTML or PDF."""
    from fastapi import HTTPException

    if fmt not in ("html", "pdf"):
        raise HTTPException(404)
    doc = service.build_report(ctx, chosen.options(pdf=fmt == "pdf"))
    name = f"ebbtide-report-{doc.start.isoformat()}-{doc.end.isoformat()}.{fmt}"
    body = doc.pdf if fmt == "pdf" and doc.pdf is not None else doc.html.encode()
    return Response(
        body,
        media_type="application/pdf" if fmt == "pdf" else "text/html",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Security-Policy": PREVIEW_CSP,
        },
    )


@router.post("/sessions")
def session_add(
    request: Request,
    ctx: Ctx,
    day: Annotated[date, Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Record a day the person saw their therapist."""
    from ebbtide.service import notices_for_text

    s = service.add_therapy_session(ctx, day, note)
    return _report_page(request, ctx, msg.SESSION_SAVED, notices_for_text(ctx, s.note))


@router.post("/sessions/{session_id}/delete")
def session_delete(request: Request, ctx: Ctx, session_id: Id) -> Response:
    """Forget a recorded session."""
    service.delete_therapy_session(ctx, session_id)
    return _report_page(request, ctx, msg.SESSION_DELETED)


@router.get("/calendar.ics")
def calendar(ctx: Ctx, alarms: bool = True) -> Response:
    """Planned steps and routines as a calendar to subscribe to (this computer only)."""
    from ebbtide.service import calendar_ics

    return Response(
        calendar_ics(ctx, alarms=alarms),
        media_type="text/calendar",
        headers={"Content-Disposition": 'inline; filename="ebbtide.ics"'},
    )
