"""Assembling an ``InsightReport``: every insight for one person, with its evidence.

The numbers come from the pure modules beside this one; this module only selects the
window, turns codes into words and writes one plain, gentle sentence per finding.
``daily_phases`` is the batch entry point: all daily phases for many subjects at once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from ebbtide.domain import vocab
from ebbtide.insights import drift, pacing, relationships, rhythm, solitude
from ebbtide.insights.frames import Frames
from ebbtide.insights.model import (
    PHASES,
    RELATIONSHIP_KINDS,
    SOLITUDE_QUALITIES,
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
from ebbtide.insights.timeline import day_grid


def daily_phases(
    frames: Frames,
    *,
    start: date | None = None,
    end: date | None = None,
    params: drift.DriftParams = drift.DriftParams(),
    passive: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every subject's daily phase (see ``drift.DRIFT``) from its frames (``passive``:
    phone-signal evidence, see ``drift.detect``).

    The same as ``drift.detect(daily_timeline(...))``, without building the timeline
    frame: the counts stay on a (subject × day) grid from folding to deciding.
    """
    grid = day_grid(frames, start=start, end=end, names=drift.NEEDS)
    if grid is None:
        return pl.DataFrame(schema=drift.DRIFT)
    out = drift.detect_grid(grid.counts, grid.first, params) | {"logged": grid.counts["logged"]}
    keep = grid.keep()
    every = bool(keep.all())
    subject = np.repeat(np.arange(grid.n, dtype=np.int32), grid.span)
    day = np.tile(np.arange(grid.lo, grid.lo + grid.span, dtype=np.int32), grid.n)
    frame = drift.drift_frame(
        subject if every else subject[keep],
        pl.Series("day", day if every else day[keep]).cast(pl.Date),
        None if every else keep,
        out,
    )
    if passive is not None:
        from ebbtide.insights.passive_evidence import fuse

        frame = fuse(frame, passive)
    return frame


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{round(100 * x)}%"


def _num(x: Any) -> float | None:
    return None if x is None else round(float(x), 2)


def day_evidence(row: dict[str, Any]) -> tuple[Evidence, ...]:
    """The plain sentences behind one day's phase (never empty)."""
    numbers = {
        "score": _num(row["score"]),
        "usual_meaningful_per_week": _num(
            None if row["usual_rate"] is None else row["usual_rate"] * 7
        ),
        "meaningful_per_logged_day_7d": _num(row["rate7"]),
        "escape_share_7d": _num(row["escape7"]),
        "usual_escape_share": _num(row["usual_escape"]),
        "logged_days_7d": row["logged7"],
        "days_since_meaningful": row["since_meaningful"],
    }
    out: list[Evidence] = []
    if row["learning"]:
        out.append(
            Evidence(
                "ebbtide is still learning what is usual for you (it needs about two weeks of "
                "entries), so it does not read drift yet.",
                numbers,
            )
        )
    since = row["since_meaningful"]
    if since is None:
        out.append(Evidence("No contact that felt safe has been logged yet.", numbers))
    elif since >= 2:
        out.append(Evidence(f"{since} days since a contact that felt safe.", numbers))
    else:
        out.append(Evidence("A contact that felt safe in the last day or two.", numbers))
    if row["escape7"] is not None and not row["learning"]:
        out.append(
            Evidence(
                f"{_pct(row['escape7'])} of this week's time alone was an escape "
                f"(your usual is {_pct(row['usual_escape'])}).",
                numbers,
            )
        )
    if row["usual_rate"] is not None and not row["learning"]:
        usual = row["usual_rate"] * 7
        out.append(
            Evidence(
                f"Your usual is about {usual:.0f} safe contact{'s' if round(usual) != 1 else ''} "
                "a week on days you log.",
                numbers,
            )
        )
    if not row["logged"]:
        out.append(
            Evidence(
                f"Nothing was logged this day; {row['logged7']} of the last 7 days were. "
                "Quiet stretches count as a hint, never as a day without anyone.",
                numbers,
            )
        )
    out.extend(Evidence(s, numbers) for s in row.get("passive_sentences") or ())
    return tuple(out)


def _phases(d: pl.DataFrame) -> tuple[DayPhase, ...]:
    return tuple(
        DayPhase(
            day=row["day"],
            phase=PHASES[row["phase"]],
            logged=bool(row["logged"]),
            evidence=day_evidence(row),
        )
        for row in d.iter_rows(named=True)
    )


