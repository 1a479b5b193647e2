"""The repositories: records in and out unchanged, queries by time, person and words, people
and routines, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from ebbtide.demo import generate
from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.domain.records import CheckIn, Contact, Person, Routine, Step
from ebbtide.service.context import Context, open_context
from ebbtide.service.demo_data import seed_history
from ebbtide.store import repo
from tests.conftest import TZ, fixed_clock

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


@pytest.fixture
def seeded(any_db: str) -> Iterator[Context]:
    """Ninety demo days in a fresh store."""
    ctx = open_context(any_db, tz=TZ, clock=fixed_clock)
    seed_history(ctx, generate("story", days=90, end=date(2026, 11, 20), seed=4, tz=TZ))
    yield ctx
    ctx.close()


def test_the_demo_history_is_stored_and_listed_in_time_order(seeded: Context) -> None:
    history = generate("story", days=90, end=date(2026, 11, 20), seed=4, tz=TZ)
    made = Counter(type(r).__name__ for r in history.records(tz=TZ))
    with seeded.store.reading() as conn:
        counts = repo.count_records(conn, seeded.subject_id)
        checkins = repo.list_records(conn, seeded.subject_id, "checkin")
        oldest_first = repo.list_records(
            conn, seeded.subject_id, "contact", repo.Query(newest_first=False)
        )
    assert counts["checkin"] == made["CheckIn"] and counts["contact"] == made["Contact"]
    assert counts["person"] == made["Person"] and counts["step"] == made["Step"]
    assert [c.at for c in checkins] == sorted((c.at for c in checkins), reverse=True)
    assert [c.at for c in oldest_first] == sorted(c.at for c in oldest_first)
    assert all(c.person_ids for c in oldest_first)


def test_queries_by_window_person_words_and_limit(seeded: Context) -> None:
    sid = seeded.subject_id
    with seeded.store.reading() as conn:
        everyone = repo.list_people(conn, sid)
        lea = everyone[0]
        since, until = T0 - timedelta(days=14), T0
        window = repo.list_records(conn, sid, "contact", repo.Query(since=since, until=until))
        theirs = repo.list_records(conn, sid, "contact", repo.Query(person_id=lea.id))
        by_name = repo.list_records(conn, sid, "contact", repo.Query(search=lea.name[1:4]))
        two = repo.list_records(conn, sid, "checkin", repo.Query(limit=2))
        none = repo.list_records(conn, sid, "checkin", repo.Query(person_id=lea.id))
    assert window and all(since <= c.at < until for c in window)
    assert theirs and all(lea.id in c.person_ids for c in theirs)
    assert {c.id for c in theirs} <= {c.id for c in by_name}
    assert len(two) == 2 and none == []  # a check-in names no one


def test_a_record_round_trips_and_edits_replace_it(any_db: str) -> None:
    ctx = open_context(any_db, tz=TZ, clock=fixed_clock)
    sid = ctx.subject_id
    try:
        a = ctx.store.write(lambda c: repo.insert_person(c, sid, Person(name="Ana")))
        b = ctx.store.write(lambda c: repo.insert_person(c, sid, Person(name="Bo")))
        contact = Contact(at=T0, tz=TZ, person_ids=(b.id or 0, a.id or 0), safety=4, note="x")
        checkin = CheckIn(at=T0, tz=TZ, state="fawning", body=("warmth",), where="work")
        saved = ctx.store.write(lambda c: repo.insert_record(c, sid, contact))
        ci = ctx.store.write(lambda c: repo.insert_record(c, sid, checkin))
        with ctx.store.reading() as conn:
            assert repo.get_record(conn, sid, "contact", saved.id) == saved
            assert repo.get_record(conn, sid, "checkin", ci.id) == ci
        with pytest.raises(ValidationError, match="uid already exists"):
            ctx.store.write(lambda c: repo.insert_record(c, sid, checkin))
        edited = dataclasses.replace(saved, person_ids=(a.id or 0,), note="")
        ctx.store.write(lambda c: repo.update_record(c, sid, edited))
        ctx.store.write(lambda c: repo.delete_record(c, sid, "checkin", ci.id))
        with ctx.store.reading() as conn:
            assert repo.get_record(conn, sid, "contact", saved.id) == edited
            with pytest.raises(NotFoundError, match=f"there is no checkin #{ci.id}"):
                repo.get_record(conn, sid, "checkin", ci.id)
    finally:
        ctx.close()


def test_a_step_is_found_by_its_one_instant(any_db: str) -> None:
    ctx = open_context(any_db, tz=TZ, clock=fixed_clock)
    sid = ctx.subject_id
    try:
        planned = Step(title="Call", created_at=T0, tz=TZ)
        done = Step(title="Meet", created_at=T0, done_at=T0 + timedelta(days=5), status="done")
        ctx.store.write(lambda c: repo.insert_many(c, sid, [planned, done]))
        day5 = repo.Query(since=T0 + timedelta(days=4), until=T0 + timedelta(days=6))
        day0 = repo.Query(since=T0 - timedelta(hours=1), until=T0 + timedelta(hours=1))
        with ctx.store.reading() as conn:
            assert [s.title for s in repo.list_records(conn, sid, "step", day5)] == ["Meet"]
            assert [s.title for s in repo.list_records(conn, sid, "step", day0)] == ["Call"]
            assert [s.title for s in repo.list_records(conn, sid, "step")] == ["Meet", "Call"]
    finally:
        ctx.close()


def test_people_names_are_unique_ignoring_case_and_merge_keeps_contacts(any_db: str) -> None:
    ctx = open_context(any_db, tz=TZ, clock=fixed_clock)
    sid = ctx.subject_id
    try:
        lea = ctx.store.write(lambda c: repo.insert_person(c, sid, Person(name="Lea")))
        with pytest.raises(ValidationError, match="'LEA' is already in your people"):
            ctx.store.write(lambda c: repo.insert_person(c, sid, Person(name="LEA")))
        dup = ctx.store.write(lambda c: repo.insert_person(c, sid, Person(name="Lea M.")))
        ctx.store.write(
            lambda c: repo.insert_record(c, sid, Contact(at=T0, tz=TZ, person_ids=(dup.id or 0,)))
        )
        ctx.store.write(lambda c: repo.merge_people(c, sid, lea.id or 0, dup.id or 0))
        with ctx.store.reading() as conn:
            assert [p.name for p in repo.list_people(conn, sid)] == ["Lea"]
            [contact] = repo.list_records(conn, sid, "contact")
            assert repo.find_person(conn, sid, " lea ") == lea
        assert contact.person_ids == (lea.id,)
    finally:
        ctx.close()


def test_routines_are_stored_listed_and_updated(any_db: str) -> None:
    ctx = open_context(any_db, tz=TZ, clock=fixed_clock)
    sid = ctx.subject_id
    try:
        walk = Routine(name="Walk", schedule="mon,thu", time_of_day="07:30", anchor="out-of-bed")
        stored = ctx.store.write(lambda c: repo.insert_routine(c, sid, walk))
        paused = dataclasses.replace(stored, active=False)
        ctx.store.write(lambda c: repo.update_routine(c, sid, paused))
        with ctx.store.reading() as conn:
            assert repo.list_routines(conn, sid) == [paused]
            assert repo.list_routines(conn, sid, active_only=True) == []
    finally:
        ctx.close()
