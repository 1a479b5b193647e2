"""iCalendar (.ics) files: past events with other attendees become contacts (opt-in).

Only timed events that have already happened and list at least one attendee besides
you (``--me``, matched by e-mail) are taken. Attendees become people by their common
name (``CN``) or the part of the e-mail before ``@``. Video-meeting links in the
location or description make the channel ``video``; otherwise ``in-person``. Recurring
events count once, at their first occurrence. The uid comes from the event's ``UID``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ebbtide.domain.errors import ValidationError, shown
from ebbtide.domain.records import MAX_MINUTES, Contact, Person
from ebbtide.interop.bundle import Bundle

_VIDEO = ("zoom.us", "meet.google", "teams.microsoft", "whereby", "jitsi", "webex")


def _uid(*parts: str) -> str:
    return "ics-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _attendee_name(addr: Any) -> tuple[str, str]:
    email = str(addr).removeprefix("mailto:").removeprefix("MAILTO:").strip()
    cn = str(getattr(addr, "params", {}).get("CN", "")).strip()
    name = " ".join((cn or email.split("@", 1)[0]).split())
    return name, email.casefold()


def parse_calendar(text: str, *, tz: str, now: datetime, me: Sequence[str] = ()) -> Bundle:
    """Read past events with other attendees into contacts."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError, RecursionError) as exc:
        raise ValidationError("file", f"not a valid iCalendar file ({shown(exc, 120)})") from exc
    mine = {m.casefold().removeprefix("mailto:") for m in me}
    bundle = Bundle()
    people: dict[str, Person] = {}
    for n, event in enumerate(cal.walk("VEVENT"), 1):
        try:
            try:
                _event(bundle, people, event, tz, now, mine)
            except ValidationError:
                raise
            except Exception as exc:  # icalendar's own errors for a broken property
                raise ValidationError("event", f"a date or time cannot be read ({exc})") from exc
        except ValidationError as exc:
            summary = shown(str(event.get("SUMMARY", "")).strip())
            label = f"event {n}" + (f" ('{summary}')" if summary else "")
            raise ValidationError(exc.field, f"{label}: {shown(exc.message, 200)}") from exc
    bundle.people = [(p, None) for p in people.values()]
    return bundle


def _event(
    bundle: Bundle, people: dict[str, Person], event: Any, tz: str, now: datetime, mine: set[str]
) -> None:
    start_prop = event.get("DTSTART")
    if start_prop is None:
        raise ValidationError("dtstart", "the event has no start (DTSTART)")
    start = start_prop.dt
    if not isinstance(start, datetime):
        return  # all-day events are days, not meetings
    if start.tzinfo is None:
        from ebbtide.domain.timekeeping import zone

        start = start.replace(tzinfo=zone(tz))
    start = start.astimezone(UTC).replace(microsecond=0)
    if start > now:
        return
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    names: list[str] = []
    for addr in attendees:
        name, email = _attendee_name(addr)
        if email in mine or not name:
            continue
        names.append(name)
    if not names:
        return
    minutes = None
    end_prop = event.get("DTEND")
    if end_prop is not None and isinstance(end_prop.dt, datetime):
        end = end_prop.dt if end_prop.dt.tzinfo else end_prop.dt.replace(tzinfo=start.tzinfo)
        minutes = max(0, min(MAX_MINUTES, int((end - start).total_seconds() // 60)))
    where = f"{event.get('LOCATION', '')} {event.get('DESCRIPTION', '')}".lower()
    channel = "video" if any(v in where for v in _VIDEO) else "in-person"
    event_uid = str(event.get("UID", "")) or f"{start.isoformat()}|{'|'.join(names)}"
    recurrence = event.get("RECURRENCE-ID")
    uid = _uid(event_uid, str(recurrence.dt) if recurrence is not None else "")
    refs: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in people:
            people[key] = Person(name=name[:120], uid=_uid("person", key))
        refs.append(people[key].uid)
    bundle.records.append(
        Contact(
            uid=uid,
            at=start,
            tz=tz,
            person_ids=tuple(0 for _ in refs),
            channel=channel,
            minutes=minutes,
        )
    )
    bundle.contact_people[uid] = refs
