"""Insert records through the service layer into a SQLite file and report the speed.

Usage: python benchmarks/store_insert.py [--records 100000] [--quick]

Prints records per second for one-transaction-per-record inserts (what a person's
check-in does) and the p50/p95/p99 latency of a single check-in insert; then the same
history written in one transaction through the demo seeding path, for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ebbtide import service
from ebbtide.demo import generate
from ebbtide.service.context import open_context
from ebbtide.service.demo_data import seed_history

STATES = ("connected", "mobilized", "shut-down", "fawning")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 records instead")
    args = parser.parse_args()
    n = 10_000 if args.quick else args.records
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(str(Path(tmp) / "bench.db"), tz="Europe/Berlin")
        latencies: list[float] = []
        people = ["Sam", "Lea", "Noor", "a neighbour"]
        start = time.perf_counter()
        for i in range(n):
            t = time.perf_counter()
            kind = i % 10
            if kind < 6:
                service.add_checkin(ctx, STATES[i % 4], intensity=1 + i % 5, body="tight-chest")
                latencies.append(time.perf_counter() - t)
            elif kind < 9:
                service.add_contact(
                    ctx, [people[i % 4]], create_missing=True, safety=1 + i % 5, minutes=20
                )
            else:
                service.add_solitude(ctx, "nature", minutes=45, chosen=True)
        elapsed = time.perf_counter() - start
        size = Path(tmp, "bench.db").stat().st_size
        ctx.close()

        ctx2 = open_context(str(Path(tmp) / "bulk.db"), tz="Europe/Berlin")
        h = generate("story", days=3650, seed=1, tz="Europe/Berlin")
        t = time.perf_counter()
        bulk = seed_history(ctx2, h)
        bulk_elapsed = time.perf_counter() - t
        ctx2.close()

    ms = [x * 1000 for x in latencies]
    print(f"ebbtide store insert benchmark — SQLite file, WAL, synchronous=FULL, {n:,} records")
    print(f"{'measure':<44}{'value':>14}")
    print(f"{'records/s, one transaction per record':<44}{n / elapsed:>14,.0f}")
    print(f"{'check-in insert p50 (ms)':<44}{statistics.median(ms):>14.2f}")
    print(f"{'check-in insert p95 (ms)':<44}{percentile(ms, 95):>14.2f}")
    print(f"{'check-in insert p99 (ms)   target <= 5':<44}{percentile(ms, 99):>14.2f}")
    print(f"{'database size (MB)':<44}{size / 1e6:>14.1f}")
    print(
        f"{'10-year demo history, one transaction: rec/s':<44}{bulk / bulk_elapsed:>14,.0f}  ({bulk:,} records)"
    )


if __name__ == "__main__":
    main()
