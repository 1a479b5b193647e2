"""Frames for simulated people straight from the demo generator's columns (no records).

``History.columns`` (see ``ebbtide.demo.generator``) are laid out as the frames of
``ebbtide.insights.frames``, many people in one batch, with the same schemas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from typing import Any

import numpy as np
import polars as pl

from ebbtide.domain import spec
from ebbtide.insights.frames import (
    ANCHOR,
    BOUNDARIES,
    CHECKINS,
    CONTACTS,
    REFLECTIONS,
    ROUTINE_DONE,
    ROUTINES,
    SOLITUDE,
    STEP_STATUS,
    Frames,
    _code,
    _steps_frame,
    empty,
    local_days,
    utc_offsets,
)

NOT_GENERATED = spec.NOT_SIMULATED
"""Insight columns the generator does not make (``spec.NOT_SIMULATED``): their frames
hold nulls."""

_SCHEMAS: dict[str, Mapping[str, pl.DataType]] = {
    spec.CHECKIN.kind: CHECKINS,
    spec.CONTACT.kind: CONTACTS,
    spec.SOLITUDE.kind: SOLITUDE,
    spec.BOUNDARY.kind: BOUNDARIES,
}


def _generated(kind: spec.Kind) -> tuple[str, ...]:
    """The generator's columns of one kind: what the insights read, from its spec."""
    return tuple(
        f.insight
        for f in kind.insight_fields
        if f.insight is not None
        and f.type not in ("instant", "zone")
        and f.insight not in NOT_GENERATED
    )


COLUMN_MAP: dict[str, tuple[str, Mapping[str, pl.DataType], tuple[str, ...]]] = {
    code: (spec.RECORDS[code].table, schema, _generated(spec.RECORDS[code]))
    for code, schema in _SCHEMAS.items()
}
"""Generator column set (a kind's code) → (its frame, the frame's schema, its columns)."""


_NUMPY: dict[pl.DataType, Any] = {
    pl.Int8(): np.int8,
    pl.Int16(): np.int16,
    pl.Int32(): np.int32,
    pl.Int64(): np.int64,
    pl.Boolean(): np.bool_,
}


def frames_from_histories(histories: Iterable[Any], *, day_start_hour: int = 4) -> Frames:
    """Frames for many simulated people straight from ``History.columns`` (no records).

    Subject ``i`` is the i-th history. People are numbered as in ``History.records()``
    (position in ``History.people`` plus one). Each column is concatenated once and
    local days come from vectorised UTC offsets (one zone lookup per quarter hour).
    """
    hs = list(histories)
    tzs: list[str] = []
    for h in hs:
        if h.truth.tz not in tzs:
            tzs.append(h.truth.tz)
    zone_of = np.array([tzs.index(h.truth.tz) for h in hs], np.int64)
    subjects = np.arange(len(hs), dtype=np.int32)
    hour = day_start_hour

    def localize(at: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]) -> pl.DataFrame:
        subject = np.repeat(subjects, lengths)
        if len(tzs) == 1:
            offsets = utc_offsets(at, tzs[0])
        else:
            zone = np.repeat(zone_of, lengths)
            offsets = np.zeros(len(at), np.int64)
            for zi, tz in enumerate(tzs):
                mask = zone == zi
                offsets[mask] = utc_offsets(at[mask], tz)
        day, minute = local_days(at, offsets, hour)
        return pl.DataFrame(
            {
                "subject": subject,
                "at": at,
                "day": pl.Series(day).cast(pl.Date),
                "minute": minute,
            }
        )

    def build(src: str, schema: Mapping[str, pl.DataType], names: Sequence[str]) -> pl.DataFrame:
        parts = [h.columns[src] for h in hs]
        lengths = np.array([len(c["at"]) for c in parts], np.int64)
        if int(lengths.sum()) == 0:
            return empty(schema)
        at = np.concatenate([c["at"] for c in parts]).astype(np.int64, copy=False)
        frame = localize(at, lengths)
        data: dict[str, Any] = {}
        for name in names:
            # Gathered straight into the frame's compact dtype (codes and counts fit).
            v = np.concatenate(
                [c[name] for c in parts], dtype=_NUMPY[schema[name]], casting="unsafe"
            )
            if name == "person":
                v += 1
            data[name] = v
        frame = frame.with_columns(**{k: pl.Series(k, v) for k, v in data.items()})
        if "primary" in schema:
            frame = frame.with_columns(primary=pl.lit(True))
        for name in NOT_GENERATED & schema.keys():
            frame = frame.with_columns(pl.lit(None, schema[name]).alias(name))
        if "id" in schema:
            frame = frame.with_columns(id=pl.lit(None, pl.Int64))
        if "appetite" in schema:
            frame = frame.with_columns(
                appetite=pl.when(pl.col("appetite") < 0).then(None).otherwise(pl.col("appetite"))
            )
        return frame.select([pl.col(c).cast(t) for c, t in schema.items()])

    def build_events(
        pairs: Sequence[Sequence[tuple[int, int]]], schema: Mapping[str, pl.DataType]
    ) -> pl.DataFrame:
        lengths = np.array([len(p) for p in pairs], np.int64)
        if int(lengths.sum()) == 0:
            return empty(schema)
        flat = np.fromiter(
            chain.from_iterable(chain.from_iterable(pairs)), np.int64, 2 * int(lengths.sum())
        ).reshape(-1, 2)
        if "routine" in schema:  # (routine index, epoch)
            frame = localize(flat[:, 1].copy(), lengths)
            frame = frame.with_columns(routine=pl.Series(flat[:, 0] + 1).cast(pl.Int32))
        else:  # (epoch, text index)
            frame = localize(flat[:, 0].copy(), lengths)
        return frame.select([pl.col(c).cast(t) for c, t in schema.items()])

    people: dict[int, str] = {}
    if hs:
        people = {j + 1: name for j, (name, _rel) in enumerate(hs[0].people)}
    routines = [
        {
            "subject": i,
            "routine": j + 1,
            "name": name,
            "anchor": _code(ANCHOR, anchor),
            "time": int(hhmm[:2]) * 60 + int(hhmm[3:]),
            "active": True,
        }
        for i, h in enumerate(hs)
        for j, (name, _schedule, hhmm, anchor) in enumerate(h.routines)
    ]
    steps = [
        {
            "created": created,
            "done": done if status == "done" else None,
            "tz": h.truth.tz,
            "level": level,
            "status": STEP_STATUS[status],
            "person": None,
            "subject": i,
        }
        for i, h in enumerate(hs)
        for level, _title, created, done, status in h.steps
    ]
    built = {kind: build(src, schema, names) for src, (kind, schema, names) in COLUMN_MAP.items()}
    return Frames(
        checkins=built["checkins"],
        contacts=built["contacts"],
        solitude=built["solitude"],
        boundaries=built["boundaries"],
        routine_done=build_events([h.routine_done for h in hs], ROUTINE_DONE),
        reflections=build_events([h.reflections for h in hs], REFLECTIONS),
        steps=_steps_frame(steps, 0, day_start_hour),
        routines=pl.DataFrame(routines, schema=dict(ROUTINES), orient="row"),
        people=people,
        day_start_hour=day_start_hour,
    )


def frames_from_history(history: Any, *, day_start_hour: int = 4) -> Frames:
    """Frames for one simulated person (subject 0) from ``History.columns``."""
    return frames_from_histories([history], day_start_hour=day_start_hour)
