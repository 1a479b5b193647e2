"""The one read model for a period: Today, the week, the report and the state mix read
the same records, file each on the same local day and count by the same definitions.

The test clock is Saturday 21 November 2026, 14:00 UTC (15:00 in Berlin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide import service
from ebbtide.reports.sections import state_mix_rows, tally
from ebbtide.service.context import Context
from ebbtide.service.report import gather

TODAY = date(2026, 11, 21)


def _history(ctx: Context) -> None:
    service.add_checkin(ctx, "connected", when="2026-11-21 09:00")
    service.add_checkin(ctx, "shut-down", when="2026-11-17 20:00")
    # Felt safe (5 of 5); and one that did not feel safe but left them connected.
    service.add_contact(ctx, ["Sam"], create_missing=True, safety=5, when="2026-11-21 10:00")
    service.add_contact(
        ctx, ["Lea"], create_missing=True, safety=2, after="connected", when="2026-11-21 11:00"
    )
    clock = ctx.clock
    ctx.clock = lambda: datetime(2026, 11, 16, 9, tzinfo=UTC)  # planned five days ago
    try:
        step = service.plan_step(ctx, "Call Lea")
    finally:
        ctx.clock = clock
    service.step_done(ctx, step.id or 0, when="2026-11-21 12:00")


def test_today_the_week_and_the_report_count_a_day_alike(ctx: Context) -> None:
    _history(ctx)
    day = service.today(ctx).summary
    in_week = next(d for d in service.week(ctx).days if d.day == TODAY)
    report = tally(gather(ctx, TODAY, TODAY, ()).now, ctx.tz, ctx.day_start_hour)
    assert day == in_week
    # One meaning of a safe contact: felt safety 4 or 5 (the report's "felt safe").
    assert day.safe_contacts == report.felt_safe == 1
    # The step planned days ago and done today counts today, everywhere.
    assert day.steps_done == report.steps_done == 1
    assert day.checkins == report.checkins == 1


def test_the_period_files_each_record_on_its_own_local_day(ctx: Context) -> None:
    _history(ctx)
    view = service.period_view(ctx, TODAY - timedelta(days=6), TODAY)
    assert [e.kind for e in view.on(TODAY)] == [
        "step",
        "contact",
        "contact",
        "checkin",
    ]  # newest first
    assert [e.kind for e in view.on(date(2026, 11, 17))] == ["checkin"]
    assert view.within(TODAY, TODAY).entries == service.today(ctx).entries
    # The state mix of the dashboard (any week), the report and the period agree.
    data = gather(ctx, TODAY - timedelta(days=6), TODAY, ())
    mix = [(m.week, m.state, m.count) for m in service.state_mix(ctx, weeks=2, as_of=TODAY)]
    old = [(m.week, m.state, m.count) for m in service.state_mix(ctx, weeks=60, as_of=TODAY)]
    assert view.state_mix() == state_mix_rows(data) == mix == old
    assert view.state_mix() == [
        (date(2026, 11, 16), "connected", 1),
        (date(2026, 11, 16), "shut-down", 1),
    ]
