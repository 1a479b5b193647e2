"""A bucket's small sums, and their total over a cohort.

Every number is a whole count, and every subject is in exactly one bucket, so counts of
people (not only of person-days) add up exactly across buckets, in any order: the total
is the same whichever executor ran the buckets, and however they were split.

Phases are taken as data: counts are lists in the order of ``insights.model.PHASES``,
whatever phases it names; "drift" is the detector's own drifting and isolated codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from ebbtide.insights.model import DRIFTING, ISOLATED, PHASES

DRIFT_PHASES = (DRIFTING, ISOLATED)
"""Phase codes that count as drift for "time to first drift"."""

Counts = list[int]


@dataclass
class Period:
    """One week or month: how many people had any day in it, and how many had each phase."""

    people: int = 0
    phase_people: Counts = field(default_factory=list)


@dataclass
class Partial:
    """Sums over some subjects' daily phases (a bucket's, or a whole cohort's)."""

    phases: list[str] = field(default_factory=lambda: list(PHASES))
    subjects: int = 0
    person_days: int = 0
    days: dict[str, Counts] = field(default_factory=dict)  # ISO day -> person-days per phase
    weeks: dict[str, Period] = field(default_factory=dict)  # Monday -> people
    months: dict[str, Period] = field(default_factory=dict)  # first of the month -> people
    transitions: dict[str, Counts] = field(default_factory=dict)  # "a>b" -> [changes, people]
    first_drift: dict[str, int] = field(default_factory=dict)  # days from first day -> people
    never_drifted: int = 0

    def add(self, other: Partial) -> None:
        """Add another partial's counts to this one."""
        if other.phases != self.phases:
            raise ValueError("partials made with different phase sets cannot be added")
        self.subjects += other.subjects
        self.person_days += other.person_days
        self.never_drifted += other.never_drifted
        for day, counts in other.days.items():
            self.days[day] = _plus(self.days.get(day), counts)
        for mine, theirs in ((self.weeks, other.weeks), (self.months, other.months)):
            for key, p in theirs.items():
                got = mine.setdefault(key, Period(0, [0] * len(self.phases)))
                got.people += p.people
                got.phase_people = _plus(got.phase_people, p.phase_people)
        for key, counts in other.transitions.items():
            self.transitions[key] = _plus(self.transitions.get(key), counts)
        for key, n in other.first_drift.items():
            self.first_drift[key] = self.first_drift.get(key, 0) + n

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with every mapping in sorted order (so equal sums give equal bytes)."""

        def periods(got: dict[str, Period]) -> dict[str, Any]:
            return {
                k: {"people": p.people, "phase_people": list(p.phase_people)}
                for k, p in sorted(got.items())
            }

        return {  # the fields in their order, as ``dataclasses.asdict`` (5x slower) gives
            "phases": list(self.phases),
            "subjects": self.subjects,
            "person_days": self.person_days,
            "days": {k: list(v) for k, v in sorted(self.days.items())},
            "weeks": periods(self.weeks),
            "months": periods(self.months),
            "transitions": {k: list(v) for k, v in sorted(self.transitions.items())},
            "first_drift": dict(sorted(self.first_drift.items(), key=lambda kv: int(kv[0]))),
            "never_drifted": self.never_drifted,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Partial:
        """Read ``as_dict``'s form back."""
        return cls(
            phases=list(d["phases"]),
            subjects=int(d["subjects"]),
            person_days=int(d["person_days"]),
            days={k: list(v) for k, v in d["days"].items()},
            weeks={k: Period(**v) for k, v in d["weeks"].items()},
            months={k: Period(**v) for k, v in d["months"].items()},
            transitions={k: list(v) for k, v in d["transitions"].items()},
            first_drift={k: int(v) for k, v in d["first_drift"].items()},
            never_drifted=int(d["never_drifted"]),
        )


def _plus(a: Counts | None, b: Counts) -> Counts:
    return list(b) if a is None else [x + y for x, y in zip(a, b, strict=True)]


def total(partials: Iterable[Partial]) -> Partial:
    """The sum of some partials."""
    out = Partial()
    for p in partials:
        out.add(p)
    return out


def _period_people(d: pl.DataFrame, unit: str) -> dict[str, Period]:
    n = len(PHASES)
    keyed = d.with_columns(period=pl.col("day").dt.truncate(unit))
    people = keyed.group_by("period").agg(pl.col("subject").n_unique().alias("people"))
    per_phase = keyed.group_by("period", "phase").agg(pl.col("subject").n_unique().alias("n"))
    out = {p.isoformat(): Period(int(k), [0] * n) for p, k in people.iter_rows()}
    for period, phase, k in per_phase.iter_rows():
        out[period.isoformat()].phase_people[int(phase)] = int(k)
    return out


def partial_of(phases: pl.DataFrame) -> Partial:
    """The sums of one bucket's daily phases (``drift.DRIFT`` rows, sorted by subject, day)."""
    n = len(PHASES)
    d = phases.select("subject", "day", "phase")
    out = Partial(subjects=d["subject"].n_unique(), person_days=d.height)
    for day, phase, k in d.group_by("day", "phase").len().iter_rows():
        out.days.setdefault(day.isoformat(), [0] * n)[int(phase)] = int(k)
    out.weeks = _period_people(d, "1w")
    out.months = _period_people(d, "1mo")
    moves = d.with_columns(before=pl.col("phase").shift(1).over("subject")).filter(
        pl.col("before").is_not_null() & (pl.col("before") != pl.col("phase"))
    )
    for before, after, k, people in (
        moves.group_by("before", "phase").agg(pl.len(), pl.col("subject").n_unique()).iter_rows()
    ):
        out.transitions[f"{PHASES[int(before)]}>{PHASES[int(after)]}"] = [int(k), int(people)]
    firsts = d.group_by("subject").agg(
        first=pl.col("day").min(),
        drift=pl.col("day").filter(pl.col("phase").is_in(DRIFT_PHASES)).min(),
    )
    drifted = firsts.filter(pl.col("drift").is_not_null())
    out.never_drifted = firsts.height - drifted.height
    waits = drifted.select((pl.col("drift") - pl.col("first")).dt.total_days().alias("w"))
    for w, k in waits.group_by("w").len().iter_rows():
        out.first_drift[str(int(w))] = int(k)
    return out
