"""Records validate their fields on construction and name the valid choices."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.domain import vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Person,
    Routine,
    Solitude,
    parse_schedule,
    schedule_days,
)

AT = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


def test_a_minimal_checkin_is_valid() -> None:
    c = CheckIn(at=AT, tz="Europe/Berlin", state="connected")
    assert c.id is None and len(c.uid) == 32


def test_unknown_state_names_the_valid_choices() -> None:
    with pytest.raises(ValidationError) as info:
        CheckIn(at=AT, tz="UTC", state="happy")
    assert info.value.message == (
        "unknown state 'happy'. Choose one of: connected, mobilized, shut-down, fawning"
    )


@pytest.mark.parametrize("bad", [0, 6, -1, True])
def test_intensity_is_one_to_five(bad: Any) -> None:
    with pytest.raises(ValidationError, match="intensity must be a whole number from 1 to 5"):
        CheckIn(at=AT, tz="UTC", state="connected", intensity=bad)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError, match="without a zone"):
        CheckIn(at=datetime(2026, 1, 1), tz="UTC", state="connected")


def test_contact_needs_people_and_known_codes() -> None:
    with pytest.raises(ValidationError, match="at least one person"):
        Contact(at=AT, tz="UTC", person_ids=())
    with pytest.raises(ValidationError, match="unknown channel 'fax'"):
        Contact(at=AT, tz="UTC", person_ids=(1,), channel="fax")
    with pytest.raises(ValidationError, match="minutes must be"):
        Contact(at=AT, tz="UTC", person_ids=(1,), minutes=5000)


def test_solitude_boundary_and_person_validation() -> None:
    with pytest.raises(ValidationError, match="unknown activity 'napping'"):
        Solitude(at=AT, tz="UTC", activity="napping")
    with pytest.raises(ValidationError, match="asked cannot be empty"):
        Boundary(at=AT, tz="UTC", person_id=1, asked="  ", received="honoured")
    with pytest.raises(ValidationError, match="unknown response 'ignored'"):
        Boundary(at=AT, tz="UTC", person_id=1, asked="space", received="ignored")
    with pytest.raises(ValidationError, match="name cannot be empty"):
        Person(name="")


def test_vocabulary_parsing_is_lenient_about_spelling() -> None:
    assert vocab.STATES.parse("Shut Down") == "shut-down"
    assert vocab.STATES.parse("shut_down") == "shut-down"
    assert vocab.parse_codes(
        vocab.BODY_SIGNALS, "tight-chest, Shallow breath,tight-chest", "body"
    ) == (
        "tight-chest",
        "shallow-breath",
    )


def test_every_vocabulary_code_is_stable_and_unique() -> None:
    vocabularies = [v for v in vars(vocab).values() if isinstance(v, vocab.Vocabulary)]
    assert len(vocabularies) >= 10
    for v in vocabularies:
        assert len(set(v.codes)) == len(v.codes), v.name
        for code in v.codes:
            assert code == code.strip().lower() and " " not in code


def test_schedules() -> None:
    assert parse_schedule("Thu, mon") == "mon,thu"
    assert schedule_days("weekdays") == frozenset(range(5))
    assert schedule_days("mon,thu") == frozenset({0, 3})
    with pytest.raises(ValidationError, match="unknown schedule"):
        parse_schedule("fortnightly")
    with pytest.raises(ValidationError, match="HH:MM"):
        Routine(name="Walk", time_of_day="25:00")


@given(
    state=st.text(max_size=20),
    intensity=st.one_of(st.none(), st.integers(-3, 9)),
    body=st.lists(st.text(max_size=15), max_size=4),
    note=st.text(max_size=50),
)
def test_checkin_construction_either_validates_or_raises_validation_error(
    state: str, intensity: int | None, body: list[str], note: str
) -> None:
    try:
        c = CheckIn(at=AT, tz="UTC", state=state, intensity=intensity, body=tuple(body), note=note)
    except ValidationError as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert c.state in vocab.STATES
    assert c.intensity is None or 1 <= c.intensity <= 5
    assert all(b in vocab.BODY_SIGNALS for b in c.body)
