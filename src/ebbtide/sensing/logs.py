"""Passive phone logs as columns: calls, texts and GPS fixes for one person.

Times are epoch milliseconds (as Beiwe writes them). ``file_hour`` is the UTC hour of the
Beiwe file a row came from (epoch seconds), or -1 for rows from a plain CSV; Forest's
compatibility mode needs it because Forest decides which rows to read by file name.
Phone numbers stay as the hashes they arrived as; texts carry a length, never content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

CALL_KINDS = ("Incoming Call", "Outgoing Call", "Missed Call")
TEXT_KINDS = ("sent SMS", "received SMS", "sent MMS", "received MMS")
CALL_IN, CALL_OUT, CALL_MISSED = 0, 1, 2
SMS_SENT, SMS_RECEIVED, MMS_SENT, MMS_RECEIVED = 0, 1, 2, 3
OTHER_KIND = -1
# Beiwe folders that Forest leaves out when it looks for a participant's last hour.
NOT_SENSOR_FOLDERS = frozenset({"survey_answers", "survey_timings", "audio_recordings"})
NO_FILE = -1


def _ints(values: object = ()) -> Ints:
    return np.asarray(values, dtype=np.int64)


def _floats(values: object = ()) -> Floats:
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class CallLog:
    """Calls: when, which hashed number, which kind, how many seconds (NaN if unknown)."""

    ts_ms: Ints = field(default_factory=_ints)
    number: tuple[str, ...] = ()
    kind: Ints = field(default_factory=_ints)
    seconds: Floats = field(default_factory=_floats)
    file_hour: Ints = field(default_factory=_ints)

    def __len__(self) -> int:
        return int(self.ts_ms.shape[0])


@dataclass(frozen=True)
class TextLog:
    """Texts: when, which hashed number, which kind, message length (0 for MMS)."""

    ts_ms: Ints = field(default_factory=_ints)
    number: tuple[str, ...] = ()
    kind: Ints = field(default_factory=_ints)
    length: Ints = field(default_factory=_ints)
    file_hour: Ints = field(default_factory=_ints)

    def __len__(self) -> int:
        return int(self.ts_ms.shape[0])


@dataclass(frozen=True)
class GpsLog:
    """GPS fixes: when, where, and how accurate (metres)."""

    ts_ms: Ints = field(default_factory=_ints)
    lat: Floats = field(default_factory=_floats)
    lon: Floats = field(default_factory=_floats)
    accuracy: Floats = field(default_factory=_floats)

    def __len__(self) -> int:
        return int(self.ts_ms.shape[0])


@dataclass(frozen=True)
class Coverage:
    """Which hourly files a participant's folder held, per data stream folder.

    ``hours`` maps a folder name (calls, texts, gps, accelerometer, identifiers, …) to the
    sorted UTC hours (epoch seconds) of its files; ``enrolled_s`` is the registration
    instant from the identifiers file, when there was one.
    """

    hours: dict[str, Ints] = field(default_factory=dict)
    enrolled_s: float | None = None

    def has(self, stream: str) -> bool:
        """Whether the participant's folder had this stream's folder at all."""
        return stream in self.hours

    def last_hour(self) -> int | None:
        """The latest file hour across every sensor folder (Forest's end of data)."""
        ends = [
            int(h.max()) for k, h in self.hours.items() if k not in NOT_SENSOR_FOLDERS and h.size
        ]
        return max(ends) if ends else None

    def first_hour(self, stream: str) -> int | None:
        """The earliest file hour of one stream."""
        h = self.hours.get(stream)
        return int(h.min()) if h is not None and h.size else None

    def any_hours(self) -> Ints:
        """Every hour in which the phone wrote any file (sorted, unique)."""
        parts = [h for k, h in self.hours.items() if k not in NOT_SENSOR_FOLDERS]
        return np.unique(np.concatenate(parts)) if parts else _ints()


@dataclass(frozen=True)
class PhoneData:
    """Everything passive for one person; None for a stream that was never collected."""

    calls: CallLog | None = None
    texts: TextLog | None = None
    gps: GpsLog | None = None
    coverage: Coverage = field(default_factory=Coverage)
