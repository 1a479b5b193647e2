"""Insights for the context's subject: read the stored rows, run the pure insights."""

from __future__ import annotations

import threading
from collections.abc import Callable
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
    from ebbtide.insights.report import ReportMemo
    from ebbtide.store.revision import Revision

__all__ = [
    "KIND_LABELS",
    "PHASE_LABELS",
    "PHASE_MEANINGS",
    "TREND_LABELS",
    "cached",
    "cached_insight_report",
    "clear_cache",
    "insight_frames",
    "insight_report",
    "insight_window",
    "kind_label",
    "phase_label",
    "read_frames",
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
    from ebbtide.insights.report import ReportMemo, build_insights

    if days < 1 or days > 3660:
        raise ValidationError("days", "days must be from 1 to 3660")
    end = as_of or ctx.today()
    key = (ctx.store.url, ctx.subject_id)
    frames = replace(
        insight_frames(ctx, end, days),
        people=people_names(ctx),
        routines=_routines_frame(key, list_routines(ctx)),
    )
    from ebbtide.service.passive import passive_evidence_for

    with _CACHE_LOCK:
        memo = _MEMOS.setdefault(key, ReportMemo())
    return build_insights(
        frames,
        end,
        days,
        away=away_spans(ctx),
        questionnaires=recent_questionnaires(ctx, end),
        passive=passive_evidence_for(ctx),
        memo=memo,
    )


def insight_frames(ctx: Context, end: date, days: int = 365) -> Frames:
    """The frames a report for the ``days`` up to ``end`` reads (a baseline year before)."""
    return read_frames(ctx, *insight_window(ctx, end, days))


def insight_window(ctx: Context, end: date, days: int = 365) -> tuple[int, int]:
    """The instants (epoch seconds, ``since <= at < until``) ``insight_frames`` reads."""
    from ebbtide.domain.timekeeping import day_bounds, to_epoch

    since = day_bounds(end - timedelta(days=days + BASELINE_DAYS), ctx.tz, ctx.day_start_hour)[0]
    until = day_bounds(end, ctx.tz, ctx.day_start_hour)[1]
    return to_epoch(since), to_epoch(until)


HEAVY_BANDS = frozenset({"moderate", "moderately-severe", "severe", "at-risk", "higher"})
"""Published bands that mean a harder time (PHQ-9, GAD-7, LSNS-6, UCLA-3)."""


@dataclass(frozen=True)
class _Snapshot:
    """The frames last read for a subject's window, and what they were read from."""

    window: tuple[int, int, int]  # since, until, day-start hour
    newest: dict[str, int]  # the highest id per watched table when they were read
    revision: Revision
    frames: Frames


_SNAPSHOTS: dict[tuple[str, int, tuple[int, int, int]], _Snapshot] = {}
_WINDOWS = 3
"""Windows kept per subject: the insights' own, and a few periods read on their own (a
report further back, a week that runs past today)."""
_MEMOS: dict[tuple[str, int], ReportMemo] = {}


def read_frames(ctx: Context, since: int, until: int) -> Frames:
    """The subject's frames for ``since <= at < until``, reading only what is new.

    The subject's revision says whether anything was written since the last read, by any
    process. When every write since then only *added* rows (no edit or delete of theirs,
    nor a shared one: the revision's ``edited`` counters did not move), the rows above the ids seen last time are read
    on their own and appended to the frames kept from that read: far cheaper than reading
    ten years again. Anything else (an edit, a delete, a new routine, another window)
    reads everything again. On PostgreSQL, where concurrent writers may commit ids out of
    order, any write reads everything again.
    """
    from ebbtide.store.fingerprint import added_since, newest_ids
    from ebbtide.store.insight_rows import insight_rows
    from ebbtide.store.revision import read_revision

    window = (since, until, ctx.day_start_hour)
    key = (ctx.store.url, ctx.subject_id, window)
    with _CACHE_LOCK:
        snap = _SNAPSHOTS.get(key)
    if snap is not None:
        if snap.revision == ctx.revision():
            return _keep(key, snap)  # the most recently read window is kept longest
        if ctx.store.dialect != "sqlite":
            snap = None
    with ctx.store.reading() as conn:
        revision = read_revision(conn, ctx.subject_id)  # as of this read's snapshot
        if snap is not None and snap.revision.edited == revision.edited:
            news = added_since(conn, snap.newest)
            newest = {name: top for name, (top, _) in news.items()}
            if newest["routines"] == snap.newest["routines"]:
                starts = {name: first for name, (_, first) in news.items() if first is not None}
                if not starts:  # the writes were elsewhere (settings, questionnaires)
                    return _keep(key, replace(snap, newest=newest, revision=revision))
                rows = insight_rows(
                    conn,
                    ctx.subject_id,
                    max(since, min(starts.values())),
                    until,
                    snap.newest,
                    kinds=starts,  # only the kinds that grew
                )
                grown = _grow(snap.frames, rows, ctx.day_start_hour)
                return _keep(key, _Snapshot(window, newest, revision, grown))
        newest = newest_ids(conn)
        rows = insight_rows(conn, ctx.subject_id, since, until)
    frames = frames_from_rows(rows, day_start_hour=ctx.day_start_hour)
    return _keep(key, _Snapshot(window, newest, revision, frames))


def _keep(key: tuple[str, int, tuple[int, int, int]], snap: _Snapshot) -> Frames:
    """Keep ``snap`` as the subject's latest window read, forgetting the least recently
    read of theirs beyond ``_WINDOWS``."""
    with _CACHE_LOCK:
        added = _SNAPSHOTS.pop(key, None) is None
        _SNAPSHOTS[key] = snap
        if added:
            mine = [k for k in _SNAPSHOTS if k[:2] == key[:2]]
            for old in mine[: max(0, len(mine) - _WINDOWS)]:
                del _SNAPSHOTS[old]
    return snap.frames


_MAX_CHUNKS = 32
"""Appended frames are rechunked (one contiguous copy) once they hold this many pieces."""


def _grow(old: Frames, rows: dict[str, list[tuple[Any, ...]]], hour: int) -> Frames:
    """``old`` with the added ``rows`` merged in. Frames are in time order (ties by id, as a
    full read gives them): the new rows have the highest ids, so a stable sort by time puts
    them where a full read would; rows later than every kept one need no sort at all."""
    fresh = {kind: got for kind, got in rows.items() if got}
    if not fresh:
        return old
    new = frames_from_rows(fresh, day_start_hour=hour)

    def merged(name: str) -> pl.DataFrame:
        before: pl.DataFrame = getattr(old, name)
        if name not in fresh:
            return before
        added: pl.DataFrame = getattr(new, name)
        both = pl.concat([before, added], rechunk=False)
        if both.n_chunks() > _MAX_CHUNKS:
            both = both.rechunk()
        if "at" not in both.columns or before.height == 0:
            return both.sort("at", maintain_order=True) if "at" in both.columns else both
        if added["at"].min() >= before["at"].max():  # type: ignore[operator]
            return both
        return both.sort("at", maintain_order=True)

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


_ROUTINES: dict[tuple[str, int], tuple[list[Any], pl.DataFrame]] = {}


def _routines_frame(key: tuple[str, int], routines: list[Any]) -> pl.DataFrame:
    """The routines as a frame; the same frame object while they are unchanged (so the
    parts of a report built from it can be reused)."""
    with _CACHE_LOCK:
        hit = _ROUTINES.get(key)
    if hit is not None and hit[0] == routines:
        return hit[1]
    frame = frames_from_rows({}, routines=routines).routines
    with _CACHE_LOCK:
        _ROUTINES[key] = (routines, frame)
    return frame


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
    """What a cached result depends on: the subject's revision (every write to their
    records by any process moves it: records, questionnaires, settings, away periods,
    phone data; so do writes not tied to one subject), today's date, the day-start hour
    and the time zone."""
    return (ctx.revision(), ctx.today(), ctx.day_start_hour, ctx.tz)


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
        _MEMOS.clear()
        _ROUTINES.clear()


def cached_insight_report(ctx: Context) -> InsightReport:
    """``insight_report(ctx)``, reused while the data, the day and the settings are the same."""
    return cached(ctx, "insight_report", lambda: insight_report(ctx))
