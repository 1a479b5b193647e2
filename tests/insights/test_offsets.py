"""Zone offsets from the cached block tables equal the zone asked instant by instant."""

from __future__ import annotations

import numpy as np
import pytest

from ebbtide.insights.frames import _offsets_exact, utc_offsets

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")
# 2023-03-26 01:00 UTC (Berlin springs forward) and 2023-11-05 06:00 UTC (New York falls back)
CHANGES = (1679792400, 1699164000)


def _instants(seed: int, spread_days: float, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    start = 1_640_995_200  # 2022-01-01
    at = start + rng.integers(0, int(spread_days * 86400), n)
    near = np.array([c + d for c in CHANGES for d in (-901, -900, -1, 0, 1, 899, 900)])
    return np.concatenate([at, near]).astype(np.int64)


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize(
    ("spread_days", "n"),
    [(730, 5000), (730, 40), (1.5, 300), (40 * 365, 200)],  # dense, sparse, one day, decades
)
def test_offsets_match_the_zone_instant_by_instant(tz: str, spread_days: float, n: int) -> None:
    at = _instants(len(tz) + n, spread_days, n)
    got = utc_offsets(at, tz)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, _offsets_exact(at, tz))


def test_offsets_before_1970_and_empty() -> None:
    at = np.array([-86400 * 365 * 10, -1, 0, 1], np.int64)
    np.testing.assert_array_equal(
        utc_offsets(at, "Europe/Berlin"), _offsets_exact(at, "Europe/Berlin")
    )
    assert utc_offsets(np.zeros(0, np.int64), "UTC").shape == (0,)


def test_a_second_call_does_not_change_the_first_answer() -> None:
    at = _instants(3, 730, 1000)
    first = utc_offsets(at, "America/New_York")
    first_copy = first.copy()
    utc_offsets(at[:10], "America/New_York")[:] = 0  # a caller writing into its result
    np.testing.assert_array_equal(first, first_copy)
    np.testing.assert_array_equal(utc_offsets(at, "America/New_York"), first_copy)
