"""A hand-made InsightReport for chart and page tests (used while no real one is at hand)."""

from __future__ import annotations

from datetime import date, timedelta

from ebbtide.insights.model import (
    DayPhase,
    EpisodeQuality,
    Evidence,
    InsightReport,
    Pacing,
    Relationship,
    RhythmWeek,
    SolitudeWeek,
    StepSuggestion,
)


def sample_report(as_of: date, days: int = 120) -> InsightReport:
    """A report with a retreat, a drift and a recovery; every phase appears."""
    phases = []
    for i in range(days):
        d = as_of - timedelta(days=days - 1 - i)
        phase = ("connected", "restoring", "drifting", "isolated", "connected")[i * 5 // days]
        phases.append(
            DayPhase(d, phase, logged=i % 7 != 3, evidence=(Evidence(f"{phase} on {d}"),))
        )
    monday = as_of - timedelta(days=as_of.weekday())
    weeks = tuple(
        SolitudeWeek(
            week=monday - timedelta(weeks=n),
            restorative=n % 4 + 1,
            mixed=1,
            avoidant=(n * 3) % 4,
            restorative_minutes=60 * (n % 4 + 1),
            avoidant_minutes=45 * ((n * 3) % 4),
            restorative_share=0.5,
        )
        for n in reversed(range(12))
    )
    people = (
        ("Lea", "nourishing", 4.5, 4.2, 40),
        ("Sam", "mixed", 3.4, 2.9, 18),
        ("Noor", "not-transforming", 1.8, 2.1, 9),
    )
    relationships = tuple(
        Relationship(
            person_id=i + 1,
            name=name,
            kind=kind,
            contacts=n,
            safety=safety,
            reciprocity=recip,
            authenticity=None,
            initiated_by_me_share=0.5,
            left_connected_share=0.4,
            unmet_boundaries=3 if kind == "not-transforming" else 0,
            trend="steady",
            evidence=(Evidence(f"{name}: {n} contacts, felt safety {safety} of 5."),),
        )
        for i, (name, kind, safety, recip, n) in enumerate(people)
    )
    step = StepSuggestion(2, "A brief chat", "Lea", Evidence("Short calls with Lea went well."))
    return InsightReport(
        as_of=as_of,
        phases=tuple(phases),
        episodes=(EpisodeQuality(1, as_of, "restorative", "chosen, left calmer"),),
        solitude_weeks=weeks,
        relationships=relationships,
        pacing=Pacing(
            window=(Evidence("Calls up to 20 minutes stay comfortable."),), next_step=step
        ),
        rhythm=(RhythmWeek(monday, 4.0, {}, Evidence("Four steady anchors this week.")),),
        headline=(Evidence("Contact has picked up again over the last two weeks."),),
    )
