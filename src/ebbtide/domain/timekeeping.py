"""Instants, zones and local days.

Every record stores the UTC instant it happened and the IANA zone it happened in. A
person's "day" is local and begins at a configurable hour (04:00 by default), so a
1 a.m. check-in belongs to the evening before. Local days are computed from wall-clock
time, so a daylight-saving change never makes a day vanish or count twice.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ebbtide.domain.errors import ValidationError, shown

DEFAULT_DAY_START_HOUR = 4
_FUTURE_SLACK = timedelta(minutes=5)
_FORWARD_WORDS = re.compile(r"\b(tomorrow|next|in|from now|later)\b", re.IGNORECASE)
_WEEKDAYS = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """Return the IANA zone called ``name`` or raise a ValidationError."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValidationError(
            "tz", f"unknown time zone '{shown(name)}' (use an IANA name such as Europe/Rome)"
        ) from exc


def utc_now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """Normalise an aware datetime to UTC; naive datetimes are rejected."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError("when", "a time without a zone cannot be stored")
    return moment.astimezone(UTC)


def to_epoch(moment: datetime) -> int:
    """Whole seconds since the Unix epoch, as stored in the database."""
    return int(to_utc(moment).timestamp())


def from_epoch(seconds: int) -> datetime:
    """The UTC instant for stored epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)


def local_day(moment: datetime, tz: str, day_start_hour: int = DEFAULT_DAY_START_HOUR) -> date:
    """The person's local day for an instant: wall-clock time shifted by the start hour."""
    wall = to_utc(moment).astimezone(zone(tz)).replace(tzinfo=None)
    return (wall - timedelta(hours=day_start_hour)).date()


def day_bounds(
    day: date, tz: str, day_start_hour: int = DEFAULT_DAY_START_HOUR
) -> tuple[datetime, datetime]:
    """UTC instants [start, end) of a local day, honest across daylight-saving changes."""
    z = zone(tz)
    start = datetime.combine(day, time(day_start_hour), tzinfo=z)
    end = datetime.combine(day + timedelta(days=1), time(day_start_hour), tzinfo=z)
    return start.astimezone(UTC), end.astimezone(UTC)


def week_start(day: date) -> date:
    """The Monday of the ISO week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def parse_when(text: str, now: datetime, tz: str, *, prefer_past: bool = True) -> datetime:
    """Parse a natural-language moment ("yesterday 9pm", "last friday 7pm") in zone ``tz``.

    When ``prefer_past`` is set (logging something that happened), a phrase that would
    land in the future without saying so ("friday", "9pm") is read as the most recent
    such moment; a phrase that clearly means the future is refused.
    """
    import parsedatetime  # lazy: only the commands that take --when pay for it

    z = zone(tz)
    source = to_utc(now).astimezone(z).replace(tzinfo=None)
    cleaned = text.strip()
    if not cleaned or len(cleaned) > 100:
        raise ValidationError("when", f"could not understand the time '{shown(text)}'")
    iso = _parse_iso(cleaned, z)
    if iso is not None:
        result = iso
    else:
        cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
        parsed, ctx = cal.parseDT(cleaned, sourceTime=source)
        if not (ctx.hasDate or ctx.hasTime):
            raise ValidationError(
                "when", f"could not understand the time '{shown(text)}' (try \"yesterday 9pm\")"
            )
        result = _localize(parsed, z)
        if prefer_past and result > now + _FUTURE_SLACK and not _FORWARD_WORDS.search(cleaned):
            if _WEEKDAYS.search(cleaned):
                result = _localize(parsed - timedelta(days=7), z)
            elif ctx.hasTime and not ctx.hasDate:
                result = _localize(parsed - timedelta(days=1), z)
            else:
                result = _localize(parsed.replace(year=parsed.year - 1), z)
    if prefer_past and result > now + _FUTURE_SLACK:
        raise ValidationError(
            "when", f"'{shown(text)}' is in the future; log things that have happened"
        )
    return result.astimezone(UTC)


def _localize(wall: datetime, z: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=z)


def _parse_iso(text: str, z: ZoneInfo) -> datetime | None:
    # A bare date means the middle of that day: midnight would fall on the day before
    # when days start at 04:00.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.combine(date.fromisoformat(text), time(12), tzinfo=z)
        except ValueError:
            return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=z)


def parse_day(text: str, today: date) -> date:
    """Parse a day given as ISO date, 'today', 'yesterday' or 'N days ago'."""
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    m = re.fullmatch(r"(\d{1,4})\s*(d|days?|w|weeks?)\s*(ago)?", t)
    if m:
        n = int(m.group(1))
        return today - timedelta(days=n * (7 if m.group(2).startswith("w") else 1))
    try:
        return date.fromisoformat(t)
    except ValueError as exc:
        raise ValidationError(
            "date",
            f"could not read the date '{shown(text)}' (use YYYY-MM-DD, today, yesterday or '3 days ago')",
        ) from exc
