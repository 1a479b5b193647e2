"""A step has one timeline instant: when it was done, else when it was planned."""

from __future__ import annotations

from datetime import timedelta

from ebbtide import service
from ebbtide.reports.sections import tally
from ebbtide.service.context import Context
from ebbtide.service.plans import plan_step, step_done
from ebbtide.service.records import log
from ebbtide.service.report import gather
from tests.conftest import FIXED_NOW


def _planned_days_ago_done_now(ctx: Context, days: int) -> int:
    now = ctx.clock
    ctx.clock = lambda: FIXED_NOW - timedelta(days=days)
    step = plan_step(ctx, "Call Ana back", level=2)
    ctx.clock = now
    done = step_done(ctx, step.id or 0)
    assert done.done_at == FIXED_NOW
    return step.id or 0


def test_step_planned_five_days_ago_done_today_is_in_today(ctx: Context) -> None:
    sid = _planned_days_ago_done_now(ctx, 5)
    t = service.today(ctx)
    assert [(e.kind, e.record.id) for e in t.entries] == [("step", sid)]
    assert t.entries[0].at == FIXED_NOW
    assert t.summary.steps_done == 1


def test_step_done_today_counts_in_the_report_and_week(ctx: Context) -> None:
    _planned_days_ago_done_now(ctx, 10)  # planned before this week and this report began
    today = ctx.today()
    data = gather(ctx, today - timedelta(days=6), today, ())
    assert tally(data.now, ctx.tz, ctx.day_start_hour).steps_done == 1
    assert sum(d.steps_done for d in service.week(ctx).days) == 1


def test_the_log_is_sorted_by_each_records_one_instant(ctx: Context) -> None:
    _planned_days_ago_done_now(ctx, 5)
    ctx.clock = lambda: FIXED_NOW - timedelta(days=2)
    service.add_checkin(ctx, "connected")
    ctx.clock = lambda: FIXED_NOW - timedelta(days=3)
    plan_step(ctx, "Write to Bo")
    ctx.clock = lambda: FIXED_NOW
    entries = log(ctx)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert [e.kind for e in entries] == ["step", "checkin", "step"]
    # The planned day five days ago shows nothing: the step moved to the day it was done.
    five_ago = ctx.today() - timedelta(days=5)
    assert log(ctx, since=five_ago, until=five_ago) == []
