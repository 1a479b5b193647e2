"""One retry loop for writes that meet a busy database (kept import-light for the fast path).

A write that finds another process holding the lock waits a little and tries again, with
jittered exponential back-off (20 ms doubling up to 1 s, ``WRITE_RETRIES`` attempts), so
two ebbtide processes writing at once both succeed instead of one failing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

WRITE_RETRIES = 8
FIRST_DELAY = 0.02
LONGEST_DELAY = 1.0


def is_busy(exc: BaseException) -> bool:
    """True when ``exc`` (or the driver error it wraps) says the database is locked."""
    msg = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in msg or "database is busy" in msg or "sqlite_busy" in msg


def with_retries(
    attempt: Callable[[], T],
    errors: type[BaseException] | tuple[type[BaseException], ...],
    *,
    retries: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``attempt()``, run again after a back-off while it raises a busy ``errors``.

    Any other error, and the last busy one, is raised to the caller unchanged; ``attempt``
    must leave nothing half-done when it raises (one transaction, rolled back).
    """
    delay = FIRST_DELAY
    for tries_left in range((retries or WRITE_RETRIES) - 1, -1, -1):
        try:
            return attempt()
        except errors as exc:
            if not is_busy(exc) or tries_left == 0:
                raise
            sleep(delay * (1 + random.random()))
            delay = min(delay * 2, LONGEST_DELAY)
    raise AssertionError("unreachable")  # pragma: no cover
