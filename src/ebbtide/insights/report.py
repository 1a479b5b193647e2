"""Assembling an ``InsightReport``: every insight for one person, with its evidence.

The numbers come from the pure modules beside this one; this module only selects the
window, turns codes into words and writes one plain, gentle sentence per finding.
``daily_phases`` is the batch entry point: all daily phases for many subjects at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.domain import vocab
from ebbtide.insights import drift, pacing, places, relationships, rhythm, solitude
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
    Questionnaire,
    Relationship,
    RhythmWeek,
    SolitudeWeek,
    StepSuggestion,
)
from ebbtide.insights.sentences import day_evidence, pct, phase_headline, recent_evidence
from ebbtide.insights.timeline import EPOCH, DayGrid, day_grid
from ebbtide.insights.words import MIN_CONTACTS, plural

AwayPeriods = Mapping[int, Sequence[tuple[date, date]]]
"""Per subject, the (first, last) days of each period they marked as away."""

T = TypeVar("T")


@dataclass
class ReportMemo:
    """The parts of one subject's last report, each kept with the inputs it was computed
    from, so the next report recomputes only the parts whose inputs changed (frames are
    compared by identity: an appended frame is a new object, an untouched one is not)."""

    parts: dict[str, tuple[tuple[object, ...], object]] = field(default_factory=dict)
    days: dict[tuple[object, ...], DayPhase] = field(default_factory=dict)

    def part(self, name: str, inputs: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, or the value kept for ``name`` when ``inputs`` are the same."""
        hit = self.parts.get(name)
        if hit is not None and _same(hit[0], inputs):
            return cast(T, hit[1])
        value = compute()
        self.parts[name] = (inputs, value)
        return value


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if isinstance(x, pl.DataFrame) or isinstance(y, pl.DataFrame):
            if x is not y:
                return False
        elif x != y:
            return False
    return True


def away_grid(grid: DayGrid, away: AwayPeriods) -> npt.NDArray[np.int32]:
    """1 on every grid day inside one of a subject's away periods."""
    out = np.zeros((grid.n, grid.span), np.int32)
    for subject, periods in away.items():
        if not 0 <= subject < grid.n:
            continue
        for first, last in periods:
            a = max((first - EPOCH).days - grid.lo, 0)
            b = min((last - EPOCH).days - grid.lo + 1, grid.span)
            if a < b:
                out[subject, a:b] = 1
    return out


