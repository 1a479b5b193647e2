"""The report a person chooses to share with their therapist (HTML and PDF).

``build_report(ctx, options)`` is what the CLI and the web page call; the web's live
preview asks for HTML only (``ReportOptions(pdf=False)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ebbtide.domain.errors import ErrorCode, NotFoundError, ValidationError
from ebbtide.domain.timekeeping import check_day, day_bounds, local_day
from ebbtide.insights.model import InsightReport
from ebbtide.reports.document import INSIGHT_SECTIONS, SECTIONS
from ebbtide.reports.sections import Assessment, PeriodRecords, PickedNote, RecordsInput
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.period import PeriodView, period_view
from ebbtide.service.plans import list_routines
from ebbtide.service.records import get_entry
from ebbtide.service.therapy_sessions import list_therapy_sessions
from ebbtide.store import therapy_sessions as store_therapy_sessions

DEFAULT_DAYS = 28
NOTE_KINDS = ("reflection", "checkin", "contact", "solitude", "boundary", "step", "routine")


@dataclass(frozen=True)
class ReportOptions:
    """What the person chose: period, sections, initials, and notes picked one by one."""

    start: date | None = None
    end: date | None = None
    since_last_session: bool = False
    sections: tuple[str, ...] = tuple(SECTIONS)
    initials: bool = False
    notes: tuple[tuple[str, int], ...] = ()
    pdf: bool = True


@dataclass(frozen=True)
class ReportDocument:
    """A built report: the HTML (always) and the PDF (when asked for)."""

    html: str
    pdf: bytes | None
    pages: int | None
    start: date
    end: date
    sections: tuple[str, ...] = field(default_factory=tuple)


def parse_sections(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """Section codes from 'phases,states' (or a list); None or 'all' means every section."""
    if text is None:
        return tuple(SECTIONS)
    parts = text.split(",") if isinstance(text, str) else list(text)
    cleaned = [p.strip().lower() for p in parts if p.strip()]
    if cleaned in (["all"], []):
        return tuple(SECTIONS) if cleaned == ["all"] else ()
    if cleaned == ["none"]:
        return ()
    unknown = [p for p in cleaned if p not in SECTIONS]
    if unknown:
        raise ValidationError(
            "include",
            f"unknown section '{unknown[0]}'. Choose from: {', '.join(SECTIONS)} (or all, none)",
        )
    return tuple(code for code in SECTIONS if code in cleaned)


def parse_note(text: str) -> tuple[str, int]:
    """'reflection:12' → ('reflection', 12)."""
    kind, _, ident = text.strip().partition(":")
    kind = kind.strip().lower()
    ident = ident.strip().lstrip("#")
    if kind not in NOTE_KINDS or not (ident.isascii() and ident.isdigit() and len(ident) < 25):
        raise ValidationError(
            "note", f"pick a note as KIND:ID, e.g. reflection:12 (kinds: {', '.join(NOTE_KINDS)})"
        )
    return kind, int(ident)


def resolve_period(ctx: Context, options: ReportOptions) -> tuple[date, date, date | None]:
    """The report's first and last local day, and the session it starts from (if any)."""
    today = ctx.today()
    session: date | None = None
    for what, day in (("the report's start", options.start), ("the report's end", options.end)):
        if day is not None:
            check_day(what, day)
    if options.since_last_session:
        if options.start is not None:
            raise ValidationError("from", code=ErrorCode.REPORT_START_TWICE)
        sessions = [s.day for s in list_therapy_sessions(ctx) if s.day <= today]
        if not sessions:
            raise NotFoundError(code=ErrorCode.NO_THERAPY_SESSION)
        session = sessions[-1]
        start = session
    else:
        start = options.start or (options.end or today) - timedelta(days=DEFAULT_DAYS - 1)
    end = options.end or today
    if start > end:
        raise ValidationError("from", "the report's start is after its end")
    if end > today:
        raise ValidationError("to", "a report cannot cover days that have not happened yet")
    return start, end, session


def _records(view: PeriodView) -> PeriodRecords:
    """A period's records by kind, for the report's sections."""
    return PeriodRecords(
        start=view.start,
        end=view.end,
        checkins=view.of_kind("checkin"),
        contacts=view.of_kind("contact"),
        solitude=view.of_kind("solitude"),
        boundaries=view.of_kind("boundary"),
        routine_done=view.of_kind("routine"),
        steps=view.of_kind("step"),
        reflections=len(view.of_kind("reflection")),
        frames=view.frames,
    )


