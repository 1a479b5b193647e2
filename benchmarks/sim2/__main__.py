"""Command line: write one ebbtide export per simulated person plus truth.json."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from . import simulate


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, simulate, write the files and print a progress line."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sim2", description=__doc__)
    ap.add_argument("-o", "--out", required=True, type=Path, help="output directory")
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--end",
        type=date.fromisoformat,
        default=date(2026, 11, 21),
        help="last local day, YYYY-MM-DD",
    )
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tty = sys.stderr.isatty()

    def tick(i: int, n: int) -> None:
        if tty and (i % 10 == 0 or i == n):
            print(f"\rsim2: simulated {i}/{n}", end="", file=sys.stderr, flush=True)

    people = simulate(args.people, args.days, args.seed, args.end, progress=tick)
    t1 = time.perf_counter()
    records = 0
    truth = {}
    for p in people:
        (out / f"{p.code}.json").write_text(
            json.dumps(p.export, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        summary = p.summary()
        records += int(summary["records"])
        truth[p.code] = summary
    meta = {"seed": args.seed, "days": args.days, "end": args.end.isoformat(), "people": truth}
    (out / "truth.json").write_text(
        json.dumps(meta, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    t2 = time.perf_counter()
    kinds: dict[str, int] = {}
    for p in people:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    mix = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    lead = "\r" if tty else ""
    print(
        f"{lead}sim2: {len(people)} people x {args.days} days, seed {args.seed},"
        f" {records} records -> {out} (simulate {t1 - t0:.1f}s, write {t2 - t1:.1f}s; {mix})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
