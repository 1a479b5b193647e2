"""Insights for the context's subject: read the stored rows, run the pure insights."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar, cast

from ebbtide.domain.errors import ValidationError
from ebbtide.insights.model import InsightReport
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.plans import list_routines

T = TypeVar("T")
BASELINE_DAYS = 200
"""Days read before the report's window so the drift baseline has history behind it."""


def insight_report(ctx: Context, as_of: date | None = None, days: int = 365) -> InsightReport:
    """Everything ebbtide sees in the subject's history for the ``days`` up to ``as_of``."""
    from ebbtide.domain.timekeeping import day_bounds, to_epoch
    from ebbtide.insights.frames import frames_from_rows
    from ebbtide.insights.report import build_report
    from ebbtide.store.insight_rows import insight_rows

    if days < 1 or days > 3660:
        raise ValidationError("days", "days must be from 1 to 3660")
    end = as_of or ctx.today()
    since = day_bounds(end - timedelta(days=days + BASELINE_DAYS), ctx.tz, ctx.day_start_hour)[0]
    until = day_bounds(end, ctx.tz, ctx.day_start_hour)[1]
    with ctx.store.reading() as conn:
        rows = insight_rows(conn, ctx.subject_id, to_epoch(since), to_epoch(until))
    frames = frames_from_rows(
        rows,
        people=people_names(ctx),
        routines=list_routines(ctx),
        day_start_hour=ctx.day_start_hour,
    )
    from ebbtide.service.passive import passive_evidence_for

    return build_report(frames, end, days, passive=passive_evidence_for(ctx))


# Results per (database, subject, name), kept while nothing changed: reading ten years of
# records and running the insights takes far longer than a page may.
_CACHE: dict[tuple[str, int, str], tuple[tuple[object, ...], Any]] = {}
_CACHE_LOCK = threading.Lock()


def data_key(ctx: Context) -> tuple[object, ...]:
    """What a cached result depends on: row counts and newest ids per table, the writes this
    process made (so edits count), today's date, the day-start hour and the time zone."""
    from ebbtide.service.passive import passive_fingerprint
    from ebbtide.store.fingerprint import data_fingerprint

    with ctx.store.reading() as conn:
        rows = data_fingerprint(conn, ctx.subject_id)
        phone = passive_fingerprint(conn, ctx.subject_id)
    return (ctx.store.writes, ctx.today(), ctx.day_start_hour, ctx.tz, rows, phone)


def cached(ctx: Context, name: str, build: Callable[[], T]) -> T:
    """``build()``, reused while ``data_key(ctx)`` is unchanged (one entry per name)."""
    key = data_key(ctx)
    slot = (ctx.store.url, ctx.subject_id, name)
    with _CACHE_LOCK:
        hit = _CACHE.get(slot)
    if hit is not None and hit[0] == key:
        return cast(T, hit[1])
    value = build()
    with _CACHE_LOCK:
        _CACHE[slot] = (key, value)
    return value


def clear_cache() -> None:
    """Forget every cached result (tests that swap what a result is built from use it)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def cached_insight_report(ctx: Context) -> InsightReport:
    """``insight_report(ctx)``, reused while the data, the day and the settings are the same."""
    return cached(ctx, "insight_report", lambda: insight_report(ctx))
