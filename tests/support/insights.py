"""Hand-built InsightReports for testing the faces before (and beside) the real insights."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from ebbtide.domain.timekeeping import local_day, week_start
from ebbtide.insights.model import (
    DayPhase,
    EpisodeQuality,
    Evidence,
    InsightReport,
    Pacing,
    Relationship,
    SolitudeWeek,
)
from ebbtide.service.context import Context
from ebbtide.service.people import people_names
from ebbtide.service.records import log


def insights_from_store(ctx: Context, truth: Any, as_of: date, days: int = 365) -> InsightReport:
    """An InsightReport whose phases are the demo's truth and whose other parts are simple
    readings of the stored records (chosen + settled after = restorative)."""
    start = as_of - timedelta(days=days - 1)
    entries = log(ctx, since=start, until=as_of)
    logged_days = {local_day(e.at, ctx.tz, ctx.day_start_hour) for e in entries}
    phases = tuple(
        DayPhase(
            day=d,
            phase=truth.phase_on(d)
            if truth.start <= d < truth.start + timedelta(truth.days)
            else "connected",
            logged=d in logged_days,
            evidence=(Evidence(f"Read from the entries of {d:%d %b}.", {"entries": 1}),),
        )
        for d in (start + timedelta(days=i) for i in range(days))
    )
    episodes = []
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    contacts: dict[int, list[Any]] = defaultdict(list)
    for e in entries:
        day = local_day(e.at, ctx.tz, ctx.day_start_hour)
        if e.kind == "solitude":
            r = e.record
            quality = (
                "restorative"
                if r.chosen and r.after == "connected"
                else ("avoidant" if not r.chosen else "mixed")
            )
            episodes.append(
                EpisodeQuality(
                    r.id,
                    day,
                    quality,
                    f"{quality} because it was {'chosen' if r.chosen else 'an escape'}",
                )
            )
            w = weeks[week_start(day)]
            w[("restorative", "mixed", "avoidant").index(quality)] += 1
            if quality == "restorative":
                w[3] += r.minutes or 0
            if quality == "avoidant":
                w[4] += r.minutes or 0
        if e.kind == "contact":
            for pid in e.record.person_ids:
                contacts[pid].append(e.record)
    names = people_names(ctx)
    rels = []
    for pid, cs in sorted(contacts.items()):
        safety = sum(c.safety or 3 for c in cs) / len(cs)
        recip = sum(c.reciprocity or 3 for c in cs) / len(cs)
        kind = "nourishing" if safety >= 3.5 else ("depleting" if safety < 2.5 else "mixed")
        rels.append(
            Relationship(
                person_id=pid,
                name=names[pid],
                kind=kind,
                contacts=len(cs),
                safety=safety,
                reciprocity=recip,
                authenticity=None,
                initiated_by_me_share=None,
                left_connected_share=sum(c.after == "connected" for c in cs) / len(cs),
                unmet_boundaries=0,
                trend="warmer" if len(cs) % 2 else "steady",
                evidence=(
                    Evidence(f"Contact with {names[pid]} felt safe on average {safety:.1f} of 5."),
                ),
            )
        )
    return InsightReport(
        as_of=as_of,
        phases=phases,
        episodes=tuple(episodes),
        solitude_weeks=tuple(
            SolitudeWeek(w, v[0], v[1], v[2], v[3], v[4], v[0] / sum(v[:3]) if sum(v[:3]) else None)
            for w, v in sorted(weeks.items())
        ),
        relationships=tuple(rels),
        pacing=Pacing(window=(), next_step=None),
        rhythm=(),
        headline=(Evidence("Contact has been closer to the person's own usual level lately."),),
    )
