"""Per-worker peak memory follows the bucket size, not the cohort size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ebbtide.cohort.simulated import write_simulated
from ebbtide.demo import ARCHETYPES, generate
from ebbtide.service.cohort import run_cohort

pytestmark = pytest.mark.slow
END = date(2026, 11, 21)


def _make(i: int) -> object:
    return generate(
        ARCHETYPES[i % len(ARCHETYPES)], days=730, end=END, seed=i, subject=f"p-{i:05d}"
    )


def _worker_peak(tmp_path: Path, people: int, bucket_size: int) -> tuple[int, float]:
    """Buckets, and the highest peak RSS (MB) of a fresh 2-worker LocalCluster's workers."""
    ds = tmp_path / f"ds-{people}-{bucket_size}"
    write_simulated(
        ds, [f"p-{i:05d}" for i in range(people)], _make, bucket_size=bucket_size, version="test"
    )
    done = run_cohort(
        ds, tmp_path / f"out-{people}-{bucket_size}", executor="dask", workers=2, memory="1GB"
    )
    assert done.subjects == people
    return done.buckets, max(r.stats.peak_rss_mb for r in done.results)


def test_peak_memory_per_worker_depends_on_bucket_size_not_cohort_size(tmp_path: Path) -> None:
    small_buckets, small = _worker_peak(tmp_path, 24, 6)
    big_buckets, big = _worker_peak(tmp_path, 96, 6)
    whole_buckets, whole = _worker_peak(tmp_path, 96, 96)  # the big cohort as one bucket
    assert (small_buckets, big_buckets, whole_buckets) == (4, 16, 1)
    # The measurement can see a cohort's size: all 96 people in one task cost clearly more...
    assert whole - small > 40, (small, whole)
    # ...but four times the people in buckets of the same size cost (nearly) nothing more.
    assert big - small < 0.25 * (whole - small), (small, big, whole)
