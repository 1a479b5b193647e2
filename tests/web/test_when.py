"""The "when" of a web form: shortcuts read as people mean them, at any hour."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ebbtide.domain.errors import ValidationError
from ebbtide.service.context import open_context
from ebbtide.web.forms import WHEN_CHOICES, when

TZ = "Europe/Berlin"  # UTC+1 in November


def at(month_day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, month_day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "choice", "expected"),
    [
        # 15:00 in Berlin.
        (at(21, 14), "now", None),
        (at(21, 14), "earlier", at(21, 11)),
        (at(21, 14), "morning", at(21, 8)),
        (at(21, 14), "last-night", at(20, 22)),
        (at(21, 14), "yesterday-evening", at(20, 18)),
        # 01:30 in Berlin, still the evening's day (days start at 04:00).
        (at(21, 0, 30), "last-night", at(20, 22)),
        (at(21, 0, 30), "yesterday-evening", at(20, 18)),
        (at(21, 0, 30), "morning", at(21, 0, 30)),  # 09:00 lies ahead: read as now
        (at(21, 0, 30), "earlier", at(20, 21, 30)),
        # 05:00 in Berlin: "earlier today" does not reach back before the day began.
        (at(21, 4), "earlier", at(21, 3)),
    ],
)
def test_shortcuts(tmp_path: Path, now: datetime, choice: str, expected: datetime | None) -> None:
    ctx = open_context(str(tmp_path / "w.db"), tz=TZ, clock=lambda: now)
    try:
        got = when(ctx, {"when": choice})
        assert (got.astimezone(UTC) if got else None) == expected
        assert got is None or got <= now
    finally:
        ctx.close()


def test_every_shortcut_is_understood(tmp_path: Path) -> None:
    ctx = open_context(str(tmp_path / "w.db"), tz=TZ, clock=lambda: at(21, 14))
    try:
        for code, _label in WHEN_CHOICES:
            if code != "other":
                when(ctx, {"when": code})
        with pytest.raises(ValidationError, match="date or the time"):
            when(ctx, {"when": "other"})
        with pytest.raises(ValidationError, match="choose when"):
            when(ctx, {"when": "next week"})
    finally:
        ctx.close()
