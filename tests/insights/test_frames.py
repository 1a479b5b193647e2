"""Local days and minutes from vectorised UTC offsets match a per-instant zone lookup."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from ebbtide.insights.frames import local_time

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC")


def _reference(at: np.ndarray, tz: str, hour: int) -> tuple[list[object], list[int]]:
    wall = (
        pl.from_epoch(pl.Series(at), time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(tz)
        .dt.replace_time_zone(None)
    ) - pl.duration(hours=hour)
    shifted = pl.select(wall).to_series()
    minute = (shifted.dt.hour().cast(pl.Int32) * 60 + shifted.dt.minute() + hour * 60).to_list()
    return shifted.dt.date().to_list(), minute


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("sparse", [False, True])
def test_local_time_matches_a_lookup_per_instant(tz: str, sparse: bool) -> None:
    rng = np.random.default_rng(len(tz))
    lo = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    hi = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    n = 200 if sparse else 60_000
    # Spread over two years, plus every second around each offset change.
    at = rng.integers(lo, hi, n)
    probe = pl.Series(np.arange(lo, hi, 900))
    offsets = (
        pl.from_epoch(probe, time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(tz)
        .dt.replace_time_zone(None)
        .dt.epoch("s")
        - probe
    ).to_numpy()
    changes = probe.to_numpy()[1:][np.diff(offsets) != 0]
    near = (changes[:, None] + np.arange(-1000, 1000)[None, :]).ravel()
    at = np.concatenate([at, near]).astype(np.int64)
    for hour in (0, 4):
        day, minute = local_time(pl.Series(at), tz, hour)
        ref_day, ref_minute = _reference(at, tz, hour)
        assert day.to_list() == ref_day
        assert minute.to_list() == ref_minute


def test_local_time_keeps_missing_instants_missing() -> None:
    day, minute = local_time(pl.Series([0, None, 86_400]), "Europe/Berlin", 4)
    assert day.null_count() == 1 and day[1] is None and minute[1] is None
    assert day[0] is not None and minute[2] is not None
