"""The context every use case runs in: which store, whose records, which clock."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from ebbtide.config import DEFAULT_SUBJECT, ENV_SUBJECT, ENV_TZ, day_start_hour, system_tz
from ebbtide.domain.errors import ErrorCode, NotFoundError, shown
from ebbtide.domain.timekeeping import DEFAULT_DAY_START_HOUR, local_day, utc_now, zone
from ebbtide.store import repo
from ebbtide.store.engine import Store, open_store

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ebbtide.store.revision import Revision

T = TypeVar("T")


@dataclass
class Context:
    """A store plus the subject whose records we read and write, and their clock."""

    store: Store
    subject_id: int
    subject: str
    tz: str
    day_start_hour: int = DEFAULT_DAY_START_HOUR
    clock: Callable[[], datetime] = field(default=utc_now)
    tz_chosen: bool = False  # the zone was asked for (--tz, $EBBTIDE_TZ), not stored

    def now(self) -> datetime:
        """The current instant (UTC), to the whole second as stored."""
        return self.clock().replace(microsecond=0)

    def today(self) -> date:
        """The subject's current local day."""
        return local_day(self.now(), self.tz, self.day_start_hour)

    def day_of(self, moment: datetime, tz: str | None = None) -> date:
        """The local day a moment belongs to."""
        return local_day(moment, tz or self.tz, self.day_start_hour)

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction that writes this subject's records alone (it
        bumps only the subject's revision; see ``store.revision``)."""
        return self.store.write(work, subject=self.subject_id)

    def add(self, record: T) -> T:
        """Store one new record of this subject in a transaction of its own (one statement
        on PostgreSQL); return it with its id."""
        added: T = repo.add_record(self.store, self.subject_id, record)
        return added

    def revision(self) -> Revision:
        """This subject's revision: what their cached results depend on."""
        return self.store.revision(self.subject_id)

    def close(self) -> None:
        """Release the store's connections."""
        self.store.dispose()


class UnknownSubject(NotFoundError):
    """The subject asked for names a history that does not exist yet."""

    def __init__(self, subject: str, known: list[str]) -> None:
        listed = ", ".join(shown(k) for k in known[:8]) or "none yet"
        super().__init__(
            code=ErrorCode.UNKNOWN_SUBJECT, params={"code": shown(subject), "known": listed}
        )
        self.subject = subject


def open_context(
    db: str | None = None,
    *,
    subject: str | None = None,
    tz: str | None = None,
    create: bool = True,
    clock: Callable[[], datetime] = utc_now,
    passphrase: str | None = None,
    new_subject: bool = True,
) -> Context:
    """Open the store and select (creating if needed) the subject to work on.

    With ``new_subject=False`` a subject that has no history yet is not created: the
    caller gets :class:`UnknownSubject` (a mistyped name should not start a new history).

    ``passphrase`` opens an encrypted SQLite file; None means $EBBTIDE_PASSPHRASE, then
    the OS keyring if the person chose it for this database, else no encryption.
    """
    chosen = tz or os.environ.get(ENV_TZ) or None
    zone_name = chosen or system_tz()
    zone(zone_name)
    hour = day_start_hour()
    code = subject or os.environ.get(ENV_SUBJECT) or DEFAULT_SUBJECT
    if passphrase is None:
        from ebbtide.service.secrets import resolve_passphrase

        passphrase = resolve_passphrase(db)
    store = open_store(db, create=create, passphrase=passphrase)
    try:
        existing = None
        stored: str | None = None
        with store.reading() as conn:
            existing = repo.find_subject(conn, code)
            stored = repo.subject_zone(conn, existing) if existing is not None else None
            if existing is None and not new_subject and code != DEFAULT_SUBJECT:
                known = [c for _, c, _ in repo.list_subjects(conn)]
                raise UnknownSubject(code, known)
        subject_id = (
            existing
            if existing is not None
            else store.write(lambda c: repo.get_or_create_subject(c, code, zone_name))
        )
    except BaseException:
        store.dispose()
        raise
    if chosen is None and stored:
        zone_name = stored  # the subject's own zone (an import may have set it)
    return Context(store, subject_id, code, zone_name, hour, clock, tz_chosen=chosen is not None)
