"""One person up close: how contact with them has felt over time, and boundaries kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from statistics import fmean

from ebbtide.domain.records import Boundary, Contact, Person
from ebbtide.service.context import Context
from ebbtide.service.people import get_person
from ebbtide.service.records import Entry, log


@dataclass(frozen=True)
class MonthFeel:
    """One month of contact with a person: how many, and how safe and mutual on average."""

    month: date  # first day of the month
    contacts: int
    safety: float | None
    reciprocity: float | None


@dataclass(frozen=True)
class PersonDetail:
    """A person with the felt trend of contact, boundary history and the states they leave."""

    person: Person
    contacts: int
    last_contact: datetime | None
    months: tuple[MonthFeel, ...]
    boundaries: tuple[Boundary, ...]
    left_in: dict[str, int]
    recent: tuple[Entry, ...]


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 2) if values else None


def person_detail(ctx: Context, name_or_id: str | int, *, months: int = 12) -> PersonDetail:
    """Everything logged with one person, folded into a monthly trend (newest months last)."""
    p = get_person(ctx, name_or_id)
    entries = log(ctx, person=f"#{p.id}", kinds=["contact", "boundary"])
    contacts = [e.record for e in entries if isinstance(e.record, Contact)]
    boundaries = tuple(e.record for e in entries if isinstance(e.record, Boundary))
    by_month: dict[date, list[Contact]] = {}
    for c in contacts:
        d = ctx.day_of(c.at, c.tz)
        by_month.setdefault(d.replace(day=1), []).append(c)
    recent_months = sorted(by_month)[-months:]
    feel = tuple(
        MonthFeel(
            month=m,
            contacts=len(by_month[m]),
            safety=_mean([c.safety for c in by_month[m] if c.safety is not None]),
            reciprocity=_mean([c.reciprocity for c in by_month[m] if c.reciprocity is not None]),
        )
        for m in recent_months
    )
    left_in = Counter(c.after for c in contacts if c.after)
    return PersonDetail(
        person=p,
        contacts=len(contacts),
        last_contact=contacts[0].at if contacts else None,
        months=feel,
        boundaries=boundaries,
        left_in=dict(left_in.most_common()),
        recent=tuple(entries[:10]),
    )
