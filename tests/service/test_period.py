"""The one read model for a period: Today, the week, the report and the state mix read
the same records, file each on the same local day and count by the same definitions.

The test clock is Saturday 21 November 2026, 14:00 UTC (15:00 in Berlin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide import service
from ebbtide.insights.timeline import STATE_COLUMNS, daily_timeline
from ebbtide.reports.sections import state_mix_rows, tally
from ebbtide.service.context import Context
from ebbtide.service.insights import insight_frames
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


def test_the_week_and_the_insights_count_every_day_from_one_model(ctx: Context) -> None:
    _history(ctx)
    home = ctx.tz
    ctx.tz = "America/New_York"  # away: late on Friday evening there is Saturday in Berlin
    try:
        service.add_contact(ctx, ["Sam"], safety=4, minutes=30, when="2026-11-20 23:30")
        service.add_checkin(ctx, "fawning", when="2026-11-20 23:45")
    finally:
        ctx.tz = home
    week = [d for d in service.week(ctx).days if d.day <= TODAY]
    timeline = daily_timeline(insight_frames(ctx, TODAY), start=week[0].day, end=TODAY)
    for day, row in zip(week, timeline.iter_rows(named=True), strict=True):
        assert day.day == row["day"]
        assert service.today(ctx, day.day).summary == day  # Today on that day, too
        assert (
            day.checkins,
            day.contacts,
            day.minutes_with_people,
            day.steps_done,
            day.boundaries,
            day.reflections,
        ) == (
            row["checkins"],
            row["contacts"],
            row["people_min"],
            row["steps_done"],
            row["boundaries"],
            row["reflections"],
        )
        assert day.states == {s: row[c] for s, c in STATE_COLUMNS.items() if row[c]}
    friday = week[4]
    assert (friday.contacts, friday.safe_contacts, friday.states) == (1, 1, {"fawning": 1})
    assert [e.kind for e in service.period_view(ctx, friday.day, friday.day).entries] == [
        "checkin",
        "contact",
    ]
    assert week[5].steps_done == 1  # planned on Monday, done on Saturday
