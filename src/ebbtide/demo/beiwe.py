"""Simulated Beiwe study folders (calls, texts, GPS), deterministic from a seed.

For the parity benchmark, the tests and trying ``ebbtide passive import beiwe``. Each
participant gets a few people they call and text, a home, and places they go. Built in:
people who withdraw halfway (fewer calls and texts, fewer people, more time at home),
a participant who leaves the study halfway, days with the phone off (no file at all),
GPS outages (calls and texts still arrive), participants with only calls or only texts,
identifiers files (one registered after its first data), and a daylight-saving change
whenever the range crosses one in the chosen zone.
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

CALL_HEADER = "timestamp,UTC time,hashed phone number,call type,duration in seconds\n"
TEXT_HEADER = "timestamp,UTC time,hashed phone number,sent vs received,message length,time sent\n"
GPS_HEADER = "timestamp,UTC time,latitude,longitude,altitude,accuracy\n"
ACC_HEADER = "timestamp,UTC time,accuracy,x,y,z\n"
ID_HEADER = "timestamp,UTC time,patient_id,MAC,phone_number,device_id,device_os,os_version\n"


@dataclass(frozen=True)
class StudySpec:
    """What to simulate."""

    participants: int = 6
    days: int = 20
    start: date = date(2021, 10, 28)
    tz: str = "America/New_York"
    seed: int = 7
    gps: bool = True
    gps_every_s: int = 300


@dataclass
class ParticipantTruth:
    """What really happened to one simulated participant."""

    code: str
    streams: tuple[str, ...]
    withdraws_from: date | None = None
    leaves_on: date | None = None
    phone_off: set[date] = field(default_factory=set)
    gps_off: set[date] = field(default_factory=set)
    home: tuple[float, float] = (0.0, 0.0)


def _hash(seed: int, who: str, k: int) -> str:
    return base64.b64encode(hashlib.sha256(f"{seed}:{who}:{k}".encode()).digest()).decode()


def _utc_text(ms: int) -> str:
    return (
        datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}"
    )


def _name(ms: int) -> str:
    return datetime.fromtimestamp(ms // 3_600_000 * 3600, UTC).strftime(
        "%Y-%m-%d %H_00_00+00_00.csv"
    )


def _ms(day: date, seconds: float, tz: ZoneInfo) -> int:
    base = datetime(day.year, day.month, day.day, tzinfo=tz)
    return int((base + timedelta(seconds=seconds)).timestamp() * 1000)


class _Writer:
    """Rows grouped into hourly files per stream."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, stream: str, ms: int, line: str) -> None:
        self.files[(stream, _name(ms))].append(line)

    def flush(self, folder: Path) -> None:
        headers = {
            "calls": CALL_HEADER,
            "texts": TEXT_HEADER,
            "gps": GPS_HEADER,
            "accelerometer": ACC_HEADER,
        }
        for (stream, name), lines in sorted(self.files.items()):
            d = folder / stream
            d.mkdir(parents=True, exist_ok=True)
            (d / name).write_text(headers[stream] + "".join(lines))


def _comm_day(
    rng: random.Random,
    w: _Writer,
    who: str,
    seed: int,
    day: date,
    tz: ZoneInfo,
    streams: tuple[str, ...],
    social: float,
    people: int,
) -> None:
    if "calls" in streams:
        for _ in range(_poisson(rng, 2.5 * social)):
            ms = _ms(day, rng.uniform(8, 23.5) * 3600, tz)
            kind = rng.choices(["Incoming Call", "Outgoing Call", "Missed Call"], [4, 4, 2])[0]
            secs = 0 if kind == "Missed Call" else int(rng.expovariate(1 / 240))
            num = _hash(seed, who, min(int(rng.expovariate(0.4)), people - 1))
            w.add("calls", ms, f"{ms},{_utc_text(ms)},{num},{kind},{secs}\n")
    if "texts" in streams:
        for _ in range(_poisson(rng, 4 * social)):
            num = _hash(seed, who, min(int(rng.expovariate(0.3)), people - 1))
            t = rng.uniform(8, 23.8) * 3600
            for _ in range(1 + _poisson(rng, 2)):
                t += rng.expovariate(1 / 240)
                ms = _ms(day, t, tz)
                sent = rng.random() < 0.5
                if rng.random() < 0.06:
                    kind = "sent MMS" if sent else "received MMS"
                    length = rng.choice(["MMS", ""])
                else:
                    kind = "sent SMS" if sent else "received SMS"
                    length = str(1 + int(rng.expovariate(1 / 40)))
                w.add("texts", ms, f"{ms},{_utc_text(ms)},{num},{kind},{length},{ms}\n")


