"""Local days, day bounds and natural-language moments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import day_bounds, local_day, parse_day, parse_when, zone

NOW = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)  # Saturday, 15:00 in Berlin
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


def test_one_am_belongs_to_the_evening_before() -> None:
    one_am = datetime(2026, 11, 21, 0, 30, tzinfo=UTC)  # 01:30 in Berlin
    assert local_day(one_am, "Europe/Berlin") == date(2026, 11, 20)
    assert local_day(one_am, "Europe/Berlin", day_start_hour=0) == date(2026, 11, 21)


def test_day_bounds_span_23_and_25_hours_across_dst() -> None:
    spring = day_bounds(date(2026, 3, 28), "Europe/Berlin")  # night of 29 March: clocks forward
    autumn = day_bounds(date(2026, 10, 24), "Europe/Berlin")  # night of 25 October: back
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(ZONES),
    st.integers(min_value=0, max_value=12),
)
def test_every_instant_falls_inside_the_bounds_of_its_day(
    moment: datetime, tz: str, hour: int
) -> None:
    day = local_day(moment, tz, hour)
    start, end = day_bounds(day, tz, hour)
    assert start <= moment < end


@pytest.mark.parametrize(
    ("text", "expected_local"),
    [
        ("yesterday 9pm", datetime(2026, 11, 20, 21, 0)),
        ("last friday 7pm", datetime(2026, 11, 20, 19, 0)),
        ("friday 7pm", datetime(2026, 11, 20, 19, 0)),
        ("9pm", datetime(2026, 11, 20, 21, 0)),
        ("2 hours ago", datetime(2026, 11, 21, 13, 0)),
        ("2026-11-03 08:15", datetime(2026, 11, 3, 8, 15)),
        ("2026-11-03", datetime(2026, 11, 3, 12, 0)),
    ],
)
def test_parse_when_reads_past_moments_in_the_local_zone(
    text: str, expected_local: datetime
) -> None:
    got = parse_when(text, NOW, "Europe/Berlin")
    assert got.tzinfo is not None
    assert got.astimezone(zone("Europe/Berlin")).replace(tzinfo=None) == expected_local


@pytest.mark.parametrize("text", ["next friday", "tomorrow 9am", "in 3 days"])
def test_parse_when_refuses_the_future(text: str) -> None:
    with pytest.raises(ValidationError, match="future"):
        parse_when(text, NOW, "Europe/Berlin")


@pytest.mark.parametrize("text", ["", "blah", "the moon", "x" * 200])
def test_parse_when_explains_what_it_could_not_read(text: str) -> None:
    with pytest.raises(ValidationError, match="could not understand"):
        parse_when(text, NOW, "Europe/Berlin")


@given(st.text(max_size=60))
def test_parse_when_never_crashes_and_never_returns_the_future(text: str) -> None:
    try:
        got = parse_when(text, NOW, "America/New_York")
    except ValidationError:
        return
    assert got <= NOW + timedelta(minutes=5)
    assert got.tzinfo is not None


def test_parse_day_forms() -> None:
    today = date(2026, 11, 21)
    assert parse_day("today", today) == today
    assert parse_day("yesterday", today) == date(2026, 11, 20)
    assert parse_day("7 days ago", today) == date(2026, 11, 14)
    assert parse_day("2w", today) == date(2026, 11, 7)
    assert parse_day("2026-01-02", today) == date(2026, 1, 2)
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_day("someday", today)


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        zone("Mars/Olympus")
