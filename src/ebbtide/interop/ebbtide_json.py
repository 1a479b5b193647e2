"""The ebbtide export format, version 1: one JSON document holding a whole history.

Layout (the JSON Schema in ``schema/ebbtide-export-v1.schema.json`` is the reference)::

    {"format": "ebbtide-export", "version": 1,
     "subject": {"code": "me", "tz": "Europe/Berlin"},
     "people": [...], "routines": [...], "checkins": [...], "contacts": [...],
     "solitude": [...], "boundaries": [...], "routine_done": [...], "steps": [...],
     "reflections": [...], "assessments": [...], "therapy_sessions": [...],
     "safety_plan": null | {...}, "settings": {"key": "value"}}

- Instants are ISO 8601 in UTC with a ``Z`` (``2026-11-21T14:00:00Z``), always beside
  the IANA zone they were lived in (``tz``); calendar days are ``YYYY-MM-DD``.
- Every item has a permanent ``uid``; references use uids (a contact's ``people`` lists
  person uids, a boundary's ``person`` one uid, a completion's ``routine`` one uid).
- Lists are sorted by time, then uid, so the same history always gives the same bytes.
  Database ids are never written: they are an accident of one database.
- No export date is written, for the same reason; the file's own date records it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import (
    MAX_NOTE,
    Boundary,
    CheckIn,
    Contact,
    Person,
    Reflection,
    Routine,
    RoutineDone,
    Solitude,
    Step,
)
from ebbtide.domain.text import check_text
from ebbtide.domain.timekeeping import check_day, check_instant, from_epoch, zone
from ebbtide.interop.bundle import Bundle
from ebbtide.store import bulk, repo, schema

FORMAT = "ebbtide-export"
VERSION = 1
RECORD_SECTIONS = (
    "checkins",
    "contacts",
    "solitude",
    "boundaries",
    "routine_done",
    "steps",
    "reflections",
)
SECTIONS = ("people", "routines", *RECORD_SECTIONS, "assessments", "therapy_sessions")


def iso(moment: datetime | None) -> str | None:
    """An aware instant as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch_iso(seconds: int | None) -> str | None:
    return iso(from_epoch(seconds)) if seconds is not None else None


