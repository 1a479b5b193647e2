"""sim3's public face: SimPerson and simulate()."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .diary import Diary
from .story import KINDS, draw_traits, draw_zone, make_story
from .world import ZONE_INFO, Regions, stream

LABELS = ("ordinary", "retreat", "drift", "isolated", "recovery", "holiday", "sick", "dropout")
DRIFT_LABELS = frozenset({"drift", "isolated", "recovery"})
MIN_DAYS = 60


@dataclass
class SimPerson:
    """One simulated subject: an ebbtide export and the lived truth behind it."""

    code: str
    kind: str
    tz: str
    start: date
    end: date
    truth: list[str]
    onsets: list[date]
    ends: list[date | None]
    export: dict[str, Any]
    retreats: list[tuple[date, date]]
    moves: list[tuple[date, str]] = field(default_factory=list)
    events: list[tuple[date, str]] = field(default_factory=list)
    traits: list[str] = field(default_factory=list)
    lived_contacts: list[int] = field(default_factory=list)
    logged: list[bool] = field(default_factory=list)

    @property
    def days(self) -> int:
        """Length of the window in local days."""
        return len(self.truth)

    def day(self, i: int) -> date:
        """The local date of day index i."""
        return self.start + timedelta(days=i)

    def drifting(self) -> list[bool]:
        """Per day: is this a drift, isolated or recovery day."""
        return [t in DRIFT_LABELS for t in self.truth]

    def records(self) -> int:
        """How many records the export holds (people and routines not counted)."""
        sections = ("checkins", "contacts", "solitude", "boundaries", "routine_done", "steps")
        return sum(len(self.export[s]) for s in (*sections, "reflections"))

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
            "traits": list(self.traits),
            "records": self.records(),
            "truth": list(self.truth),
        }


def _kinds(rng: random.Random, n: int) -> list[str]:
    """The storyline mix by largest-remainder rounding, shuffled."""
    total = sum(KINDS.values())
    quotas = {k: n * v / total for k, v in KINDS.items()}
    counts = {k: int(q) for k, q in quotas.items()}
    rest = sorted(KINDS, key=lambda k: (-(quotas[k] - counts[k]), k))
    for k in rest[: n - sum(counts.values())]:
        counts[k] += 1
    out = [k for k in KINDS for _ in range(counts[k])]
    rng.shuffle(out)
    return out


def _person(seed: int, i: int, kind: str, start: date, days: int, regions: Regions) -> SimPerson:
    rng = stream("sim3-person", seed, i, start.isoformat(), days)
    code = f"sim3-{i + 1:04d}"
    tz = draw_zone(rng)
    while kind == "seasonal-drift" and ZONE_INFO[tz][0] == 0:
        tz = draw_zone(rng)
    traits = draw_traits(rng, tz, kind)
    story = make_story(rng, kind, start, days, traits)
    diary = Diary(rng, code, tz, traits, story, regions.shocks(tz), start)
    diary.run()
    export = diary.export()

    def d(t: int) -> date:
        return start + timedelta(days=t)

    return SimPerson(
        code=code,
        kind=kind,
        tz=export["subject"]["tz"],
        start=start,
        end=start + timedelta(days=days - 1),
        truth=story.truth(),
        onsets=[d(t) for t in story.onsets],
        ends=[d(t) if t is not None else None for t in story.ends],
        export=export,
        retreats=[(d(a), d(b)) for a, b, _ in story.retreats],
        moves=[(d(t), z) for t, z in story.moves],
        events=[(d(t), e) for t, e in story.events],
        traits=traits.labels(),
        lived_contacts=diary.lived_contacts,
        logged=diary.logged,
    )


def simulate(
    n_people: int = 300,
    days: int = 400,
    seed: int = 7,
    end: date = date(2026, 11, 21),
    progress: Callable[[int, int], None] | None = None,
) -> list[SimPerson]:
    """Simulate n_people subjects over the `days` local days ending on `end`."""
    if days < MIN_DAYS:
        raise ValueError(f"sim3 needs a window of at least {MIN_DAYS} days (got {days})")
    if n_people < 0:
        raise ValueError("n_people must not be negative")
    start = end - timedelta(days=days - 1)
    kinds = _kinds(stream("sim3-mix", seed, n_people), n_people)
    regions = Regions(seed, start, days)
    people = []
    for i, kind in enumerate(kinds):
        people.append(_person(seed, i, kind, start, days, regions))
        if progress:
            progress(i + 1, n_people)
    return people
