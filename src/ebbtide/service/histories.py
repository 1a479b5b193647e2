"""The made-up demo and the person's own history live in separate database files.

``make run`` shows the demo (``<name>-demo.db`` beside the person's own file) only while
the person has no history of their own; "Start my own history" creates their own file,
marks it started, and from then on the own file is what opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ebbtide.domain.errors import StoreError
from ebbtide.domain.timekeeping import utc_now
from ebbtide.service.context import Context, open_context
from ebbtide.store import clinical, repo
from ebbtide.store.engine import resolve_url, sqlite_path

STARTED_KEY = "own-history-started"
MADE_ON_KEY = "demo-made-on"
DEMO_DAYS = 365


def demo_db_for(own: str | None) -> str | None:
    """The demo's own file beside the person's database (None for a server database)."""
    path = sqlite_path(resolve_url(own))
    if path is None:
        return None
    return str(path.with_name(f"{path.stem}-demo{path.suffix or '.db'}"))


def has_own_history(own: str | None, *, subject: str | None = None) -> bool:
    """Whether the person has records of their own, or chose to start their own history."""
    path = sqlite_path(resolve_url(own))
    if path is None or not path.exists():
        return path is None  # a server database is always the person's own
    try:
        ctx = open_context(own, subject=subject, create=False)
    except StoreError:
        return True  # e.g. encrypted and locked: certainly theirs; `serve` says what to do
    try:
        with ctx.store.reading() as conn:
            started = clinical.get_setting(conn, ctx.subject_id, STARTED_KEY) is not None
            return started or any(repo.count_records(conn, ctx.subject_id).values())
    finally:
        ctx.close()


def start_own_history(
    own: str | None,
    *,
    subject: str | None = None,
    tz: str | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> Context:
    """Create (or open) the person's own database, mark it started, and return its context."""
    ctx = open_context(own, subject=subject, tz=tz, clock=clock)
    stamp = ctx.now().isoformat()
    ctx.write(lambda c: clinical.put_setting(c, ctx.subject_id, STARTED_KEY, stamp))
    return ctx


def _remove_database(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + extra).unlink()


def ensure_demo(
    demo_db: str,
    *,
    subject: str | None = None,
    tz: str | None = None,
    clock: Callable[[], datetime] = utc_now,
    days: int = DEMO_DAYS,
) -> None:
    """Make sure the demo file holds a demo ending today (made afresh on a new day)."""
    from ebbtide.service.demo_data import seed_story

    path = Path(demo_db)
    if path.exists():
        ctx = open_context(demo_db, subject=subject, tz=tz, clock=clock)
        try:
            with ctx.store.reading() as conn:
                made_on = clinical.get_setting(conn, ctx.subject_id, MADE_ON_KEY)
            if made_on == ctx.today().isoformat():
                return
        finally:
            ctx.close()
        _remove_database(path)  # made on an earlier day: a made-up history, made again
    ctx = open_context(demo_db, subject=subject, tz=tz, clock=clock)
    try:
        seed_story(ctx, days=days)
        day = ctx.today().isoformat()
        ctx.write(lambda c: clinical.put_setting(c, ctx.subject_id, MADE_ON_KEY, day))
    finally:
        ctx.close()


def is_demo(ctx: Context) -> bool:
    """Whether a context is over a demo file this module made."""
    with ctx.store.reading() as conn:
        return clinical.get_setting(conn, ctx.subject_id, MADE_ON_KEY) is not None
