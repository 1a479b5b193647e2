"""Reading passive data: Beiwe participant folders and plain CSV files.

A Beiwe participant folder holds one folder per data stream, each with hourly files named
``YYYY-MM-DD HH_00_00+00_00.csv`` (the UTC hour). Only ``calls``, ``texts`` and ``gps`` are
read row by row; of every other folder only the file names are kept (they tell when the
phone was on, and Forest uses them to find the last hour of data), and of ``identifiers``
the registration time. A bad row is reported with its file and line; the caller decides
whether that stops the import (``--strict``) or is counted and skipped.
"""

from __future__ import annotations

import calendar
import csv
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from ebbtide.sensing.logs import (
    CALL_KINDS,
    NO_FILE,
    OTHER_KIND,
    TEXT_KINDS,
    CallLog,
    Coverage,
    GpsLog,
    PhoneData,
    TextLog,
)

_T = TypeVar("_T")
STREAMS = ("calls", "texts", "gps")
REQUIRED = {
    "calls": ("timestamp", "hashed phone number", "call type", "duration in seconds"),
    "texts": ("timestamp", "hashed phone number", "sent vs received", "message length"),
    "gps": ("timestamp", "latitude", "longitude", "accuracy"),
}
_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2})_\d{2}_\d{2}(?:[+-]\d{2}_\d{2})?\.csv$")


@dataclass(frozen=True)
class Problem:
    """One row (or file) that could not be read."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.reason}"


@dataclass
class _Columns:
    ts: list[int] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    hour: list[int] = field(default_factory=list)


def file_hour(name: str) -> int | None:
    """The UTC hour (epoch seconds) a Beiwe file name stands for, or None."""
    m = _NAME.match(name)
    if m is None:
        return None
    day = _day_start(name[:10])
    hour = int(m.group(4))
    return None if day is None or hour > 23 else day + hour * 3600


@lru_cache(maxsize=4096)
def _day_start(text: str) -> int | None:
    try:
        return calendar.timegm(date.fromisoformat(text).timetuple())
    except ValueError:
        return None


def _int(text: str) -> int:
    value = float(text)
    if not math.isfinite(value) or not value.is_integer():
        raise ValueError(text)
    return int(value)


def _opt_float(text: str) -> float:
    text = text.strip()
    return math.nan if text == "" else float(text)


def _number(
    row: dict[str, str], name: str, *, whole: bool = False, optional: bool = False
) -> float:
    """A numeric field, or ValueError naming the field."""
    text = (row.get(name) or "").strip()
    if text == "" and optional:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} '{text[:20]}' is not a number") from None
    if not math.isfinite(value) or (whole and not value.is_integer()):
        raise ValueError(f"{name} '{text[:20]}' is not a whole number")
    return value


def _parse_row(stream: str, row: dict[str, str], cols: _Columns, hour: int) -> None:
    """Append one row's values, or raise ValueError with the reason."""
    try:
        ts = _int(row["timestamp"])
    except (ValueError, TypeError):
        shown_ts = (row.get("timestamp") or "")[:20]
        raise ValueError(f"timestamp '{shown_ts}' is not a number of milliseconds") from None
    if stream == "gps":
        lat, lon = _number(row, "latitude"), _number(row, "longitude")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError("latitude or longitude out of range")
        cols.lat.append(lat)
        cols.lon.append(lon)
        cols.value.append(_number(row, "accuracy", optional=True))
    elif stream == "calls":
        kind = row["call type"]
        seconds = _number(row, "duration in seconds", optional=True)
        if seconds < 0:
            raise ValueError("duration in seconds is negative")
        cols.number.append(row["hashed phone number"] or "")
        cols.kind.append(CALL_KINDS.index(kind) if kind in CALL_KINDS else OTHER_KIND)
        cols.value.append(seconds)
    else:
        kind = row["sent vs received"]
        raw = (row["message length"] or "").strip()
        length = 0 if raw in ("", "MMS") else int(_number(row, "message length", whole=True))
        if length < 0:
            raise ValueError("message length is negative")
        cols.number.append(row["hashed phone number"] or "")
        cols.kind.append(TEXT_KINDS.index(kind) if kind in TEXT_KINDS else OTHER_KIND)
        cols.value.append(float(length))
    cols.ts.append(ts)
    cols.hour.append(hour)


