"""'Where you feel most connected': said only when enough check-ins name places."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.domain.records import CheckIn
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.places import MIN_PER_PLACE, most_connected
from ebbtide.insights.report import build_report

AS_OF = date(2026, 11, 20)
TZ = "Europe/Berlin"


def _checkins(place: str | None, connected: int, other: int, start: int = 0) -> list[CheckIn]:
    out = []
    for i in range(connected + other):
        at = datetime(2026, 11, 19, 10, tzinfo=UTC) - timedelta(days=i + start, hours=i % 5)
        state = "connected" if i < connected else "mobilized"
        out.append(CheckIn(at=at, tz=TZ, state=state, where=place))
    return out


def test_a_clear_difference_between_two_well_logged_places_is_told() -> None:
    records = _checkins("home", 9, 3) + _checkins("work", 3, 7, start=20)
    found = most_connected(frames_from_records(records).checkins, AS_OF)
    assert found is not None
    assert found.sentence.startswith("Where you feel most connected:")
    assert found.sentence == (
        "Where you feel most connected: in the last 90 days, 9 of your 12 check-ins at home "
        "(75%) were connected, against 30% at work. This is what you logged, not a reason."
    )
    assert found.numbers["place"] == "home" and found.numbers["next_place"] == "work"
    report = build_report(frames_from_records(records), AS_OF)
    assert report.places == (found,) and found in report.headline


def test_nothing_is_claimed_from_too_few_check_ins_per_place() -> None:
    few = MIN_PER_PLACE - 1
    records = _checkins("outdoors", few, 0) + _checkins("work", 0, 12, start=20)
    assert most_connected(frames_from_records(records).checkins, AS_OF) is None


def test_nothing_is_claimed_from_one_place_or_a_small_difference() -> None:
    one_place = _checkins("home", 9, 3)
    assert most_connected(frames_from_records(one_place).checkins, AS_OF) is None
    close = _checkins("home", 6, 4) + _checkins("online", 5, 5, start=20)
    assert most_connected(frames_from_records(close).checkins, AS_OF) is None
    unnamed = _checkins(None, 9, 3) + _checkins(None, 3, 7, start=20)
    assert most_connected(frames_from_records(unnamed).checkins, AS_OF) is None
    assert build_report(frames_from_records(unnamed), AS_OF).places == ()


def test_old_check_ins_are_not_read_as_now() -> None:
    records = _checkins("home", 9, 3, start=100) + _checkins("work", 3, 7, start=120)
    assert most_connected(frames_from_records(records).checkins, AS_OF) is None
