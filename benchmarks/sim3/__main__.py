"""Command line: write one ebbtide export per simulated person plus truth.json."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

from .core import simulate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.sim3",
        description="Command line: write one ebbtide export per simulated person plus truth.json.",
    )
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
    t0 = time.perf_counter()
    people = simulate(args.people, args.days, args.seed, args.end)
    t1 = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    records = 0
    for p in people:
        text = json.dumps(p.export, ensure_ascii=False, indent=2) + "\n"
        (args.out / f"{p.code}.json").write_text(text, encoding="utf-8")
        records += p.records()
    truth = {
        "seed": args.seed,
        "days": args.days,
        "end": args.end.isoformat(),
        "people": {p.code: p.summary() for p in people},
    }
    (args.out / "truth.json").write_text(json.dumps(truth, separators=(",", ":")) + "\n")
    t2 = time.perf_counter()
    kinds = Counter(p.kind for p in people)
    mix = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(
        f"sim3: {len(people)} people x {args.days} days, seed {args.seed}, {records} records "
        f"-> {args.out} (simulate {t1 - t0:.1f}s, write {t2 - t1:.1f}s; {mix})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