def _picked(ctx: Context, notes: Sequence[tuple[str, int]]) -> list[PickedNote]:
    out: list[PickedNote] = []
    for kind, ident in dict.fromkeys(notes):
        entry = get_entry(ctx, kind, ident)
        r = entry.record
        day = local_day(entry.at, getattr(r, "tz", ctx.tz), ctx.day_start_hour)
        if kind == "reflection":
            out.append(PickedNote(kind, ident, day, r.prompt, r.answer))
            continue
        if kind == "boundary":
            text = r.asked + (f" — {r.note}" if r.note else "")
            out.append(PickedNote(kind, ident, day, "What was asked", text))
            continue
        note = getattr(r, "note", "")
        if kind == "step":
            note = f"{r.title}" + (f" — {note}" if note else "")
        if not note.strip():
            raise ValidationError("note", f"{kind} #{ident} has no note to share")
        out.append(PickedNote(kind, ident, day, "", note))
    return out


def assessments_between(ctx: Context, start: date, end: date) -> list[Assessment]:
    """Questionnaire results on local days ``start``..``end``, oldest first."""
    lo = day_bounds(start, ctx.tz, ctx.day_start_hour)[0]
    hi = day_bounds(end, ctx.tz, ctx.day_start_hour)[1]
    with ctx.store.reading() as conn:
        rows = store_therapy_sessions.list_assessments(conn, ctx.subject_id, lo, hi)
    return [
        Assessment(
            local_day(r.at, r.tz, ctx.day_start_hour),
            *_in_words(r.instrument, r.band),
            total=r.total,
            safety=_safety_answers(r.instrument, r.answers),
        )
        for r in rows
    ]


def _in_words(code: str, band: str | None) -> tuple[str, str | None]:
    """A questionnaire's short name ('PHQ-9') and its band's published label ('Moderate')."""
    from ebbtide import instruments

    try:
        ins = instruments.get(code)
    except NotFoundError:  # no longer shipped: the stored code is all there is
        return code, band
    label = next((b.label for b in ins.bands if b.code == band), band)
    return ins.short_name, label


def _safety_answers(code: str, answers: tuple[int | None, ...]) -> tuple[tuple[str, str, str], ...]:
    """Crisis-alert answers of one stored result, in words (unknown instruments: none)."""
    from ebbtide import instruments

    try:
        ins = instruments.get(code)
    except NotFoundError:  # an instrument no longer shipped: nothing to read the answers with
        return ()
    return tuple(
        (ins.short_name, a.question, a.answer)
        for a in instruments.alert_answers(ins, answers)
        if a.kind == "crisis"
    )


def load_insights(ctx: Context, as_of: date, days: int) -> InsightReport | None:
    """The insights for the report's period, computed from the store."""
    from ebbtide.service.insights import insight_report

    return insight_report(ctx, as_of=as_of, days=days)


def gather(ctx: Context, start: date, end: date, notes: Sequence[tuple[str, int]]) -> RecordsInput:
    """Everything the record-based sections need, for a period and the one before it."""
    length = (end - start).days + 1
    before_end = start - timedelta(days=1)
    before_start = before_end - timedelta(days=length - 1)
    both = period_view(ctx, before_start, end)  # one read, as Today and the week read theirs
    return RecordsInput(
        now=_records(both.within(start, end)),
        before=_records(both.within(before_start, before_end)),
        tz=ctx.tz,
        day_start_hour=ctx.day_start_hour,
        routines=list_routines(ctx),
        assessments=assessments_between(ctx, before_start, end),
        picked=_picked(ctx, notes),
    )


def build_report(
    ctx: Context, options: ReportOptions, *, insights: InsightReport | None = None
) -> ReportDocument:
    """Build the chosen report as HTML (and PDF unless ``options.pdf`` is False)."""
    from ebbtide.reports.compose import compose
    from ebbtide.reports.redact import Redactor
    from ebbtide.reports.render import render_html, render_pdf

    sections = parse_sections(list(options.sections))
    start, end, session = resolve_period(ctx, options)
    data = gather(ctx, start, end, options.notes)
    if insights is None and INSIGHT_SECTIONS.intersection(sections):
        history = max(365, (end - data.before.start).days + 1)
        insights = load_insights(ctx, end, history)
    redactor = Redactor(people_names(ctx), initials=options.initials)
    content = compose(
        data, insights, sections, redactor, generated_at=ctx.now(), since_session=session
    )
    html = render_html(content)
    pdf = render_pdf(html) if options.pdf else None
    return ReportDocument(
        html=html,
        pdf=pdf.data if pdf else None,
        pages=pdf.pages if pdf else None,
        start=start,
        end=end,
        sections=sections,
    )
