"""Daylio CSV exports: moods become check-ins, activities solitude or contacts.

Daylio writes ``full_date,date,weekday,time,mood,activities,note_title,note`` with
activities joined by `` | `` and times as ``20:30`` or ``8:30 pm``. How moods and
activities map is data, in ``daylio_mapping.toml`` (documented there, and editable:
pass your own copy with ``--mapping``). Each item gets a uid derived from the entry's
content, so importing the same export again adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from pathlib import Path
from typing import Any

from ebbtide.domain import vocab
from ebbtide.domain.errors import ErrorCode, ValidationError
from ebbtide.domain.records import CheckIn, Contact, Person, Solitude
from ebbtide.domain.timekeeping import zone
from ebbtide.interop.bundle import Bundle

REQUIRED = ("full_date", "time", "mood", "activities")
FIELD_LIMIT = 128 * 1024
UNCLOSED_QUOTE = 'a quote (") is opened but never closed, so the lines after it ran together'
_SWALLOWED = re.compile(r"\n\s*\d{4}-\d{2}-\d{2},")


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {FIELD_LIMIT // 1024} KB, more than any entry can hold"
    if "unexpected end of data" in text or "EOF" in text:
        return UNCLOSED_QUOTE
    if "expected after" in text:
        return 'a quote (") ends in the middle of a field; quotes inside a field are doubled ("")'
    return f"the CSV cannot be read ({text})"


@dataclass(frozen=True)
class Mapping:
    """Daylio mood → (state, intensity); activity → solitude or contact settings."""

    moods: dict[str, tuple[str, int | None]]
    activities: dict[str, dict[str, Any]]


def template() -> str:
    """The default mapping file, with its documentation."""
    return resources.files("ebbtide.interop").joinpath("daylio_mapping.toml").read_text("utf-8")


def load_mapping(path: Path | None) -> Mapping:
    """Read and check a mapping file (the built-in one when ``path`` is None)."""
    where = str(path) if path else "the built-in mapping"
    try:
        raw = tomllib.loads(path.read_text("utf-8") if path else template())
    except OSError as exc:
        raise ValidationError("mapping", f"cannot read {where}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError("mapping", f"{where}: {exc}") from exc
    moods: dict[str, tuple[str, int | None]] = {}
    for name, spec in raw.get("moods", {}).items():
        if not isinstance(spec, dict) or spec.get("state") not in vocab.STATES:
            raise ValidationError(
                "mapping", f"{where}: mood '{name}' needs a state ({', '.join(vocab.STATES.codes)})"
            )
        intensity = spec.get("intensity")
        if intensity is not None and (not isinstance(intensity, int) or not 1 <= intensity <= 5):
            raise ValidationError("mapping", f"{where}: mood '{name}' intensity must be 1 to 5")
        moods[name.casefold()] = (spec["state"], intensity)
    activities: dict[str, dict[str, Any]] = {}
    for name, spec in raw.get("activities", {}).items():
        ok = isinstance(spec, dict) and (
            (spec.get("solitude") in vocab.SOLITUDE_ACTIVITIES and "contact" not in spec)
            or (
                isinstance(spec.get("contact"), str)
                and spec.get("channel", "in-person") in vocab.CHANNELS
            )
        )
        if not ok or not isinstance(spec.get("chosen", True), bool):
            raise ValidationError(
                "mapping",
                f'{where}: activity \'{name}\' needs solitude = "<activity>" or contact = "<name>"',
            )
        activities[name.casefold()] = dict(spec)
    return Mapping(moods, activities)


def _uid(*parts: str) -> str:
    return "daylio-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _time(text: str) -> time:
    t = text.strip().lower()
    for fmt in ("%H:%M", "%I:%M %p", "%I:%M%p", "%H:%M:%S"):
        try:
            return datetime.strptime(t, fmt).time()
        except ValueError:
            continue
    raise ValidationError("time", f"time '{text}' is not like 20:30 or 8:30 pm")


def parse_daylio(text: str, mapping: Mapping, *, tz: str, now: datetime) -> Bundle:
    """Read a Daylio CSV export into a bundle; errors name the line."""
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ValidationError("file", f"line 1: {_csv_problem(exc)}") from exc
    header = [h.strip().lstrip("\ufeff") for h in (fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            "file", f"line 1: not a Daylio export (missing column {', '.join(missing)})"
        )
    reader.fieldnames = header
    bundle = Bundle()
    people: dict[str, Person] = {}
    z = zone(tz)
    rows = iter(reader)
    while True:
        start = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValidationError("file", f"line {start}: {_csv_problem(exc)}") from exc
        line = start
        if reader.line_num > start and any(_SWALLOWED.search(v or "") for v in row.values()):
            # Daylio writes line breaks in notes as <br>: a row that runs over several
            # lines and holds what looks like the next entry has an unclosed quote.
            raise ValidationError("file", f"line {start}: {UNCLOSED_QUOTE}")
        try:
            _entry(bundle, people, mapping, row, z, tz, now)
        except ValidationError as exc:
            raise ValidationError(exc.field, f"line {line}: {exc.message}") from exc
        except (TypeError, AttributeError) as exc:
            raise ValidationError("file", f"line {line}: the row is incomplete") from exc
    bundle.people = [(p, None) for p in people.values()]
    return bundle


def _entry(
    bundle: Bundle,
    people: dict[str, Person],
    mapping: Mapping,
    row: dict[str, str],
    z: Any,
    tz: str,
    now: datetime,
) -> None:
    try:
        day = date.fromisoformat(row["full_date"].strip())
    except ValueError as exc:
        raise ValidationError("date", f"date '{row['full_date']}' is not YYYY-MM-DD") from exc
    at = datetime.combine(day, _time(row["time"]), tzinfo=z)
    if at > now:
        raise ValidationError("date", f"{row['full_date']} {row['time']} is in the future")
    mood = row["mood"].strip()
    if mood.casefold() not in mapping.moods:
        raise ValidationError("mood", code=ErrorCode.DAYLIO_UNKNOWN_MOOD, params={"mood": mood})
    state, intensity = mapping.moods[mood.casefold()]
    activities = [a.strip() for a in (row["activities"] or "").split("|") if a.strip()]
    key = (row["full_date"], row["time"], mood, row["activities"] or "", row.get("note") or "")
    title, body = (row.get("note_title") or "").strip(), (row.get("note") or "").strip()
    note = "\n".join(t for t in (title, body) if t).replace("<br>", "\n")
    unmapped = [a for a in activities if a.casefold() not in mapping.activities]
    if unmapped:
        note = "\n".join(t for t in (note, "Daylio: " + ", ".join(unmapped)) if t)
    bundle.records.append(
        CheckIn(uid=_uid(*key), at=at, tz=tz, state=state, intensity=intensity, note=note)
    )
    for activity in activities:
        spec = mapping.activities.get(activity.casefold())
        if spec is None:
            continue
        uid = _uid(*key, activity.casefold())
        if "solitude" in spec:
            bundle.records.append(
                Solitude(
                    uid=uid,
                    at=at,
                    tz=tz,
                    activity=spec["solitude"],
                    chosen=spec.get("chosen", True),
                )
            )
        else:
            name = " ".join(str(spec["contact"]).split())
            person = people.setdefault(
                name.casefold(), Person(name=name, uid=_uid("person", name.casefold()))
            )
            bundle.records.append(
                Contact(
                    uid=uid, at=at, tz=tz, person_ids=(0,), channel=spec.get("channel", "in-person")
                )
            )
            bundle.contact_people[uid] = [person.uid]
