"""Therapy sessions: listed oldest first on either database; on PostgreSQL below SQLAlchemy."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide.service import Context, add_therapy_session, list_therapy_sessions
from tests.support.statements import sqlalchemy_statements


def test_sessions_are_listed_oldest_first_with_their_notes(any_ctx: Context) -> None:
    for day, note in (
        (date(2026, 11, 10), "b"),
        (date(2026, 10, 3), "a"),
        (date(2026, 11, 14), ""),
    ):
        add_therapy_session(any_ctx, day, note)
    listed = list_therapy_sessions(any_ctx)
    assert [(s.day, s.note) for s in listed] == [
        (date(2026, 10, 3), "a"), (date(2026, 11, 10), "b"), (date(2026, 11, 14), ""),
    ]  # fmt: skip
    assert len({s.uid for s in listed}) == 3 and all(isinstance(s.id, int) for s in listed)


@pytest.mark.postgres
def test_on_postgresql_the_list_sends_no_statement_through_sqlalchemy(pg_ctx: Context) -> None:
    add_therapy_session(pg_ctx, date(2026, 11, 10))
    with sqlalchemy_statements(pg_ctx.store.writer) as seen:
        assert [s.day for s in list_therapy_sessions(pg_ctx)] == [date(2026, 11, 10)]
    assert [s for s in seen if "therapy_sessions" in s] == []
