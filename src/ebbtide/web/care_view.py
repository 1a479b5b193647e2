"""Reading the care forms: questionnaire answers and the report's choices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from starlette.datastructures import FormData

from ebbtide.domain.errors import ValidationError
from ebbtide.service import Instrument, ReportOptions, parse_answers, parse_note, parse_sections


def form_answers(ins: Instrument, form: FormData) -> tuple[int | None, ...]:
    """The answers a questionnaire form holds, one per item (unanswered items are None)."""
    raw = []
    for item in ins.items:
        value = form.get(f"q-{item.id}")
        raw.append(value.strip() if isinstance(value, str) else "")
    return parse_answers(ins, ",".join(raw))


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(name, f"{name} must be a date like 2026-11-01") from None


def report_options(
    *,
    sections: Sequence[str] | None,
    start: str | None,
    end: str | None,
    since_last_session: bool,
    initials: bool,
    notes: Sequence[str] | None,
    pdf: bool,
) -> ReportOptions:
    """The report options chosen on the report page (no section ticked: none shown)."""
    return ReportOptions(
        start=None if since_last_session else _day(start, "from"),
        end=_day(end, "to"),
        since_last_session=since_last_session,
        sections=parse_sections(list(sections or [])),
        initials=initials,
        notes=tuple(parse_note(n) for n in notes or ()),
        pdf=pdf,
    )
