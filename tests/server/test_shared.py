"""The fields each consent scope releases are named through the spec (``server.shared``)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ebbtide.domain import spec
from ebbtide.domain.records import Boundary, CheckIn
from ebbtide.server import shared

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_a_field_the_spec_does_not_have_cannot_be_released() -> None:
    with pytest.raises(KeyError):
        shared._released(spec.CHECKIN, "mood")


def test_no_scope_releases_a_note_or_where() -> None:
    for scope, fields in shared.RELEASED.items():
        names = {f.name for f in fields}
        assert "note" not in names and "where" not in names, scope


def test_a_check_in_row_holds_exactly_its_released_fields() -> None:
    c = CheckIn(
        at=AT, tz="UTC", state="connected", intensity=2, body=("open-chest",), energy=4,
        appetite="want-company", note="private", where="home",
    )  # fmt: skip
    row = shared._row("checkins", c)
    assert row == {
        "state": "connected", "intensity": 2, "body": ["open-chest"], "energy": 4,
        "appetite": "want-company",
    }  # fmt: skip


def test_a_boundary_row_names_the_person_through_the_redactor_and_labels_the_response() -> None:
    b = Boundary(
        at=AT, tz="UTC", person_id=7, asked="the evening to myself", received="honoured",
        after="connected", note="private",
    )  # fmt: skip
    row = shared._row("boundaries", b, lambda pid: f"P{pid}")
    assert list(row) == ["person", "received", "received_label", "after"]
    assert row["person"] == "P7" and row["received_label"] == spec.BOUNDARY.field(
        "received"
    ).vocab.label("honoured")  # type: ignore[union-attr]
