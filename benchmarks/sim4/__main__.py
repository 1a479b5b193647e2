"""Command line: write one ebbtide export per simulated person plus truth.json."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from sim4.core import simulate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim4", description=__doc__)
    ap.add_argument("-o", "--out", type=Path, required=True, help="folder to write into")
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 21))
    ap.add_argument("--phone", action="store_true", help="also write phone.json (with outages)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    people = simulate(args.people, args.days, args.seed, args.end)
    args.out.mkdir(parents=True, exist_ok=True)
    for p in people:
        text = json.dumps(p.export, ensure_ascii=False, indent=1) + "\n"
        (args.out / f"{p.code}.json").write_text(text, encoding="utf-8")
    truth = {
        "simulator": "sim4",
        "seed": args.seed,
        "days": args.days,
        "end": args.end.isoformat(),
        "people": {p.code: p.summary() for p in people},
    }
    (args.out / "truth.json").write_text(json.dumps(truth) + "\n", encoding="utf-8")
    if args.phone:
        from sim4.phone import phone_days

        rows = {
            p.code: [r | {"day": r["day"].isoformat()} for r in phone_days(p, args.seed, True)]
            for p in people
        }
        (args.out / "phone.json").write_text(json.dumps(rows) + "\n", encoding="utf-8")
    took = time.perf_counter() - t0
    print(f"wrote {len(people)} exports and truth.json to {args.out} in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
