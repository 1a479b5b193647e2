"""The demo generator is deterministic, realistic enough, and tells the truth it used."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from ebbtide.demo import ARCHETYPES, generate, generate_cohort
from ebbtide.demo.generator import DRIFTING, ISOLATED, RESTORING
from ebbtide.domain.records import CheckIn, Contact, Person, Solitude

END = date(2026, 11, 21)


def test_same_seed_same_history() -> None:
    a = generate(days=120, end=END, seed=3)
    b = generate(days=120, end=END, seed=3)
    c = generate(days=120, end=END, seed=4)
    assert list(a.records()) != [] and [r.at for r in a.records() if hasattr(r, "at")] == [
        r.at for r in b.records() if hasattr(r, "at")
    ]
    assert a.count() != c.count() or not np.array_equal(
        a.columns["checkin"]["at"], c.columns["checkin"]["at"]
    )


def test_story_holds_retreat_drift_depletion_and_recovery() -> None:
    h = generate("story", days=365, end=END)
    t = h.truth
    assert t.start == END - timedelta(days=364)
    assert len(t.retreats) == 1 and t.drift_onset and t.isolation_onset and t.recovery_start
    assert t.retreats[0][1] < t.drift_onset < t.isolation_onset < t.recovery_start
    assert t.depleting_person == "Mara"
    assert t.phase_on(t.retreats[0][0]) == "restoring"
    assert t.phase_on(t.drift_onset) == "drifting"
    assert t.phase_on(t.isolation_onset) == "isolated"
    # Logging thins out as the drift deepens.
    days = h.columns["checkin"]["day"]
    onset = (t.drift_onset - t.start).days
    before = np.isin(np.arange(onset - 60, onset), days).mean()
    during = np.isin(
        np.arange((t.isolation_onset - t.start).days, (t.recovery_start - t.start).days), days
    ).mean()
    assert during < before
    # Mara's boundaries are mostly refused, dismissed or punished.
    b = h.columns["boundary"]
    mara = h.people.index(("Mara", "family"))
    assert (b["received"][b["person"] == mara] >= 2).mean() > 0.9
    assert h.steps and h.routines and h.routine_done


def test_records_are_valid_domain_records() -> None:
    recs = list(generate(days=90, end=END).records(tz="America/New_York"))
    kinds = {type(r) for r in recs}
    assert {Person, CheckIn, Contact, Solitude} <= kinds
    assert all(r.tz == "America/New_York" for r in recs if isinstance(r, CheckIn))


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_archetype_generates(archetype: str) -> None:
    h = generate(archetype, days=400, end=END, seed=11)
    phases = h.truth.phases
    assert len(phases) == 400
    if archetype in ("drift-gradual", "drift-abrupt"):
        assert h.truth.drift_onset is not None and (phases == DRIFTING).any()
        assert (phases == ISOLATED).any()
    if archetype == "retreat":
        assert h.truth.retreats and (phases == RESTORING).any() and not (phases >= DRIFTING).any()
    if archetype == "logs-stop":
        stop = (h.truth.logging_stops - h.truth.start).days  # type: ignore[operator]
        assert (h.columns["checkin"]["day"] < stop).all()


def test_cohort_mixes_archetypes() -> None:
    cohort = list(generate_cohort(60, days=60, end=END, seed=5))
    assert len({h.truth.archetype for h in cohort}) >= 4
    assert [h.truth.subject for h in cohort[:2]] == ["demo-1", "demo-2"]


def test_unknown_archetype_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown archetype"):
        generate("chaotic", days=10, end=END)
