"""What an instrument is, as loaded from its data file, and what scoring it gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Option:
    """One answer a person can pick: its coded value as on the form, and its label."""

    value: int
    label: str
    loinc: str | None = None


@dataclass(frozen=True)
class Item:
    """One question. ``reverse`` items score (min + max - value)."""

    id: str
    text: str
    loinc: str | None = None
    reverse: bool = False


@dataclass(frozen=True)
class Band:
    """A named range of the total score, both ends included."""

    min: int
    max: int
    code: str
    label: str


@dataclass(frozen=True)
class Subscale:
    """A named sum over some of the items."""

    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Alert:
    """A rule that raises something (e.g. crisis help) when an item is answered above a value."""

    item: str
    above: int
    kind: str


@dataclass(frozen=True)
class Instrument:
    """A validated questionnaire, as data: items, options, scoring and its sources."""

    code: str
    name: str
    short_name: str
    version: str
    kind: str  # "scored" or "categorical"
    preamble: str
    citation: str
    licence: str
    verification: str
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    missing_rule: str = "complete"  # or "prorate"
    max_missing: int = 0
    missing_source: str = ""
    bands: tuple[Band, ...] = ()
    bands_source: str = ""
    subscales: tuple[Subscale, ...] = ()
    alerts: tuple[Alert, ...] = ()
    loinc_panel: str | None = None
    loinc_total: str | None = None
    loinc_total_display: str | None = None

    @property
    def scored(self) -> bool:
        """True when the instrument has a numeric total."""
        return self.kind == "scored"

    @property
    def values(self) -> tuple[int, ...]:
        """The answer values a person may give, in form order."""
        return tuple(o.value for o in self.options)

    @property
    def min_total(self) -> int:
        """The lowest possible total."""
        return min(self.values) * len(self.items)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return max(self.values) * len(self.items)

    def option(self, value: int) -> Option:
        """The option with this coded value."""
        for o in self.options:
            if o.value == value:
                return o
        raise KeyError(value)

    def band_for(self, total: int) -> Band | None:
        """The band a total falls in, if the instrument defines bands."""
        for b in self.bands:
            if b.min <= total <= b.max:
                return b
        return None


@dataclass(frozen=True)
class Result:
    """A scored answer set. ``answers`` are values as given (None = missing)."""

    instrument: str
    version: str
    answers: tuple[int | None, ...]
    item_scores: tuple[int | None, ...]
    total: int | None
    prorated: bool
    subscales: dict[str, int | None] = field(default_factory=dict)
    band: Band | None = None
    category: str | None = None
    alerts: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (stored in ``assessments.result`` and printed by --json)."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "answers": list(self.answers),
            "item_scores": list(self.item_scores),
            "total": self.total,
            "prorated": self.prorated,
            "subscales": dict(self.subscales),
            "band": (
                {
                    "code": self.band.code,
                    "label": self.band.label,
                    "min": self.band.min,
                    "max": self.band.max,
                }
                if self.band
                else None
            ),
            "category": self.category,
            "alerts": list(self.alerts),
            "note": self.note,
        }