def _episodes(frames: Frames, first: date, as_of: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    window = frames.solitude.filter(pl.col("day").is_between(first, as_of))
    eps = solitude.episode_quality(window)
    return eps, solitude.solitude_weeks(eps)


def _relationships(frames: Frames, as_of: date) -> tuple[Relationship, ...]:
    co = frames.contacts.filter(pl.col("day") <= as_of)
    bo = frames.boundaries.filter(pl.col("day") <= as_of)
    out: list[Relationship] = []
    for r in relationships.relationship_map(co, bo, as_of).iter_rows(named=True):
        name = frames.people.get(r["person"], f"#{r['person']}")
        kind = RELATIONSHIP_KINDS[r["kind"]]
        numbers: dict[str, float | int | str | None] = {
            "contacts": r["contacts"],
            "safety": _num(r["safety"]),
            "left_connected_share": _num(r["left_connected"]),
            "unmet_boundaries": r["unmet"],
        }
        if kind == "not-transforming":
            sentence = (
                f"{r['unmet']} of your boundaries with {name} were dismissed, refused or "
                "punished, the latest one too: nothing has shifted yet."
            )
        elif r["contacts"] < 2:
            sentence = f"Only {r['contacts']} contact with {name} so far: too early to say."
        else:
            sentence = (
                f"With {name}, contact felt {r['safety'] or 0:.1f}/5 safe on average and left "
                f"you connected {_pct(r['left_connected'])} of the time."
            )
        out.append(
            Relationship(
                person_id=int(r["person"]),
                name=name,
                kind=kind,
                contacts=int(r["contacts"]),
                safety=_num(r["safety"]),
                reciprocity=_num(r["reciprocity"]),
                authenticity=_num(r["authenticity"]),
                initiated_by_me_share=_num(r["initiated_by_me"]),
                left_connected_share=_num(r["left_connected"]),
                unmet_boundaries=int(r["unmet"]),
                trend=r["trend"],
                evidence=(Evidence(sentence, numbers),),
            )
        )
    return tuple(out)


def _pacing(frames: Frames, as_of: date) -> Pacing:
    co = frames.contacts.filter(pl.col("day") <= as_of)
    facts = pacing.pacing_facts(co, frames.steps, as_of)
    ladder = vocab.STEP_LADDER
    window: list[Evidence] = []
    for code, (n, ok) in sorted(facts.channels.items()):
        label = vocab.CHANNELS.label(vocab.CHANNELS.codes[code]).lower()
        window.append(
            Evidence(
                f"{label}: {ok} of {n} recent contacts left you connected.",
                {"channel": vocab.CHANNELS.codes[code], "contacts": n, "regulated": ok},
            )
        )
    if facts.longest_regulated is not None:
        window.append(
            Evidence(
                f"The longest recent contact you came out of connected lasted "
                f"{facts.longest_regulated} minutes.",
                {"minutes": facts.longest_regulated},
            )
        )
    if not window:
        window.append(Evidence("No contacts in the last two months to read a window from.", {}))
    person = frames.people.get(facts.person) if facts.person is not None else None
    term = ladder.terms[facts.next_level - 1]
    edge = ladder.terms[facts.edge - 1].label.lower() if facts.edge else None
    if not edge:
        reason = "A light first touch is the gentlest place to begin."
    elif facts.edge == facts.next_level:
        reason = f"You have been staying steady at '{edge}'; there is no need to go further."
    else:
        reason = (
            f"You have been staying steady up to '{edge}'; the next rung is '{term.label.lower()}'."
        )
    if person and facts.person_share is not None:
        reason += f" {person} left you connected {_pct(facts.person_share)} of the time."
    step = StepSuggestion(
        level=facts.next_level,
        title=term.label + (f" — {person}" if person else "") + f" ({term.hint})",
        person=person,
        evidence=Evidence(
            reason, {"edge_level": facts.edge, "next_level": facts.next_level, "person": person}
        ),
    )
    return Pacing(window=tuple(window), next_step=step)


def _rhythm(frames: Frames, first: date, as_of: date) -> tuple[RhythmWeek, ...]:
    times = rhythm.anchor_times(frames.routine_done, frames.routines, frames.contacts).filter(
        pl.col("day").is_between(first, as_of)
    )
    weeks = rhythm.rhythm_weeks(times)
    out: list[RhythmWeek] = []
    for (week,), part in weeks.group_by("week", maintain_order=True):
        score = part["score"][0]
        anchors = {
            vocab.ANCHORS.codes[r["anchor"]]: {
                "days": r["days"],
                "hits": r["hits"],
                "habitual_minute": _num(r["habitual"]),
            }
            for r in part.iter_rows(named=True)
        }
        counted = part.filter(pl.col("counts"))
        if score is None:
            sentence = "No daily anchor happened on three days or more this week."
        else:
            names = ", ".join(rhythm.anchor_label(a) for a in counted["anchor"].to_list())
            sentence = f"About {score:.1f} of 7 days ran close to your usual time ({names})."
        out.append(
            RhythmWeek(
                week=week,
                score=None if score is None else round(float(score), 2),
                anchors=anchors,
                evidence=Evidence(sentence, {"score": _num(score), "anchors": counted.height}),
            )
        )
    return tuple(out)


def build_report(
    frames: Frames, as_of: date, days: int = 365, passive: pl.DataFrame | None = None
) -> InsightReport:
    """Everything ebbtide sees in one subject's frames, for the ``days`` up to ``as_of``
    (``passive``: that subject's phone-signal evidence by day, or None)."""
    first = as_of - timedelta(days=days - 1)
    span = frames.span()
    if span:
        # Days before the first entry are not logging gaps: the person had not started.
        first = max(first, min(span[0], as_of))
    history_start = min(span[0], first) if span else first
    d = daily_phases(frames, start=history_start, end=as_of, passive=passive).filter(
        pl.col("day").is_between(first, as_of)
    )
    phases = _phases(d)
    eps, weeks = _episodes(frames, first, as_of)
    episodes = tuple(
        EpisodeQuality(
            solitude_id=r["id"],
            day=r["day"],
            quality=SOLITUDE_QUALITIES[r["quality"]],
            reason=solitude.REASONS[r["reason"]],
        )
        for r in eps.iter_rows(named=True)
    )
    solitude_weeks = tuple(
        SolitudeWeek(
            week=r["week"],
            restorative=r["restorative"],
            mixed=r["mixed"],
            avoidant=r["avoidant"],
            restorative_minutes=r["restorative_minutes"],
            avoidant_minutes=r["avoidant_minutes"],
            restorative_share=_num(r["restorative_share"]),
        )
        for r in weeks.iter_rows(named=True)
    )
    rels = _relationships(frames, as_of)
    pace = _pacing(frames, as_of)
    rhythm_weeks = _rhythm(frames, first, as_of)
    return InsightReport(
        as_of=as_of,
        phases=phases,
        episodes=episodes,
        solitude_weeks=solitude_weeks,
        relationships=rels,
        pacing=pace,
        rhythm=rhythm_weeks,
        headline=_headline(phases, weeks, rels, pace),
    )


def _headline(
    phases: tuple[DayPhase, ...],
    weeks: pl.DataFrame,
    rels: tuple[Relationship, ...],
    pace: Pacing,
) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    if phases:
        now = phases[-1]
        run = 0
        for p in reversed(phases):
            if p.phase != now.phase:
                break
            run += 1
        words = {
            "connected": "Lately you have been in touch in your usual way",
            "restoring": "You seem to be in a chosen retreat that is refuelling you",
            "drifting": "Contact has been thinning and more time alone has been an escape",
            "isolated": "For a while now there has been little contact that felt safe",
        }[now.phase]
        out.append(
            Evidence(
                f"{words} ({run} day{'s' if run != 1 else ''} so far).",
                {"phase": now.phase, "days": run},
            )
        )
        out.append(now.evidence[0])
    recent, earlier = solitude.solitude_trend(weeks)
    if recent is not None:
        trend = ""
        if earlier is not None:
            trend = (
                ", more than before"
                if recent > earlier + 0.1
                else ", less than before"
                if recent < earlier - 0.1
                else ", about as before"
            )
        out.append(
            Evidence(
                f"{_pct(recent)} of your time alone in the last four weeks restored you{trend}.",
                {"restorative_share_4w": _num(recent), "previous_4w": _num(earlier)},
            )
        )
    stuck = [r.name for r in rels if r.kind == "not-transforming"]
    if stuck:
        out.append(
            Evidence(
                f"Boundaries keep going unheard with {', '.join(stuck)}.",
                {"people": ", ".join(stuck)},
            )
        )
    if pace.next_step is not None:
        out.append(pace.next_step.evidence)
    if not out:
        out.append(Evidence("Nothing logged yet, so there is nothing to read.", {}))
    return tuple(out)
