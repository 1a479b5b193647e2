"""Several kinds in one statement give exactly the records a query per kind gives."""

from __future__ import annotations

import heapq
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ebbtide.demo import generate
from ebbtide.domain import vocab
from ebbtide.domain.timekeeping import day_bounds
from ebbtide.service.context import Context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.records import record_time
from ebbtide.store import repo
from ebbtide.store.listing import list_kinds
from tests.support.statements import sqlalchemy_statements

KINDS = list(vocab.RECORD_KINDS.codes)


def _per_kind(ctx: Context, kinds: list[str], q: repo.Query) -> list[tuple[str, Any]]:
    """The reference: one query per kind, merged by each kind's time column."""
    with ctx.store.reading() as conn:
        streams = [[(k, r) for r in repo.list_records(conn, ctx.subject_id, k, q)] for k in kinds]

    def key(item: tuple[str, Any]) -> Any:
        return record_time(*item)

    merged = list(heapq.merge(*streams, key=key, reverse=q.newest_first))
    return merged[: q.limit] if q.limit is not None else merged


@pytest.mark.parametrize(
    "q",
    [
        repo.Query(),
        repo.Query(limit=37),
        repo.Query(search="a", limit=50),
        repo.Query(newest_first=False, limit=25),
    ],
    ids=["all", "limit", "search", "oldest-first"],
)
def test_one_statement_matches_a_query_per_kind(any_ctx: Context, q: repo.Query) -> None:
    seed_history(any_ctx, generate("story", days=45, end=any_ctx.today(), seed=8, tz=any_ctx.tz))
    with any_ctx.store.reading() as conn:
        got = list_kinds(conn, any_ctx.subject_id, KINDS, q)
    want = _per_kind(any_ctx, KINDS, q)
    assert [k for k, _ in got] == [k for k, _ in want]
    assert got == want
    assert any(k == "contact" and r.person_ids for k, r in got) or q.search


def test_person_and_window_filters(ctx: Context) -> None:
    seed_history(ctx, generate("story", days=45, end=ctx.today(), seed=9, tz=ctx.tz))
    since = day_bounds(ctx.today() - timedelta(days=20), ctx.tz, ctx.day_start_hour)[0]
    with ctx.store.reading() as conn:
        recent = repo.list_records(conn, ctx.subject_id, "contact", repo.Query(since=since))
    q = repo.Query(person_id=recent[-1].person_ids[0], since=since)
    with ctx.store.reading() as conn:
        got = list_kinds(conn, ctx.subject_id, ["contact", "boundary", "checkin"], q)
    assert got and got == _per_kind(ctx, ["contact", "boundary", "checkin"], q)
    assert all(k != "checkin" for k, _ in got)  # a check-in names nobody


@pytest.mark.postgres
def test_on_postgresql_the_statement_goes_to_the_driver_itself(pg_ctx: Context) -> None:
    seed_history(pg_ctx, generate("story", days=30, end=pg_ctx.today(), seed=3, tz=pg_ctx.tz))
    with sqlalchemy_statements(pg_ctx.store.writer) as seen, pg_ctx.store.reading() as conn:
        got = list_kinds(conn, pg_ctx.subject_id, KINDS, repo.Query(limit=20))
    assert len(got) == 20 and any(k == "contact" for k, _ in got)
    assert [s for s in seen if "UNION ALL" in s] == []


@pytest.mark.postgres
def test_a_lost_connection_under_the_driver_is_sqlalchemys_error_and_is_dropped(
    pg_ctx: Context,
) -> None:
    with pg_ctx.store.reading() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with pg_ctx.store.writer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(DBAPIError):
            list_kinds(conn, pg_ctx.subject_id, KINDS, repo.Query(limit=5))
        assert conn.invalidated
    assert list_kinds_fresh(pg_ctx) == []  # the pool hands out a live connection next


def list_kinds_fresh(ctx: Context) -> list[tuple[str, Any]]:
    """A listing on a connection from the pool now."""
    with ctx.store.reading() as conn:
        return list_kinds(conn, ctx.subject_id, KINDS, repo.Query(limit=5))
