"""How every ebbtide SQLite connection is set up: shared by the engine and the fast path.

Kept import-light (no SQLAlchemy) because the fast check-in path uses it.
"""

from __future__ import annotations

BUSY_TIMEOUT_MS = 10_000


def session_pragmas(busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[str, ...]:
    """The per-connection settings every writer uses (WAL itself is stored in the file)."""
    return (
        f"PRAGMA busy_timeout = {busy_timeout_ms}",
        "PRAGMA foreign_keys = ON",
        # Deleted content is overwritten with zeros, so `forget` and edits leave no trace.
        "PRAGMA secure_delete = ON",
        # FULL: an acknowledged write survives a power cut, not only a crash.
        "PRAGMA synchronous = FULL",
    )
