"""Store revisions: counters that every committed write bumps, in whatever process.

Caches key on them instead of on anything one process knows, so an edit made with the
CLI while ``ebbtide serve`` runs is seen on the next page load. Each subject has its own
row (``subject_revisions``): a write to one person's records bumps only theirs, so on a
shared server two people's writes never wait on one counter, and one person's check-in
leaves everyone else's caches warm. A write that is not about one subject (an import of
several participants, a new or erased subject) bumps the one shared row
(``store_revision``), which every subject's caches depend on too. The server's own tables
(accounts, sessions) bump neither: no cache reads them.

``edits`` counts the writes that changed or removed rows (an UPDATE, a DELETE, an upsert)
rather than only adding them: while it stays put, a cache may read just the new rows.
Kept import-light (no SQLAlchemy at import time), since the fast check-in path bumps it.
The statements use named parameters (``:subject``), which both SQLAlchemy's ``text`` and
the ``sqlite3`` module read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlalchemy import Connection

BUMP = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
BUMP_EDIT = "UPDATE store_revision SET revision = revision + 1, edits = edits + 1 WHERE id = 1"
BUMP_SUBJECT = (
    "INSERT INTO subject_revisions (subject_id, revision, edits) VALUES (:subject, 1, :edit) "
    "ON CONFLICT (subject_id) DO UPDATE SET revision = subject_revisions.revision + 1, "
    "edits = subject_revisions.edits + :edit"
)
BUMP_SUBJECT_ADDED = (
    "INSERT INTO subject_revisions (subject_id, revision, edits) VALUES (%(subject_id)s, 1, 0) "
    "ON CONFLICT (subject_id) DO UPDATE SET revision = subject_revisions.revision + 1"
)
"""``BUMP_SUBJECT`` for a write that only added rows, in the driver's own (psycopg) style."""
READ = (
    "SELECT COALESCE(s.revision, 0), COALESCE(s.edits, 0), g.revision, g.edits "
    "FROM store_revision g LEFT JOIN subject_revisions s ON s.subject_id = :subject "
    "WHERE g.id = 1"
)
EDITED = "ebbtide_edited"
"""The ``Connection.info`` key set when a statement in the transaction edits rows."""


class Revision(NamedTuple):
    """What one subject's caches depend on: their own writes and the shared ones.

    ``revision`` and ``edits`` count the subject's own committed write transactions and
    those that edited or removed rows; ``shared`` and ``shared_edits`` the same for writes
    not tied to one subject. A subject's row only starts again from zero when the subject
    is erased, which is a shared write: the four together never repeat.
    """

    revision: int
    edits: int
    shared: int = 0
    shared_edits: int = 0

    @property
    def edited(self) -> tuple[int, int]:
        """The edit counters alone: equal while every write since only added rows."""
        return (self.edits, self.shared_edits)


def is_edit(statement: str) -> bool:
    """True when an SQL statement can change or remove rows that already exist."""
    head = statement.lstrip()[:8].upper()
    if head.startswith(("UPDATE", "DELETE", "REPLACE", "DROP", "ALTER", "TRUNCATE")):
        return True
    upper = statement.upper()
    return head.startswith("INSERT") and ("ON CONFLICT" in upper or " OR REPLACE" in upper)


def note_edit(
    conn: Connection, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    """``before_cursor_execute`` listener: mark the transaction when a statement edits."""
    if is_edit(statement):
        conn.info[EDITED] = True


def bump_revision(conn: Connection, *, edited: bool, subject: int | None = None) -> None:
    """Count this transaction (run it last, inside the transaction it counts): in the
    subject's own row, or in the shared row for a write not tied to one subject."""
    if subject is None:
        conn.exec_driver_sql(BUMP_EDIT if edited else BUMP)
        return
    from sqlalchemy import text

    conn.execute(text(BUMP_SUBJECT), {"subject": subject, "edit": int(edited)})


def as_revision(row: Any) -> Revision:
    """A revision from a row of ``READ`` (all zero before any write)."""
    return Revision(*(int(v) for v in row)) if row else Revision(0, 0)


def read_revision(conn: Connection, subject: int) -> Revision:
    """The subject's revision as of the connection's snapshot."""
    from sqlalchemy import text

    return as_revision(conn.execute(text(READ), {"subject": subject}).first())


IDENTITY = "SELECT uid, revision, edits FROM store_revision WHERE id = 1"
ALL_SUBJECTS = "SELECT subject_id, revision, edits FROM subject_revisions"
RENEW = (
    "UPDATE store_revision SET uid = :uid, revision = revision + 1, edits = edits + 1 WHERE id = 1"
)


class StoreRevisions(NamedTuple):
    """Every subject's revision at once, and the store's identity (for a cohort export)."""

    uid: str | None
    shared: int
    shared_edits: int
    subjects: dict[int, tuple[int, int]]  # subject id -> (revision, edits)

    def token(self, subject: int) -> str | None:
        """A string that changes whenever anything the subject's records depend on does
        (``None`` when the store has no identity to vouch for it)."""
        if not self.uid:
            return None
        own, edits = self.subjects.get(subject, (0, 0))
        return f"{self.uid}:{self.shared}.{self.shared_edits}:{subject}:{own}.{edits}"


def read_all_revisions(conn: Connection) -> StoreRevisions:
    """The store's identity and shared counters, and every subject's (two statements)."""
    head = conn.exec_driver_sql(IDENTITY).first()
    rows = conn.exec_driver_sql(ALL_SUBJECTS).all()
    subjects = {int(s): (int(r), int(e)) for s, r, e in rows}
    if head is None:
        return StoreRevisions(None, 0, 0, subjects)
    return StoreRevisions(head[0], int(head[1]), int(head[2]), subjects)


def renew_identity(conn: Connection) -> None:
    """Give the store a new random identity (after a backup is restored over it), so no
    dataset made from another copy takes its revisions for its own."""
    import uuid

    from sqlalchemy import text

    conn.execute(text(RENEW), {"uid": uuid.uuid4().hex})
