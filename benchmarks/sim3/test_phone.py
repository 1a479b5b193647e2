"""Checks for sim3's phone layer: determinism, shape, the outage switch and value ranges.

Run with ``.venv/bin/pytest benchmarks/sim3/test_phone.py`` (not part of ``make test``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from . import SimPerson, simulate
from .phone import KEYS, phone_days

END = date(2026, 11, 21)
COUNTS = ("calls_out", "texted", "people")


@pytest.fixture(scope="module")
def cohort() -> list[SimPerson]:
    return simulate(30, 200, 5, END)


@pytest.fixture(scope="module")
def rows(cohort: list[SimPerson]) -> list[list[dict[str, Any]]]:
    return [phone_days(p, 3, True) for p in cohort]


def test_deterministic(cohort: list[SimPerson], rows: list[list[dict[str, Any]]]) -> None:
    again = [phone_days(p, 3, True) for p in simulate(30, 200, 5, END)]
    assert again == rows
    assert [phone_days(p, 4, True) for p in cohort] != rows


def test_keys_and_types(cohort: list[SimPerson], rows: list[list[dict[str, Any]]]) -> None:
    for p, days in zip(cohort, rows, strict=True):
        assert len(days) == p.days
        for i, r in enumerate(days):
            assert tuple(r) == KEYS
            assert r["day"] == p.day(i) and isinstance(r["day"], date)
            assert isinstance(r["covered_h"], float)
            for k in (*COUNTS, "gps_h", "home_h"):
                assert r[k] is None or isinstance(r[k], float)


def test_outages_change_only_gps(cohort: list[SimPerson], rows: list[list[dict[str, Any]]]) -> None:
    differ = 0
    for p, with_out in zip(cohort, rows, strict=True):
        without = phone_days(p, 3, False)
        for a, b in zip(with_out, without, strict=True):
            assert {k: a[k] for k in KEYS[:5]} == {k: b[k] for k in KEYS[:5]}
            if b["covered_h"] > 0.25:
                assert b["gps_h"] == b["covered_h"]
            differ += a["gps_h"] != b["gps_h"] or a["home_h"] != b["home_h"]
            if a["gps_h"] is not None and a["gps_h"] == b["gps_h"]:
                assert a["home_h"] == b["home_h"]
    assert differ > 0


def test_phone_off_days_are_empty(rows: list[list[dict[str, Any]]]) -> None:
    off = [r for days in rows for r in days if r["covered_h"] == 0]
    assert off
    for r in off:
        assert all(r[k] is None for k in (*COUNTS, "gps_h", "home_h"))


def test_ranges(rows: list[list[dict[str, Any]]]) -> None:
    flat = [r for days in rows for r in days]
    for r in flat:
        assert 0 <= r["covered_h"] <= 24
        if r["gps_h"] is not None:
            assert 0 < r["gps_h"] <= r["covered_h"]
            assert r["home_h"] is not None and 0 <= r["home_h"] <= r["gps_h"]
        else:
            assert r["home_h"] is None
        for k in COUNTS:
            assert r[k] is None or (r[k] >= 0 and r[k] == int(r[k]))
        if r["texted"] is not None:
            assert r["people"] is not None and r["people"] >= r["texted"]
        if r["texted"] is not None or r["calls_out"] is not None:
            assert r["people"] is not None
    assert any(0 < r["covered_h"] < 24 for r in flat)
    assert any(r["covered_h"] == 24 for r in flat)


def test_people_differ(rows: list[list[dict[str, Any]]]) -> None:
    no_log = [days for days in rows if all(r["calls_out"] is None for r in days)]
    assert 0 < len(no_log) < len(rows)
    means = sorted(
        sum(r["texted"] for r in days if r["texted"] is not None)
        / max(1, sum(r["texted"] is not None for r in days))
        for days in rows
        if any(r["texted"] is not None for r in days)
    )
    assert means[-1] > 3 * max(0.1, means[0])
    home = [r["home_h"] / r["gps_h"] for days in rows for r in days if r["home_h"] is not None]
    assert 0.4 < sum(home) / len(home) < 0.95
