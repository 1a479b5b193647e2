"""Insights for the context's subject: read the records, run the pure insights."""

from __future__ import annotations

from datetime import date, timedelta

from ebbtide.domain.errors import ValidationError
from ebbtide.insights.model import InsightReport
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.plans import list_routines
from ebbtide.service.records import log

BASELINE_DAYS = 200
"""Days read before the report's window so the drift baseline has history behind it."""


def insight_report(ctx: Context, as_of: date | None = None, days: int = 365) -> InsightReport:
    """Everything ebbtide sees in the subject's history for the ``days`` up to ``as_of``."""
    from ebbtide.insights.frames import frames_from_records
    from ebbtide.insights.report import build_report

    if days < 1 or days > 3660:
        raise ValidationError("days", "days must be from 1 to 3660")
    end = as_of or ctx.today()
    entries = log(ctx, since=end - timedelta(days=days + BASELINE_DAYS), until=end)
    frames = frames_from_records(
        (e.record for e in reversed(entries)),
        people=people_names(ctx),
        routines=list_routines(ctx),
        day_start_hour=ctx.day_start_hour,
    )
    return build_report(frames, end, days)
