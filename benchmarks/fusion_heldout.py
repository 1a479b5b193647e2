"""Phone signals fused into drift, measured on people nobody here tuned on.

sim3 (``benchmarks/sim3``) simulates self-logged social lives; its phone layer
(``benchmarks/sim3/phone.py``) turns what each person actually lived into what a phone would
record that day. Both were written by people who had not seen ebbtide's detector or its
passive code. Each person's export goes through ``ebbtide import`` into a real SQLite store
and the insights are read back through ``insight_report``, three times:

* self-reports only (no phone data);
* fused with the phone's days, GPS outages included;
* fused with the same phone days without GPS outages (everything else identical), to count
  the alarms caused by GPS outages alone: a flagged run, with outages, during which the same
  person without outages is never flagged.

The phone's days reach the insights where the store's would (``passive_evidence_for``), so
the detector, the fusion rules and the sentences are the product's own.

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/fusion_heldout.py [--people 300]
        [--sim sim3|sim4]

``--sim sim4`` reads the fourth simulator and its own phone layer (``benchmarks/sim4``,
written on 3 Dec 2026 by a helper who saw neither the detector nor any phone code here).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]

END = date(2026, 11, 21)

PhoneFor = Callable[[Any], pl.DataFrame | None]


def phone_frame(person: Any, seed: int, outages: bool, sim: str = "sim3") -> pl.DataFrame:
    """The phone layer's days for one sim3 (or sim4) person as the ``PASSIVE_DAY`` frame."""
    import importlib

    from ebbtide.insights.passive_evidence import PASSIVE_DAY

    rows = importlib.import_module(f"{sim}.phone").phone_days(person, seed, outages)
    cols = {name: [r[name] for r in rows] for name in PASSIVE_DAY}
    return pl.DataFrame(cols, schema=PASSIVE_DAY)


def main() -> None:
    """Simulate, read the three ways, print the comparison."""
    import importlib

    from drift_eval import outage_alarms, phone_shift, print_phone_shift, print_table, table
    from drift_eval.cohorts import KINDS, imported_cases
    from ebbtide.insights.passive_evidence import passive_evidence

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sim", choices=("sim3", "sim4"), default="sim3", help="which simulator")
    args = ap.parse_args()

    t0 = time.perf_counter()
    simulate = importlib.import_module(args.sim).simulate
    people = simulate(n_people=args.people, days=args.days, seed=args.seed, end=END)
    print(f"{args.sim}: {args.people} people × {args.days} days, seed {args.seed}", flush=True)

    def seed_of(p: Any) -> int:
        return 1000 + int(p.code[-4:])

    def fused(outages: bool) -> PhoneFor:
        def evidence(p: Any) -> Any:
            return passive_evidence(phone_frame(p, seed_of(p), outages, args.sim))

        return evidence

    variants: dict[str, PhoneFor | None] = {
        "self-reports only": None,
        "fused with phone": fused(True),
        "fused, no GPS outages": fused(False),
    }
    flags = {}
    columns = {}
    for label, phone in variants.items():
        cases = imported_cases(people, KINDS[args.sim], phone=phone)
        flags[label] = [np.isin(np.array(c.phases), ("drifting", "isolated")) for c in cases]
        if label != "fused, no GPS outages":
            columns[label] = table(cases, flags[label])
        print(f"  {label}: read in {time.perf_counter() - t0:.0f} s", flush=True)
    print_table(
        f"Phone signals fused into drift, {args.sim} + its phone layer (seed {args.seed})",
        columns,
    )
    caused = outage_alarms(flags["fused with phone"], flags["fused, no GPS outages"])
    print(f"alarms caused by GPS outages alone: {caused}")
    drifting = (p for p in people if p.onsets)
    print_phone_shift(
        phone_shift((phone_frame(p, seed_of(p), True, args.sim), p.onsets[0]) for p in drifting)
    )
    print(f"({time.perf_counter() - t0:.0f} s in all)")


if __name__ == "__main__":
    main()
