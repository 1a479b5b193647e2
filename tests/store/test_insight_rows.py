"""The insight rows: the spec's columns per kind, in a half-open window, oldest first."""

from __future__ import annotations

from datetime import datetime

from ebbtide.insights.frames import RAW_COLUMNS
from ebbtide.service.capture import add_checkin
from ebbtide.service.context import Context
from ebbtide.store.insight_rows import insight_rows, insight_rows_many

WHEN = ("2026-11-18 09:00", "2026-11-16 09:00", "2026-11-20 09:00")


def _epoch(ctx: Context, when: str) -> int:
    return int(add_checkin(ctx, "connected", when=when).record.at.timestamp())


def test_the_window_is_half_open_and_rows_come_oldest_first(ctx: Context) -> None:
    at = [_epoch(ctx, w) for w in WHEN]
    with ctx.store.reading() as conn:
        rows = insight_rows(conn, ctx.subject_id, min(at), max(at))
    assert set(rows) == set(RAW_COLUMNS)
    assert [r[0] for r in rows["checkins"]] == sorted(at)[:2]  # `until` itself is left out
    assert all(len(r) == len(RAW_COLUMNS["checkins"]) for r in rows["checkins"])


def test_after_and_kinds_narrow_what_is_read(ctx: Context) -> None:
    first = add_checkin(ctx, "mobilized", when=WHEN[0]).record
    _epoch(ctx, WHEN[1])
    with ctx.store.reading() as conn:
        newer = insight_rows(conn, ctx.subject_id, 0, 2**40, after={"checkins": first.id or 0})
        only = insight_rows(conn, ctx.subject_id, 0, 2**40, kinds=["checkins"])
    assert len(newer["checkins"]) == 1 and len(only["checkins"]) == 2
    assert list(only) == ["checkins"]


def test_the_bulk_read_matches_the_one_subject_read(ctx: Context) -> None:
    for w in WHEN:
        _epoch(ctx, w)
    unknown = ctx.subject_id + 1000
    with ctx.store.reading() as conn:
        bulk = insight_rows_many(conn, [ctx.subject_id, unknown], 0, 2**40)
        one = insight_rows(conn, ctx.subject_id, 0, 2**40)
    assert bulk[ctx.subject_id] == one and len(one["checkins"]) == 3
    assert all(rows == [] for rows in bulk[unknown].values())
    assert set(bulk[unknown]) == set(one)


def test_an_instant_is_read_as_epoch_seconds(ctx: Context) -> None:
    saved = add_checkin(ctx, "fawning", when=WHEN[2]).record
    with ctx.store.reading() as conn:
        [row] = insight_rows(conn, ctx.subject_id, 0, 2**40)["checkins"]
    assert isinstance(row[0], int) and datetime.fromtimestamp(row[0], saved.at.tzinfo) == saved.at
