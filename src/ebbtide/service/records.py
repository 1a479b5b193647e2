"""Use cases over stored records of any kind: log, search, edit, delete."""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain import vocab
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import day_bounds
from ebbtide.service.context import Context
from ebbtide.service.people import get_person, resolve_people
from ebbtide.store import repo
from ebbtide.store.mappers import MAPPERS

KINDS = vocab.RECORD_KINDS.codes


@dataclass(frozen=True)
class Entry:
    """One record in a log: its kind, when it happened, the record, and help to show."""

    kind: str
    at: datetime
    record: Any
    notices: tuple[str, ...] = ()


def record_time(kind: str, record: Any) -> datetime:
    """The instant a record is filed under on a timeline."""
    if kind == "step":
        return record.done_at or record.created_at  # type: ignore[no-any-return]
    return record.at  # type: ignore[no-any-return]


def log(
    ctx: Context,
    *,
    since: date | None = None,
    until: date | None = None,
    person: str | None = None,
    kinds: Sequence[str] | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """Records of the chosen kinds between local days ``since`` and ``until`` (inclusive)."""
    chosen = [vocab.RECORD_KINDS.parse(k, "kind") for k in kinds] if kinds else list(KINDS)
    if since and until and since > until:
        raise ValidationError("since", "--since is after --until")
    q = repo.Query(
        since=day_bounds(since, ctx.tz, ctx.day_start_hour)[0] if since else None,
        until=day_bounds(until, ctx.tz, ctx.day_start_hour)[1] if until else None,
        person_id=get_person(ctx, person).id if person else None,
        search=search or None,
        limit=limit,
    )
    with ctx.store.reading() as conn:
        streams = [
            [Entry(k, record_time(k, r), r) for r in repo.list_records(conn, ctx.subject_id, k, q)]
            for k in chosen
        ]
    merged = heapq.merge(*streams, key=lambda e: e.at, reverse=True)
    out = list(merged)
    return out[:limit] if limit is not None else out


def get_entry(ctx: Context, kind: str, record_id: int) -> Entry:
    """One record by kind and id."""
    k = vocab.RECORD_KINDS.parse(kind, "kind")
    with ctx.store.reading() as conn:
        rec = repo.get_record(conn, ctx.subject_id, k, record_id)
    return Entry(k, record_time(k, rec), rec)


def delete_entry(ctx: Context, kind: str, record_id: int) -> None:
    """Delete one record."""
    k = vocab.RECORD_KINDS.parse(kind, "kind")
    ctx.store.write(lambda c: repo.delete_record(c, ctx.subject_id, k, record_id))


_STATE = vocab.STATES
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "state": lambda v: _STATE.parse(v, "state"),
    "before": lambda v: _STATE.parse(v, "before") if v else None,
    "after": lambda v: _STATE.parse(v, "after") if v else None,
    "appetite": lambda v: vocab.APPETITES.parse(v, "appetite") if v else None,
    "channel": lambda v: vocab.CHANNELS.parse(v, "channel"),
    "initiated": lambda v: vocab.INITIATORS.parse(v, "initiated") if v else None,
    "activity": lambda v: vocab.SOLITUDE_ACTIVITIES.parse(v, "activity"),
    "received": lambda v: vocab.BOUNDARY_RESPONSES.parse(v, "received"),
    "status": lambda v: vocab.STEP_STATUSES.parse(v, "status"),
    "body": lambda v: (
        vocab.parse_codes(vocab.BODY_SIGNALS, v, "body")
        if isinstance(v, str)
        else tuple(vocab.BODY_SIGNALS.parse(x, "body") for x in v)
    ),
}
_FIXED = {"id", "uid", "tz", "person_ids", "person_id", "routine_id", "created_at"}


def _text_value(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be given as text")
    return value


def edit_entry(
    ctx: Context,
    kind: str,
    record_id: int,
    changes: dict[str, Any],
    *,
    create_missing: bool = False,
) -> Entry:
    """Change fields of a stored record; the edited record is validated like a new one.

    With ``create_missing`` a name not met before (people, person) is added, in the same
    transaction, so a refused edit adds nobody.
    """
    k = vocab.RECORD_KINDS.parse(kind, "kind")
    record_type = MAPPERS[k].record
    allowed = {f.name for f in dataclasses.fields(record_type)} - _FIXED

    def work(conn: Connection) -> Any:
        current = repo.get_record(conn, ctx.subject_id, k, record_id)
        updates: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "people" and k == "contact":
                updates["person_ids"] = tuple(
                    resolve_people(conn, ctx.subject_id, value, create_missing=create_missing)
                )
            elif name == "person" and k == "boundary":
                (updates["person_id"],) = resolve_people(
                    conn, ctx.subject_id, [value], create_missing=create_missing
                )
            elif name in ("when", "at") and hasattr(current, "at"):
                from ebbtide.service.capture import moment

                updates["at"] = moment(
                    ctx, value if isinstance(value, datetime) else _text_value(name, value)
                )
            elif name == "done_at" and k == "step" and value is not None:
                from ebbtide.service.capture import moment

                updates["done_at"] = moment(ctx, _text_value(name, value))
            elif name == "planned_for" and k == "step" and value is not None:
                from ebbtide.domain.timekeeping import parse_day

                updates["planned_for"] = parse_day(_text_value(name, value), ctx.today())
            elif name in allowed:
                updates[name] = _PARSERS.get(name, lambda v: v)(value)
            else:
                raise ValidationError(name, f"a {k} has no field '{name}' that can be edited")
        edited = dataclasses.replace(current, **updates)
        return repo.update_record(conn, ctx.subject_id, edited)

    rec = ctx.store.write(work)
    return Entry(k, record_time(k, rec), rec, _notices(ctx, changes))


# Free-text fields whose edits run the same crisis-language check as new records.
_TEXT_EDITS = ("note", "answer", "asked", "title")


def _notices(ctx: Context, changes: dict[str, Any]) -> tuple[str, ...]:
    from ebbtide.service.hooks import notices_for_text

    texts = [v for k, v in changes.items() if k in _TEXT_EDITS and isinstance(v, str) and v]
    return notices_for_text(ctx, " \n".join(texts)) if texts else ()


def day_entries(ctx: Context, day: date) -> list[Entry]:
    """Everything logged on one local day, newest first."""
    return log(ctx, since=day, until=day)


def counts(ctx: Context) -> dict[str, int]:
    """How many records of each kind are stored for the subject."""
    with ctx.store.reading() as conn:
        return repo.count_records(conn, ctx.subject_id)
