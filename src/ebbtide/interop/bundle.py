"""What an import brings in, independent of the file format, and how it is written.

Every reader (ebbtide JSON, Daylio, vCard, iCalendar) turns a file into a ``Bundle`` of
validated domain records first; only then is the bundle written, in the caller's single
transaction. References between records are by ``uid`` (a contact names its people's
uids), so the database ids of the source never matter. Anything whose uid is already
stored is skipped, which makes importing the same file twice add nothing the second time.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain import away
from ebbtide.domain.away import AWAY_KEY
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import Boundary, Contact, Person, Routine, RoutineDone, Step
from ebbtide.domain.timekeeping import FUTURE_SLACK, from_epoch, to_epoch, utc_now
from ebbtide.store import bulk, clinical, repo, schema
from ebbtide.store.mappers import mapper_for

Progress = Callable[[int, int], None]
# Counts are reported under the section names of the export format.
SECTION_OF_KIND = {
    "checkin": "checkins",
    "contact": "contacts",
    "solitude": "solitude",
    "boundary": "boundaries",
    "routine": "routine_done",
    "step": "steps",
    "reflection": "reflections",
}


@dataclass
class Bundle:
    """Records to import, with their references by uid."""

    people: list[tuple[Person, datetime | None]] = field(default_factory=list)
    routines: list[tuple[Routine, datetime | None]] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)
    contact_people: dict[str, list[str]] = field(default_factory=dict)
    person_of: dict[str, str] = field(default_factory=dict)
    routine_of: dict[str, str] = field(default_factory=dict)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    safety_plan: dict[str, Any] | None = None
    settings: dict[str, str] = field(default_factory=dict)
    subject_tz: str | None = None  # the zone the history was lived in, when the file says

    def size(self) -> int:
        """How many items the bundle holds."""
        return (
            len(self.people)
            + len(self.routines)
            + len(self.records)
            + len(self.assessments)
            + len(self.sessions)
            + len(self.settings)
            + (self.safety_plan is not None)
        )


FUTURE_ITEM = (
    "{where} (uid {uid}) is dated {at}, which has not happened yet; "
    "ebbtide keeps only what has happened, as when you log it by hand"
)
UID_CLASH = "{first} and {second} share the uid {uid} but differ; fix one and import again"


def check_bundle(bundle: Bundle, now: datetime) -> None:
    """The rules every import meets, whatever its format, before anything is written.

    Nothing may be dated ahead of ``now`` (the command line's rule, with the same few
    minutes of slack), and one uid may not name two different things of one kind.
    """
    latest = now + FUTURE_SLACK
    seen: dict[tuple[str, str], tuple[str, object]] = {}

    def once(kind: str, where: str, uid: str, content: object) -> None:
        first = seen.setdefault((kind, uid), (where, content))
        if first[1] != content:
            raise ValidationError("uid", UID_CLASH.format(first=first[0], second=where, uid=uid))

    def not_ahead(where: str, uid: str, moment: datetime | None) -> None:
        if moment is not None and moment > latest:
            raise ValidationError(
                "when", FUTURE_ITEM.format(where=where, uid=uid, at=moment.isoformat())
            )

    for i, (person, _) in enumerate(bundle.people):
        once("person", f"people[{i}]", person.uid, person)
    for i, (routine, _) in enumerate(bundle.routines):
        once("routine", f"routines[{i}]", routine.uid, routine)
    counts: Counter[str] = Counter()
    for record in bundle.records:
        section = SECTION_OF_KIND[mapper_for(record).kind]
        where = f"{section}[{counts[section]}]"
        counts[section] += 1
        once(section, where, record.uid, record)
        for name in ("at", "created_at", "done_at"):
            not_ahead(where, record.uid, getattr(record, name, None))
    for i, row in enumerate(bundle.assessments):
        once("assessment", f"assessments[{i}]", row["uid"], row)
        not_ahead(f"assessments[{i}]", row["uid"], from_epoch(row["at"]))
    for i, row in enumerate(bundle.sessions):
        once("session", f"therapy_sessions[{i}]", row["uid"], row)
        if row["day"] > (latest + timedelta(days=1)).date():
            raise ValidationError(
                "day",
                FUTURE_ITEM.format(where=f"therapy_sessions[{i}]", uid=row["uid"], at=row["day"]),
            )


@dataclass(frozen=True)
class LoadResult:
    """What an import added (per export section) and how many items were already there."""

    added: dict[str, int]
    skipped: int
    crisis_notes: int = 0  # imported texts that may describe a crisis (a count, nothing more)
    zone: str | None = None  # the subject's zone, when this import set it

    @property
    def total(self) -> int:
        """Everything added."""
        return sum(self.added.values())


def load(
    conn: Connection, subject_id: int, bundle: Bundle, progress: Progress | None = None
) -> LoadResult:
    """Write a bundle into the subject's history; skip what is already stored."""
    added: Counter[str] = Counter()
    skipped = 0
    total, done = bundle.size(), 0
    zone = None
    if bundle.subject_tz and not any(repo.count_records(conn, subject_id).values()):
        # A history imported into an empty subject keeps the zone it was lived in, so
        # "today" and the last day's evening are read where the person lives.
        repo.set_subject_zone(conn, subject_id, bundle.subject_tz)
        zone = bundle.subject_tz

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)

    # People: an existing uid or an existing name is the same person.
    person_ids = bulk.uid_ids(conn, schema.people, (p.uid for p, _ in bundle.people))
    by_name = bulk.person_ids_by_name(conn, subject_id)
    for person, created in bundle.people:
        key = repo.name_key(person.name)
        if person.uid in person_ids:
            skipped += 1
        elif key in by_name:
            person_ids[person.uid] = by_name[key]
            skipped += 1
        else:
            new_id = bulk.insert_row(
                conn,
                schema.people,
                {
                    "uid": person.uid,
                    "subject_id": subject_id,
                    "name": person.name,
                    "name_key": key,
                    "relation": person.relation,
                    "note": person.note,
                    "created_at": to_epoch(created or utc_now()),
                },
            )
            person_ids[person.uid] = by_name[key] = new_id or 0
            added["people"] += 1
        tick()

    routine_ids = bulk.uid_ids(conn, schema.routines, (r.uid for r, _ in bundle.routines))
    for routine, created in bundle.routines:
        if routine.uid in routine_ids:
            skipped += 1
        else:
            row = {
                f.name: getattr(routine, f.name)
                for f in dataclasses.fields(routine)
                if f.name != "id"
            }
            row |= {"subject_id": subject_id, "created_at": to_epoch(created or utc_now())}
            routine_ids[routine.uid] = bulk.insert_row(conn, schema.routines, row) or 0
            added["routines"] += 1
        tick()

    by_table: dict[str, set[str]] = {}
    for record in bundle.records:
        m = mapper_for(record)
        seen = by_table.get(m.kind)
        if seen is None:
            uids = [r.uid for r in bundle.records if mapper_for(r).kind == m.kind]
            seen = by_table[m.kind] = bulk.existing_uids(conn, m.table, uids)
        if record.uid in seen:
            skipped += 1
            tick()
            continue
        record = _resolve(record, bundle, person_ids, routine_ids)
        repo.insert_record(conn, subject_id, record)
        seen.add(record.uid)
        added[SECTION_OF_KIND[m.kind]] += 1
        tick()

    have = bulk.existing_uids(conn, schema.assessments, (a["uid"] for a in bundle.assessments))
    for row in bundle.assessments:
        if row["uid"] in have:
            skipped += 1
        else:
            bulk.insert_row(conn, schema.assessments, row | {"subject_id": subject_id})
            have.add(row["uid"])
            added["assessments"] += 1
        tick()
    have = bulk.existing_uids(conn, schema.therapy_sessions, (s["uid"] for s in bundle.sessions))
    days = bulk.session_days(conn, subject_id)
    for row in bundle.sessions:
        if row["uid"] in have or row["day"] in days:
            skipped += 1
        else:
            bulk.insert_row(conn, schema.therapy_sessions, row | {"subject_id": subject_id})
            days.add(row["day"])
            added["therapy_sessions"] += 1
        tick()
    if bundle.safety_plan is not None:
        if bulk.has_safety_plan(conn, subject_id):
            skipped += 1
        else:
            bulk.insert_row(
                conn, schema.safety_plans, bundle.safety_plan | {"subject_id": subject_id}
            )
            added["safety_plan"] += 1
        tick()
    keys = bulk.setting_keys(conn, subject_id)
    for key, value in bundle.settings.items():
        if key == AWAY_KEY and key in keys:
            # Away periods from both histories are kept (each period once).
            stored = clinical.get_setting(conn, subject_id, key)
            merged = away.merge(stored, value)
            if merged == away.merge(stored, None):
                skipped += 1
            else:
                clinical.put_setting(conn, subject_id, key, merged)
                added["settings"] += 1
        elif key in keys:
            skipped += 1
        else:
            bulk.insert_row(
                conn, schema.settings, {"subject_id": subject_id, "key": key, "value": value}
            )
            added["settings"] += 1
        tick()
    return LoadResult(dict(added), skipped, zone=zone)


def _resolve(
    record: Any, bundle: Bundle, person_ids: dict[str, int], routine_ids: dict[str, int]
) -> Any:
    """Swap uid references for the ids they have in this database."""
    if isinstance(record, Contact):
        ids = tuple(person_ids[u] for u in bundle.contact_people[record.uid])
        return dataclasses.replace(record, person_ids=ids)
    if isinstance(record, Boundary):
        return dataclasses.replace(record, person_id=person_ids[bundle.person_of[record.uid]])
    if isinstance(record, Step) and record.uid in bundle.person_of:
        return dataclasses.replace(record, person_id=person_ids[bundle.person_of[record.uid]])
    if isinstance(record, RoutineDone):
        return dataclasses.replace(record, routine_id=routine_ids[bundle.routine_of[record.uid]])
    return record
