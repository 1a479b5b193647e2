"""Insights for the context's subject: read the stored rows, run the pure insights."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

import polars as pl

from ebbtide.domain.errors import ValidationError
from ebbtide.insights.frames import Frames, frames_from_rows
from ebbtide.insights.model import InsightReport, Questionnaire
from ebbtide.insights.words import (
    KIND_LABELS,
    PHASE_LABELS,
    PHASE_MEANINGS,
    TREND_LABELS,
    kind_label,
    phase_label,
    trend_label,
)
from ebbtide.service.away import away_spans
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.plans import list_routines

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ebbtide.store.revision import Revision

__all__ = [
    "KIND_LABELS",
    "PHASE_LABELS",
    "PHASE_MEANINGS",
    "TREND_LABELS",
    "cached",
    "cached_insight_report",
    "clear_cache",
    "insight_report",
    "kind_label",
    "phase_label",
    "recent_questionnaires",
    "trend_label",
]

T = TypeVar("T")
BASELINE_DAYS = 365
"""Days read before the report's window so the drift baseline has history behind it (a
baseline frozen during a long drift reaches back to the days before it began), and so the
relationship map always reads its full year."""


def insight_report(ctx: Context, as_of: date | None = None, days: int = 365) -> InsightReport:
    """Everything ebbtide sees in the subject's history for the ``days`` up to ``as_of``."""
    from ebbtide.domain.timekeeping import day_bounds, to_epoch
    from ebbtide.insights.report import build_report

    if days < 1 or days > 3660:
        raise ValidationError("days", "days must be from 1 to 3660")
    end = as_of or ctx.today()
    since = day_bounds(end - timedelta(days=days + BASELINE_DAYS), ctx.tz, ctx.day_start_hour)[0]
    until = day_bounds(end, ctx.tz, ctx.day_start_hour)[1]
    frames = replace(
        read_frames(ctx, to_epoch(since), to_epoch(until)),
        people=people_names(ctx),
        routines=_routines_frame(list_routines(ctx)),
    )
    from ebbtide.service.passive import passive_evidence_for

    return build_report(
        frames,
        end,
        days,
        away=away_spans(ctx),
        questionnaires=recent_questionnaires(ctx, end),
        passive=passive_evidence_for(ctx),
    )


HEAVY_BANDS = frozenset({"moderate", "moderately-severe", "severe", "at-risk", "higher"})
"""Published bands that mean a harder time (PHQ-9, GAD-7, LSNS-6, UCLA-3)."""


@dataclass(frozen=True)
class _Snapshot:
    """The frames last read for a subject's window, and what they were read from."""

    window: tuple[int, int, int]  # since, until, day-start hour
    fingerprint: tuple[int, ...]
    revision: Revision
    frames: Frames


_SNAPSHOTS: dict[tuple[str, int], _Snapshot] = {}
# The fingerprint's tables whose new rows become frame rows (the others, people and
# routines, are read whole on every report).
_APPENDABLE = {
    "checkins": 0,
    "contacts": 1,
    "solitude": 2,
    "boundaries": 3,
    "routine_done": 5,
    "steps": 6,
    "reflections": 7,
}


def read_frames(ctx: Context, since: int, until: int) -> Frames:
    """The subject's frames for ``since <= at < until``, reading only what is new.

    The store revision says whether anything was written since the last read, by any
    process. When every write since then only *added* rows (no edit or delete anywhere:
    the revision's ``edits`` did not move), the new records are read on their own and
    appended to the frames kept from that read: far cheaper than reading ten years again.
    Anything else (an edit, a delete, another window) reads everything again.
    """
    from ebbtide.store.fingerprint import data_fingerprint
    from ebbtide.store.insight_rows import insight_rows

    key = (ctx.store.url, ctx.subject_id)
    window = (since, until, ctx.day_start_hour)
    with _CACHE_LOCK:
        snap = _SNAPSHOTS.get(key)
    # Read before the rows: a write landing in between makes the rows newer than the
    # revision kept with them, so the next read looks again (never the other way round).
    revision = ctx.store.revision()
    if snap is not None and snap.window == window and snap.revision == revision:
        return snap.frames
    with _snapshot_reading(ctx) as conn:
        fp = data_fingerprint(conn, ctx.subject_id)
        if snap is not None and snap.window == window and snap.revision.edits == revision.edits:
            if fp == snap.fingerprint:  # the writes were elsewhere (settings, questionnaires)
                return _keep(key, replace(snap, revision=revision))
            added = _appended(snap, fp)
            if added is not None:
                after = {k: snap.fingerprint[2 * i + 1] for k, i in _APPENDABLE.items()}
                rows = insight_rows(conn, ctx.subject_id, since, until, after)
                grown = _grow(snap, rows, added, ctx.day_start_hour)
                if grown is not None:
                    return _keep(key, _Snapshot(window, fp, revision, grown))
        rows = insight_rows(conn, ctx.subject_id, since, until)
    frames = frames_from_rows(rows, day_start_hour=ctx.day_start_hour)
    return _keep(key, _Snapshot(window, fp, revision, frames))


