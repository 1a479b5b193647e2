"""Hashed phone numbers, optionally linked by the person to one of their people.

Numbers arrive hashed (Beiwe) and stay hashed: ebbtide never sees or stores a real number.
The person may say "this hash is Sam" (``link_contact``); the link lives in their own
settings (``passive.links``: hash → the person's uid), is removed with ``unlink_contact``
or when that person is deleted, and lets explanations say "texts to Sam" instead of
"texts to 1 person". Links never leave the database: exports and consented study views
keep counts only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Connection

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import zone
from ebbtide.sensing.logs import TextLog
from ebbtide.service.context import Context
from ebbtide.store import clinical, repo, schema
from ebbtide.store import passive as store

LINKS_KEY = "passive.links"
MIN_PREFIX = 6
SENT_TEXTS = (0, 2)  # sent SMS, sent MMS (sensing.logs.TEXT_KINDS)
OUTGOING_CALL = 1  # sensing.logs.CALL_KINDS


@dataclass(frozen=True)
class HashedContact:
    """One hashed number with how much it appears in the phone logs."""

    number: str
    calls_in: int
    calls_out: int
    texts_sent: int
    texts_received: int
    last_day: date | None
    person: str | None  # the linked person's name

    @property
    def total(self) -> int:
        """Calls and texts, both ways."""
        return self.calls_in + self.calls_out + self.texts_sent + self.texts_received


def _links(conn: Connection, sid: int) -> dict[str, str]:
    raw = clinical.get_setting(conn, sid, LINKS_KEY)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _put_links(conn: Connection, sid: int, links: dict[str, str]) -> None:
    value = json.dumps(dict(sorted(links.items()))) if links else None
    clinical.put_setting(conn, sid, LINKS_KEY, value)


def _numbers(conn: Connection, sid: int) -> dict[str, list[int]]:
    """Every hashed number in the logs → [calls in, calls out, sent, received, last ms]."""
    out: dict[str, list[int]] = {}
    # (table, which kinds are the person's own, their column, the other direction's)
    for table, outgoing, mine, theirs in (
        (schema.passive_calls, (OUTGOING_CALL,), 1, 0),
        (schema.passive_texts, SENT_TEXTS, 2, 3),
    ):
        for ts, num, kind in store.events(conn, table, sid, ("at_ms", "number", "kind")):
            row = out.setdefault(num, [0, 0, 0, 0, 0])
            row[mine if kind in outgoing else theirs] += 1
            row[4] = max(row[4], int(ts))
    out.pop("", None)
    return out


def _person_names(conn: Connection, sid: int) -> dict[str, str]:
    """Person uid → name."""
    return {str(p.uid): p.name for p in repo.list_people(conn, sid) if p.uid is not None}


def list_contacts(ctx: Context) -> list[HashedContact]:
    """The hashed numbers in the phone logs, most frequent first, with their links."""
    with ctx.store.reading() as conn:
        numbers = _numbers(conn, ctx.subject_id)
        links = _links(conn, ctx.subject_id)
        names = _person_names(conn, ctx.subject_id)
    z = zone(ctx.tz)
    out = []
    for num, (c_in, c_out, sent, recv, last) in numbers.items():
        last_day = datetime.fromtimestamp(last / 1000, UTC).astimezone(z).date()
        out.append(
            HashedContact(num, c_in, c_out, sent, recv, last_day, names.get(links.get(num, "")))
        )
    out.sort(key=lambda c: (-c.total, c.number))
    return out


def _resolve(numbers: dict[str, list[int]] | set[str], text: str) -> str:
    """The one hashed number ``text`` names: in full, or a unique prefix."""
    given = text.strip()
    if given in numbers:
        return given
    if len(given) < MIN_PREFIX:
        raise ValidationError(
            "number",
            f"give at least {MIN_PREFIX} characters of the hashed number "
            "(`ebbtide passive contacts` lists them)",
        )
    found = [n for n in numbers if n.startswith(given)]
    if not found:
        raise ValidationError(
            "number",
            "no hashed number in your phone logs starts with that; "
            "`ebbtide passive contacts` lists them",
        )
    if len(found) > 1:
        raise ValidationError(
            "number", f"{len(found)} hashed numbers start with that; give more characters"
        )
    return found[0]


def link_contact(ctx: Context, number: str, person: str) -> HashedContact:
    """Link a hashed number (or a unique prefix of it) to one of the person's people."""
    from ebbtide.service.people import get_person

    who = get_person(ctx, person)

    def work(conn: Connection) -> str:
        numbers = _numbers(conn, ctx.subject_id)
        full = _resolve(numbers, number)
        links = _links(conn, ctx.subject_id)
        links[full] = str(who.uid)
        _put_links(conn, ctx.subject_id, links)
        return full

    full = ctx.store.write(work)
    return next(c for c in list_contacts(ctx) if c.number == full)


def unlink_contact(ctx: Context, number: str) -> str:
    """Remove a link; returns the full hashed number. Unknown links are bad input."""

    def work(conn: Connection) -> str:
        links = _links(conn, ctx.subject_id)
        full = _resolve(set(links), number)
        del links[full]
        _put_links(conn, ctx.subject_id, links)
        return full

    return ctx.store.write(work)


def linked_names(conn: Connection, sid: int) -> dict[str, str]:
    """Hashed number → the linked person's name (links to deleted people left out)."""
    links = _links(conn, sid)
    if not links:
        return {}
    names = _person_names(conn, sid)
    return {num: names[uid] for num, uid in links.items() if uid in names}


def texted_per_day(
    names: dict[str, str], edges: np.ndarray, texts: TextLog | None
) -> list[list[str]]:
    """Per day (``edges``: epoch seconds, one more than the days), the linked people the
    person sent a text to, in name order."""
    days = max(int(edges.shape[0]) - 1, 0)
    out: list[set[str]] = [set() for _ in range(days)]
    if texts is not None and names and days:
        idx = np.searchsorted(edges, texts.ts_ms / 1000, side="right") - 1
        for i, num, kind in zip(idx.tolist(), texts.number, texts.kind.tolist(), strict=True):
            if 0 <= i < days and kind in SENT_TEXTS and num in names:
                out[i].add(names[num])
    return [sorted(s, key=str.casefold) for s in out]
