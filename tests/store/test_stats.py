"""Lean dashboard queries."""

from __future__ import annotations

from datetime import UTC, datetime

from ebbtide import service
from ebbtide.service.context import Context
from ebbtide.store.stats import checkin_states


def test_checkin_states_in_a_window_oldest_first(ctx: Context) -> None:
    service.add_checkin(ctx, "fawning", when="2026-11-20 08:00")
    service.add_checkin(ctx, "connected", when="2026-11-19 08:00")
    service.add_checkin(ctx, "mobilized", when="2026-11-01 08:00")
    lo, hi = datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC)
    with ctx.store.reading() as conn:
        rows = checkin_states(conn, ctx.subject_id, lo, hi)
    assert [(at.day, tz, s) for at, tz, s in rows] == [
        (19, "Europe/Berlin", "connected"),
        (20, "Europe/Berlin", "fawning"),
    ]
