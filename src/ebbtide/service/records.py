"""Use cases over stored records of any kind: log, search, edit, delete."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from ebbtide.domain import spec, vocab
from ebbtide.domain.errors import ErrorCode, ValidationError
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
    """The one instant a record is filed under on a timeline (as the store files it)."""
    return spec.record_instant(MAPPERS[kind].spec, record)  # type: ignore[no-any-return]


@contextmanager
def one_read(ctx: Context) -> Iterator[None]:
    """Reads inside this block share one transaction: a page's reads see one snapshot and
    cost one round of setup (reads only; see ``Store.one_snapshot``)."""
    with ctx.store.one_snapshot():
        yield


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
        raise ValidationError("since", code=ErrorCode.PERIOD_REVERSED)
    q = repo.Query(
        since=day_bounds(since, ctx.tz, ctx.day_start_hour)[0] if since else None,
        until=day_bounds(until, ctx.tz, ctx.day_start_hour)[1] if until else None,
        person_id=get_person(ctx, person).id if person else None,
        search=search or None,
        limit=limit,
    )
    from ebbtide.store.listing import list_kinds

    with ctx.store.reading() as conn:
        found = list_kinds(conn, ctx.subject_id, chosen, q)
    return [Entry(k, record_time(k, r), r) for k, r in found]


def get_entry(ctx: Context, kind: str, record_id: int) -> Entry:
    """One record by kind and id."""
    k = vocab.RECORD_KINDS.parse(kind, "kind")
    with ctx.store.reading() as conn:
        rec = repo.get_record(conn, ctx.subject_id, k, record_id)
    return Entry(k, record_time(k, rec), rec)


def delete_entry(ctx: Context, kind: str, record_id: int) -> None:
    """Delete one record."""
    k = vocab.RECORD_KINDS.parse(kind, "kind")
    ctx.write(lambda c: repo.delete_record(c, ctx.subject_id, k, record_id))


def _code_parser(f: spec.Field) -> Callable[[Any], Any]:
    v = f.vocab
    assert v is not None
    if f.type == "codes":
        return lambda x: (
            vocab.parse_codes(v, x, f.name)
            if isinstance(x, str)
            else tuple(v.parse(c, f.name) for c in x)
        )
    if f.default is None:  # optional: empty clears it
        return lambda x: v.parse(x, f.name) if x else None
    return lambda x: v.parse(x, f.name)


def _editable(k: str) -> dict[str, spec.Field]:
    """The fields of a kind a person may change, by name (from the kind's spec)."""
    fixed = ("zone", "person", "people", "routine")
    return {
        f.name: f
        for f in MAPPERS[k].spec.fields
        if f.editable and f.on_record and f.type not in fixed
    }


def _text_value(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be given as text")
    return value


def _parsed(ctx: Context, f: spec.Field, value: Any) -> Any:
    """An edited value as the record holds it, parsed by its field's type."""
    if f.type == "instant":
        if value is None and f.default is None:
            return None
        from ebbtide.service.capture import moment

        return moment(ctx, value if isinstance(value, datetime) else _text_value(f.name, value))
    if f.type == "day":
        if value is None:
            return None
        from ebbtide.domain.timekeeping import parse_day

        return parse_day(_text_value(f.name, value), ctx.today())
    if value is None and f.default is not None and f.type in ("code", "scale"):
        raise ValidationError(f.name, f"{f.what} cannot be left empty")
    if f.vocab is not None:
        return _code_parser(f)(value)
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
    allowed = _editable(k)

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
            elif name == "when" and "at" in allowed:
                updates["at"] = _parsed(ctx, allowed["at"], value)
            elif name in allowed:
                updates[name] = _parsed(ctx, allowed[name], value)
            else:
                raise ValidationError(name, f"a {k} has no field '{name}' that can be edited")
        edited = dataclasses.replace(current, **updates)
        return repo.update_record(conn, ctx.subject_id, edited)

    rec = ctx.write(work)
    return Entry(k, record_time(k, rec), rec, _notices(ctx, changes))


def _notices(ctx: Context, changes: dict[str, Any]) -> tuple[str, ...]:
    """Free-text edits run the same crisis-language check as new records."""
    from ebbtide.service.hooks import notices_for_text

    written = {n for kind in spec.RECORDS.values() for n in kind.written}
    texts = [v for k, v in changes.items() if k in written and isinstance(v, str) and v]
    return notices_for_text(ctx, " \n".join(texts)) if texts else ()


def day_entries(ctx: Context, day: date) -> list[Entry]:
    """Everything logged on one local day, newest first."""
    return log(ctx, since=day, until=day)


def counts(ctx: Context) -> dict[str, int]:
    """How many records of each kind are stored for the subject."""
    with ctx.store.reading() as conn:
        return repo.count_records(conn, ctx.subject_id)
