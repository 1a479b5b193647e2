"""Calls and texts summarised per day or hour, with Forest willow's columns.

Two sets of rules share one vectorised core (``_summarise``):

* ``forest_compat=True`` reproduces beiwe-forest 1.0 (``forest.willow.log_stats``) number
  for number, quirks included: windows are fixed 86,400 s (or 3,600 s) steps from the
  first local midnight (hour), so after a DST change a "day" runs 23:00–23:00; the files
  of the participant's last hour (across every sensor folder) are not read; MMS count only
  in the MMS columns; a participant with only calls or only texts gets no table (Forest
  raises for them).
* otherwise ebbtide's rules: true local calendar days (or clock hours) in the IANA zone,
  every row counted, MMS counted as texts to and from people, and any one stream alone
  summarised (the other stream's columns are left empty).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ebbtide.sensing import clock
from ebbtide.sensing.logs import (
    CALL_IN,
    CALL_MISSED,
    CALL_OUT,
    MMS_RECEIVED,
    MMS_SENT,
    NO_FILE,
    SMS_RECEIVED,
    SMS_SENT,
    CallLog,
    Coverage,
    Floats,
    Ints,
    PhoneData,
    TextLog,
)
from ebbtide.sensing.table import FeatureTable, build

Frequency = Literal["daily", "hourly"]

CALL_COLUMNS = (
    "num_in_call",
    "num_out_call",
    "num_mis_call",
    "num_in_caller",
    "num_out_caller",
    "num_mis_caller",
    "total_mins_in_call",
    "total_mins_out_call",
)
BOTH_COLUMNS = ("num_uniq_individuals_call_or_text",)
TEXT_COLUMNS = (
    "num_s",
    "num_r",
    "num_mms_s",
    "num_mms_r",
    "num_s_tel",
    "num_r_tel",
    "total_char_s",
    "total_char_r",
)
RECIPROCITY_COLUMNS = ("text_reciprocity_incoming", "text_reciprocity_outgoing")
FLOAT_COLUMNS = frozenset({"total_mins_in_call", "total_mins_out_call"})


def columns(frequency: Frequency) -> tuple[str, ...]:
    """Forest's column names, in Forest's order (22 daily, 21 hourly)."""
    label = ("year", "month", "day") if frequency == "daily" else ("year", "month", "day", "hour")
    tail = RECIPROCITY_COLUMNS if frequency == "daily" else ()
    return (*label, *CALL_COLUMNS, *BOTH_COLUMNS, *TEXT_COLUMNS, *tail)


def comm_summary(
    data: PhoneData,
    tz: str,
    frequency: Frequency,
    *,
    forest_compat: bool = False,
    day_start_hour: int = 0,
) -> FeatureTable | None:
    """The table for one person, or None when there is nothing (or Forest makes nothing).

    ``day_start_hour`` (ebbtide's rules, daily only): days begin at that local hour, as
    the person's other insights do; the output's day is the date the day starts on.
    """
    if forest_compat:
        return _forest(data, tz, frequency)
    return _native(data, tz, frequency, day_start_hour)


# --- Forest 1.0's rules -------------------------------------------------------------------


def _forest_read(
    log: CallLog | TextLog | None, stream: str, cov: Coverage
) -> tuple[Ints | None, float, float]:
    """Which rows Forest reads (a mask), and its start and end stamps for the stream."""
    if log is None or not cov.has(stream):
        return None, 1e12, 0.0
    first = cov.first_hour(stream)
    last = cov.last_hour()
    if first is None or last is None:
        return None, 1e12, 0.0
    start = cov.enrolled_s if cov.has("identifiers") and cov.enrolled_s is not None else first
    fh = log.file_hour
    keep = ((fh >= start) & (fh < last)) | (fh == NO_FILE)
    return np.flatnonzero(keep), float(start), float(last)


def _forest(data: PhoneData, tz: str, frequency: Frequency) -> FeatureTable | None:
    cov = data.coverage
    call_rows, c_start, c_end = _forest_read(data.calls, "calls", cov)
    text_rows, t_start, t_end = _forest_read(data.texts, "texts", cov)
    has_calls = call_rows is not None and call_rows.size > 0
    has_texts = text_rows is not None and text_rows.size > 0
    if not (has_calls and has_texts):
        # Forest 1.0 raises for one stream alone (UnboundLocalError for texts without
        # calls; "boolean value of NA is ambiguous" in its own checks for calls without
        # texts) and writes nothing for that participant.
        return None
    start, end = min(c_start, t_start), max(c_end, t_end)
    y, m, d, h = clock.parts(start, tz)
    y1, m1, d1, h1 = clock.parts(end, tz)
    if frequency == "daily":
        t0, t1, step = clock.to_stamp(y, m, d, 0, tz), clock.to_stamp(y1, m1, d1, 0, tz), clock.DAY
    else:
        t0, t1, step = (
            clock.to_stamp(y, m, d, h, tz),
            clock.to_stamp(y1, m1, d1, h1, tz),
            clock.HOUR,
        )
    starts = np.arange(t0, t1 + 1, step, dtype=np.int64)
    edges = np.append(starts, starts[-1] + step) if starts.size else starts
    calls = _take_calls(data.calls, call_rows) if has_calls else None
    texts = _take_texts(data.texts, text_rows) if has_texts else None
    return _summarise(calls, texts, edges, clock.labels(starts, tz), frequency, mms_as_people=False)


def _take_calls(log: CallLog | None, rows: Ints | None) -> CallLog:
    assert log is not None and rows is not None
    numbers = tuple(log.number[i] for i in rows)
    return CallLog(log.ts_ms[rows], numbers, log.kind[rows], log.seconds[rows], log.file_hour[rows])


def _take_texts(log: TextLog | None, rows: Ints | None) -> TextLog:
    assert log is not None and rows is not None
    numbers = tuple(log.number[i] for i in rows)
    return TextLog(log.ts_ms[rows], numbers, log.kind[rows], log.length[rows], log.file_hour[rows])


# --- ebbtide's rules ----------------------------------------------------------------------


def _native(
    data: PhoneData, tz: str, frequency: Frequency, day_start_hour: int = 0
) -> FeatureTable | None:
    pairs = (("calls", data.calls), ("texts", data.texts))
    streams = [(s, log) for s, log in pairs if log is not None]
    if not streams:
        return None
    cov = data.coverage
    firsts = [float(log.ts_ms.min()) / 1000 for _, log in streams if len(log)]
    firsts += [float(h) for s, _ in streams if (h := cov.first_hour(s)) is not None]
    lasts = [float(log.ts_ms.max()) / 1000 for _, log in streams if len(log)]
    if (last_hour := cov.last_hour()) is not None:
        lasts.append(float(last_hour + clock.HOUR - 1))
    if not firsts or not lasts:
        return None
    first, last = min(firsts), max(lasts)
    if frequency == "daily":
        edges, days = clock.local_day_edges(first, last, tz, day_start_hour)
        labels = [(d.year, d.month, d.day, 0) for d in days]
    else:
        edges = clock.local_hour_edges(first, last, tz)
        labels = clock.labels(edges[:-1], tz)
    return _summarise(data.calls, data.texts, edges, labels, frequency, mms_as_people=True)


# --- the shared core ----------------------------------------------------------------------


def _window(ts_ms: Ints, edges: Ints) -> tuple[Ints, Ints]:
    """Window index of each row, and the rows that fall inside some window."""
    idx = np.searchsorted(edges * 1000, ts_ms, side="right") - 1
    inside = np.flatnonzero((idx >= 0) & (idx < edges.size - 1))
    return idx, inside


def _count(idx: Ints, n: int, weights: Floats | None = None) -> Floats:
    if weights is None:
        return np.bincount(idx, minlength=n).astype(np.float64)
    return np.asarray(np.bincount(idx, weights=weights, minlength=n), dtype=np.float64)


def _distinct(idx: Ints, code: Ints, n: int, ncode: int) -> Floats:
    """How many different numbers each window holds."""
    pairs = np.unique(idx * ncode + code)
    return _count(pairs // ncode, n)


def _unanswered(idx: Ints, code: Ints, got: Ints, n: int, ncode: int) -> Floats:
    """Per window: rows of kind ``got`` from numbers with no row of the other kind."""
    keys, inv = np.unique(idx * ncode + code, return_inverse=True)
    mine = np.bincount(inv, weights=got.astype(np.float64), minlength=keys.size)
    other = np.bincount(inv, weights=(1 - got).astype(np.float64), minlength=keys.size)
    return _count(keys // ncode, n, mine * (other == 0))


def _summarise(
    calls: CallLog | None,
    texts: TextLog | None,
    edges: Ints,
    labels: list[tuple[int, int, int, int]],
    frequency: Frequency,
    *,
    mms_as_people: bool,
) -> FeatureTable:
    n = max(edges.size - 1, 0)
    names = columns(frequency)
    out: dict[str, Floats] = {c: np.full(n, np.nan) for c in names}
    for i, key in enumerate(("year", "month", "day", "hour")[: 3 if frequency == "daily" else 4]):
        out[key] = np.asarray([lab[i] for lab in labels], dtype=np.float64)
    codes: dict[str, int] = {}

    def encode(numbers: tuple[str, ...]) -> Ints:
        return np.fromiter(
            (codes.setdefault(x, len(codes)) for x in numbers), np.int64, len(numbers)
        )

    c_code = encode(calls.number) if calls is not None else np.zeros(0, np.int64)
    t_code = encode(texts.number) if texts is not None else np.zeros(0, np.int64)
    ncode = len(codes) + 1
    people_w: list[Ints] = []
    people_c: list[Ints] = []
    if calls is not None:
        idx, ok = _window(calls.ts_ms, edges)
        idx, kind, code = idx[ok], calls.kind[ok], c_code[ok]
        minutes = np.nan_to_num(calls.seconds[ok], nan=0.0) / 60
        for k, num, uniq in (
            (CALL_IN, "num_in_call", "num_in_caller"),
            (CALL_OUT, "num_out_call", "num_out_caller"),
            (CALL_MISSED, "num_mis_call", "num_mis_caller"),
        ):
            m = kind == k
            out[num] = _count(idx[m], n)
            out[uniq] = _distinct(idx[m], code[m], n, ncode)
        out["total_mins_in_call"] = _count(idx[kind == CALL_IN], n, minutes[kind == CALL_IN])
        out["total_mins_out_call"] = _count(idx[kind == CALL_OUT], n, minutes[kind == CALL_OUT])
        m = (kind == CALL_IN) | (kind == CALL_OUT) | (kind == CALL_MISSED)
        people_w.append(idx[m])
        people_c.append(code[m])
    if texts is not None:
        idx, ok = _window(texts.ts_ms, edges)
        idx, kind, code, length = idx[ok], texts.kind[ok], t_code[ok], texts.length[ok]
        sent = (kind == SMS_SENT) | ((kind == MMS_SENT) & mms_as_people)
        got = (kind == SMS_RECEIVED) | ((kind == MMS_RECEIVED) & mms_as_people)
        out["num_s"] = _count(idx[kind == SMS_SENT], n)
        out["num_r"] = _count(idx[kind == SMS_RECEIVED], n)
        out["num_mms_s"] = _count(idx[kind == MMS_SENT], n)
        out["num_mms_r"] = _count(idx[kind == MMS_RECEIVED], n)
        out["num_s_tel"] = _distinct(idx[sent], code[sent], n, ncode)
        out["num_r_tel"] = _distinct(idx[got], code[got], n, ncode)
        sms_s, sms_r = kind == SMS_SENT, kind == SMS_RECEIVED
        out["total_char_s"] = _count(idx[sms_s], n, length[sms_s].astype(np.float64))
        out["total_char_r"] = _count(idx[sms_r], n, length[sms_r].astype(np.float64))
        if frequency == "daily":
            both = sent | got
            g = got[both].astype(np.int64)
            out["text_reciprocity_incoming"] = _unanswered(idx[both], code[both], g, n, ncode)
            out["text_reciprocity_outgoing"] = _unanswered(idx[both], code[both], 1 - g, n, ncode)
        people_w.append(idx[sent | got])
        people_c.append(code[sent | got])
    if people_w:
        w, c = np.concatenate(people_w), np.concatenate(people_c)
        out["num_uniq_individuals_call_or_text"] = _distinct(w, c, n, ncode)
    whole = [c for c in names if c not in FLOAT_COLUMNS]
    return build(names, out, whole)
