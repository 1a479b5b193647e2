"""Strict, clear time parsing and one range of valid instants (1900-2100)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import CheckIn, Step
from ebbtide.domain.timekeeping import (
    EARLIEST,
    FUTURE_SLACK,
    LATEST,
    MAX_OFFSET,
    check_instant,
    day_bounds,
    parse_day,
    parse_when,
    zone,
)

NOW = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)
TZ = "Europe/Berlin"


@pytest.mark.parametrize(
    "text",
    [
        "yesterday 25:00",
        "12:61",
        "yesterday 23:59:60",
        "2026-01-01T10:00+25:00",
        "2026-01-01T10:00-14:30",
        "2026-02-31",
        "2026-13-01 10:00",
        "-5 days ago",
        "+5 days ago",
        "− 2 hours ago",
        "99999 days ago",
        "0001-01-01 00:00",
        "0999-06-01 12:00",
        "9999-12-31T23:59",
    ],
)
def test_impossible_or_out_of_range_times_are_errors_not_guesses(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_when(text, NOW, TZ)
    assert text in info.value.message or text.strip() in info.value.message
    assert "\n" not in info.value.message


def test_the_messages_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError, match=r"clock time that does not exist \(25:00\)"):
        parse_when("yesterday 25:00", NOW, TZ)
    with pytest.raises(ValidationError, match="offsets up to ±14:00"):
        parse_when("2026-01-01T10:00+25:00", NOW, TZ)
    with pytest.raises(ValidationError, match="without a sign"):
        parse_when("-5 days ago", NOW, TZ)
    with pytest.raises(ValidationError, match=r"between 1900 and 2100 \(got year 1753\)"):
        parse_when("99999 days ago", NOW, TZ)


def test_ordinary_phrases_still_work() -> None:
    assert parse_when("yesterday 23:59", NOW, TZ) == datetime(2026, 11, 20, 22, 59, tzinfo=UTC)
    assert parse_when("5 days ago", NOW, TZ) == NOW - timedelta(days=5)
    assert parse_when("2026-01-01T10:00+14:00", NOW, TZ) == datetime(2025, 12, 31, 20, tzinfo=UTC)
    assert parse_when("1900-01-02 12:00", NOW, TZ).year == 1900


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "1899-12-31", "99999 days ago"])
def test_every_date_option_is_range_checked(text: str) -> None:
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        parse_day(text, TODAY)


def test_the_domain_refuses_instants_outside_the_range_on_every_path() -> None:
    for at in (datetime(1, 1, 1, tzinfo=UTC), datetime(2999, 1, 1, tzinfo=UTC)):
        with pytest.raises(ValidationError, match="between 1900 and 2100"):
            CheckIn(at=at, tz=TZ, state="connected")
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        Step(title="Call", created_at=NOW, planned_for=date(9999, 1, 1))
    with pytest.raises(ValidationError, match="between 1900 and 2100"):
        day_bounds(date(9999, 12, 31), TZ)
    assert check_instant("when", EARLIEST) == EARLIEST
    assert check_instant("when", LATEST) == LATEST


@given(st.text(max_size=60))
def test_any_text_is_a_moment_in_range_and_not_ahead_or_a_clear_error(text: str) -> None:
    try:
        got = parse_when(text, NOW, TZ)
    except ValidationError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert got.tzinfo is not None and EARLIEST <= got <= LATEST
    assert got <= NOW + FUTURE_SLACK


@given(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=NOW.replace(tzinfo=None)),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_an_iso_wall_time_is_read_exactly(wall: datetime, tz: str) -> None:
    wall = wall.replace(microsecond=0)
    text = wall.isoformat(sep=" ")
    try:
        got = parse_when(text, NOW, tz)
    except ValidationError as exc:  # only a wall time just ahead of now may be refused
        assert "future" in exc.message
        return
    assert got == wall.replace(tzinfo=zone(tz)).astimezone(UTC)


@given(st.integers(0, 99), st.integers(0, 99))
def test_a_clock_time_is_accepted_exactly_when_it_exists(hour: int, minute: int) -> None:
    text = f"yesterday {hour}:{minute:02d}"
    if hour <= 23 and minute <= 59:
        got = parse_when(text, NOW, TZ).astimezone(zone(TZ))
        assert (got.hour, got.minute) == (hour, minute)
    else:
        with pytest.raises(ValidationError, match="does not exist"):
            parse_when(text, NOW, TZ)


@given(st.integers(-48 * 60, 48 * 60))
def test_an_offset_is_accepted_exactly_when_some_place_uses_it(minutes: int) -> None:
    sign = "+" if minutes >= 0 else "-"
    text = f"2026-01-01T10:00{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if abs(minutes) <= MAX_OFFSET.total_seconds() // 60:
        expected = datetime(2026, 1, 1, 10, 0, tzinfo=timezone(timedelta(minutes=minutes)))
        assert parse_when(text, NOW, TZ) == expected
    else:
        with pytest.raises(ValidationError, match="offsets up to"):
            parse_when(text, NOW, TZ)


UNIT_DAYS = {"days": 1.0, "weeks": 7.0, "hours": 1 / 24}


@given(st.integers(-(10**6), 10**6), st.sampled_from(sorted(UNIT_DAYS)), st.booleans())
def test_n_ago_with_a_sign_or_absurd_n_is_an_error(n: int, unit: str, signed: bool) -> None:
    text = f"{n:+d} {unit} ago" if signed or n < 0 else f"{n} {unit} ago"
    back = abs(n) * UNIT_DAYS[unit]
    if text.startswith(("+", "-")):
        with pytest.raises(ValidationError, match="without a sign"):
            parse_when(text, NOW, "UTC")
    elif back > (NOW - EARLIEST).days + 1:
        with pytest.raises(ValidationError, match=r"between 1900 and 2100|understand"):
            parse_when(text, NOW, "UTC")
    elif back < 40_000:
        assert parse_when(text, NOW, "UTC") == NOW - timedelta(days=back)
