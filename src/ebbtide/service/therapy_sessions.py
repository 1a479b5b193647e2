"""Use cases for therapy sessions: the days a report can start "since last session"."""

from __future__ import annotations

from datetime import date

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import MAX_NOTE
from ebbtide.domain.text import check_text
from ebbtide.domain.timekeeping import check_day
from ebbtide.service.context import Context
from ebbtide.store import therapy_sessions as store_therapy_sessions
from ebbtide.store.therapy_sessions import TherapySession


def add_therapy_session(ctx: Context, day: date, note: str = "") -> TherapySession:
    """Record a day the person met their therapist (not in the future)."""
    check_day("the session's day", day)
    if day > ctx.today():
        raise ValidationError("day", "a session can be recorded once it has happened")
    note = check_text("note", note, MAX_NOTE)
    return ctx.write(
        lambda c: store_therapy_sessions.insert_therapy_session(c, ctx.subject_id, day, note)
    )


def list_therapy_sessions(ctx: Context) -> list[TherapySession]:
    """Recorded sessions, oldest first."""
    with ctx.store.reading() as conn:
        return store_therapy_sessions.list_therapy_sessions(conn, ctx.subject_id)


def last_therapy_session(ctx: Context) -> TherapySession | None:
    """The most recent recorded session, if any."""
    sessions = list_therapy_sessions(ctx)
    return sessions[-1] if sessions else None


def delete_therapy_session(ctx: Context, session_id: int) -> None:
    """Forget a recorded session."""
    ctx.write(
        lambda c: store_therapy_sessions.delete_therapy_session(c, ctx.subject_id, session_id)
    )
