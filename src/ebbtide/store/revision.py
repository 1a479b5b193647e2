"""The store revision: one row that every committed write bumps, in whatever process.

Caches key on it instead of on anything one process knows, so an edit made with the
CLI while ``ebbtide serve`` runs is seen on the next page load. ``edits`` counts the
writes that changed or removed rows (an UPDATE, a DELETE, an upsert) rather than only
adding them: while it stays put, a cache may read just the new rows. Kept import-light
(no SQLAlchemy at import time), since the fast check-in path bumps it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlalchemy import Connection

BUMP = "UPDATE store_revision SET revision = revision + 1 WHERE id = 1"
BUMP_EDIT = "UPDATE store_revision SET revision = revision + 1, edits = edits + 1 WHERE id = 1"
READ = "SELECT revision, edits FROM store_revision WHERE id = 1"
EDITED = "ebbtide_edited"
"""The ``Connection.info`` key set when a statement in the transaction edits rows."""


class Revision(NamedTuple):
    """Committed write transactions, and how many of them edited or removed rows."""

    revision: int
    edits: int


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


def bump_revision(conn: Connection, *, edited: bool) -> None:
    """Count this transaction (run it last, inside the transaction it counts)."""
    conn.exec_driver_sql(BUMP_EDIT if edited else BUMP)


def read_revision(conn: Connection) -> Revision:
    """The revision as of the connection's snapshot ((0, 0) before any write)."""
    row = conn.exec_driver_sql(READ).first()
    return Revision(int(row[0]), int(row[1])) if row else Revision(0, 0)
