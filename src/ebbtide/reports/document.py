"""The shape of a report before it is rendered: sections of sentences, tables and charts.

Builders (``records_sections``, ``insight_sections``) fill these from records and
insights; ``render`` turns them into one self-contained HTML file and a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# The sections a person can choose, in the order they appear, with their headings.
# Headings are unique phrases: tests find them in the PDF text to prove a choice held.
SECTIONS: dict[str, str] = {
    "phases": "Phases over time",
    "states": "State mix over time",
    "solitude": "Solitude quality",
    "relationships": "Relationship map and changes",
    "boundaries": "Boundary events",
    "assessments": "Questionnaires and bands",
    "plans": "Steps and routines",
    "reflections": "Chosen reflections and notes",
}
INSIGHT_SECTIONS = frozenset({"phases", "solitude", "relationships"})

NOT_A_DEVICE = (
    "ebbtide is not a medical device. This report shows what you logged and chose "
    "to share; it is not an assessment or a diagnosis."
)


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart with the words that stand in for it when it cannot be seen."""

    title: str
    spec: dict[str, Any]
    alt: str


@dataclass(frozen=True)
class Table:
    """A small table of plain strings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Quote:
    """A piece of the person's own writing they chose to share."""

    when: str
    kind: str
    prompt: str
    text: str


@dataclass(frozen=True)
class Section:
    """One chosen part of the report."""

    code: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    evidence: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class SummaryLine:
    """One row of the page-one summary: a plain sentence and its numbers, now and before."""

    section: str
    topic: str
    sentence: str
    now: str
    before: str


@dataclass(frozen=True)
class ReportContent:
    """Everything a rendered report shows."""

    start: date
    end: date
    previous_start: date
    previous_end: date
    generated_at: datetime
    tz: str
    since_session: date | None
    summary: tuple[SummaryLine, ...]
    summary_notes: tuple[str, ...]
    summary_charts: tuple[Chart, ...]
    sections: tuple[Section, ...]
    initials: bool = False
    notices: tuple[str, ...] = field(default_factory=tuple)
    # Plain safety lines shown first on page one (a positive PHQ-9 item 9 in the period).
    safety: tuple[str, ...] = ()

    @property
    def range_text(self) -> str:
        """'3 Nov 2026 – 21 Nov 2026'."""
        return f"{_day(self.start)} – {_day(self.end)}"

    @property
    def previous_text(self) -> str:
        """The comparison period, in words."""
        return f"{_day(self.previous_start)} – {_day(self.previous_end)}"

    @property
    def generated_text(self) -> str:
        """When the report was made, in the person's own zone."""
        from ebbtide.domain.timekeeping import zone

        local = self.generated_at.astimezone(zone(self.tz))
        return f"{local:%d %b %Y, %H:%M} ({self.tz})"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"
