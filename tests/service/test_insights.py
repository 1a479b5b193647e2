"""The insight_report use case over a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ebbtide.demo import generate
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import day_bounds, to_epoch
from ebbtide.insights.frames import Frames, frames_from_records, frames_from_rows
from ebbtide.insights.model import PHASES
from ebbtide.insights.report import build_insights
from ebbtide.service.capture import add_contact
from ebbtide.service.context import Context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.insights import BASELINE_DAYS, insight_report
from ebbtide.service.people import merge_people, people_names
from ebbtide.service.plans import list_routines
from ebbtide.service.records import log
from ebbtide.store.insight_rows import insight_rows


def test_report_over_a_seeded_demo_history(any_ctx: Context) -> None:
    h = generate("story", days=120, end=any_ctx.today(), tz=any_ctx.tz)
    seed_history(any_ctx, h)
    report = insight_report(any_ctx, days=60)
    assert report.as_of == any_ctx.today()
    assert len(report.phases) == 60
    assert {p.phase for p in report.phases} <= set(PHASES)
    names = {r.name for r in report.relationships}
    assert names <= {n for n, _ in h.people}
    assert "Mara" in names
    assert report.pacing.next_step is not None


def test_an_empty_history_shows_no_phase_at_all(ctx: Context) -> None:
    report = insight_report(ctx, as_of=date(2026, 11, 1), days=7)
    assert report.phases == ()
    assert report.current is None
    assert [e.sentence for e in report.headline] == [
        "Nothing logged yet, so there is nothing to read."
    ]
    assert report.relationships == ()


def test_days_out_of_range_is_refused(ctx: Context) -> None:
    with pytest.raises(ValidationError):
        insight_report(ctx, days=0)


def _frames_through_records(ctx: Context, end: date, days: int) -> Frames:
    """The frames as built before the row reader: every record hydrated, then taken apart."""
    entries = log(ctx, since=end - timedelta(days=days + BASELINE_DAYS), until=end)
    return frames_from_records(
        (e.record for e in reversed(entries)),
        people=people_names(ctx),
        routines=list_routines(ctx),
        day_start_hour=ctx.day_start_hour,
    )


def test_stored_rows_give_the_frames_and_report_that_records_give(any_ctx: Context) -> None:
    end, days = any_ctx.today(), 60
    h = generate("story", days=300, end=end, tz=any_ctx.tz)
    seed_history(any_ctx, h)
    # Contacts with several people, one of whom later turns out to be someone else: after
    # the merge the contact's first stored position is gone and Mara comes first.
    evening = datetime(2026, 11, 10, 18, 0, tzinfo=UTC)
    add_contact(any_ctx, ["Mara", "Ilka", "Bo"], create_missing=True, when=evening, safety=4)
    add_contact(any_ctx, ["Ilka", "Mara"], when=evening + timedelta(days=2), after="connected")
    merge_people(any_ctx, "Mara", "Ilka")

    since, until = (
        day_bounds(end - timedelta(days=days + BASELINE_DAYS), any_ctx.tz)[0],
        (day_bounds(end, any_ctx.tz)[1]),
    )
    with any_ctx.store.reading() as conn:
        rows = insight_rows(conn, any_ctx.subject_id, to_epoch(since), to_epoch(until))
    fast = frames_from_rows(
        rows,
        people=people_names(any_ctx),
        routines=list_routines(any_ctx),
        day_start_hour=any_ctx.day_start_hour,
    )
    slow = _frames_through_records(any_ctx, end, days)

    for f in fields(Frames):
        a, b = getattr(fast, f.name), getattr(slow, f.name)
        if isinstance(a, pl.DataFrame):
            assert a.height > 0, f.name
            assert_frame_equal(a, b)
        else:
            assert a == b, f.name
    # Both contacts count once, on Mara's row; Bo is still named in the first.
    ours = fast.contacts.filter(pl.col("at").is_in([to_epoch(evening), to_epoch(evening) + 172800]))
    mara, bo = (next(k for k, v in fast.people.items() if v == n) for n in ("Mara", "Bo"))
    assert ours.select("person", "primary").rows() == [(mara, True), (bo, False), (mara, True)]

    assert insight_report(any_ctx, days=days) == build_insights(slow, end, days)


def test_a_newcomer_has_no_phases_before_their_first_entry(ctx: Context) -> None:
    from ebbtide import service as svc

    svc.add_checkin(ctx, "connected", when="yesterday 9pm")
    report = insight_report(ctx)
    assert [p.day for p in report.phases] == [ctx.today() - timedelta(days=1), ctx.today()]


def test_the_relationship_map_is_the_same_whatever_window_a_face_shows(ctx: Context) -> None:
    from ebbtide.demo import generate
    from ebbtide.service.demo_data import seed_history

    seed_history(ctx, generate("story", days=500, end=ctx.today(), seed=9, tz=ctx.tz))
    short = insight_report(ctx, days=30).relationships
    long = insight_report(ctx, days=400).relationships
    assert short and short == long
    assert {r.kind for r in long} >= {"not-transforming"}
