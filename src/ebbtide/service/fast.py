"""The quick check-in: one insert into the default SQLite store, nothing else loaded."""

from __future__ import annotations

import os
from pathlib import Path

from ebbtide import config
from ebbtide.domain.records import CheckIn
from ebbtide.store import fast


def fast_checkin(db: str | None, record: CheckIn) -> CheckIn | None:
    """Store ``record`` for the configured subject; None when the full path must do it."""
    path = Path(db or config.default_db_path()).expanduser().resolve()
    subject = os.environ.get(config.ENV_SUBJECT) or config.DEFAULT_SUBJECT
    return fast.insert_checkin(path, subject, record)
