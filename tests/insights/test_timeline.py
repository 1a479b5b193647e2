"""The daily timeline: every day present, gaps marked unlogged, counts on local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.demo import generate
from ebbtide.demo.frames import frames_from_history
from ebbtide.domain.records import CheckIn, Contact, Solitude, Step
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.timeline import daily_timeline, day_range


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def test_gap_days_are_present_and_unlogged() -> None:
    d0 = date(2026, 5, 4)
    records = [
        CheckIn(at=_at(d0, 9), tz="UTC", state="connected"),
        CheckIn(at=_at(d0 + timedelta(days=3), 9), tz="UTC", state="shut-down"),
    ]
    t = daily_timeline(frames_from_records(records))
    assert t["day"].to_list() == day_range(d0, d0 + timedelta(days=3))
    assert t["logged"].to_list() == [True, False, False, True]
    assert t["checkins"].to_list() == [1, 0, 0, 1]
    assert t["st_shut_down"].to_list() == [0, 0, 0, 1]


def test_counts_follow_the_definitions() -> None:
    d = date(2026, 5, 4)
    records = [
        Contact(at=_at(d, 10), tz="UTC", person_ids=(1, 2), minutes=30, safety=4),
        Contact(at=_at(d, 12), tz="UTC", person_ids=(1,), minutes=10, safety=2, after="mobilized"),
        Solitude(at=_at(d, 20), tz="UTC", activity="reading", minutes=40, after="connected"),
        Solitude(at=_at(d, 22), tz="UTC", activity="scrolling", minutes=90, chosen=False),
    ]
    (row,) = daily_timeline(frames_from_records(records)).iter_rows(named=True)
    assert row["contacts"] == 2  # a contact with two people counts once
    assert row["meaningful"] == 1 and row["people_min"] == 40
    assert (row["chosen_min"], row["escape_min"]) == (40, 90)
    assert (row["chosen_n"], row["escape_n"], row["restorative_n"]) == (1, 1, 1)


def test_a_step_counts_on_the_day_it_was_done() -> None:
    planned, done = date(2026, 5, 1), date(2026, 5, 6)
    records = [
        CheckIn(at=_at(planned, 9), tz="UTC", state="connected"),
        Step(
            title="Call Ana",
            created_at=_at(planned, 9),
            done_at=_at(done, 18),
            status="done",
            tz="UTC",
        ),
    ]
    t = daily_timeline(frames_from_records(records))
    by_day = dict(zip(t["day"].to_list(), t["steps_done"].to_list(), strict=True))
    assert by_day[done] == 1 and sum(by_day.values()) == 1


def test_an_evening_after_midnight_belongs_to_the_day_before() -> None:
    d = date(2026, 5, 4)
    late = CheckIn(at=_at(d, 23, 30) + timedelta(hours=2), tz="UTC", state="mobilized")
    t = daily_timeline(frames_from_records([late]))
    assert t["day"].to_list() == [d]


def test_every_demo_day_is_on_the_timeline_across_a_clock_change() -> None:
    h = generate("stable", days=120, end=date(2026, 11, 30), seed=2, tz="Europe/Berlin")
    t = daily_timeline(frames_from_history(h))
    days = t["day"].to_list()
    assert days == day_range(days[0], days[-1])  # 25 Oct 2026 is neither lost nor doubled
    assert date(2026, 10, 25) in days
    assert t["logged"].sum() > 100
