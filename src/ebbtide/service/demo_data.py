"""Seeding a store with demo histories (ebbtide.demo) through the repositories."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain.errors import ErrorCode, ValidationError
from ebbtide.domain.records import Boundary, Contact, Person, Routine, RoutineDone, Step
from ebbtide.service.context import Context, open_context
from ebbtide.store import repo


@dataclass(frozen=True)
class SeedResult:
    """What one subject received."""

    subject: str
    archetype: str
    records: int
    truth: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


def _has_records(ctx: Context) -> bool:
    with ctx.store.reading() as conn:
        return any(repo.count_records(conn, ctx.subject_id).values())


def seed_history(ctx: Context, history: Any) -> int:
    """Write a demo History into the context's subject in one transaction."""

    def work(conn: Connection) -> int:
        person_ids: list[int] = []
        routine_ids: list[int] = []
        batch: list[Any] = []
        for rec in history.records(tz=ctx.tz):
            if isinstance(rec, Person):
                stored = repo.find_person(conn, ctx.subject_id, rec.name) or repo.insert_person(
                    conn, ctx.subject_id, rec
                )
                person_ids.append(stored.id or 0)
            elif isinstance(rec, Routine):
                routine_ids.append(repo.insert_routine(conn, ctx.subject_id, rec).id or 0)
            elif isinstance(rec, Contact):
                batch.append(
                    dataclasses.replace(
                        rec, person_ids=tuple(person_ids[i - 1] for i in rec.person_ids)
                    )
                )
            elif isinstance(rec, Boundary):
                batch.append(dataclasses.replace(rec, person_id=person_ids[rec.person_id - 1]))
            elif isinstance(rec, RoutineDone):
                batch.append(dataclasses.replace(rec, routine_id=routine_ids[rec.routine_id - 1]))
            elif isinstance(rec, Step) and rec.person_id is not None:
                batch.append(dataclasses.replace(rec, person_id=person_ids[rec.person_id - 1]))
            else:
                batch.append(rec)
        repo.insert_many(conn, ctx.subject_id, batch)
        return len(batch) + len(person_ids) + len(routine_ids)

    return ctx.write(work)


def _truth_dict(truth: Any) -> dict[str, Any]:
    return {
        "archetype": truth.archetype,
        "start": truth.start.isoformat(),
        "days": truth.days,
        "drift_onset": truth.drift_onset.isoformat() if truth.drift_onset else None,
        "isolation_onset": truth.isolation_onset.isoformat() if truth.isolation_onset else None,
        "recovery_start": truth.recovery_start.isoformat() if truth.recovery_start else None,
        "retreats": [[a.isoformat(), b.isoformat()] for a, b in truth.retreats],
        "logging_stops": truth.logging_stops.isoformat() if truth.logging_stops else None,
        "depleting_person": truth.depleting_person,
    }


def seed_story(ctx: Context, *, days: int = 365, seed: int = 7) -> SeedResult:
    """Write the demo story into the context's subject, ending now (nothing later)."""
    from ebbtide.demo import generate

    h = generate(
        "story",
        days=days,
        end=ctx.today(),
        seed=seed,
        tz=ctx.tz,
        subject=ctx.subject,
        day_start_hour=ctx.day_start_hour,
        now=ctx.now(),
    )
    n = seed_history(ctx, h)
    return SeedResult(ctx.subject, "story", n, _truth_dict(h.truth))


def seed_demo(
    db: str | None,
    *,
    subject: str | None = None,
    tz: str | None = None,
    people: int = 1,
    days: int = 365,
    seed: int = 7,
    if_empty: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[SeedResult]:
    """Fill one subject (people=1) or subjects demo-1…demo-N with demo histories."""
    from ebbtide.demo import generate_cohort

    results: list[SeedResult] = []
    if people == 1:
        ctx = open_context(db, subject=subject, tz=tz)
        try:
            if _has_records(ctx):
                if if_empty:
                    return []
                raise ValidationError(
                    "demo", code=ErrorCode.DEMO_NOT_EMPTY, params={"subject": ctx.subject}
                )
            results.append(seed_story(ctx, days=days, seed=seed))
        finally:
            ctx.close()
        return results
    base = open_context(db, subject=subject, tz=tz)
    try:
        end = base.today()
        now = base.now()
        zone_name = base.tz
    finally:
        base.close()
    for i, h in enumerate(
        generate_cohort(people, days=days, end=end, seed=seed, tz=zone_name, now=now)
    ):
        ctx = open_context(db, subject=h.truth.subject, tz=zone_name)
        try:
            if _has_records(ctx):
                if if_empty:
                    continue
                raise ValidationError("demo", f"'{ctx.subject}' already has records")
            n = seed_history(ctx, h)
            results.append(SeedResult(ctx.subject, h.truth.archetype, n, _truth_dict(h.truth)))
        finally:
            ctx.close()
        if progress:
            progress(i + 1, people)
    return results
