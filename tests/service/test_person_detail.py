"""One person up close: monthly feel, boundaries, the states they leave."""

from __future__ import annotations

import pytest

from ebbtide import service
from ebbtide.domain.errors import NotFoundError
from ebbtide.service.context import Context
from ebbtide.service.person_detail import MonthFeel, person_detail


def test_months_boundaries_and_after_states(ctx: Context) -> None:
    service.add_contact(
        ctx,
        ["Lea"],
        create_missing=True,
        safety=2,
        reciprocity=4,
        after="mobilized",
        when="2026-10-03 18:00",
    )
    service.add_contact(
        ctx,
        ["Lea", "Sam"],
        create_missing=True,
        safety=4,
        after="connected",
        when="2026-11-02 18:00",
    )
    service.add_contact(
        ctx, ["Lea"], safety=5, reciprocity=2, after="connected", when="2026-11-20 18:00"
    )
    service.add_contact(ctx, ["Sam"], safety=1, when="2026-11-21 09:00")
    service.add_boundary(
        ctx, "Lea", asked="Not on Sundays", received="negotiated", when="2026-11-05 10:00"
    )
    d = person_detail(ctx, "Lea")
    assert d.contacts == 3
    assert d.months == (
        MonthFeel(
            month=d.months[0].month.replace(month=10, day=1),
            contacts=1,
            safety=2.0,
            reciprocity=4.0,
        ),
        MonthFeel(
            month=d.months[0].month.replace(month=11, day=1),
            contacts=2,
            safety=4.5,
            reciprocity=2.0,
        ),
    )
    assert d.left_in == {"connected": 2, "mobilized": 1}
    assert [b.asked for b in d.boundaries] == ["Not on Sundays"]
    assert d.last_contact is not None and ctx.day_of(d.last_contact).isoformat() == "2026-11-20"
    assert [e.kind for e in d.recent] == ["contact", "boundary", "contact", "contact"]


def test_by_id_and_unknown(ctx: Context) -> None:
    p = service.add_person(ctx, "Noor")
    assert person_detail(ctx, p.id or 0).contacts == 0
    assert person_detail(ctx, p.id or 0).months == ()
    with pytest.raises(NotFoundError):
        person_detail(ctx, "Nobody")
    with pytest.raises(NotFoundError):
        person_detail(ctx, 999)


def test_keeps_the_last_months_only(ctx: Context) -> None:
    for m in range(1, 12):
        service.add_contact(
            ctx, ["Lea"], create_missing=True, safety=3, when=f"2026-{m:02d}-10 12:00"
        )
    d = person_detail(ctx, "Lea", months=3)
    assert [m.month.month for m in d.months] == [9, 10, 11]
    assert d.contacts == 11
