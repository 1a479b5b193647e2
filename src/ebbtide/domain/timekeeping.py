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
FIRST_YEAR = 1900
LAST_YEAR = 2100
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
"""The first instant ebbtide keeps: every input path (CLI, forms, API, imports) checks it."""
LATEST = datetime(LAST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
"""The last instant ebbtide keeps."""
OUT_OF_RANGE = "{what} must be between {first} and {last} (got {got})"
FUTURE_SLACK = timedelta(minutes=5)
"""How far ahead of the clock a logged moment may be (clocks differ a little)."""
_FUTURE_SLACK = FUTURE_SLACK
MAX_OFFSET = timedelta(hours=14)
"""The widest UTC offset any place uses (Kiribati, +14:00)."""
_CLOCK = re.compile(r"(?<![\d.:+-])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d])")
_SIGNED_AGO = re.compile(
    r"[-+−]\s*\d+\s*(s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?"
    r"|months?|y|years?)\b",
    re.IGNORECASE,
)
_ISO_LIKE = re.compile(r"\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}")
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


def check_instant(what: str, moment: datetime) -> datetime:
    """Refuse an instant outside the years ebbtide keeps (1900-2100); return it unchanged."""
    utc = to_utc(moment)
    if not EARLIEST <= utc <= LATEST:
        raise ValidationError(
            what,
            OUT_OF_RANGE.format(
                what=what, first=FIRST_YEAR, last=LAST_YEAR, got=f"year {moment.year}"
            ),
        )
    return moment


def check_day(what: str, day: date) -> date:
    """Refuse a local day outside the years ebbtide keeps; return it unchanged."""
    if not isinstance(day, date) or not FIRST_YEAR <= day.year <= LAST_YEAR:
        got = f"year {day.year}" if isinstance(day, date) else "not a date"
        raise ValidationError(
            what, OUT_OF_RANGE.format(what=what, first=FIRST_YEAR, last=LAST_YEAR, got=got)
        )
    return day


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
    check_day("a date", day)
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
    if not cleaned or len(cleaned) > 100 or not cleaned.isprintable():
        raise ValidationError("when", f"could not understand the time '{shown(text)}'")
    _refuse_impossible(text, cleaned)
    iso = _parse_iso(text, cleaned, z)
    if iso is not None:
        result = iso
    else:
        unclear = ValidationError(
            "when", f"could not understand the time '{shown(text)}' (try \"yesterday 9pm\")"
        )
        cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
        try:
            parsed, ctx = cal.parseDT(cleaned, sourceTime=source)
        except (ValueError, OverflowError, ArithmeticError):
            raise unclear from None
        if not (ctx.hasDate or ctx.hasTime):
            raise unclear
        result = _localize(parsed, z)
        if prefer_past and result > now + _FUTURE_SLACK and not _FORWARD_WORDS.search(cleaned):
            try:
                if _WEEKDAYS.search(cleaned):
                    result = _localize(parsed - timedelta(days=7), z)
                elif ctx.hasTime and not ctx.hasDate:
                    result = _localize(parsed - timedelta(days=1), z)
                else:
                    result = _localize(parsed.replace(year=parsed.year - 1), z)
            except (ValueError, OverflowError):
                pass  # no such day a year earlier (29 February): left as said, refused below
    if not EARLIEST <= result <= LATEST:
        raise ValidationError(
            "when",
            OUT_OF_RANGE.format(
                what=f"'{shown(text)}'", first=FIRST_YEAR, last=LAST_YEAR, got=f"year {result.year}"
            ),
        )
    if prefer_past and result > now + _FUTURE_SLACK:
        raise ValidationError(
            "when", f"'{shown(text)}' is in the future; log things that have happened"
        )
    return result.astimezone(UTC)


def _refuse_impossible(text: str, cleaned: str) -> None:
    """Errors, not guesses: a clock time that does not exist, or "-5 days ago"."""
    for m in _CLOCK.finditer(cleaned):
        hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValidationError(
                "when", f"'{shown(text)}' has a clock time that does not exist ({m.group(0)})"
            )
    if _SIGNED_AGO.search(cleaned) and not _ISO_LIKE.match(cleaned):
        raise ValidationError(
            "when", f"'{shown(text)}': write how long ago without a sign, e.g. '5 days ago'"
        )


def _localize(wall: datetime, z: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=z)


def _parse_iso(original: str, text: str, z: ZoneInfo) -> datetime | None:
    """A date or time written the ISO way, read exactly; None if it is not ISO-like.

    Anything that starts like an ISO date must be one: a wrong month, day, clock time or
    offset is an error rather than a guess by the natural-language parser.
    """
    if not _ISO_LIKE.match(text):
        return None
    bad = ValidationError(
        "when",
        f"'{shown(original)}' is not a real date and time "
        "(write e.g. 2026-11-03 or 2026-11-03 19:30, offsets up to ±14:00)",
    )
    # A bare date means the middle of that day: midnight would fall on the day before
    # when days start at 04:00.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.combine(date.fromisoformat(text), time(12), tzinfo=z)
        except ValueError:
            raise bad from None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise bad from None
    if value.tzinfo is None:
        return value.replace(tzinfo=z)
    offset = value.utcoffset()
    if offset is None or abs(offset) > MAX_OFFSET:
        raise bad
    return value


def parse_day(text: str, today: date) -> date:
    """Parse a day given as ISO date, 'today', 'yesterday' or 'N days ago'."""
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    m = re.fullmatch(r"(\d{1,5})\s*(d|days?|w|weeks?)\s*(ago)?", t)
    if m:
        n = int(m.group(1)) * (7 if m.group(2).startswith("w") else 1)
        if n > (today - date(FIRST_YEAR, 1, 1)).days:
            raise ValidationError(
                "date",
                OUT_OF_RANGE.format(
                    what=f"'{shown(text)}'", first=FIRST_YEAR, last=LAST_YEAR, got="too long ago"
                ),
            )
        return today - timedelta(days=n)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            raise ValueError(t)
        day = date.fromisoformat(t)
    except ValueError as exc:
        raise ValidationError(
            "date",
            f"could not read the date '{shown(text)}' (use YYYY-MM-DD, today, yesterday or '3 days ago')",
        ) from exc
    return check_day(f"'{shown(text)}'", day)
