"""Local time for summaries: Forest's fixed-step windows and true local days and hours.

Forest localises with pytz's ``is_dst=False``: a wall-clock time that happens twice is
read as standard time, one that never happens as the standard offset too. ``to_stamp``
does the same with zoneinfo, so compatibility mode starts its windows where Forest does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ebbtide.domain.timekeeping import zone
from ebbtide.sensing.logs import Ints

DAY = 86_400
HOUR = 3_600


def to_stamp(y: int, m: int, d: int, h: int, tz: str) -> int:
    """Epoch seconds of a local wall-clock hour, resolved as Forest (pytz) resolves it."""
    naive = datetime(y, m, d, h)
    first = naive.replace(tzinfo=zone(tz), fold=0)
    second = naive.replace(tzinfo=zone(tz), fold=1)
    if first.utcoffset() == second.utcoffset():
        return int(first.timestamp())
    # Twice or never on the clock: take the standard-time reading, as pytz is_dst=False does.
    chosen = second if not second.dst() else first
    return int(chosen.timestamp())


def parts(stamp: float, tz: str) -> tuple[int, int, int, int]:
    """Local year, month, day and hour of an instant."""
    t = datetime.fromtimestamp(stamp, UTC).astimezone(zone(tz))
    return t.year, t.month, t.day, t.hour


def labels(starts: Ints, tz: str) -> list[tuple[int, int, int, int]]:
    """Local (year, month, day, hour) for each window start."""
    return [parts(int(s), tz) for s in starts]


def local_midnight(day: date, tz: str, start_hour: int = 0) -> int:
    """Epoch seconds when a local day begins (at ``start_hour`` on its date; DST-correct)."""
    return int(datetime(day.year, day.month, day.day, start_hour, tzinfo=zone(tz)).timestamp())


def local_day_edges(
    first_s: float, last_s: float, tz: str, start_hour: int = 0
) -> tuple[Ints, list[date]]:
    """Edges of every local day (starting at ``start_hour``) from ``first_s`` to ``last_s``."""
    z = zone(tz)
    shift = timedelta(hours=start_hour)
    d0 = (datetime.fromtimestamp(first_s, UTC).astimezone(z).replace(tzinfo=None) - shift).date()
    d1 = (datetime.fromtimestamp(last_s, UTC).astimezone(z).replace(tzinfo=None) - shift).date()
    days = [d0 + timedelta(days=i) for i in range((d1 - d0).days + 1)]
    edges = [local_midnight(d, tz, start_hour) for d in [*days, d1 + timedelta(days=1)]]
    return np.asarray(edges, dtype=np.int64), days


def local_hour_edges(first_s: float, last_s: float, tz: str) -> Ints:
    """Edges of every local clock hour from the one holding ``first_s`` to ``last_s``."""
    z = zone(tz)
    t = datetime.fromtimestamp(first_s, UTC).astimezone(z)
    start = int(t.replace(minute=0, second=0, microsecond=0).timestamp())
    stop = int(last_s) - (int(last_s) - start) % HOUR + HOUR
    return np.arange(start, stop + 1, HOUR, dtype=np.int64)


@lru_cache(maxsize=1 << 16)
def _offset(tz: str, t: int) -> float:
    """The zone's UTC offset (seconds) at an instant on the lookup grid (remembered: the
    participants of a study share one date range)."""
    return datetime.fromtimestamp(t, zone(tz)).utcoffset().total_seconds()  # type: ignore[union-attr]


def local_hours(stamps: npt.NDArray[np.float64], tz: str) -> Ints:
    """Local clock hour of many instants at once.

    UTC offsets are looked up every six hours, and on a 15-minute grid (every zone
    changes offset on a quarter hour) only inside the six hours where they changed: a
    handful of zone lookups for a year of instants.
    """
    if stamps.size == 0:
        return np.zeros(0, dtype=np.int64)

    def offset(t: int) -> float:
        return _offset(tz, t)

    coarse, fine = 21_600, 900
    secs = np.floor(stamps)
    lo = int(secs.min()) // coarse * coarse
    hi = int(secs.max()) // coarse * coarse + coarse
    grid = np.arange(lo, hi + 1, coarse)
    offs = np.asarray([offset(int(g)) for g in grid], dtype=np.float64)
    slot = ((secs - lo) // coarse).astype(np.int64)
    off = offs[slot]
    for k in np.flatnonzero(offs[1:] != offs[:-1]):
        inside = slot == k
        start = int(grid[k])
        fine_offs = np.asarray([offset(start + j * fine) for j in range(coarse // fine)])
        off[inside] = fine_offs[((secs[inside] - start) // fine).astype(np.int64)]
    return (np.floor((secs + off) / HOUR).astype(np.int64)) % 24
