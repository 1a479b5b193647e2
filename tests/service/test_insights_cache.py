"""The per-process insight cache: reused while nothing changed, rebuilt after any write."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from ebbtide import service
from ebbtide.service.context import Context
from ebbtide.service.insights import cached_insight_report, insight_report
from ebbtide.store.fingerprint import data_fingerprint
from tests.conftest import FIXED_NOW


def test_cache_reuses_the_report_until_something_changes(any_ctx: Context) -> None:
    c = service.add_checkin(any_ctx, "shut-down", when="2 days ago").record
    first = cached_insight_report(any_ctx)
    assert first == insight_report(any_ctx)
    assert cached_insight_report(any_ctx) is first

    service.add_checkin(any_ctx, "connected")
    added = cached_insight_report(any_ctx)
    assert added is not first and added == insight_report(any_ctx)

    service.edit_entry(any_ctx, "checkin", c.id or 0, {"state": "connected"})
    edited = cached_insight_report(any_ctx)
    assert edited is not added and edited == insight_report(any_ctx)

    service.delete_entry(any_ctx, "checkin", c.id or 0)
    assert cached_insight_report(any_ctx) is not edited


def test_cache_follows_the_day_and_the_day_start(ctx: Context) -> None:
    service.add_checkin(ctx, "connected", when="yesterday 10:00")
    today = cached_insight_report(ctx)
    later = dataclasses.replace(ctx, clock=lambda: FIXED_NOW + timedelta(days=1))
    tomorrow = cached_insight_report(later)
    assert tomorrow is not today and tomorrow.as_of == today.as_of + timedelta(days=1)
    shifted = dataclasses.replace(ctx, day_start_hour=0)
    assert cached_insight_report(shifted) == insight_report(shifted)


def test_fingerprint_counts_rows_and_newest_ids(any_ctx: Context) -> None:
    with any_ctx.store.reading() as conn:
        empty = data_fingerprint(conn, any_ctx.subject_id)
    assert set(empty) == {0}
    r = service.add_reflection(any_ctx, "How?", "Fine.").record
    with any_ctx.store.reading() as conn:
        after = data_fingerprint(conn, any_ctx.subject_id)
    assert (r.id or 0) in after and sum(after) == 1 + (r.id or 0)
