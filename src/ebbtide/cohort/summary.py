"""A cohort's summary from its summed partials: phase shares over time, transitions and
time to first drift, with every cell that describes fewer than 11 people suppressed.

Suppression is by people, not person-days: a week's "drifting" share is shown only when at
least ``MIN_PEOPLE`` people had a drifting day that week. Where exactly one cell of a row
would be hidden, the next smallest is hidden too, so it cannot be worked out from the
others and the row's total.
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import median_low
from typing import Any

from ebbtide.cohort.partial import Partial

MIN_PEOPLE = 11
PERIODS = {"week": 7, "month": 30}
"""Each ``--by`` unit, and the width in days of its bins of time to first drift."""


def period_of(day: date, by: str) -> date:
    """The Monday of the day's week, or the first of its month."""
    return day - timedelta(days=day.weekday()) if by == "week" else day.replace(day=1)


def hidden(people: list[int], total_shown: bool = True) -> list[bool]:
    """Which cells to suppress: under ``MIN_PEOPLE`` (but not zero), plus one more when a
    single hidden cell could be worked out from a shown total."""
    hide = [0 < n < MIN_PEOPLE for n in people]
    if total_shown and sum(hide) == 1:
        others = [(n, i) for i, n in enumerate(people) if n > 0 and not hide[i]]
        if others:
            hide[min(others)[1]] = True
    return hide


def _shown(n: int) -> int | None:
    return n if n >= MIN_PEOPLE else None


def summarize(total: Partial, by: str) -> dict[str, Any]:
    """The summary as plain data (``--json`` prints it; the chart draws its ``periods``)."""
    phases = total.phases
    n = len(phases)
    groups = total.weeks if by == "week" else total.months
    person_days: dict[str, list[int]] = {}
    for day, counts in total.days.items():
        key = period_of(date.fromisoformat(day), by).isoformat()
        got = person_days.setdefault(key, [0] * n)
        person_days[key] = [a + b for a, b in zip(got, counts, strict=True)]
    periods: list[dict[str, Any]] = []
    for key in sorted(groups):
        g = groups[key]
        days = person_days.get(key, [0] * n)
        if g.people < MIN_PEOPLE:
            periods.append({"period": key, "people": None, "shares": dict.fromkeys(phases)})
            continue
        hide = hidden(g.phase_people)
        all_days = sum(days)
        shares = {
            ph: None if hide[i] else round(days[i] / all_days, 4) for i, ph in enumerate(phases)
        }
        periods.append({"period": key, "people": g.people, "shares": shares})
    transitions: list[dict[str, Any]] = []
    for a in phases:
        for b in phases:
            move = total.transitions.get(f"{a}>{b}")
            if move is None:
                continue
            changes, people = move
            ok = people >= MIN_PEOPLE
            transitions.append(
                {
                    "from": a,
                    "to": b,
                    "people": people if ok else None,
                    "changes": changes if ok else None,
                }
            )
    return {
        "by": by,
        "suppressed_below": MIN_PEOPLE,
        "phases": list(phases),
        "subjects": _shown(total.subjects),
        "person_days": total.person_days if total.subjects >= MIN_PEOPLE else None,
        "periods": periods,
        "transitions": transitions,
        "first_drift": _first_drift(total, PERIODS[by]),
    }


def _first_drift(total: Partial, width: int) -> dict[str, Any]:
    waits = {int(k): v for k, v in total.first_drift.items()}
    drifted = sum(waits.values())
    bins: dict[int, int] = {}
    for w, k in waits.items():
        bins[w // width] = bins.get(w // width, 0) + k
    order = sorted(bins)
    hide = hidden([bins[b] for b in order], total_shown=drifted >= MIN_PEOPLE)
    values = [w for w, k in sorted(waits.items()) for _ in range(k)]
    # The two add up to the cohort's size, which is shown: hide both or neither.
    hide_drifted, hide_never = hidden([drifted, total.never_drifted])
    return {
        "people_drifted": None if hide_drifted else drifted,
        "never_drifted": None if hide_never else total.never_drifted,
        "median_days": median_low(values) if drifted >= MIN_PEOPLE else None,
        "bins": [
            {
                "from_day": b * width,
                "to_day": b * width + width - 1,
                "people": None if hide[i] else bins[b],
            }
            for i, b in enumerate(order)
        ],
    }
