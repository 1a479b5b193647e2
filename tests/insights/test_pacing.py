"""Pacing: the edge of the window of tolerance, and one next step just past it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from ebbtide.domain.records import Contact, Step
from ebbtide.insights import pacing
from ebbtide.insights.frames import frames_from_records

AS_OF = date(2026, 6, 30)


def _contact(
    days_ago: int,
    channel: str,
    minutes: int | None,
    after: str | None,
    *,
    person: int = 1,
    safety: int | None = None,
    authenticity: int | None = None,
) -> Contact:
    return Contact(
        at=datetime(2026, 6, 30, 12, tzinfo=UTC) - timedelta(days=days_ago),
        tz="UTC",
        person_ids=(person,),
        channel=channel,
        minutes=minutes,
        after=after,
        safety=safety,
        authenticity=authenticity,
    )


def _facts(records: Sequence[object]) -> pacing.PacingFacts:
    f = frames_from_records(records)
    return pacing.pacing_facts(f.contacts, f.steps, AS_OF)


def test_contacts_sit_on_the_ladder() -> None:
    records = [
        _contact(1, "text", None, None),
        _contact(2, "in-person", 10, None),
        _contact(3, "call", 20, None),
        _contact(4, "in-person", 60, None),
        _contact(5, "in-person", 60, None, safety=5, authenticity=4),
    ]
    f = frames_from_records(records).contacts.with_columns(level=pacing.ladder_level())
    assert f.sort("at")["level"].to_list() == [5, 4, 3, 2, 1]


def test_the_edge_is_the_highest_rung_that_mostly_stayed_regulated() -> None:
    records = [
        _contact(1, "text", None, "connected"),
        _contact(2, "text", None, "connected"),
        _contact(3, "call", 15, "connected"),
        _contact(4, "call", 15, None, safety=4),  # no after-state: felt safe counts
        _contact(5, "call", 15, "mobilized"),
        _contact(6, "in-person", 90, "shut-down"),
        _contact(7, "in-person", 90, "shut-down"),
    ]
    facts = _facts(records)
    assert facts.rungs == {1: (2, 2), 3: (3, 2), 4: (2, 0)}
    assert facts.edge == 3 and facts.next_level == 4
    assert facts.longest_regulated == 15


def test_old_contacts_and_single_ones_do_not_move_the_edge() -> None:
    records = [_contact(70, "call", 15, "connected"), _contact(71, "call", 15, "connected")]
    records.append(_contact(1, "in-person", 60, "connected"))  # one is not a pattern
    facts = _facts(records)
    assert facts.edge == 0 and facts.next_level == 1


def test_a_step_let_go_on_the_next_rung_moves_the_suggestion_down() -> None:
    records: list[object] = [
        _contact(1, "call", 15, "connected"),
        _contact(2, "call", 15, "connected"),
    ]
    assert _facts(records).next_level == 4
    records.append(
        Step(
            title="Meet Lea",
            level=4,
            status="skipped",
            created_at=datetime(2026, 6, 25, 9, tzinfo=UTC),
            tz="UTC",
        )
    )
    assert _facts(records).next_level == 3


def test_the_person_who_most_reliably_leaves_them_connected() -> None:
    records = [
        _contact(1, "call", 15, "connected", person=2),
        _contact(2, "call", 15, "connected", person=2),
        _contact(3, "call", 15, "mobilized", person=3),
        _contact(4, "call", 15, "connected", person=3),
        _contact(5, "text", None, "connected", person=4),  # only once: not enough
    ]
    facts = _facts(records)
    assert (facts.person, facts.person_share) == (2, 1.0)
