"""Use cases that capture records: check-ins, contacts, solitude, boundaries, reflections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import Connection

from ebbtide.domain import vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import Boundary, CheckIn, Contact, Reflection, Solitude
from ebbtide.domain.timekeeping import parse_when, to_utc
from ebbtide.service.context import Context
from ebbtide.service.people import resolve_people
from ebbtide.store import repo

T = TypeVar("T")
_FUTURE_SLACK_S = 300


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A stored record plus anything the person should see right away (e.g. help)."""

    record: T
    notices: tuple[str, ...] = field(default=())


def moment(ctx: Context, when: str | datetime | None) -> datetime:
    """Resolve a --when value (text, datetime or None for now) to a past UTC instant."""
    now = ctx.now().replace(microsecond=0)
    if when is None or (isinstance(when, str) and when.strip().lower() == "now"):
        return now
    if isinstance(when, datetime):
        at = to_utc(when).replace(microsecond=0)
        if (at - now).total_seconds() > _FUTURE_SLACK_S:
            raise ValidationError("when", "that moment is in the future; log what has happened")
        return at
    return parse_when(when, now, ctx.tz).replace(microsecond=0)


def _codes(v: vocab.Vocabulary, value: str | Sequence[str] | None, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return vocab.parse_codes(v, value, name)
    return tuple(dict.fromkeys(v.parse(x, name) for x in value if x.strip()))


def _opt(v: vocab.Vocabulary, value: str | None, name: str) -> str | None:
    return v.parse(value, name) if value not in (None, "") else None


def _notices(ctx: Context, *texts: str) -> tuple[str, ...]:
    from ebbtide.service.hooks import notices_for_text

    return notices_for_text(ctx, " \n".join(t for t in texts if t))


def add_checkin(
    ctx: Context,
    state: str,
    *,
    intensity: int | None = None,
    body: str | Sequence[str] | None = None,
    energy: int | None = None,
    appetite: str | None = None,
    note: str = "",
    when: str | datetime | None = None,
    where: str | None = None,
) -> Saved[CheckIn]:
    """Record a check-in."""
    rec = CheckIn(
        at=moment(ctx, when),
        tz=ctx.tz,
        state=vocab.STATES.parse(state, "state"),
        intensity=intensity,
        body=_codes(vocab.BODY_SIGNALS, body, "body"),
        energy=energy,
        appetite=_opt(vocab.APPETITES, appetite, "appetite"),
        note=note,
        where=_opt(vocab.PLACES, where, "where"),
    )
    return Saved(ctx.add(rec), _notices(ctx, note))


def add_contact(
    ctx: Context,
    people: Sequence[str],
    *,
    create_missing: bool = False,
    channel: str = "in-person",
    minutes: int | None = None,
    initiated: str | None = None,
    safety: int | None = None,
    reciprocity: int | None = None,
    authenticity: int | None = None,
    before: str | None = None,
    after: str | None = None,
    note: str = "",
    when: str | datetime | None = None,
) -> Saved[Contact]:
    """Record a contact with one or more people (unknown names only with create_missing)."""
    at = moment(ctx, when)
    fields = dict(
        channel=vocab.CHANNELS.parse(channel, "channel"),
        minutes=minutes,
        initiated=_opt(vocab.INITIATORS, initiated, "initiated"),
        safety=safety,
        reciprocity=reciprocity,
        authenticity=authenticity,
        before=_opt(vocab.STATES, before, "before"),
        after=_opt(vocab.STATES, after, "after"),
        note=note,
    )
    # Validate everything except the people before touching the store.
    Contact(at=at, tz=ctx.tz, person_ids=(0,), **fields)  # type: ignore[arg-type]

    def work(conn: Connection) -> Contact:
        ids = resolve_people(conn, ctx.subject_id, people, create_missing=create_missing)
        rec = Contact(at=at, tz=ctx.tz, person_ids=tuple(ids), **fields)  # type: ignore[arg-type]
        return repo.insert_record(conn, ctx.subject_id, rec)  # type: ignore[no-any-return]

    stored = ctx.write(work)
    return Saved(stored, _notices(ctx, note))


def add_solitude(
    ctx: Context,
    activity: str,
    *,
    minutes: int | None = None,
    chosen: bool = True,
    before: str | None = None,
    after: str | None = None,
    note: str = "",
    when: str | datetime | None = None,
    where: str | None = None,
) -> Saved[Solitude]:
    """Record time spent alone."""
    rec = Solitude(
        at=moment(ctx, when),
        tz=ctx.tz,
        activity=vocab.SOLITUDE_ACTIVITIES.parse(activity, "activity"),
        minutes=minutes,
        chosen=chosen,
        before=_opt(vocab.STATES, before, "before"),
        after=_opt(vocab.STATES, after, "after"),
        note=note,
        where=_opt(vocab.PLACES, where, "where"),
    )
    stored = ctx.write(lambda c: repo.insert_record(c, ctx.subject_id, rec))
    return Saved(stored, _notices(ctx, note))


def add_boundary(
    ctx: Context,
    person: str,
    *,
    asked: str,
    received: str,
    after: str | None = None,
    create_missing: bool = False,
    note: str = "",
    when: str | datetime | None = None,
) -> Saved[Boundary]:
    """Record a boundary set or need expressed, and how it was received."""
    at = moment(ctx, when)
    fields = dict(
        asked=asked,
        received=vocab.BOUNDARY_RESPONSES.parse(received, "received"),
        after=_opt(vocab.STATES, after, "after"),
        note=note,
    )
    Boundary(at=at, tz=ctx.tz, person_id=0, **fields)  # type: ignore[arg-type]

    def work(conn: Connection) -> Boundary:
        (pid,) = resolve_people(conn, ctx.subject_id, [person], create_missing=create_missing)
        rec = Boundary(at=at, tz=ctx.tz, person_id=pid, **fields)  # type: ignore[arg-type]
        return repo.insert_record(conn, ctx.subject_id, rec)  # type: ignore[no-any-return]

    stored = ctx.write(work)
    return Saved(stored, _notices(ctx, asked, note))


def add_reflection(
    ctx: Context, prompt: str, answer: str, *, when: str | datetime | None = None
) -> Saved[Reflection]:
    """Save an answer to a reflection prompt."""
    rec = Reflection(at=moment(ctx, when), tz=ctx.tz, prompt=prompt, answer=answer)
    stored = ctx.write(lambda c: repo.insert_record(c, ctx.subject_id, rec))
    return Saved(stored, _notices(ctx, answer))
