"""Use cases about the people in a person's life: add, find, rename, merge, forget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from ebbtide.domain import vocab
from ebbtide.domain.errors import NotFoundError
from ebbtide.domain.records import Person
from ebbtide.service.context import Context
from ebbtide.store import repo


class UnknownPeopleError(NotFoundError):
    """Some names are not yet among the person's people."""

    def __init__(self, names: Sequence[str]) -> None:
        listed = ", ".join(f"'{n}'" for n in names)
        super().__init__(f"{listed} {'is' if len(names) == 1 else 'are'} not in your people yet")
        self.names = tuple(names)


def resolve_people(
    conn: Connection, subject_id: int, names: Sequence[str], *, create_missing: bool
) -> list[int]:
    """Ids for the given names; unknown names are created or reported all at once."""
    cleaned = [" ".join(n.split()) for n in names if n.strip()]
    if not cleaned:
        raise NotFoundError("name at least one person")
    found: list[int | None] = []
    missing: list[str] = []
    for name in cleaned:
        p = repo.find_person(conn, subject_id, name)
        found.append(p.id if p else None)
        if p is None and repo.name_key(name) not in {repo.name_key(m) for m in missing}:
            missing.append(name)
    if missing and not create_missing:
        raise UnknownPeopleError(missing)
    created = {
        repo.name_key(n): repo.insert_person(conn, subject_id, Person(name=n)).id for n in missing
    }
    ids = [
        f if f is not None else created[repo.name_key(n)]
        for f, n in zip(found, cleaned, strict=True)
    ]
    return [i for i in dict.fromkeys(ids) if i is not None]


def unknown_people(ctx: Context, names: Sequence[str]) -> list[str]:
    """The names that are not yet among the person's people."""
    with ctx.store.reading() as conn:
        out: list[str] = []
        for n in names:
            clean = " ".join(n.split())
            if clean and repo.find_person(conn, ctx.subject_id, clean) is None and clean not in out:
                out.append(clean)
        return out


def add_person(ctx: Context, name: str, relation: str | None = None, note: str = "") -> Person:
    """Add someone to the person's people."""
    rel = vocab.RELATIONS.parse(relation, "relation") if relation else None
    p = Person(name=" ".join(name.split()), relation=rel, note=note)
    return ctx.write(lambda c: repo.insert_person(c, ctx.subject_id, p))


def _is_number(text: str) -> bool:
    """ASCII digits only: "²" or "٣" pass str.isdigit() but are names, not ids."""
    return text.isascii() and text.isdigit() and len(text) < 25


def get_person(ctx: Context, name_or_id: str | int) -> Person:
    """A person by name (case-insensitive) or numeric id."""
    with ctx.store.reading() as conn:
        if isinstance(name_or_id, int) or _is_number(str(name_or_id).lstrip("#")):
            return repo.get_person(conn, ctx.subject_id, int(str(name_or_id).lstrip("#")))
        p = repo.find_person(conn, ctx.subject_id, str(name_or_id))
        if p is None:
            raise UnknownPeopleError([str(name_or_id)])
        return p


@dataclass(frozen=True)
class PersonSummary:
    """A person with how often and how recently they were in touch."""

    person: Person
    contacts: int
    last_contact: datetime | None


def list_people(ctx: Context) -> list[PersonSummary]:
    """Everyone, with contact counts."""
    with ctx.store.reading() as conn:
        stats = repo.people_stats(conn, ctx.subject_id)
        return [
            PersonSummary(p, *stats.get(p.id or 0, (0, None)))
            for p in repo.list_people(conn, ctx.subject_id)
        ]


def people_names(ctx: Context) -> dict[int, str]:
    """Person id → name."""
    with ctx.store.reading() as conn:
        return {p.id: p.name for p in repo.list_people(conn, ctx.subject_id) if p.id is not None}


def people_and_routine_names(ctx: Context) -> tuple[dict[int, str], dict[int, str]]:
    """Person id → name and routine id → name, in one read (for listing pages)."""
    with ctx.store.reading() as conn:
        return repo.names(conn, ctx.subject_id)


def edit_person(
    ctx: Context,
    name_or_id: str | int,
    *,
    name: str | None = None,
    relation: str | None = None,
    note: str | None = None,
) -> Person:
    """Rename a person or change their relation or note."""
    import dataclasses

    p = get_person(ctx, name_or_id)
    changed = dataclasses.replace(
        p,
        # An empty new name is refused by the domain ("name cannot be empty"), never ignored.
        name=p.name if name is None else " ".join(name.split()),
        relation=vocab.RELATIONS.parse(relation, "relation") if relation else p.relation,
        note=p.note if note is None else note,
    )
    return ctx.write(lambda c: repo.update_person(c, ctx.subject_id, changed))


def merge_people(ctx: Context, keep: str | int, drop: str | int) -> Person:
    """Merge two entries for the same person; everything moves to ``keep``."""
    k, d = get_person(ctx, keep), get_person(ctx, drop)
    assert k.id is not None and d.id is not None
    ctx.write(lambda c: repo.merge_people(c, ctx.subject_id, k.id or 0, d.id or 0))
    return k


def delete_person(ctx: Context, name_or_id: str | int) -> Person:
    """Delete a person and the records that name only them."""
    p = get_person(ctx, name_or_id)
    ctx.write(lambda c: repo.delete_person(c, ctx.subject_id, p.id or 0))
    return p