def daily_phases(
    frames: Frames,
    *,
    start: date | None = None,
    end: date | None = None,
    params: drift.DriftParams = drift.DriftParams(),
    away: AwayPeriods | None = None,
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
    counts = dict(grid.counts)
    if away:
        counts["away"] = away_grid(grid, away)
    keep = grid.keep()
    every = bool(keep.all())
    subject = np.repeat(np.arange(grid.n, dtype=np.int32), grid.span)
    day = np.tile(np.arange(grid.lo, grid.lo + grid.span, dtype=np.int32), grid.n)
    frame = drift.detect_frame(
        counts,
        grid.first,
        params,
        subject if every else subject[keep],
        pl.Series("day", day if every else day[keep]).cast(pl.Date),
        None if every else keep,
    )
    if passive is not None:
        from ebbtide.insights.passive_evidence import fuse

        frame = fuse(frame, passive)
    return frame


def _num(x: Any) -> float | None:
    return None if x is None else round(float(x), 2)


def _phases(d: pl.DataFrame, memo: ReportMemo | None = None) -> tuple[DayPhase, ...]:
    out: list[DayPhase] = []
    kept = memo.days if memo is not None else {}
    seen: dict[tuple[object, ...], DayPhase] = {}
    for values in d.iter_rows():
        key = tuple(tuple(v) if isinstance(v, list) else v for v in values)  # phone sentences
        hit = kept.get(key)  # the same day with the same figures reads the same
        if hit is None:
            row = dict(zip(d.columns, values, strict=True))
            phase = PHASES[row["phase"]]
            hit = DayPhase(
                day=row["day"],
                phase=phase,
                logged=bool(row["logged"]),
                evidence=day_evidence(row, phase),
                away=bool(row["away"]),
            )
        seen[key] = hit
        out.append(hit)
    if memo is not None:
        memo.days = seen
    return tuple(out)


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
        sentence = relationship_sentence(kind, name, r)
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


def relationship_sentence(kind: str, name: str, r: dict[str, Any]) -> str:
    """Why a person reads as ``kind``: the sentence always names the label's reason."""
    n = r["contacts"]
    felt = (
        ""
        if r["safety"] is None
        else f"contact felt {r['safety']:.1f} out of 5 safe on average and "
    )
    left = f"left you connected {pct(r['left_connected'])} of the time"
    if kind == "not-transforming":
        return (
            f"{plural(r['unmet'], 'boundary', 'boundaries')} you set with {name} "
            f"{'was' if r['unmet'] == 1 else 'were'} dismissed, refused or punished, the "
            "latest one too: nothing has shifted yet."
        )
    if kind == "too-early":
        return (
            f"{plural(n, 'contact')} with {name} so far: too early to say "
            f"(ebbtide waits for {MIN_CONTACTS})."
        )
    if kind == "nourishing":
        return f"With {name}, {felt}{left}: this relationship seems to nourish you."
    if kind == "depleting":
        return f"With {name}, {felt}{left}: time together seems to cost you more than it gives."
    return f"With {name}, {felt}{left}: some of it helps, some of it is hard."


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
    edge = ladder.terms[facts.edge - 1] if facts.edge else None
    if edge is None:
        reason = "A light first touch is the gentlest place to begin."
    elif facts.edge == facts.next_level:
        reason = (
            f"You have been staying settled with steps like this one ({edge.hint}); there is "
            "no need to go further."
        )
    else:
        reason = (
            f"You have been staying settled with steps like {edge.label.lower()} "
            f"({edge.hint}); a next one could be: {term.hint}."
        )
    if person and facts.person_share is not None:
        reason += f" {person} left you connected {pct(facts.person_share)} of the time."
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
            sentence = (
                "None of your routines happened on three or more days this week, so there is "
                "no rhythm to read yet."
            )
        else:
            names = ", ".join(rhythm.anchor_label(a) for a in counted["anchor"].to_list())
            sentence = (
                f"On about {score:.0f} of 7 days your routines ({names}) happened close to "
                "their usual time."
            )
        out.append(
            RhythmWeek(
                week=week,
                score=None if score is None else round(float(score), 2),
                anchors=anchors,
                evidence=Evidence(sentence, {"score": _num(score), "anchors": counted.height}),
            )
        )
    return tuple(out)


def build_insights(
    frames: Frames,
    as_of: date,
    days: int = 365,
    *,
    away: Sequence[tuple[date, date]] = (),
    questionnaires: Sequence[Questionnaire] = (),
    passive: pl.DataFrame | None = None,
    memo: ReportMemo | None = None,
) -> InsightReport:
    """Everything ebbtide sees in one subject's frames, for the ``days`` up to ``as_of``.

    ``away`` holds the periods the person marked as away; ``questionnaires`` the ones
    answered lately (they count in where things stand today); ``passive`` that subject's
    phone-signal evidence by day, or None. With no entries at all there are no phases:
    nothing is shown rather than a guess. ``memo`` (kept by the caller between reports of
    one subject) lets parts whose frames did not change be reused rather than recomputed.
    """
    memo = memo if memo is not None else ReportMemo()
    first = as_of - timedelta(days=days - 1)
    span = frames.span()
    phases: tuple[DayPhase, ...] = ()
    if span and span[0] <= as_of:
        # Days before the first entry are not logging gaps: the person had not started.
        first = max(first, span[0])
        d = daily_phases(
            frames,
            start=span[0],
            end=as_of,
            away={0: away} if away else None,
            passive=passive,
        ).filter(pl.col("day").is_between(first, as_of))
        phases = _phases(d, memo)
    weeks, episodes, solitude_weeks = memo.part(
        "solitude", (frames.solitude, first, as_of), lambda: _solitude(frames, first, as_of)
    )
    rels = memo.part(
        "relationships",
        (frames.contacts, frames.boundaries, dict(frames.people), as_of),
        lambda: _relationships(frames, as_of),
    )
    pace = memo.part(
        "pacing",
        (frames.contacts, frames.steps, dict(frames.people), as_of),
        lambda: _pacing(frames, as_of),
    )
    rhythm_weeks = memo.part(
        "rhythm",
        (frames.routine_done, frames.routines, frames.contacts, first, as_of),
        lambda: _rhythm(frames, first, as_of),
    )
    current = phases[-1].phase if phases and phases[-1].day == as_of else None
    recent, disagrees = recent_evidence(frames.checkins, questionnaires, as_of, current)
    found = places.most_connected(frames.checkins, as_of)
    where = (found,) if found is not None else ()
    return InsightReport(
        as_of=as_of,
        phases=phases,
        episodes=episodes,
        solitude_weeks=solitude_weeks,
        relationships=rels,
        pacing=pace,
        rhythm=rhythm_weeks,
        headline=_headline(phases, weeks, rels, pace, recent) + where,
        recent=recent,
        recent_disagrees=disagrees,
        places=where,
    )


def _solitude(
    frames: Frames, first: date, as_of: date
) -> tuple[pl.DataFrame, tuple[EpisodeQuality, ...], tuple[SolitudeWeek, ...]]:
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
    return weeks, episodes, solitude_weeks


def _headline(
    phases: tuple[DayPhase, ...],
    weeks: pl.DataFrame,
    rels: tuple[Relationship, ...],
    pace: Pacing,
    recent: tuple[Evidence, ...],
) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    first = phase_headline(phases)
    if first is not None:
        out.append(first)
        out.append(phases[-1].evidence[0])
    out.extend(recent)
    share, earlier = solitude.solitude_trend(weeks)
    if share is not None:
        trend = ""
        if earlier is not None:
            trend = (
                ", more than before"
                if share > earlier + 0.1
                else ", less than before"
                if share < earlier - 0.1
                else ", about as before"
            )
        out.append(
            Evidence(
                f"Of your times alone in the last four weeks, {pct(share)} restored you{trend}.",
                {"restorative_share_4w": _num(share), "previous_4w": _num(earlier)},
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
    if pace.next_step is not None and phases:
        out.append(pace.next_step.evidence)
    if not out:
        out.append(Evidence("Nothing logged yet, so there is nothing to read.", {}))
    return tuple(out)
