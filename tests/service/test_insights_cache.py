"""The per-process insight cache: reused while nothing changed, rebuilt after any write."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

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


def _elsewhere(db: str, code: str) -> None:
    """Run ``code`` with a context ``c`` on ``db`` in a separate OS process (same clock)."""
    import os
    import subprocess
    import sys

    script = (
        "from ebbtide import service\n"
        "from ebbtide.service.context import open_context\n"
        "from tests.conftest import TZ, fixed_clock\n"
        f"c = open_context({db!r}, tz=TZ, clock=fixed_clock)\n"
        f"{code}\n"
        "c.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, env=os.environ.copy())


def _history(ctx: Context) -> None:
    for days in range(1, 15):
        service.add_checkin(ctx, "connected" if days % 3 else "shut-down", when=f"{days} days ago")


def test_a_questionnaire_taken_in_another_process_is_seen(any_db: str, any_ctx: Context) -> None:
    _history(any_ctx)
    before = cached_insight_report(any_ctx)
    _elsewhere(
        any_db,
        "from ebbtide.service.assessments import take_assessment\n"
        "take_assessment(c, 'phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0], when='yesterday')",
    )
    after = cached_insight_report(any_ctx)
    assert after is not before and after == insight_report(any_ctx)
    assert after.recent != before.recent


def test_an_away_period_marked_in_another_process_is_seen(db_path: Path, ctx: Context) -> None:
    _history(ctx)
    before = cached_insight_report(ctx)
    assert not any(p.away for p in before.phases)
    _elsewhere(
        str(db_path),
        "from datetime import timedelta\n"
        "from ebbtide.service.away import add_away\n"
        "add_away(c, c.today() - timedelta(days=5), c.today() - timedelta(days=3))",
    )
    after = cached_insight_report(ctx)
    assert after == insight_report(ctx) and any(p.away for p in after.phases)


def test_an_edit_in_another_process_is_seen(db_path: Path, ctx: Context) -> None:
    _history(ctx)
    first = service.log(ctx)[-1]
    before = cached_insight_report(ctx)
    _elsewhere(
        str(db_path),
        f"service.edit_entry(c, 'checkin', {first.record.id}, {{'state': 'mobilized'}})",
    )
    after = cached_insight_report(ctx)
    assert after is not before and after == insight_report(ctx)
