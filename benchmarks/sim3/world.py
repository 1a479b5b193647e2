"""sim3's world: zones, seasons, regional shocks and the small random helpers."""

from __future__ import annotations

import hashlib
import math
import random
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

# (zone, weight, hemisphere +1 north / -1 south / 0 tropics, latitude factor for the winter low)
ZONES: tuple[tuple[str, float, int, float], ...] = (
    ("Europe/London", 10, 1, 1.0),
    ("Europe/Berlin", 9, 1, 0.9),
    ("Europe/Helsinki", 3, 1, 1.4),
    ("America/New_York", 10, 1, 0.7),
    ("America/Chicago", 6, 1, 0.8),
    ("America/Los_Angeles", 7, 1, 0.4),
    ("America/St_Johns", 1, 1, 1.1),
    ("America/Mexico_City", 3, 0, 0.1),
    ("America/Sao_Paulo", 4, -1, 0.2),
    ("America/Santiago", 2, -1, 0.5),
    ("Australia/Sydney", 5, -1, 0.4),
    ("Australia/Adelaide", 2, -1, 0.5),
    ("Pacific/Auckland", 3, -1, 0.7),
    ("Pacific/Chatham", 1, -1, 0.8),
    ("Asia/Kolkata", 5, 0, 0.1),
    ("Asia/Kathmandu", 1, 0, 0.3),
    ("Asia/Tokyo", 4, 1, 0.5),
    ("Asia/Tehran", 1, 1, 0.4),
    ("Africa/Johannesburg", 3, -1, 0.3),
    ("Africa/Lagos", 3, 0, 0.0),
)
ZONE_INFO = {z: (h, lat) for z, _, h, lat in ZONES}


def stream(*parts: object) -> random.Random:
    """An independent random stream named by its parts (stable across Python versions)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


@cache
def tzinfo(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def instant(day: date, hour: float, tz: str) -> str:
    """The UTC instant, as export text, of `hour` hours after local midnight of `day`.

    Hours run from 4 to 28: a day starts at 04:00 and 1 a.m. belongs to the day before.
    """
    seconds = int(hour * 3600)
    local = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
    moment = local.replace(tzinfo=tzinfo(tz)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def season(day: date, hemisphere: int) -> float:
    """+1 at the local midsummer, -1 at midwinter; tropics are flat."""
    if hemisphere == 0:
        return 0.0
    doy = day.timetuple().tm_yday
    return math.cos(2 * math.pi * (doy - 192) / 365.25) * hemisphere


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (inversion for small means, normal approximation above 30)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    total = sum(weights.values())
    r = rng.random() * total
    for key, w in weights.items():
        r -= w
        if r <= 0:
            return key
    return next(reversed(weights))


def scale(rng: random.Random, mean: float, sd: float = 0.8) -> int:
    """A 1-5 rating around `mean`."""
    return int(clip(round(rng.gauss(mean, sd)), 1, 5))


class Regions:
    """Shared regional shocks: everyone in one zone lives through the same storms,
    heatwaves and local festivals (other zones have their own)."""

    def __init__(self, seed: int, start: date, days: int) -> None:
        self.seed, self.start, self.days = seed, start, days
        self._cache: dict[str, list[tuple[float, float]]] = {}

    def shocks(self, zone: str) -> list[tuple[float, float]]:
        """Per day: (in-person multiplier, remote multiplier)."""
        if zone in self._cache:
            return self._cache[zone]
        rng = stream("sim3-region", self.seed, zone, self.start.isoformat(), self.days)
        out = [(1.0, 1.0)] * self.days
        t = 0
        while t < self.days:
            t += int(rng.expovariate(1 / 45)) + 1
            if t >= self.days:
                break
            length = rng.randint(2, 9)
            kind = rng.random()
            if kind < 0.55:  # storm, heat, smoke: people stay in and message more
                eff = (rng.uniform(0.45, 0.8), rng.uniform(1.1, 1.4))
            elif kind < 0.8:  # a festival or a run of fine days
                eff = (rng.uniform(1.15, 1.5), 1.0)
            else:  # a local outbreak: everybody meets less, in person and not
                eff = (rng.uniform(0.55, 0.8), rng.uniform(0.85, 1.0))
            for i in range(t, min(self.days, t + length)):
                out[i] = eff
            t += length
        self._cache[zone] = out
        return out
