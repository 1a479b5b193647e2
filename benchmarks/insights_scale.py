"""Insights throughput: all daily phases of a large cohort, and one dense person.

1. 10,000 people × 2 years (≈ 7.3 million person-days) from the demo generator's
   columns, streamed in chunks (``--chunk``, default 1,000 people): each chunk is
   simulated (not timed), read once, turned into frames and phases; only the phases are
   kept. Reported: time and peak memory of computing every daily phase (frames →
   timeline → drift), next to one columnar pass that merely reads the same columns (each
   column the frames read, gathered across the chunk and summed), and the ratio; wall
   and CPU time, since the machine may be shared. Targets: ≤ 15 s, ≤ 4 GB peak, ratio
   ≤ 5×. With ``--quick`` there is one chunk, so one-time warm-up costs are not spread.
2. One person, 10 years of dense logging (≈ 100,000 records): the full insight report
   from the person's frames. Target ≤ 100 ms. Building those frames from domain records
   is timed separately (reading from the store is not part of the insights).

Run: ``.venv/bin/python benchmarks/insights_scale.py [--quick]`` (--quick: 1,000 people).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from datetime import date
from itertools import chain
from typing import Any

import numpy as np
import polars as pl

from ebbtide.demo import generate, generate_cohort
from ebbtide.demo.frames import COLUMN_MAP, frames_from_histories
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.report import build_report, daily_phases

END = date(2026, 11, 21)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_pass(histories: list[Any]) -> float:
    """One columnar pass over every column the phases read (``frames_from_histories``
    reads exactly these): each column gathered across the chunk and summed."""
    total = 0.0
    for src, (_kind, _schema, names) in COLUMN_MAP.items():
        for name in ("at", *names):
            total += float(np.concatenate([h.columns[src][name] for h in histories]).sum())
    for pairs in ([h.routine_done for h in histories], [h.reflections for h in histories]):
        flat = chain.from_iterable(chain.from_iterable(pairs))
        total += float(np.fromiter(flat, np.int64).sum())
    total += float(sum(s[0] + s[2] + s[3] for h in histories for s in h.steps))
    return total


def cohort(n: int, chunk: int) -> None:
    """All daily phases for ``n`` people × 730 days, streamed ``chunk`` people at a time.

    Each chunk is simulated (not timed), read once (timed: the read-only pass) and turned
    into frames and phases (timed); only the phases are kept.
    """
    t_sim = t_read = t_frames = t_all = 0.0
    c_read = c_all = 0.0
    records = 0
    kept: list[pl.DataFrame] = []
    people = generate_cohort(n, days=730, end=END, seed=3)
    start = None
    for first in range(0, n, chunk):
        t = time.perf_counter()
        hs = list(itertools.islice(people, chunk))
        t_sim += time.perf_counter() - t
        records += sum(h.count() for h in hs)
        start = hs[0].truth.start
        t, c = time.perf_counter(), time.process_time()
        read_pass(hs)
        t_read += time.perf_counter() - t
        c_read += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        frames = frames_from_histories(hs)
        t_frames += time.perf_counter() - t
        phases = daily_phases(frames, start=start, end=END)
        kept.append(phases.with_columns(pl.col("subject") + first))
        t_all += time.perf_counter() - t
        c_all += time.process_time() - c
        del hs, frames, phases
    t, c = time.perf_counter(), time.process_time()
    result = pl.concat(kept)
    t_all += time.perf_counter() - t
    c_all += time.process_time() - c
    peak = _peak_mb()
    print(
        f"simulated {n:,} people × 730 days in chunks of {chunk:,}, {records:,} records "
        f"({t_sim:.1f} s to simulate, not timed)"
    )
    print(f"  person-days:              {result.height:,}")
    print(
        f"  all daily phases:         {t_all:.2f} s wall, {c_all:.2f} s CPU "
        f"(frames {t_frames:.2f} s)   target ≤ 15 s"
    )
    print(f"  peak memory (process):    {peak / 1024:.2f} GB   target ≤ 4 GB")
    print(f"  read-only pass:           {t_read:.2f} s wall, {c_read:.2f} s CPU")
    print(
        f"  ratio phases / read-only: {t_all / t_read:.1f}× wall, {c_all / c_read:.1f}× CPU"
        "   goal ≤ 5×"
    )


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
    ap.add_argument("--chunk", type=int, default=1000, help="people per streamed chunk")
    args = ap.parse_args()
    dense_person()
    cohort(1000 if args.quick else 10_000, args.chunk)


if __name__ == "__main__":
    main()
