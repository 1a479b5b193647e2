"""The demo keeps to its own file, is made afresh on a new day, and never reaches past now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from ebbtide import service
from ebbtide.service.context import open_context
from ebbtide.service.histories import (
    demo_db_for,
    ensure_demo,
    has_own_history,
    is_demo,
    start_own_history,
)

TZ = "Europe/Berlin"
DAY1 = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


def test_the_demo_file_sits_beside_the_own_one(tmp_path: Path) -> None:
    assert demo_db_for(str(tmp_path / "ebbtide.db")) == str(tmp_path / "ebbtide-demo.db")
    assert demo_db_for("postgresql://u@127.0.0.1/clinic") is None


def test_own_history_begins_with_a_record_or_the_button(tmp_path: Path) -> None:
    own = str(tmp_path / "ebbtide.db")
    assert not has_own_history(own)
    open_context(own).close()  # e.g. `ebbtide today` made an empty file
    assert not has_own_history(own)
    ctx = start_own_history(own, tz=TZ, clock=lambda: DAY1)
    try:
        assert service.log(ctx) == [] and not is_demo(ctx)
    finally:
        ctx.close()
    assert has_own_history(own)
    other = str(tmp_path / "other.db")
    ctx = open_context(other, tz=TZ)
    service.add_checkin(ctx, "connected")
    ctx.close()
    assert has_own_history(other)


def test_demo_is_made_once_a_day_and_ends_now(tmp_path: Path) -> None:
    demo = str(tmp_path / "ebbtide-demo.db")
    ensure_demo(demo, tz=TZ, clock=lambda: DAY1, days=40)
    ctx = open_context(demo, tz=TZ, clock=lambda: DAY1)
    first = service.log(ctx)
    assert first and max(e.at for e in first) <= DAY1 and is_demo(ctx)
    ctx.close()
    ensure_demo(demo, tz=TZ, clock=lambda: DAY1 + timedelta(hours=1), days=40)
    ctx = open_context(demo, tz=TZ)
    assert [e.record.uid for e in service.log(ctx)] == [e.record.uid for e in first]
    ctx.close()
    day2 = DAY1 + timedelta(days=3)
    ensure_demo(demo, tz=TZ, clock=lambda: day2, days=40)
    ctx = open_context(demo, tz=TZ, clock=lambda: day2)
    again = service.log(ctx)
    ctx.close()
    assert {e.record.uid for e in again}.isdisjoint(e.record.uid for e in first)
    assert max(e.at for e in again) > DAY1 + timedelta(days=1)
    assert max(e.at for e in again) <= day2
