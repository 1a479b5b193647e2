"""A mapper turns a record into its table's row and back, as the kind's spec says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ebbtide.domain.records import CheckIn, Contact, Person
from ebbtide.store.mappers import CHECKIN, CONTACT, MAPPERS, STEP, mapper_for

AT = datetime(2026, 11, 21, 14, tzinfo=UTC)


def test_a_record_finds_the_mapper_of_its_kind() -> None:
    assert mapper_for(CheckIn(at=AT, tz="UTC", state="connected")) is CHECKIN
    assert mapper_for(Contact(at=AT, tz="UTC", person_ids=(1,))) is CONTACT
    assert {m.kind for m in MAPPERS.values()} == set(MAPPERS)
    with pytest.raises(TypeError, match="no table for Person"):
        mapper_for(Person(name="Sam"))


def test_instants_are_stored_as_epochs_and_codes_as_one_text() -> None:
    record = CheckIn(at=AT, tz="UTC", state="shut-down", body=("heaviness", "foggy"))
    row = CHECKIN.to_row(record)
    assert row["uid"] == record.uid and "id" not in row and "subject_id" not in row
    assert row["at"] == int(AT.timestamp()) and row["body"] == "heaviness,foggy"
    assert CHECKIN.from_row(row | {"id": 3}) == CheckIn(
        at=AT, tz="UTC", state="shut-down", body=("heaviness", "foggy"), id=3, uid=record.uid
    )


def test_a_contacts_people_are_joined_in_when_read() -> None:
    record = Contact(at=AT, tz="UTC", person_ids=(4, 2))
    row = CONTACT.to_row(record) | {"id": 9, "person_ids": [4, 2]}
    assert CONTACT.from_row(row).person_ids == (4, 2)


def test_a_steps_timeline_instant_is_when_it_was_done_else_when_it_was_planned() -> None:
    assert str(STEP.time()) == "coalesce(steps.done_at, steps.created_at)"
    assert str(CHECKIN.time()) == "checkins.at"