@contextmanager
def _snapshot_reading(ctx: Context) -> Iterator[Connection]:
    """A read where every statement sees the same snapshot (PostgreSQL's default does not)."""
    with ctx.store.reading() as conn:
        if ctx.store.dialect == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        yield conn


def _keep(key: tuple[str, int], snap: _Snapshot) -> Frames:
    with _CACHE_LOCK:
        _SNAPSHOTS[key] = snap
    return snap.frames


def _appended(snap: _Snapshot, fp: tuple[int, ...]) -> dict[str, int] | None:
    """New records per kind, when nothing but additions can explain ``fp``: every table
    grew or stayed, and routines (read whole, with the frames) did not change."""
    old = snap.fingerprint
    if len(fp) != len(old) or any(n < o for n, o in zip(fp[0::2], old[0::2], strict=True)):
        return None
    if fp[8:10] != old[8:10]:  # routines: read whole, so a change reads everything again
        return None
    return {k: fp[2 * i] - old[2 * i] for k, i in _APPENDABLE.items()}


def _grow(
    snap: _Snapshot, rows: dict[str, list[tuple[Any, ...]]], added: dict[str, int], hour: int
) -> Frames | None:
    """``snap``'s frames with ``rows`` merged in, or None unless they are exactly the added
    records. Frames are in time order (ties by id, as a full read gives them): the new rows
    have the highest ids, so a stable sort by time puts them where a full read would."""
    for kind, n in added.items():
        got = rows.get(kind, [])
        count = len({r[2] for r in got}) if kind == "contacts" else len(got)
        if count != n:
            return None
    fresh = {kind: got for kind, got in rows.items() if got}
    new = frames_from_rows(fresh, day_start_hour=hour)
    old = snap.frames

    def merged(name: str) -> pl.DataFrame:
        if name not in fresh:
            return cast(pl.DataFrame, getattr(old, name))
        both: pl.DataFrame = pl.concat([getattr(old, name), getattr(new, name)])
        return both.sort("at", maintain_order=True) if "at" in both.columns else both

    return replace(
        old,
        checkins=merged("checkins"),
        contacts=merged("contacts"),
        solitude=merged("solitude"),
        boundaries=merged("boundaries"),
        routine_done=merged("routine_done"),
        reflections=merged("reflections"),
        steps=merged("steps"),
    )


def _routines_frame(routines: list[Any]) -> pl.DataFrame:
    from ebbtide.insights.frames import frames_from_rows

    return frames_from_rows({}, routines=routines).routines


def recent_questionnaires(ctx: Context, as_of: date, days: int = 7) -> list[Questionnaire]:
    """The questionnaires answered in the ``days`` up to ``as_of``, as the insights weigh
    them: heavy when the score falls in one of ``HEAVY_BANDS``."""
    from ebbtide.domain.timekeeping import day_bounds
    from ebbtide.service.assessments import assessment_history

    since = day_bounds(as_of - timedelta(days=days - 1), ctx.tz, ctx.day_start_hour)[0]
    out: list[Questionnaire] = []
    for a in assessment_history(ctx, since=since):
        day = ctx.day_of(a.at, a.tz)
        if day > as_of:
            continue
        band = a.result.band
        out.append(
            Questionnaire(
                day=day,
                name=a.instrument.short_name,
                total=a.result.total,
                band=band.label if band else None,
                heavy=band is not None and band.code in HEAVY_BANDS,
                alert=bool(a.result.alerts),
            )
        )
    return out


# Results per (database, subject, name), kept while nothing changed: reading ten years of
# records and running the insights takes far longer than a page may.
_CACHE: dict[tuple[str, int, str], tuple[tuple[object, ...], Any]] = {}
_CACHE_LOCK = threading.Lock()


def data_key(ctx: Context) -> tuple[object, ...]:
    """What a cached result depends on: the store revision (every write by any process
    moves it: records, questionnaires, settings, away periods, phone data), today's date,
    the day-start hour and the time zone."""
    return (ctx.store.revision(), ctx.today(), ctx.day_start_hour, ctx.tz)


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
        _SNAPSHOTS.clear()


def cached_insight_report(ctx: Context) -> InsightReport:
    """``insight_report(ctx)``, reused while the data, the day and the settings are the same."""
    return cached(ctx, "insight_report", lambda: insight_report(ctx))
