"""The public entry point: simulate a population and hand back exports with their truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from .life import (
    DRIFT_LABELS,
    Member,
    UidSource,
    assign_kinds,
    make_network,
    make_traits,
    plan_life,
)
from .logbook import build_export
from .world import World, make_world

LABELS = ("ordinary", "retreat", "drift", "isolated", "recovery", "holiday", "sick", "dropout")


@dataclass(slots=True)
class SimPerson:
    """One simulated subject: an ebbtide export and the truth behind it."""

    code: str
    kind: str
    tz: str
    start: date
    end: date
    truth: list[str]
    onsets: list[date]
    ends: list[date | None]
    export: dict[str, Any]
    retreats: list[tuple[date, date]] = field(default_factory=list)
    moves: list[tuple[date, str]] = field(default_factory=list)
    events: list[tuple[date, str]] = field(default_factory=list)

    @property
    def days(self) -> int:
        """Length of the window in local days."""
        return len(self.truth)

    def day(self, i: int) -> date:
        """The local date of day index i."""
        return self.start + timedelta(days=i)

    def drifting(self) -> list[bool]:
        """Per day: is this a drift, isolated or recovery day."""
        return [label in DRIFT_LABELS for label in self.truth]

    def summary(self) -> dict[str, Any]:
        """The truth as plain JSON-able data."""
        return {
            "kind": self.kind,
            "tz": self.tz,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "onsets": [d.isoformat() for d in self.onsets],
            "ends": [d.isoformat() if d else None for d in self.ends],
            "retreats": [[a.isoformat(), b.isoformat()] for a, b in self.retreats],
            "moves": [[d.isoformat(), z] for d, z in self.moves],
            "events": [[d.isoformat(), e] for d, e in self.events],
            "records": sum(
                len(self.export[k])
                for k in (
                    "checkins",
                    "contacts",
                    "solitude",
                    "boundaries",
                    "routine_done",
                    "steps",
                    "reflections",
                )
            ),
            "truth": self.truth,
        }


def _therapy(rng: np.random.Generator, days: int) -> list[int]:
    """Weekly or fortnightly sessions over part of the window."""
    first = int(rng.integers(0, days // 2))
    last = int(rng.integers(first + 30, days + 60))
    gap = int(rng.choice([7, 7, 14]))
    return [d for d in range(first, min(last, days), gap) if rng.random() > 0.08]


def _person(rng: np.random.Generator, world: World, kind: str, code: str) -> SimPerson:
    """Traits, circle, plot and logbook of one subject."""
    uid = UidSource(rng)
    traits = make_traits(rng, kind)
    in_therapy = rng.random() < 0.1
    members = make_network(rng, uid, in_therapy)
    life = plan_life(rng, kind, world, traits, members, uid)
    if in_therapy:
        life.therapy.extend(_therapy(rng, world.days))
    if life.therapy and not any(m.relation == "professional" for m in members):
        first = min(life.therapy)
        members.append(
            Member(
                uid=uid.next(),
                name="my therapist",
                relation="professional",
                closeness=0.6,
                weight=0.0,
                safety=float(rng.uniform(4.0, 5.0)),
                reciprocity=4.0,
                authenticity=4.5,
                channels=np.array([0.75, 0.05, 0.2, 0.0, 0.0]),
                minutes_scale=1.0,
                added=first - 1,
            )
        )
    doc = build_export(rng, world, traits, members, life, code, uid)
    dates = world.dates
    return SimPerson(
        code=code,
        kind=kind,
        tz=life.home,
        start=world.start,
        end=dates[-1],
        truth=life.truth,
        onsets=[dates[d] for d in life.onsets],
        ends=[dates[d] if d is not None else None for d in life.ends],
        export=doc,
        retreats=[(dates[a], dates[b]) for a, b in life.retreats],
        moves=[(dates[d], z) for d, z in life.moves],
        events=sorted((dates[d], e) for d, e in life.events if 0 <= d < world.days),
    )


def simulate(
    n_people: int = 300,
    days: int = 400,
    seed: int = 7,
    end: date = date(2026, 11, 21),
    progress: Callable[[int, int], None] | None = None,
) -> list[SimPerson]:
    """Simulate n_people subjects over the `days` local days ending on `end`."""
    if n_people < 1 or days < 60:
        raise ValueError("need at least one person and 60 days")
    root = np.random.SeedSequence(seed)
    world_seq, kinds_seq, people_seq = root.spawn(3)
    world = make_world(np.random.default_rng(world_seq), end - timedelta(days=days - 1), days)
    kinds = assign_kinds(np.random.default_rng(kinds_seq), n_people)
    out: list[SimPerson] = []
    for i, (kind, seq) in enumerate(zip(kinds, people_seq.spawn(n_people), strict=True)):
        out.append(_person(np.random.default_rng(seq), world, kind, f"sim2-{i + 1:04d}"))
        if progress is not None:
            progress(i + 1, n_people)
    return out
