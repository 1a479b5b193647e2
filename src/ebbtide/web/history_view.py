"""The timeline as a person reads it: entries grouped by their local day, with its phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ebbtide.service import Context, Entry

LONG_NOTE = 280
"""Notes longer than this are collapsed (a summary line opens the whole text)."""


@dataclass(frozen=True)
class DayGroup:
    """One local day of the timeline and the entries on it."""

    day: date
    phase: str | None  # a phase code, or None outside the insights' window
    phase_label: str
    phase_meaning: str
    entries: tuple[Entry, ...]


def day_phases(ctx: Context) -> dict[date, str]:
    """The phase of each day the insights read (the cached report; empty if none)."""
    from ebbtide import service

    report = service.cached_insight_report(ctx)
    return {p.day: p.phase for p in report.phases}


def group_by_day(ctx: Context, entries: list[Entry]) -> list[DayGroup]:
    """Entries (newest first) grouped by the local day each belongs to."""
    from ebbtide.service import PHASE_MEANINGS, phase_label

    if not entries:
        return []
    phases = day_phases(ctx)
    groups: list[DayGroup] = []
    current: list[Entry] = []
    current_day: date | None = None

    def close() -> None:
        if current_day is not None:
            code = phases.get(current_day)
            groups.append(
                DayGroup(
                    current_day,
                    code,
                    phase_label(code) if code else "",
                    PHASE_MEANINGS.get(code, "") if code else "",
                    tuple(current),
                )
            )

    for e in entries:
        day = ctx.day_of(e.at, getattr(e.record, "tz", None))
        if day != current_day:
            close()
            current, current_day = [], day
        current.append(e)
    close()
    return groups


def entry_text(entry: Entry) -> str:
    """The person's own words on an entry: its note, or a reflection's whole answer."""
    if entry.kind == "reflection":
        return str(entry.record.answer)
    return str(getattr(entry.record, "note", "") or "")
