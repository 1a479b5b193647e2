"""The weekly mix of check-in states."""

from __future__ import annotations

from datetime import date

from ebbtide import service
from ebbtide.service.context import Context
from ebbtide.service.dashboard import StateWeek, state_mix


def test_states_are_counted_per_local_week(ctx: Context) -> None:
    service.add_checkin(ctx, "connected", when="2026-11-16 09:00")
    service.add_checkin(ctx, "connected", when="2026-11-21 10:00")
    service.add_checkin(ctx, "shut-down", when="2026-11-17 02:30")  # before 04:00: the 16th
    service.add_checkin(ctx, "fawning", when="2026-11-15 23:00")  # Sunday: the week before
    service.add_checkin(ctx, "mobilized", when="2026-01-05 12:00")  # too long ago
    assert state_mix(ctx, weeks=4) == [
        StateWeek(date(2026, 11, 9), "fawning", 1),
        StateWeek(date(2026, 11, 16), "connected", 2),
        StateWeek(date(2026, 11, 16), "shut-down", 1),
    ]


def test_nothing_logged_is_an_empty_mix(ctx: Context) -> None:
    assert state_mix(ctx) == []
