"""Use cases for routines (steady anchors) and steps (small acts toward connection)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy import Connection

from ebbtide.domain import vocab
from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.domain.records import Routine, RoutineDone, Step, parse_schedule
from ebbtide.service.capture import Saved, moment
from ebbtide.service.context import Context
from ebbtide.service.people import resolve_people
from ebbtide.store import repo


def add_routine(
    ctx: Context,
    name: str,
    *,
    schedule: str = "daily",
    time_of_day: str | None = None,
    anchor: str | None = None,
) -> Routine:
    """Add a small steady anchor to the week."""
    r = Routine(
        name=" ".join(name.split()),
        schedule=parse_schedule(schedule),
        time_of_day=time_of_day,
        anchor=vocab.ANCHORS.parse(anchor, "anchor") if anchor else None,
        tz=ctx.tz,
    )
    return ctx.write(lambda c: repo.insert_routine(c, ctx.subject_id, r))


def list_routines(ctx: Context, *, active_only: bool = False) -> list[Routine]:
    """The routines, oldest first."""
    with ctx.store.reading() as conn:
        return repo.list_routines(conn, ctx.subject_id, active_only=active_only)


def routine_names(ctx: Context) -> dict[int, str]:
    """Routine id → name."""
    return {r.id: r.name for r in list_routines(ctx) if r.id is not None}


def find_routine(ctx: Context, name_or_id: str | int) -> Routine:
    """A routine by id or (case-insensitive, unique prefix) name."""
    routines = list_routines(ctx)
    key = str(name_or_id).strip().lstrip("#")
    if key.isascii() and key.isdigit() and len(key) < 25:
        for r in routines:
            if r.id == int(key):
                return r
        raise NotFoundError(f"there is no routine #{key}")
    exact = [r for r in routines if r.name.casefold() == key.casefold()]
    matches = exact or [r for r in routines if r.name.casefold().startswith(key.casefold())]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(r.name for r in routines) or "none yet"
    if not matches:
        raise NotFoundError(f"no routine called '{key}'. Your routines: {names}")
    raise ValidationError("routine", f"'{key}' matches several routines: {names}")


def routine_done(
    ctx: Context, name_or_id: str | int, *, note: str = "", when: str | datetime | None = None
) -> Saved[RoutineDone]:
    """Mark a routine as done."""
    r = find_routine(ctx, name_or_id)
    rec = RoutineDone(routine_id=r.id or 0, at=moment(ctx, when), tz=ctx.tz, note=note)
    saved = ctx.write(lambda c: repo.insert_record(c, ctx.subject_id, rec))
    return Saved(saved, _notices(ctx, note))


def set_routine_active(ctx: Context, name_or_id: str | int, active: bool) -> Routine:
    """Pause or resume a routine."""
    r = dataclasses.replace(find_routine(ctx, name_or_id), active=active)
    return ctx.write(lambda c: repo.update_routine(c, ctx.subject_id, r))


def delete_routine(ctx: Context, name_or_id: str | int) -> Routine:
    """Remove a routine and its history."""
    r = find_routine(ctx, name_or_id)
    ctx.write(lambda c: repo.delete_routine(c, ctx.subject_id, r.id or 0))
    return r


def plan_step(
    ctx: Context,
    title: str,
    *,
    level: int | None = None,
    planned_for: date | None = None,
    person: str | None = None,
    create_missing: bool = False,
    note: str = "",
) -> Step:
    """Plan a small step toward people; level is its rung on the ladder (1-5)."""
    lvl = level if level is not None else 1

    def work(conn: Connection) -> Step:
        pid = None
        if person:
            (pid,) = resolve_people(conn, ctx.subject_id, [person], create_missing=create_missing)
        s = Step(
            title=" ".join(title.split()),
            level=lvl,
            planned_for=planned_for,
            person_id=pid,
            created_at=ctx.now(),
            tz=ctx.tz,
            note=note,
        )
        return repo.insert_record(conn, ctx.subject_id, s)  # type: ignore[no-any-return]

    return ctx.write(work)


def step_notices(ctx: Context, step: Step) -> tuple[str, ...]:
    """Help to show after a step's title or note was saved (the crisis-language check)."""
    return _notices(ctx, step.title, step.note)


def _notices(ctx: Context, *texts: str) -> tuple[str, ...]:
    from ebbtide.service.hooks import notices_for_text

    joined = " \n".join(t for t in texts if t)
    return notices_for_text(ctx, joined) if joined else ()


def list_steps(ctx: Context, *, status: str | None = None) -> list[Step]:
    """Steps, newest first, optionally only those with a status."""
    st = vocab.STEP_STATUSES.parse(status, "status") if status else None
    with ctx.store.reading() as conn:
        steps: list[Step] = repo.list_records(conn, ctx.subject_id, "step")
    return [s for s in steps if st is None or s.status == st]


def _set_status(
    ctx: Context,
    step_id: int,
    status: str,
    note: str | None,
    when: str | datetime | None = None,
) -> Step:
    done_at = moment(ctx, when) if status == "done" else None

    def work(conn: Connection) -> Step:
        s: Step = repo.get_record(conn, ctx.subject_id, "step", step_id)
        changed = dataclasses.replace(
            s,
            status=status,
            done_at=done_at,
            note=s.note if note is None else note,
        )
        return repo.update_record(conn, ctx.subject_id, changed)  # type: ignore[no-any-return]

    return ctx.write(work)


def step_done(
    ctx: Context, step_id: int, note: str | None = None, *, when: str | datetime | None = None
) -> Step:
    """Mark a step as done (now, or at an earlier moment ``when``)."""
    return _set_status(ctx, step_id, "done", note, when)


def step_skip(ctx: Context, step_id: int, note: str | None = None) -> Step:
    """Let a step go for now — no judgement, it can be planned again later."""
    return _set_status(ctx, step_id, "skipped", note)