def _json_text(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


# --- export ------------------------------------------------------------------------


def dump(conn: Connection, subject_id: int, code: str, tz: str) -> dict[str, Any]:
    """The subject's whole history as an export document (read in one transaction)."""
    people_rows = bulk.table_rows(conn, schema.people, subject_id)
    person_uid = {r["id"]: r["uid"] for r in people_rows}
    routine_rows = bulk.table_rows(conn, schema.routines, subject_id)
    routine_uid = {r["id"]: r["uid"] for r in routine_rows}
    q = repo.Query(newest_first=False)

    def records(kind: str, to_item: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        items = [to_item(r) for r in repo.list_records(conn, subject_id, kind, q)]
        return sorted(items, key=lambda i: (i.get("at") or i.get("created_at"), i["uid"]))

    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "subject": {"code": code, "tz": tz},
        "people": sorted(
            (
                {
                    "uid": r["uid"],
                    "name": r["name"],
                    "relation": r["relation"],
                    "note": r["note"],
                    "created_at": _epoch_iso(r["created_at"]),
                }
                for r in people_rows
            ),
            key=lambda i: (i["created_at"], i["uid"]),
        ),
        "routines": sorted(
            (
                {
                    "uid": r["uid"],
                    "name": r["name"],
                    "schedule": r["schedule"],
                    "time_of_day": r["time_of_day"],
                    "anchor": r["anchor"],
                    "tz": r["tz"],
                    "active": bool(r["active"]),
                    "created_at": _epoch_iso(r["created_at"]),
                }
                for r in routine_rows
            ),
            key=lambda i: (i["created_at"], i["uid"]),
        ),
        "checkins": records(
            "checkin",
            lambda r: {
                "uid": r.uid,
                "at": iso(r.at),
                "tz": r.tz,
                "state": r.state,
                "intensity": r.intensity,
                "body": list(r.body),
                "energy": r.energy,
                "appetite": r.appetite,
                "note": r.note,
            },
        ),
        "contacts": records(
            "contact",
            lambda r: {
                "uid": r.uid,
                "at": iso(r.at),
                "tz": r.tz,
                "people": [person_uid[i] for i in r.person_ids],
                "channel": r.channel,
                "minutes": r.minutes,
                "initiated": r.initiated,
                "safety": r.safety,
                "reciprocity": r.reciprocity,
                "authenticity": r.authenticity,
                "before": r.before,
                "after": r.after,
                "note": r.note,
            },
        ),
        "solitude": records(
            "solitude",
            lambda r: {
                "uid": r.uid,
                "at": iso(r.at),
                "tz": r.tz,
                "activity": r.activity,
                "minutes": r.minutes,
                "chosen": r.chosen,
                "before": r.before,
                "after": r.after,
                "note": r.note,
            },
        ),
        "boundaries": records(
            "boundary",
            lambda r: {
                "uid": r.uid,
                "at": iso(r.at),
                "tz": r.tz,
                "person": person_uid[r.person_id],
                "asked": r.asked,
                "received": r.received,
                "after": r.after,
                "note": r.note,
            },
        ),
        "routine_done": records(
            "routine",
            lambda r: {
                "uid": r.uid,
                "routine": routine_uid[r.routine_id],
                "at": iso(r.at),
                "tz": r.tz,
                "note": r.note,
            },
        ),
        "steps": records(
            "step",
            lambda r: {
                "uid": r.uid,
                "title": r.title,
                "level": r.level,
                "planned_for": r.planned_for.isoformat() if r.planned_for else None,
                "status": r.status,
                "person": person_uid[r.person_id] if r.person_id is not None else None,
                "created_at": iso(r.created_at),
                "done_at": iso(r.done_at),
                "tz": r.tz,
                "note": r.note,
            },
        ),
        "reflections": records(
            "reflection",
            lambda r: {
                "uid": r.uid,
                "at": iso(r.at),
                "tz": r.tz,
                "prompt": r.prompt,
                "answer": r.answer,
            },
        ),
        "assessments": sorted(
            (
                {
                    "uid": r["uid"],
                    "at": _epoch_iso(r["at"]),
                    "tz": r["tz"],
                    "instrument": r["instrument"],
                    "answers": _json_text(r["answers"]),
                    "total": r["total"],
                    "band": r["band"],
                    "result": _json_text(r["result"]),
                }
                for r in bulk.table_rows(conn, schema.assessments, subject_id)
            ),
            key=lambda i: (i["at"], i["uid"]),
        ),
        "therapy_sessions": sorted(
            (
                {"uid": r["uid"], "day": r["day"].isoformat(), "note": r["note"]}
                for r in bulk.table_rows(conn, schema.therapy_sessions, subject_id)
            ),
            key=lambda i: (i["day"], i["uid"]),
        ),
        "safety_plan": None,
        "settings": {
            r["key"]: r["value"]
            for r in sorted(
                bulk.table_rows(conn, schema.settings, subject_id), key=lambda r: r["key"]
            )
        },
    }
    plans = bulk.table_rows(conn, schema.safety_plans, subject_id)
    if plans:
        doc["safety_plan"] = {
            "body": _json_text(plans[0]["body"]),
            "updated_at": _epoch_iso(plans[0]["updated_at"]),
        }
    return doc


def to_text(doc: dict[str, Any]) -> str:
    """The document as UTF-8 JSON text, stable byte for byte."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- import ------------------------------------------------------------------------


def _instant(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be an ISO 8601 time such as 2026-11-21T14:00:00Z")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(name, f"{name} '{value}' is not an ISO 8601 time") from exc
    if moment.tzinfo is None:
        raise ValidationError(name, f"{name} '{value}' needs a time zone offset (e.g. Z)")
    return check_instant(name, moment).astimezone(UTC)


def _opt_instant(value: Any, name: str) -> datetime | None:
    return None if value is None else _instant(value, name)


def _day(value: Any, name: str) -> date:
    try:
        day = date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError(name, f"{name} '{value}' is not a date (YYYY-MM-DD)") from exc
    return check_day(name, day)


def _dump_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def parse(text: str) -> Bundle:
    """Read an export document into a bundle; any problem names the record it is in."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            "file", f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ValidationError(
            "file", "this file nests lists or objects far too deeply to be an ebbtide export"
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValidationError(
            "file", 'this is not an ebbtide export (no "format": "ebbtide-export")'
        )
    if doc.get("version") != VERSION:
        raise ValidationError(
            "file", f"this export is version {doc.get('version')!r}; this ebbtide reads version 1"
        )
    for section in SECTIONS:
        if not isinstance(doc.get(section, []), list):
            raise ValidationError("file", f"'{section}' must be a list")
    bundle = Bundle()
    for section in SECTIONS:
        for i, item in enumerate(doc.get(section, [])):
            where = f"{section}[{i}]"
            if not isinstance(item, dict):
                raise ValidationError("file", f"{where}: must be an object")
            uid = item.get("uid", "?")
            try:
                _PARSERS[section](bundle, item)
            except ValidationError as exc:
                raise ValidationError(exc.field, f"{where} (uid {uid}): {exc.message}") from exc
            except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
                detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
                raise ValidationError("file", f"{where} (uid {uid}): {detail}") from exc
    _parse_extras(bundle, doc)
    _parse_subject(bundle, doc)
    _check_references(bundle)
    return bundle


def _parse_subject(bundle: Bundle, doc: dict[str, Any]) -> None:
    subject = doc.get("subject")
    if subject is None:
        return
    if not isinstance(subject, dict):
        raise ValidationError("file", "subject: must be an object")
    tz = subject.get("tz")
    if tz is not None:
        if not isinstance(tz, str):
            raise ValidationError("file", "subject.tz: must be an IANA time zone name")
        try:
            zone(tz)
        except ValidationError as exc:
            raise ValidationError("file", f"subject.tz: {exc.message}") from exc
        bundle.subject_tz = tz


def _parse_extras(bundle: Bundle, doc: dict[str, Any]) -> None:
    plan = doc.get("safety_plan")
    if plan is not None:
        if not isinstance(plan, dict) or "body" not in plan:
            raise ValidationError("file", "safety_plan: must be an object with a body")
        bundle.safety_plan = {
            "body": _dump_text(plan["body"]),
            "updated_at": _epoch(_instant(plan.get("updated_at"), "safety_plan.updated_at")),
        }
    settings = doc.get("settings", {})
    if not isinstance(settings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in settings.items()
    ):
        raise ValidationError("file", "settings: must map names to text values")
    bundle.settings = dict(settings)


def _epoch(moment: datetime) -> int:
    from ebbtide.domain.timekeeping import to_epoch

    return to_epoch(moment)


def _people(b: Bundle, i: dict[str, Any]) -> None:
    p = Person(uid=i["uid"], name=i["name"], relation=i.get("relation"), note=i.get("note", ""))
    b.people.append((p, _opt_instant(i.get("created_at"), "created_at")))


def _routines(b: Bundle, i: dict[str, Any]) -> None:
    r = Routine(
        uid=i["uid"],
        name=i["name"],
        schedule=i.get("schedule", "daily"),
        time_of_day=i.get("time_of_day"),
        anchor=i.get("anchor"),
        tz=i.get("tz", "UTC"),
        active=bool(i.get("active", True)),
    )
    b.routines.append((r, _opt_instant(i.get("created_at"), "created_at")))


def _checkins(b: Bundle, i: dict[str, Any]) -> None:
    body = i.get("body", [])
    if not isinstance(body, list):
        raise ValidationError("body", "body must be a list of body signals")
    b.records.append(
        CheckIn(
            uid=i["uid"],
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            state=i["state"],
            intensity=i.get("intensity"),
            body=tuple(body),
            energy=i.get("energy"),
            appetite=i.get("appetite"),
            note=i.get("note", ""),
        )
    )


def _contacts(b: Bundle, i: dict[str, Any]) -> None:
    people = i["people"]
    if not isinstance(people, list) or not all(isinstance(u, str) for u in people):
        raise ValidationError("people", "people must be a list of person uids")
    b.records.append(
        Contact(
            uid=i["uid"],
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            person_ids=tuple(0 for _ in people),
            channel=i.get("channel", "in-person"),
            minutes=i.get("minutes"),
            initiated=i.get("initiated"),
            safety=i.get("safety"),
            reciprocity=i.get("reciprocity"),
            authenticity=i.get("authenticity"),
            before=i.get("before"),
            after=i.get("after"),
            note=i.get("note", ""),
        )
    )
    b.contact_people[i["uid"]] = list(people)


def _solitude(b: Bundle, i: dict[str, Any]) -> None:
    chosen = i.get("chosen", True)
    if not isinstance(chosen, bool):
        raise ValidationError("chosen", "chosen must be true or false")
    b.records.append(
        Solitude(
            uid=i["uid"],
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            activity=i["activity"],
            minutes=i.get("minutes"),
            chosen=chosen,
            before=i.get("before"),
            after=i.get("after"),
            note=i.get("note", ""),
        )
    )


def _boundaries(b: Bundle, i: dict[str, Any]) -> None:
    b.records.append(
        Boundary(
            uid=i["uid"],
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            person_id=0,
            asked=i["asked"],
            received=i["received"],
            after=i.get("after"),
            note=i.get("note", ""),
        )
    )
    b.person_of[i["uid"]] = str(i["person"])


def _routine_done(b: Bundle, i: dict[str, Any]) -> None:
    b.records.append(
        RoutineDone(
            uid=i["uid"],
            routine_id=0,
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            note=i.get("note", ""),
        )
    )
    b.routine_of[i["uid"]] = str(i["routine"])


def _steps(b: Bundle, i: dict[str, Any]) -> None:
    planned = i.get("planned_for")
    b.records.append(
        Step(
            uid=i["uid"],
            title=i["title"],
            level=i.get("level", 1),
            planned_for=_day(planned, "planned_for") if planned is not None else None,
            status=i.get("status", "planned"),
            person_id=None,
            created_at=_instant(i["created_at"], "created_at"),
            done_at=_opt_instant(i.get("done_at"), "done_at"),
            tz=i.get("tz", "UTC"),
            note=i.get("note", ""),
        )
    )
    if i.get("person") is not None:
        b.person_of[i["uid"]] = str(i["person"])


def _reflections(b: Bundle, i: dict[str, Any]) -> None:
    b.records.append(
        Reflection(
            uid=i["uid"],
            at=_instant(i["at"], "at"),
            tz=i["tz"],
            prompt=i.get("prompt", ""),
            answer=i["answer"],
        )
    )


def _assessments(b: Bundle, i: dict[str, Any]) -> None:
    Person(name="x", uid=i["uid"])  # the same uid rules as every record
    zone(i["tz"])
    total = i.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
        raise ValidationError("total", "total must be a whole number")
    if not isinstance(i["instrument"], str) or not i["instrument"]:
        raise ValidationError("instrument", "instrument must be a name")
    b.assessments.append(
        {
            "uid": i["uid"],
            "at": _epoch(_instant(i["at"], "at")),
            "tz": i["tz"],
            "instrument": i["instrument"],
            "answers": _dump_text(i["answers"]),
            "total": total,
            "band": i.get("band"),
            "result": _dump_text(i.get("result", {})),
        }
    )


def _sessions(b: Bundle, i: dict[str, Any]) -> None:
    Person(name="x", uid=i["uid"])
    note = check_text("note", i.get("note", ""), MAX_NOTE)
    b.sessions.append({"uid": i["uid"], "day": _day(i["day"], "day"), "note": note})


_PARSERS: dict[str, Callable[[Bundle, dict[str, Any]], None]] = {
    "people": _people,
    "routines": _routines,
    "checkins": _checkins,
    "contacts": _contacts,
    "solitude": _solitude,
    "boundaries": _boundaries,
    "routine_done": _routine_done,
    "steps": _steps,
    "reflections": _reflections,
    "assessments": _assessments,
    "therapy_sessions": _sessions,
}


def _check_references(b: Bundle) -> None:
    people = {p.uid for p, _ in b.people}
    routines = {r.uid for r, _ in b.routines}
    for uid, refs in b.contact_people.items():
        for ref in refs:
            if ref not in people:
                raise ValidationError(
                    "people", f"contact {uid} names person {ref}, who is not in the file"
                )
    for uid, ref in b.person_of.items():
        if ref not in people:
            raise ValidationError(
                "person", f"record {uid} names person {ref}, who is not in the file"
            )
    for uid, ref in b.routine_of.items():
        if ref not in routines:
            raise ValidationError(
                "routine", f"completion {uid} names routine {ref}, which is not in the file"
            )
