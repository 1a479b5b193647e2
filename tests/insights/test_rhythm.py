"""Social rhythm (SRM-5 style): regular anchors score high, scattered or rare ones do not."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.domain.records import Contact, Routine, RoutineDone
from ebbtide.insights import rhythm
from ebbtide.insights.frames import ANCHOR, frames_from_records

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
WALK = Routine(id=1, name="Out of bed", anchor="out-of-bed", time_of_day="07:00")
DINNER = Routine(id=2, name="Dinner", anchor="dinner")


def _done(routine: int, day: int, hour: int, minute: int = 0) -> RoutineDone:
    at = MONDAY + timedelta(days=day, hours=hour, minutes=minute)
    return RoutineDone(routine_id=routine, at=at, tz="UTC")


def _weeks(records: list[object]) -> object:
    f = frames_from_records(records, routines=[WALK, DINNER])
    return rhythm.rhythm_weeks(rhythm.anchor_times(f.routine_done, f.routines, f.contacts))


def test_a_regular_week_scores_seven_and_a_scattered_one_less() -> None:
    regular = [_done(1, d, 7, 10 * (d % 3)) for d in range(7)]
    scattered = [_done(2, d, 16 + (d % 4) * 2) for d in range(7)]
    weeks = _weeks([*regular, *scattered])
    per = {r["anchor"]: r for r in weeks.iter_rows(named=True)}  # type: ignore[attr-defined]
    assert per[ANCHOR["out-of-bed"]]["hits"] == 7
    assert per[ANCHOR["out-of-bed"]]["habitual"] == 7 * 60 + 10
    assert per[ANCHOR["dinner"]]["hits"] < 7
    score = weeks["score"][0]  # type: ignore[index]
    assert 3.5 <= score < 7


def test_an_anchor_on_fewer_than_three_days_does_not_count() -> None:
    weeks = _weeks([_done(1, 0, 7), _done(1, 1, 7)])
    assert weeks["counts"].to_list() == [False]  # type: ignore[index]
    assert weeks["score"].to_list() == [None]  # type: ignore[index]


def test_first_contact_comes_from_the_earliest_contact_of_each_day() -> None:
    contacts = [
        Contact(at=MONDAY + timedelta(days=d, hours=h), tz="UTC", person_ids=(1,))
        for d in range(3)
        for h in (9, 15)
    ]
    f = frames_from_records(contacts)
    times = rhythm.anchor_times(f.routine_done, f.routines, f.contacts)
    assert sorted(times["minute"].to_list()) == [540, 540, 540]
    assert set(times["anchor"].to_list()) == {ANCHOR["first-contact"]}


def test_a_late_bedtime_stays_on_the_evening_it_belongs_to() -> None:
    bed = Routine(id=3, name="Bed", anchor="bed")
    late = [RoutineDone(routine_id=3, at=MONDAY + timedelta(days=d, hours=24, minutes=30),
                        tz="UTC") for d in range(4)]  # fmt: skip
    f = frames_from_records(late, routines=[bed])
    times = rhythm.anchor_times(f.routine_done, f.routines, f.contacts)
    assert times["minute"].unique().to_list() == [24 * 60 + 30]
    assert times["day"].min() == date(2026, 3, 2)
    assert rhythm.anchor_label(ANCHOR["bed"]) == "to bed"
