"""Capturing records through the service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide import service
from ebbtide.domain.errors import ErrorCode, NotFoundError, ValidationError
from ebbtide.service.context import Context


def test_checkin_is_stored_with_zone_and_parsed_codes(any_ctx: Context) -> None:
    saved = service.add_checkin(
        any_ctx, "Shut down", intensity=3, body="tight chest, heaviness", appetite="need solitude",
        note="heavy morning", when="2026-11-21 09:30",
    )  # fmt: skip
    r = saved.record
    assert (r.state, r.intensity, r.body, r.appetite, r.tz) == (
        "shut-down", 3, ("tight-chest", "heaviness"), "need-solitude", "Europe/Berlin",
    )  # fmt: skip
    [entry] = service.log(any_ctx)
    assert entry.record == r


def test_contact_with_unknown_people_needs_consent(any_ctx: Context) -> None:
    with pytest.raises(service.UnknownPeopleError, match="'Ana', 'Bo' are not in your people yet"):
        service.add_contact(any_ctx, ["Ana", "Bo"])
    assert service.log(any_ctx) == []
    assert service.list_people(any_ctx) == []
    saved = service.add_contact(
        any_ctx, ["Ana", "bo", "ana"], create_missing=True, channel="call", minutes=20,
        safety=4, after="connected",
    )  # fmt: skip
    assert len(saved.record.person_ids) == 2
    assert [p.person.name for p in service.list_people(any_ctx)] == ["Ana", "bo"]


def test_invalid_input_writes_nothing(any_ctx: Context) -> None:
    with pytest.raises(ValidationError, match="unknown channel"):
        service.add_contact(any_ctx, ["New Person"], create_missing=True, channel="owl")
    assert service.list_people(any_ctx) == []
    with pytest.raises(ValidationError, match="unknown response"):
        service.add_boundary(
            any_ctx, "Mara", asked="space", received="ignored", create_missing=True
        )
    assert service.counts(any_ctx)["person"] == 0


def test_solitude_and_boundary_and_reflection(any_ctx: Context) -> None:
    service.add_solitude(any_ctx, "scrolling", minutes=90, chosen=False, after="shut-down")
    service.add_boundary(
        any_ctx, "Mara", asked="No calls after ten", received="refused", create_missing=True
    )
    service.add_reflection(any_ctx, "What restores you?", "The river path.")
    kinds = sorted(e.kind for e in service.log(any_ctx))
    assert kinds == ["boundary", "reflection", "solitude"]


def test_log_filters_by_kind_person_search_and_days(any_ctx: Context) -> None:
    service.add_contact(
        any_ctx, ["Sam"], create_missing=True, note="walk by the river", when="2026-11-19 18:00"
    )
    service.add_contact(any_ctx, ["Lea"], create_missing=True, when="2026-11-20 18:00")
    service.add_checkin(any_ctx, "connected", note="river again", when="2026-11-21 08:00")
    assert [e.kind for e in service.log(any_ctx, kinds=["contact"])] == ["contact", "contact"]
    assert len(service.log(any_ctx, person="sam")) == 1
    assert {e.kind for e in service.log(any_ctx, search="RIVER")} == {"contact", "checkin"}
    assert len(service.log(any_ctx, search="Lea")) == 1  # names are searched too
    assert len(service.log(any_ctx, since=date(2026, 11, 20), until=date(2026, 11, 20))) == 1
    assert service.log(any_ctx, search="100%_") == []
    with pytest.raises(ValidationError, match="first day is after the last") as reversed_:
        service.log(any_ctx, since=date(2026, 11, 21), until=date(2026, 11, 20))
    assert reversed_.value.code is ErrorCode.PERIOD_REVERSED


def test_edit_and_delete(any_ctx: Context) -> None:
    r = service.add_checkin(any_ctx, "mobilized", intensity=4).record
    assert r.id is not None
    e = service.edit_entry(any_ctx, "checkin", r.id, {"state": "connected", "intensity": 2})
    assert (e.record.state, e.record.intensity, e.record.uid) == ("connected", 2, r.uid)
    with pytest.raises(ValidationError, match="intensity must be"):
        service.edit_entry(any_ctx, "checkin", r.id, {"intensity": 9})
    with pytest.raises(ValidationError, match="has no field 'colour'"):
        service.edit_entry(any_ctx, "checkin", r.id, {"colour": "blue"})
    service.delete_entry(any_ctx, "checkin", r.id)
    with pytest.raises(NotFoundError, match="there is no checkin"):
        service.delete_entry(any_ctx, "checkin", r.id)


def test_edit_contact_people(any_ctx: Context) -> None:
    c = service.add_contact(any_ctx, ["Sam"], create_missing=True).record
    service.add_person(any_ctx, "Noor", "friend")
    assert c.id is not None
    e = service.edit_entry(any_ctx, "contact", c.id, {"people": ["Noor", "Sam"], "minutes": 15})
    names = service.people_names(any_ctx)
    assert [names[i] for i in e.record.person_ids] == ["Noor", "Sam"]


def test_rename_merge_and_delete_people(any_ctx: Context) -> None:
    service.add_contact(any_ctx, ["Sam"], create_missing=True)
    service.add_contact(any_ctx, ["Samuel", "Lea"], create_missing=True)
    service.add_contact(any_ctx, ["Sam", "Samuel"], create_missing=True)
    service.add_boundary(any_ctx, "Samuel", asked="ask first", received="honoured")
    service.edit_person(any_ctx, "Lea", name="Lea M.", relation="family")
    with pytest.raises(ValidationError, match="already in your people"):
        service.edit_person(any_ctx, "Lea M.", name="sam")
    service.merge_people(any_ctx, "Sam", "Samuel")
    people = {s.person.name: s.contacts for s in service.list_people(any_ctx)}
    assert people == {"Lea M.": 1, "Sam": 3}
    assert len(service.log(any_ctx, person="Sam", kinds=["boundary"])) == 1
    service.delete_person(any_ctx, "Sam")
    remaining = service.log(any_ctx)
    # The contact shared with Lea stays; the ones only with Sam and his boundary go.
    assert [e.kind for e in remaining] == ["contact"]


def test_routines_and_steps(any_ctx: Context) -> None:
    service.add_routine(any_ctx, "Evening walk", time_of_day="19:30", anchor="other")
    service.add_routine(any_ctx, "Friday dinner", schedule="fri", anchor="dinner")
    service.routine_done(any_ctx, "evening")
    with pytest.raises(NotFoundError, match="no routine called 'yoga'"):
        service.routine_done(any_ctx, "yoga")
    s = service.plan_step(any_ctx, "Send Lea a message", level=1, person="Lea", create_missing=True)
    assert s.id is not None and s.status == "planned"
    done = service.step_done(any_ctx, s.id)
    assert done.status == "done" and done.done_at is not None
    skipped = service.step_skip(any_ctx, s.id)
    assert skipped.status == "skipped" and skipped.done_at is None
    assert [x.title for x in service.list_steps(any_ctx, status="skipped")] == [
        "Send Lea a message"
    ]


def test_today_and_week(any_ctx: Context) -> None:
    service.add_checkin(any_ctx, "connected", when="2026-11-21 09:00")
    service.add_contact(
        any_ctx, ["Sam"], create_missing=True, safety=5, minutes=30, when="2026-11-21 10:00"
    )
    service.add_solitude(any_ctx, "nature", minutes=45, when="2026-11-20 10:00")
    t = service.today(any_ctx)
    assert t.day == date(2026, 11, 21)
    assert (t.summary.checkins, t.summary.contacts, t.summary.safe_contacts) == (1, 1, 1)
    w = service.week(any_ctx)
    assert w.start == date(2026, 11, 16)
    by_day = {d.day: d for d in w.days}
    assert by_day[date(2026, 11, 20)].solitude_chosen_min == 45
    assert not by_day[date(2026, 11, 18)].logged
