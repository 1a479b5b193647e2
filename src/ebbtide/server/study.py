"""Studies: enrol clients who gave research consent; cohort counts with small cells hidden.

Only counts of people leave a study's view, and any cell with fewer than ``MIN_CELL``
people is suppressed (shown as null with ``suppressed: true``), the total included.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain.timekeeping import day_bounds
from ebbtide.server import audit, repo
from ebbtide.server.db import ServerDB
from ebbtide.server.policy import Actor
from ebbtide.server.shared import client_context
from ebbtide.service import PHASES, log

MIN_CELL = 11
WINDOW_DAYS = 28
STATES = ("connected", "mobilized", "shut-down", "fawning")


def studies_of(db: ServerDB, account: repo.Account) -> list[dict[str, Any]]:
    """The studies an account is a member of."""
    with db.reading() as conn:
        orgs = repo.memberships(conn, account.id)
    return [{"uid": o.uid, "name": o.name} for o in orgs if o.kind == "study"]


def enrol(
    db: ServerDB, actor: Actor, org: repo.Organisation, client: repo.Account, request_id: str
) -> dict[str, Any]:
    """Enrol a client who granted this study research consent (the guard checked it)."""
    now = db.now()

    def work(conn: Connection) -> None:
        repo.enrol(conn, org.id, client.id, now)
        audit.append(
            conn,
            audit.AuditEvent(
                actor.uid, actor.role, "study.enrol", "ok", request_id, client.uid, None, None, 1
            ),
            now,
        )

    db.write(work)
    return {"study": org.uid, "client": client.uid, "enrolled": True}


def _cell(measure: str, category: str, people: int, count: int) -> dict[str, Any]:
    small = people < MIN_CELL
    return {
        "measure": measure,
        "category": category,
        "people": None if small else people,
        "count": None if small else count,
        "suppressed": small,
    }


def aggregates(db: ServerDB, org: repo.Organisation) -> dict[str, Any]:
    """Check-in states and daily phases over the last four weeks, counted across people."""
    from ebbtide.service import cached_insight_report

    now = db.now()
    with db.reading() as conn:
        members = repo.enrolled(conn, org.id)
        live: list[tuple[repo.Account, frozenset[str]]] = []
        for m in members:
            grants = [g for g in repo.grants_between(conn, m.id, None, org.id) if g.live(now)]
            scopes = frozenset().union(*(g.scopes for g in grants)) if grants else frozenset()
            if grants:
                live.append((m, scopes))
    state_people: Counter[str] = Counter()
    state_count: Counter[str] = Counter()
    phase_people: Counter[str] = Counter()
    phase_days: Counter[str] = Counter()
    for account, scopes in live:
        ctx = client_context(db, account)
        today = ctx.today()
        start = today - timedelta(days=WINDOW_DAYS - 1)
        if "checkins" in scopes:
            states = Counter(e.record.state for e in log(ctx, since=start, kinds=["checkin"]))
            state_people.update(states.keys())
            state_count.update(states)
        if "insights.phases" in scopes:
            days = Counter(
                p.phase for p in cached_insight_report(ctx).phases if start <= p.day <= today
            )
            phase_people.update(days.keys())
            phase_days.update(days)
    cells = [_cell("checkins", s, state_people[s], state_count[s]) for s in STATES]
    cells += [_cell("phase-days", p, phase_people[p], phase_days[p]) for p in PHASES]
    window_start = day_bounds(now.date() - timedelta(days=WINDOW_DAYS - 1), "UTC")[0]
    return {
        "study": org.uid,
        "name": org.name,
        "min_cell": MIN_CELL,
        "window_start": window_start.date().isoformat(),
        "enrolled": _cell("enrolled", "all", len(live), len(live)),
        "cells": cells,
    }
