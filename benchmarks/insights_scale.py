"""Insights throughput: all daily phases of a large cohort, and one dense person.

1. 10,000 people × 2 years (≈ 7.3 million person-days) from the demo generator's
   columns: time and peak memory of computing every daily phase (frames → timeline →
   drift), next to one pass that merely reads the same columns (a sum over each), and
   the ratio. Targets: ≤ 15 s, ≤ 4 GB peak, ratio ≤ 5×.
2. One person, 10 years of dense logging (≈ 100,000 records): the full insight report
   from the person's frames. Target ≤ 100 ms. Building those frames from domain records
   is timed separately (reading from the store is not part of the insights).

Run: ``.venv/bin/python benchmarks/insights_scale.py [--quick]`` (--quick: 1,000 people).
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from typing import Any

import numpy as np

from ebbtide.demo import generate, generate_cohort
from ebbtide.insights.frames import frames_from_histories, frames_from_records
from ebbtide.insights.report import build_report, daily_phases

END = date(2026, 11, 21)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_pass(histories: list[Any]) -> float:
    """One pass that touches every column the phases read (a sum over each)."""
    total = 0.0
    for h in histories:
        for cols in h.columns.values():
            for v in cols.values():
                total += float(np.asarray(v).sum())
    return total


def cohort(n: int) -> None:
    """All daily phases for ``n`` people × 730 days."""
    t = time.perf_counter()
    hs = list(generate_cohort(n, days=730, end=END, seed=3))
    records = sum(h.count() for h in hs)
    print(
        f"simulated {n:,} people × 730 days, {records:,} records ({time.perf_counter() - t:.1f} s)"
    )
    base_mb = _peak_mb()
    t = time.perf_counter()
    read_pass(hs)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    frames = frames_from_histories(hs)
    t_frames = time.perf_counter() - t
    phases = daily_phases(frames, start=hs[0].truth.start, end=END)
    t_all = time.perf_counter() - t
    peak = _peak_mb()
    print(f"  person-days:              {phases.height:,}")
    print(f"  all daily phases:         {t_all:.2f} s (frames {t_frames:.2f} s)   target ≤ 15 s")
    print(
        f"  peak memory (process):    {peak / 1024:.2f} GB (after simulating {base_mb / 1024:.2f} GB)   target ≤ 4 GB"
    )
    print(f"  read-only pass:           {t_read:.2f} s")
    print(f"  ratio phases / read-only: {t_all / t_read:.1f}×   goal ≤ 5×")


def dense_person() -> None:
    """One person, ten years, about 100,000 records."""
    t = time.perf_counter()
    h = generate("story", days=3650, end=END, seed=5)
    # Dense logging: ten people's worth of events folded into one person's history.
    extra = [generate("stable", days=3650, end=END, seed=50 + i) for i in range(8)]
    for e in extra:
        for kind, cols in e.columns.items():
            for name in cols:
                h.columns[kind][name] = np.concatenate([h.columns[kind][name], cols[name]])
    for cols in h.columns.values():
        if "person" in cols:  # the extra people's indexes map onto this person's circle
            cols["person"] = np.minimum(cols["person"], len(h.people) - 1)
    records = list(h.records())
    print(
        f"one person × 10 years: {len(records):,} records ({time.perf_counter() - t:.1f} s to simulate)"
    )
    people = {i + 1: n for i, (n, _r) in enumerate(h.people)}
    t = time.perf_counter()
    frames = frames_from_records(records, people=people)
    t_frames = time.perf_counter() - t
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        build_report(frames, END, 365)
        best = min(best, time.perf_counter() - t)
    t = time.perf_counter()
    build_report(frames, END, 3650)
    t_ten = time.perf_counter() - t
    print(
        f"  full insights (365-day report over 10 years of frames): {best * 1000:.0f} ms   target ≤ 100 ms"
    )
    print(f"  full insights, all 3,650 days reported:                 {t_ten * 1000:.0f} ms")
    print(
        f"  frames from {len(records):,} domain records:                  {t_frames * 1000:.0f} ms (separate)"
    )


def main() -> None:
    """Run both measurements."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1,000 people instead of 10,000")
    args = ap.parse_args()
    dense_person()
    cohort(1000 if args.quick else 10_000)


if __name__ == "__main__":
    main()
