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

from ebbtide.domain import spec
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
from ebbtide.store.codec import from_stored

FORMAT = "ebbtide-export"
VERSION = 1
RECORD_SECTIONS = tuple(kind.table for kind in spec.RECORDS.values())
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

    refs = {"person": person_uid, "people": person_uid, "routine": routine_uid}

    def records(kind: spec.Kind, refs: dict[str, dict[int, str]]) -> list[dict[str, Any]]:
        items = [_item(kind, r, refs) for r in repo.list_records(conn, subject_id, kind.kind, q)]
        return sorted(items, key=lambda i: (i.get("at") or i.get("created_at"), i["uid"]))

    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "subject": {"code": code, "tz": tz},
        "people": _plain_items(spec.PERSON, people_rows),
        "routines": _plain_items(spec.ROUTINE, routine_rows),
        **{kind.table: records(kind, refs) for kind in spec.RECORDS.values()},
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


def _exported(f: spec.Field, value: Any, refs: dict[str, dict[int, str]]) -> Any:
    """One field's value as the export writes it."""
    if value is None:
        return None
    if f.type == "instant":
        return iso(value)
    if f.type == "day":
        return value.isoformat()
    if f.type == "codes":
        return list(value)
    if f.type == "people":
        return [refs["people"][i] for i in value]
    if f.type in ("person", "routine"):
        return refs[f.type][value]
    return value


def _plain_items(kind: spec.Kind, rows: list[Any]) -> list[dict[str, Any]]:
    """People or routines as export items (their spec's fields, then ``created_at``)."""
    items = [
        {"uid": r["uid"]}
        | {f.key: _exported(f, from_stored(f, r[f.column_name or f.name]), {}) for f in kind.fields}
        | {"created_at": _epoch_iso(r["created_at"])}
        for r in rows
    ]
    return sorted(items, key=lambda i: (i["created_at"], i["uid"]))


def _item(kind: spec.Kind, r: Any, refs: dict[str, dict[int, str]]) -> dict[str, Any]:
    """One record as an export item: its uid, then every field of its spec."""
    item: dict[str, Any] = {"uid": r.uid}
    for f in kind.fields:
        item[f.key] = _exported(f, getattr(r, f.name), refs)
    return item


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
    p = Person(uid=i["uid"], **{f.name: _imported(f, i) for f in spec.PERSON.fields})
    b.people.append((p, _opt_instant(i.get("created_at"), "created_at")))


def _routines(b: Bundle, i: dict[str, Any]) -> None:
    r = Routine(uid=i["uid"], **{f.name: _imported(f, i) for f in spec.ROUTINE.fields})
    b.routines.append((r, _opt_instant(i.get("created_at"), "created_at")))


def _imported(f: spec.Field, i: dict[str, Any]) -> Any:
    """One field's value from an export item (a field left out takes its default)."""
    if f.key not in i:
        if f.required:
            raise KeyError(f.key)
        return f.default
    value = i[f.key]
    if f.type == "instant":
        return _instant(value, f.key) if f.required else _opt_instant(value, f.key)
    if f.type == "day":
        return _day(value, f.key) if value is not None else None
    if f.type == "codes":
        if not isinstance(value, list):
            what = f.vocab.name if f.vocab else "code"
            raise ValidationError(f.name, f"{f.name} must be a list of {what}s")
        return tuple(value)
    if f.type == "flag" and not isinstance(value, bool):
        raise ValidationError(f.name, f"{f.name} must be true or false")
    if f.type == "people":
        if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
            raise ValidationError("people", "people must be a list of person uids")
        return tuple(0 for _ in value)  # linked by uid once the people are stored
    if f.type in ("person", "routine"):
        return 0 if f.required else None
    return value


def _record(kind: spec.Kind, record: type[Any]) -> Callable[[Bundle, dict[str, Any]], None]:
    """The parser of one kind's export items, from its spec."""

    def parse_item(b: Bundle, i: dict[str, Any]) -> None:
        values = {f.name: _imported(f, i) for f in kind.fields}
        b.records.append(record(uid=i["uid"], **values))
        for f in kind.fields:
            if f.type == "people":
                b.contact_people[i["uid"]] = list(i[f.key])
            elif f.type == "person" and i.get(f.key) is not None:
                b.person_of[i["uid"]] = str(i[f.key])
            elif f.type == "routine":
                b.routine_of[i["uid"]] = str(i[f.key])

    return parse_item


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
    **{
        kind.table: _record(kind, record)
        for kind, record in (
            (spec.CHECKIN, CheckIn),
            (spec.CONTACT, Contact),
            (spec.SOLITUDE, Solitude),
            (spec.BOUNDARY, Boundary),
            (spec.ROUTINE_DONE, RoutineDone),
            (spec.STEP, Step),
            (spec.REFLECTION, Reflection),
        )
    },
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
