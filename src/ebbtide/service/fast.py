"""The quick check-in: one insert into the default SQLite store, nothing else loaded.

A note gets the crisis check here, as every other way of saving text does
(``service.hooks``): on this device, never sent, never logged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ebbtide import config
from ebbtide.domain.records import CheckIn
from ebbtide.store import fast


def fast_checkin(
    db: str | None,
    record: CheckIn,
    show_help: Callable[[tuple[str, ...]], None] | None = None,
) -> CheckIn | None:
    """Store ``record`` for the configured subject; None when the full path must do it.

    If the note holds crisis language, ``show_help`` gets the help lines (the full form,
    or the gentle one when the detector is unsure) before the write, so nothing that fails
    in the write can hide them; they are the lines the full path shows.
    """
    path = Path(db or config.default_db_path()).expanduser().resolve()
    subject = os.environ.get(config.ENV_SUBJECT) or config.DEFAULT_SUBJECT
    before = _help_for(record.note, show_help) if show_help is not None else None
    return fast.insert_checkin(path, subject, record, before_write=before)


def _help_for(
    note: str, show_help: Callable[[tuple[str, ...]], None]
) -> Callable[[fast.HelpSettings], None] | None:
    if not note.strip():
        return None
    from ebbtide.safety.detect import detect

    found = detect(note)
    if not (found.flagged or found.unsure):
        return None
    gentle = not found.flagged

    def show(settings: fast.HelpSettings) -> None:
        from ebbtide.safety.help import help_lines
        from ebbtide.safety.plan import SafetyPlan

        plan = SafetyPlan.from_json(settings.plan) if settings.plan else None
        show_help(help_lines(plan, settings.region, gentle=gentle))

    return show