def read_rows(
    stream: str,
    lines: Iterable[str],
    label: str,
    hour: int,
    cols: _Columns,
    problems: list[Problem],
) -> int:
    """Read one CSV file of a stream into ``cols``; return the number of rows kept."""
    reader = csv.DictReader(lines)
    missing = [c for c in REQUIRED[stream] if c not in (reader.fieldnames or ())]
    if missing:
        problems.append(Problem(label, 1, f"missing column '{missing[0]}'"))
        return 0
    kept = 0
    for row in reader:
        try:
            _parse_row(stream, row, cols, hour)
            kept += 1
        except (ValueError, TypeError, KeyError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "a value is missing"
            problems.append(Problem(label, reader.line_num, reason))
    return kept


def _log(stream: str, cols: _Columns) -> CallLog | TextLog | GpsLog:
    ts = np.asarray(cols.ts, dtype=np.int64)
    order = np.argsort(ts, kind="stable")
    hour = np.asarray(cols.hour, dtype=np.int64)[order]
    value = np.asarray(cols.value, dtype=np.float64)[order]
    if stream == "gps":
        lat = np.asarray(cols.lat, dtype=np.float64)[order]
        lon = np.asarray(cols.lon, dtype=np.float64)[order]
        return GpsLog(ts[order], lat, lon, value)
    number = tuple(cols.number[i] for i in order)
    kind = np.asarray(cols.kind, dtype=np.int64)[order]
    if stream == "calls":
        return CallLog(ts[order], number, kind, value, hour)
    return TextLog(ts[order], number, kind, value.astype(np.int64), hour)


@dataclass
class Reading:
    """What was read from one participant: their data, and the rows that were skipped."""

    participant: str
    data: PhoneData
    rows: int
    problems: list[Problem]


def _names(folder: Path | str) -> list[str]:
    # scandir's entry types come with the listing: no stat() per file (a study has 10⁵).
    with os.scandir(folder) as it:
        return sorted(e.name for e in it if not e.name.startswith(".") and e.is_file())


def count_files(folders: Iterable[Path]) -> int:
    """How many stream files the participant folders hold (for a progress bar)."""
    return sum(
        len(_names(folder / s)) for folder in folders for s in STREAMS if (folder / s).is_dir()
    )


def _enrolled(folder: Path) -> float | None:
    files = _names(folder)
    if not files:
        return None
    with (folder / files[0]).open(newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            try:
                return _int(row.get("timestamp") or "") / 1000
            except ValueError:
                return None
    return None


def read_participant(
    folder: Path, *, on_file: Callable[[], None] | None = None, streams: tuple[str, ...] = STREAMS
) -> Reading:
    """Read one Beiwe participant folder (the rows of ``streams``; names of the rest)."""
    problems: list[Problem] = []
    hours: dict[str, np.ndarray] = {}
    logs: dict[str, CallLog | TextLog | GpsLog] = {}
    rows = 0
    enrolled = None
    with os.scandir(folder) as it:
        subs = sorted(folder / e.name for e in it if e.is_dir())
    for sub in subs:
        stamps: list[int] = []
        cols = _Columns()
        base = str(sub)
        for name in _names(sub):
            hour = file_hour(name)
            if hour is None:
                if sub.name in STREAMS:
                    label = f"{folder.name}/{sub.name}/{name}"
                    problems.append(Problem(label, 0, "not a Beiwe hourly file name"))
                continue
            stamps.append(hour)
            if sub.name in streams:
                label = f"{folder.name}/{sub.name}/{name}"
                with open(
                    os.path.join(base, name), newline="", encoding="utf-8", errors="replace"
                ) as fh:
                    rows += read_rows(sub.name, fh, label, hour, cols, problems)
                if on_file is not None:
                    on_file()
        hours[sub.name] = np.unique(np.asarray(stamps, dtype=np.int64))
        if sub.name in streams:
            logs[sub.name] = _log(sub.name, cols)
        if sub.name == "identifiers":
            enrolled = _enrolled(sub)
    data = PhoneData(
        calls=_as(logs.get("calls"), CallLog),
        texts=_as(logs.get("texts"), TextLog),
        gps=_as(logs.get("gps"), GpsLog),
        coverage=Coverage(hours, enrolled),
    )
    return Reading(folder.name, data, rows, problems)


def _as(value: object, kind: type[_T]) -> _T | None:
    return value if isinstance(value, kind) else None


def participant_folders(study: Path) -> list[Path]:
    """The participant folders of a study folder (those holding a stream folder)."""
    return [
        p for p in sorted(study.iterdir()) if p.is_dir() and any((p / s).is_dir() for s in STREAMS)
    ]


PLAIN_COLUMNS = ("stream", "timestamp")


def read_plain(lines: Iterable[str], label: str) -> tuple[dict[str, PhoneData], int, list[Problem]]:
    """A plain CSV of the same fields, one row per event, with a ``stream`` column.

    An optional ``participant`` column splits the file by person ('' means the subject
    the command runs for). Coverage hours are the hours that hold rows.
    """
    reader = csv.DictReader(lines)
    problems: list[Problem] = []
    fields = reader.fieldnames or ()
    missing = [c for c in PLAIN_COLUMNS if c not in fields]
    if missing:
        return {}, 0, [Problem(label, 1, f"missing column '{missing[0]}'")]
    per: dict[str, dict[str, _Columns]] = {}
    rows = 0
    for row in reader:
        stream = (row.get("stream") or "").strip()
        if stream not in STREAMS:
            problems.append(Problem(label, reader.line_num, "stream must be calls, texts or gps"))
            continue
        absent = [c for c in REQUIRED[stream] if row.get(c) is None]
        if absent:
            problems.append(Problem(label, reader.line_num, f"missing column '{absent[0]}'"))
            continue
        cols = per.setdefault((row.get("participant") or "").strip(), {}).setdefault(
            stream, _Columns()
        )
        try:
            _parse_row(stream, row, cols, NO_FILE)
            rows += 1
        except (ValueError, TypeError, KeyError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "a value is missing"
            problems.append(Problem(label, reader.line_num, reason))
    out: dict[str, PhoneData] = {}
    for who, streams in per.items():
        logs = {s: _log(s, c) for s, c in streams.items()}
        hours = {
            s: np.unique(np.asarray(c.ts, dtype=np.int64) // 3_600_000 * 3600)
            for s, c in streams.items()
        }
        out[who] = PhoneData(
            calls=_as(logs.get("calls"), CallLog),
            texts=_as(logs.get("texts"), TextLog),
            gps=_as(logs.get("gps"), GpsLog),
            coverage=Coverage(hours, None),
        )
    return out, rows, problems


def iter_lines(path: Path) -> Iterator[str]:
    """The lines of a text file (UTF-8, undecodable bytes replaced)."""
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        yield from fh