def _poisson(rng: random.Random, lam: float) -> int:
    k, p, limit = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def _gps_day(
    rng: random.Random,
    w: _Writer,
    day: date,
    tz: ZoneInfo,
    home: tuple[float, float],
    places: list[tuple[float, float]],
    outing: float,
    every: int,
) -> None:
    """A day of fixes: home at night, out to one or two places, back by evening."""
    stops: list[tuple[float, float, tuple[float, float]]] = []  # (start_s, end_s, where)
    t = 0.0
    if rng.random() < outing:
        leave = rng.uniform(7.5, 10) * 3600
        stops.append((0, leave, home))
        t = leave
        for where in rng.sample(places, k=rng.choice([1, 1, 2])):
            arrive = t + 1200
            stay = rng.uniform(1, 5) * 3600
            stops.append((arrive, arrive + stay, where))
            t = arrive + stay
        stops.append((t + 1200, 86400, home))
    else:
        stops.append((0, 86400, home))
    lost = {h for h in range(24) if rng.random() < 0.06}
    s = rng.uniform(0, every)
    while s < 86400 - 60:
        if int(s // 3600) not in lost:
            lat, lon = _where(stops, s, home)
            lat += rng.gauss(0, 4e-5)
            lon += rng.gauss(0, 5e-5)
            ms = _ms(day, s, tz)
            acc = round(rng.uniform(5, 30), 1)
            w.add(
                "gps",
                ms,
                f"{ms},{_utc_text(ms)},{lat:.7f},{lon:.7f},{rng.uniform(5, 40):.1f},{acc}\n",
            )
        s += every * rng.uniform(0.8, 1.2)


def _where(
    stops: list[tuple[float, float, tuple[float, float]]], s: float, home: tuple[float, float]
) -> tuple[float, float]:
    prev_end, prev_where = 0.0, home
    for start, end, where in stops:
        if start <= s < end:
            return where
        if s < start:  # travelling from prev to where
            f = (s - prev_end) / max(start - prev_end, 1)
            return (
                prev_where[0] + f * (where[0] - prev_where[0]),
                prev_where[1] + f * (where[1] - prev_where[1]),
            )
        prev_end, prev_where = end, where
    return home


def write_study(root: Path, spec: StudySpec) -> list[ParticipantTruth]:
    """Write a study folder under ``root``; return the truth per participant."""
    tz = ZoneInfo(spec.tz)
    truths = []
    for i in range(spec.participants):
        code = f"p{i + 1:03d}"
        rng = random.Random(f"{spec.seed}:{code}")
        streams: tuple[str, ...] = ("calls", "texts")
        if i == 1:
            streams = ("texts",)
        elif i == 2:
            streams = ("calls",)
        home = (42.30 + rng.uniform(0, 0.1), -71.10 + rng.uniform(0, 0.1))
        places = [
            (home[0] + rng.uniform(-0.05, 0.05), home[1] + rng.uniform(-0.05, 0.05))
            for _ in range(3)
        ]
        truth = ParticipantTruth(code, streams, home=home)
        if i % 3 == 0:
            truth.withdraws_from = spec.start + timedelta(days=spec.days // 2)
        if i == 4:
            truth.leaves_on = spec.start + timedelta(days=spec.days // 2)
        for _ in range(max(1, spec.days // 15)):
            truth.phone_off.add(spec.start + timedelta(days=rng.randrange(1, spec.days - 1)))
            truth.gps_off.add(spec.start + timedelta(days=rng.randrange(1, spec.days - 1)))
        w = _Writer()
        people = 8
        last_ms = 0
        for k in range(spec.days):
            day = spec.start + timedelta(days=k)
            if truth.leaves_on is not None and day >= truth.leaves_on:
                break
            if day in truth.phone_off:
                continue
            withdrawn = truth.withdraws_from is not None and day >= truth.withdraws_from
            social, outing = (0.25, 0.15) if withdrawn else (1.0, 0.8)
            _comm_day(rng, w, code, spec.seed, day, tz, streams, social, 2 if withdrawn else people)
            if spec.gps and day not in truth.gps_off:
                _gps_day(rng, w, day, tz, home, places, outing, spec.gps_every_s)
            for h in range(0, 24, 3):
                ms = _ms(day, h * 3600 + 600, tz)
                w.add("accelerometer", ms, f"{ms},{_utc_text(ms)},10,0.01,0.02,0.98\n")
                last_ms = max(last_ms, ms)
        folder = root / code
        w.flush(folder)
        if i % 4 == 1 or i == 5:
            first = min((n for (_, n) in w.files), default=None)
            if first is not None:
                y, mo, d = (int(x) for x in first[:10].split("-"))
                base = int(datetime(y, mo, d, int(first[11:13]), tzinfo=UTC).timestamp() * 1000)
                reg = base + (30 * 3_600_000 if i == 5 else -86_400_000)
                (folder / "identifiers").mkdir(exist_ok=True)
                (folder / "identifiers" / _name(reg)).write_text(
                    ID_HEADER + f"{reg},{_utc_text(reg)},{code},mac,phone,dev,ANDROID,11\n"
                )
        truths.append(truth)
    return truths
