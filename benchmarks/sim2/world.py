"""The shared world: calendar, social weather, flu season and the time zones people live in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Home zones and their weights: DST in both hemispheres, half- and quarter-hour offsets,
# a 30-minute DST shift (Lord Howe) and zones without DST at all.
HOME_ZONES: tuple[tuple[str, float], ...] = (
    ("Europe/Berlin", 14.0),
    ("Europe/London", 12.0),
    ("America/New_York", 12.0),
    ("America/Chicago", 6.0),
    ("America/Los_Angeles", 8.0),
    ("America/Sao_Paulo", 4.0),
    ("America/Mexico_City", 3.0),
    ("America/St_Johns", 1.5),
    ("Europe/Helsinki", 3.0),
    ("Europe/Madrid", 4.0),
    ("Africa/Nairobi", 2.0),
    ("Asia/Kolkata", 5.0),
    ("Asia/Kathmandu", 1.0),
    ("Asia/Tokyo", 4.0),
    ("Australia/Sydney", 5.0),
    ("Australia/Lord_Howe", 1.0),
    ("Pacific/Auckland", 3.0),
    ("Pacific/Chatham", 0.5),
)
TRAVEL_ZONES: tuple[str, ...] = (
    "Europe/Lisbon",
    "Europe/Athens",
    "Europe/Rome",
    "America/Denver",
    "America/Halifax",
    "America/Bogota",
    "Asia/Bangkok",
    "Asia/Makassar",
    "Asia/Dubai",
    "Asia/Singapore",
    "Africa/Casablanca",
    "Atlantic/Reykjavik",
    "Pacific/Honolulu",
    "Australia/Perth",
)


@dataclass(frozen=True, slots=True)
class World:
    """Calendar and shared social conditions for every simulated day."""

    start: date
    days: int
    dates: tuple[date, ...]
    weekday: IntArray
    weather: FloatArray
    flu: FloatArray
    festive: BoolArray
    summer: FloatArray


def _bumps(
    rng: np.random.Generator, doy: FloatArray, n: int, amp: tuple[float, float]
) -> FloatArray:
    """A sum of n Gaussian bumps at random days with random signs and widths."""
    out = np.zeros_like(doy)
    t = np.arange(doy.size, dtype=np.float64)
    for _ in range(n):
        centre = rng.uniform(0, doy.size)
        width = rng.uniform(3.0, 12.0)
        size = rng.uniform(*amp) * (1.0 if rng.random() < 0.5 else -1.0)
        out += size * np.exp(-0.5 * ((t - centre) / width) ** 2)
    return out


def make_world(rng: np.random.Generator, start: date, days: int) -> World:
    """Draw the shared weather, flu season and festive days for the whole window."""
    dates = tuple(start + timedelta(days=i) for i in range(days))
    weekday = np.array([d.weekday() for d in dates], dtype=np.int64)
    doy = np.array([d.timetuple().tm_yday for d in dates], dtype=np.float64)
    season = 0.3 * np.cos(2.0 * np.pi * (doy - 190.0) / 365.25)
    noise = rng.normal(0.0, 0.16, days)
    ar = np.zeros(days)
    for i in range(1, days):
        ar[i] = 0.92 * ar[i - 1] + noise[i]
    n_shocks = int(rng.integers(2, 6))
    weather = season + ar + _bumps(rng, doy, n_shocks, (0.3, 0.9))
    dist = (doy - 35.0 + 182.0) % 365.0 - 182.0
    flu = 1.0 + 1.8 * np.exp(-0.5 * (dist / 22.0) ** 2)
    flu += np.abs(_bumps(rng, doy, 1, (0.8, 1.6)))
    month = np.array([d.month for d in dates])
    mday = np.array([d.day for d in dates])
    festive = ((month == 12) & (mday >= 20)) | ((month == 1) & (mday <= 2))
    summer = np.clip(np.cos(2.0 * np.pi * (doy - 200.0) / 365.25), 0.0, None)
    return World(start, days, dates, weekday, weather.astype(np.float64), flu, festive, summer)
