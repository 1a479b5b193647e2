"""Opaque sessions kept in the database: a random token in a cookie, its hash in a row.

A session ends after ``idle_minutes`` without a request, after ``absolute_hours`` in
all, at logout, or when its person logs out everywhere. Each has its own CSRF token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection

from ebbtide.server import repo
from ebbtide.server.db import ServerDB, Settings

COOKIE = "ebbtide_session"
TOUCH_SECONDS = 15
"""Activity is written at most this often per session (the idle timeout's resolution)."""


def token_hash(token: str) -> str:
    """What is stored for a session token (the token itself never is)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewSession:
    """A fresh session: the cookie value and the CSRF token that goes with it."""

    token: str
    csrf_token: str


@dataclass(frozen=True)
class LiveSession:
    """A session that is still open, and the account behind it."""

    token_hash: str
    account: repo.Account
    csrf_token: str


def start_session(db: ServerDB, account_id: int, old_token: str | None = None) -> NewSession:
    """Open a new session (a fresh token every login: no fixation); end the old one if any."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = db.now()

    def work(conn: Connection) -> None:
        if old_token:
            repo.end_session(conn, token_hash(old_token), now)
        repo.insert_session(conn, token_hash(token), account_id, csrf, now)

    db.write(work)
    return NewSession(token, csrf)


def find_session(
    conn: Connection, settings: Settings, token: str | None, now: datetime
) -> tuple[LiveSession | None, bool]:
    """The open session for a cookie value (or None), and whether its activity is due a write."""
    hashed = cookie_hash(token)
    if hashed is None:
        return None, False
    found = repo.session_with_account(conn, hashed)
    if found is None:
        return None, False
    return check_session(found[0], found[1], settings, now)


def cookie_hash(token: str | None) -> str | None:
    """The stored hash for a cookie value, or None for no cookie or an absurd one."""
    if not token or len(token) > 200:
        return None
    return token_hash(token)


def check_session(
    row: repo.SessionRow, account: repo.Account, settings: Settings, now: datetime
) -> tuple[LiveSession | None, bool]:
    """The session if it is still open at ``now``, and whether its activity is due a write."""
    if row.ended_at is not None:
        return None, False
    if now >= row.last_seen + timedelta(minutes=settings.idle_minutes):
        return None, False
    if now >= row.created_at + timedelta(hours=settings.absolute_hours):
        return None, False
    due = now >= row.last_seen + timedelta(seconds=TOUCH_SECONDS)
    return LiveSession(row.token_hash, account, row.csrf_token), due


def guard_facts(
    db: ServerDB, token: str | None, client_uid: str | None, now: datetime
) -> tuple[LiveSession | None, repo.GuardFacts]:
    """The open session, a client and the client's grants to its account, in one round trip.

    Activity is recorded in the same statement when it is due (see ``TOUCH_SECONDS``).
    """
    s = db.settings
    hashed = cookie_hash(token)
    cutoffs = (now - timedelta(minutes=s.idle_minutes), now - timedelta(hours=s.absolute_hours))
    touch_before = now - timedelta(seconds=TOUCH_SECONDS)
    facts = db.on_driver(
        lambda c: repo.guard_facts(c, hashed, client_uid, now, touch_before, cutoffs)
    )
    if facts.session is None or facts.account is None:
        return None, facts
    live, _due = check_session(facts.session, facts.account, s, now)
    return live, facts


def touch(db: ServerDB, live: LiveSession) -> None:
    """Record activity on a session (for the idle timeout)."""
    now = db.now()
    db.auto(lambda c: repo.touch_session(c, live.token_hash, now))


def end_session(db: ServerDB, hashed: str) -> None:
    """Log out this session."""
    now = db.now()
    db.write(lambda c: repo.end_session(c, hashed, now))


def end_all_sessions(db: ServerDB, account_id: int) -> int:
    """Log out everywhere: end every session of the account."""
    now = db.now()
    return db.write(lambda c: repo.end_sessions(c, account_id, now))
