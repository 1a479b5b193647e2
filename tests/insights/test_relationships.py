"""The relationship map: nourishing, depleting, not transforming, and too early to say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.demo import generate
from ebbtide.demo.frames import frames_from_history
from ebbtide.domain.records import Boundary, Contact
from ebbtide.insights import relationships as rel
from ebbtide.insights.frames import frames_from_records

AS_OF = date(2026, 6, 30)


def _at(days_ago: int) -> datetime:
    return datetime(2026, 6, 30, 12, tzinfo=UTC) - timedelta(days=days_ago)


def _contacts(person: int, n: int, safety: int, after: str, start: int = 1) -> list[Contact]:
    return [
        Contact(at=_at(start + i), tz="UTC", person_ids=(person,), safety=safety, after=after)
        for i in range(n)
    ]


def _kinds(records: list[object]) -> dict[int, int]:
    f = frames_from_records(records)
    m = rel.relationship_map(f.contacts, f.boundaries, AS_OF)
    return dict(zip(m["person"].to_list(), m["kind"].to_list(), strict=True))


def test_each_kind_of_relationship() -> None:
    records: list[object] = [
        *_contacts(1, 4, 5, "connected"),
        *_contacts(2, 4, 2, "shut-down"),
        *_contacts(3, 4, 3, "mobilized"),
        *_contacts(3, 2, 4, "connected", start=10),
        *_contacts(4, 2, 5, "connected"),
    ]
    assert _kinds(records) == {
        1: rel.NOURISHING,
        2: rel.DEPLETING,
        3: rel.MIXED,
        4: rel.TOO_EARLY,
    }


def test_unheard_boundaries_mark_not_transforming_until_one_is_met() -> None:
    records: list[object] = list(_contacts(5, 4, 5, "connected"))
    for i, received in enumerate(("refused", "dismissed", "punished")):
        records.append(
            Boundary(at=_at(20 - i), tz="UTC", person_id=5, asked="Space", received=received)
        )
    assert _kinds(records)[5] == rel.NOT_TRANSFORMING
    records.append(Boundary(at=_at(1), tz="UTC", person_id=5, asked="Space", received="honoured"))
    assert _kinds(records)[5] == rel.NOURISHING


def test_trend_needs_enough_contacts_in_both_halves() -> None:
    earlier = _contacts(1, 3, 2, "shut-down", start=100)
    recent = _contacts(1, 3, 5, "connected", start=1)
    f = frames_from_records([*earlier, *recent])
    m = rel.relationship_map(f.contacts, f.boundaries, AS_OF)
    assert m["trend"].to_list() == ["warmer"]
    f = frames_from_records(recent)
    m = rel.relationship_map(f.contacts, f.boundaries, AS_OF)
    assert m["trend"].to_list() == ["too little data"]


def test_contacts_older_than_a_year_are_not_read() -> None:
    f = frames_from_records(_contacts(1, 4, 5, "connected", start=400))
    assert rel.relationship_map(f.contacts, f.boundaries, AS_OF).height == 0


def test_the_demos_depleting_person_is_found() -> None:
    h = generate("story", days=365, end=date(2026, 10, 31), seed=11, tz="UTC")
    assert h.truth.depleting_person is not None
    f = frames_from_history(h)
    m = rel.relationship_map(f.contacts, f.boundaries, date(2026, 10, 31))
    kinds = {f.people[p]: k for p, k in zip(m["person"], m["kind"], strict=True)}
    assert kinds[h.truth.depleting_person] in (rel.DEPLETING, rel.NOT_TRANSFORMING)
    assert rel.NOURISHING in kinds.values()
