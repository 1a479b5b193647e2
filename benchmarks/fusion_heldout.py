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
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
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


def phone_frame(person: Any, seed: int, outages: bool) -> pl.DataFrame:
    """The phone layer's days for one sim3 person as the insights' ``PASSIVE_DAY`` frame."""
    from benchmarks.sim3.phone import phone_days

    from ebbtide.insights.passive_evidence import PASSIVE_DAY

    rows = phone_days(person, seed, outages)
    cols = {name: [r[name] for r in rows] for name in PASSIVE_DAY}
    return pl.DataFrame(cols, schema=PASSIVE_DAY)


def phases_for(people: list[Any], where: Path, phone: PhoneFor) -> list[list[str]]:
    """Each person's daily phase word, read through the real import and insight path."""
    import ebbtide.service.passive as passive
    from ebbtide.insights.passive_evidence import passive_evidence
    from ebbtide.service.context import open_context
    from ebbtide.service.insights import insight_report
    from ebbtide.service.transfer import import_file

    db = str(where / "cohort.db")
    original = passive.passive_evidence_for
    out: list[list[str]] = []
    try:
        for p in people:
            days = phone(p)
            passive.passive_evidence_for = (  # type: ignore[assignment]
                lambda _ctx, d=days: None if d is None else passive_evidence(d)
            )
            path = where / f"{p.code}.json"
            path.write_text(json.dumps(p.export), encoding="utf-8")
            ctx = open_context(db, subject=p.code, passphrase=None)
            try:
                import_file(ctx, path)
                report = insight_report(ctx, as_of=p.end, days=p.days)
            finally:
                ctx.close()
            path.unlink()
            by_day = {ph.day: ph.phase for ph in report.phases}
            out.append([by_day.get(p.day(i), "none") for i in range(p.days)])
    finally:
        passive.passive_evidence_for = original
    return out


def outage_alarms(with_outages: list[np.ndarray[Any, Any]], without: list[Any]) -> int:
    """Flagged runs with GPS outages during which the same person without them is never flagged."""
    caused = 0
    for a, b in zip(with_outages, without, strict=True):
        starts = np.flatnonzero(a & ~np.r_[False, a[:-1]])
        ends = np.flatnonzero(a & ~np.r_[a[1:], False])
        caused += sum(not b[s : e + 1].any() for s, e in zip(starts, ends, strict=True))
    return caused


def main() -> None:
    """Simulate, read the three ways, print the comparison."""
    from benchmarks.sim3 import simulate

    from drift_eval import Case, print_table, table
    from drift_eval.cohorts import _SIM3_KIND, _contacts_per_day

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=300)
    ap.add_argument("--days", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t0 = time.perf_counter()
    people = simulate(n_people=args.people, days=args.days, seed=args.seed, end=END)
    print(f"sim3: {args.people} people × {args.days} days, seed {args.seed}", flush=True)
    variants: dict[str, PhoneFor] = {
        "self-reports only": lambda _p: None,
        "fused with phone": lambda p: phone_frame(p, 1000 + int(p.code[-4:]), True),
        "fused, no GPS outages": lambda p: phone_frame(p, 1000 + int(p.code[-4:]), False),
    }
    phases: dict[str, list[list[str]]] = {}
    for label, phone in variants.items():
        with tempfile.TemporaryDirectory() as tmp:
            phases[label] = phases_for(people, Path(tmp), phone)
        print(f"  {label}: read in {time.perf_counter() - t0:.0f} s", flush=True)

    def cases(label: str) -> list[Case]:
        return [
            Case(
                kind=_SIM3_KIND.get(p.kind, "other"),
                labels=list(p.truth),
                onsets=[(d - p.start).days for d in p.onsets],
                ends=[None if e is None else (e - p.start).days for e in p.ends],
                retreats=[((a - p.start).days, (b - p.start).days) for a, b in p.retreats],
                contacts=_contacts_per_day(p.export, p.start, p.days),
                phases=ph,
            )
            for p, ph in zip(people, phases[label], strict=True)
        ]

    flags = {
        label: [np.isin(np.array(ph), ("drifting", "isolated")) for ph in rows]
        for label, rows in phases.items()
    }
    columns = {label: table(cases(label), flags[label]) for label in list(variants)[:2]}
    print_table(
        f"Phone signals fused into drift, sim3 + its phone layer (seed {args.seed})", columns
    )
    caused = outage_alarms(flags["fused with phone"], flags["fused, no GPS outages"])
    print(f"alarms caused by GPS outages alone: {caused}")
    print(f"({time.perf_counter() - t0:.0f} s in all)")


if __name__ == "__main__":
    main()
