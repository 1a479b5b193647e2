"""Shared definitions every face, report and insight counts by: one home for each.

- a contact *felt safe* when its felt safety is ``SAFE_FROM`` (4) or more: the "safe
  contacts" of Today and the week, and the "felt safe" of the report;
- a contact is *meaningful* when it felt safe or left the person connected (the insights'
  connection days);
- a boundary was *met* when it was honoured or negotiated (``vocab.MET_RESPONSES``), and
  *unmet* when dismissed, refused or punished (``vocab.UNMET_RESPONSES``);
- a record belongs to the *local day* of its one timeline instant in its own zone;
- a step was *done* on the local day of its ``done_at``, in the step's zone;
- the *weekly state mix* counts check-in states per ISO week (Monday) of their local day,
  weeks oldest first and states in the vocabulary's order.

The insights' polars expressions (``insights.measures``) use the same constants (``SAFE_FROM``,
``vocab.UNMET_RESPONSES``); ``tests/domain/test_measures.py`` checks that they agree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from ebbtide.domain import vocab
from ebbtide.domain.timekeeping import local_day, week_start

if TYPE_CHECKING:
    from ebbtide.domain.records import Boundary, Contact, Step

__all__ = [
    "SAFE_FROM",
    "boundary_met",
    "boundary_unmet",
    "day_of_record",
    "felt_safe",
    "is_meaningful_contact",
    "step_done_day",
    "weekly_state_mix",
]

SAFE_FROM = 4
"""Felt safety (1-5) from which a contact counts as safe."""


def felt_safe(c: Contact) -> bool:
    """The contact felt safe (4-5 of 5)."""
    return (c.safety or 0) >= SAFE_FROM


def is_meaningful_contact(c: Contact) -> bool:
    """A contact that felt safe or left the person connected."""
    return felt_safe(c) or c.after == "connected"


def boundary_met(b: Boundary) -> bool:
    """The boundary was honoured or negotiated."""
    return b.received in vocab.MET_RESPONSES


def boundary_unmet(b: Boundary) -> bool:
    """The boundary was dismissed, refused or punished."""
    return b.received in vocab.UNMET_RESPONSES


def day_of_record(at: Any, record: Any, tz: str, day_start_hour: int) -> date:
    """The local day a record filed under instant ``at`` belongs to: in the record's own
    zone (``tz`` for records that keep none)."""
    return local_day(at, getattr(record, "tz", None) or tz, day_start_hour)


def step_done_day(s: Step, day_start_hour: int) -> date | None:
    """The local day a step was done on (None: not done)."""
    if s.status != "done" or s.done_at is None:
        return None
    return local_day(s.done_at, s.tz, day_start_hour)


def weekly_state_mix(days_and_states: Iterable[tuple[date, str]]) -> list[tuple[date, str, int]]:
    """(week, state, count) from check-ins given as (local day, state code)."""
    counts: Counter[tuple[date, str]] = Counter(
        (week_start(day), state) for day, state in days_and_states
    )
    order = {code: i for i, code in enumerate(vocab.STATES.codes)}
    return [
        (w, s, n)
        for (w, s), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99)))
    ]
