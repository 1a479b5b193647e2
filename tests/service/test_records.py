"""Looking back at and changing stored records: the log, one entry, edits and deletes."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide.domain.errors import ErrorCode, NotFoundError, ValidationError
from ebbtide.service.capture import add_checkin, add_contact
from ebbtide.service.context import Context
from ebbtide.service.records import counts, day_entries, delete_entry, edit_entry, get_entry, log


def test_the_log_is_newest_first_and_filters_by_kind_and_day(ctx: Context) -> None:
    add_checkin(ctx, "connected", when="2026-11-18 09:00")
    add_contact(ctx, ["Sam"], create_missing=True, when="2026-11-19 18:00")
    add_checkin(ctx, "mobilized", when="2026-11-20 09:00")
    assert [e.kind for e in log(ctx)] == ["checkin", "contact", "checkin"]
    assert [e.record.state for e in log(ctx, kinds=["checkin"])] == ["mobilized", "connected"]
    assert [e.kind for e in day_entries(ctx, date(2026, 11, 19))] == ["contact"]
    assert [e.kind for e in log(ctx, since=date(2026, 11, 19))] == ["checkin", "contact"]
    with pytest.raises(ValidationError) as err:
        log(ctx, since=date(2026, 11, 20), until=date(2026, 11, 19))
    assert err.value.code == ErrorCode.PERIOD_REVERSED


def test_an_edit_is_stored_and_an_unknown_field_is_refused(ctx: Context) -> None:
    saved = add_checkin(ctx, "connected", when="2026-11-18 09:00").record
    assert saved.id is not None
    edited = edit_entry(ctx, "checkin", saved.id, {"state": "shut-down", "intensity": 2})
    assert (edited.record.state, edited.record.intensity) == ("shut-down", 2)
    assert get_entry(ctx, "checkin", saved.id).record == edited.record
    with pytest.raises(ValidationError, match="has no field 'mood'"):
        edit_entry(ctx, "checkin", saved.id, {"mood": "fine"})
    assert get_entry(ctx, "checkin", saved.id).record == edited.record


def test_a_deleted_entry_is_gone_from_the_counts(ctx: Context) -> None:
    first = add_checkin(ctx, "connected").record
    add_checkin(ctx, "fawning")
    assert first.id is not None and counts(ctx)["checkin"] == 2
    delete_entry(ctx, "checkin", first.id)
    assert counts(ctx)["checkin"] == 1
    with pytest.raises(NotFoundError):
        get_entry(ctx, "checkin", first.id)
