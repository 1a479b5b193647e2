"""The shapes insights are delivered in: plain, frozen data with their evidence.

This is the contract between the insights (which compute these), the service layer
(which assembles an ``InsightReport`` for a person) and the faces and reports (which
show them). Fields may be added; existing names keep their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PHASES = ("connected", "restoring", "drifting", "isolated", "not-enough-to-say")
# The same phases as small integer codes (their position in ``PHASES``), as frames hold them.
CONNECTED, RESTORING, DRIFTING, ISOLATED, UNKNOWN = range(5)
SOLITUDE_QUALITIES = ("restorative", "mixed", "avoidant")
RELATIONSHIP_KINDS = ("nourishing", "mixed", "depleting", "not-transforming", "too-early")


@dataclass(frozen=True)
class Evidence:
    """One plain sentence and the numbers behind it."""

    sentence: str
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class DayPhase:
    """The drift phase of one local day, with why."""

    day: date
    phase: str  # one of PHASES
    logged: bool
    evidence: tuple[Evidence, ...]
    away: bool = False  # inside a period the person marked as away


@dataclass(frozen=True)
class EpisodeQuality:
    """How one solitude episode is read: restorative, mixed or avoidant."""

    solitude_id: int | None
    day: date
    quality: str  # one of SOLITUDE_QUALITIES
    reason: str


@dataclass(frozen=True)
class SolitudeWeek:
    """A week's solitude: how much restored and how much was avoidance."""

    week: date  # Monday
    restorative: int
    mixed: int
    avoidant: int
    restorative_minutes: int
    avoidant_minutes: int
    restorative_share: float | None  # of episodes; None when there were none


@dataclass(frozen=True)
class Relationship:
    """One person on the relationship map."""

    person_id: int
    name: str
    kind: str  # one of RELATIONSHIP_KINDS
    contacts: int
    safety: float | None
    reciprocity: float | None
    authenticity: float | None
    initiated_by_me_share: float | None
    left_connected_share: float | None
    unmet_boundaries: int
    trend: str  # "warmer", "cooler", "steady" or "too little data"
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class StepSuggestion:
    """The one next small step, just past the edge of the window of tolerance."""

    level: int
    title: str
    person: str | None
    evidence: Evidence


@dataclass(frozen=True)
class Pacing:
    """What contact the person currently stays regulated in, and the next step."""

    window: tuple[Evidence, ...]
    next_step: StepSuggestion | None


@dataclass(frozen=True)
class RhythmWeek:
    """Social-rhythm regularity of one week (0-7), with per-anchor detail."""

    week: date
    score: float | None
    anchors: dict[str, dict[str, float | int | None]]
    evidence: Evidence


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire answered lately, as the insights weigh it (scored elsewhere)."""

    day: date
    name: str  # as a person reads it, e.g. "PHQ-9"
    total: int | None
    band: str | None  # the published band's label
    heavy: bool  # in the upper half of its bands
    alert: bool  # an answer that asks for care (such as PHQ-9 question 9 above 0)


@dataclass(frozen=True)
class InsightReport:
    """Everything ebbtide currently sees in one person's history, as of a day."""

    as_of: date
    phases: tuple[DayPhase, ...]
    episodes: tuple[EpisodeQuality, ...]
    solitude_weeks: tuple[SolitudeWeek, ...]
    relationships: tuple[Relationship, ...]
    pacing: Pacing
    rhythm: tuple[RhythmWeek, ...]
    headline: tuple[Evidence, ...]
    # Today's and this week's own words: check-ins and questionnaires, and whether they
    # read differently from the longer pattern of the phases.
    recent: tuple[Evidence, ...] = ()
    recent_disagrees: bool = False
    # Where check-ins were most often connected, when enough name a place (else empty).
    places: tuple[Evidence, ...] = ()

    @property
    def current(self) -> DayPhase | None:
        """The phase of the as-of day, if there is one."""
        return self.phases[-1] if self.phases else None
