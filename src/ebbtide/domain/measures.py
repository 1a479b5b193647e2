"""Shared definitions every face and report counts by: one home for each.

- a contact *felt safe* when its felt safety is ``SAFE_FROM`` (4) or more;
- a contact is *meaningful* when it felt safe or left the person connected;
- a boundary was *met* when it was honoured or negotiated (``vocab.MET_RESPONSES``), and
  *unmet* when dismissed, refused or punished (``vocab.UNMET_RESPONSES``);
- the *weekly state mix* counts check-in states per ISO week (Monday) of their local day,
  weeks oldest first and states in the vocabulary's order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from ebbtide.domain import vocab
from ebbtide.domain.records import SAFE_FROM, Boundary, Contact, is_meaningful_contact
from ebbtide.domain.timekeeping import week_start

__all__ = [
    "SAFE_FROM",
    "boundary_met",
    "boundary_unmet",
    "felt_safe",
    "is_meaningful_contact",
    "weekly_state_mix",
]


def felt_safe(c: Contact) -> bool:
    """The contact felt safe (4-5 of 5)."""
    return (c.safety or 0) >= SAFE_FROM


def boundary_met(b: Boundary) -> bool:
    """The boundary was honoured or negotiated."""
    return b.received in vocab.MET_RESPONSES


def boundary_unmet(b: Boundary) -> bool:
    """The boundary was dismissed, refused or punished."""
    return b.received in vocab.UNMET_RESPONSES


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
