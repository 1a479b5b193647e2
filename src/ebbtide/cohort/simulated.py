"""Datasets of simulated people without a store: for benchmarks and tests at scale.

Seeding a database with 10,000 people × 2 years would take hours, so this writes the
dataset a store export would give straight from the demo generator's columns
(``History.columns``, read here without importing ``ebbtide.demo``): the same columns,
the codes as the stored text, one bucket at a time so memory stays that of one bucket.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ebbtide.cohort import layout
from ebbtide.cohort.dataset import RECORDS, DatasetWriter, ExportSummary
from ebbtide.domain import spec

_GENERATED = (spec.CHECKIN, spec.CONTACT, spec.SOLITUDE, spec.BOUNDARY)
"""The kinds the generator makes as columns, each named by its code."""

NOT_SIMULATED = spec.NOT_SIMULATED
"""Insight fields the generator does not make: null in a simulated dataset, as in the
demo's frames (one list, in the spec)."""


def _text(codes: tuple[str, ...], idx: Any) -> pl.Series:
    return pl.Series(list(codes), dtype=pl.String).gather(np.asarray(idx, np.int64))


def _columns(kind: spec.Kind, histories: Sequence[Any]) -> list[tuple[spec.Field, str]]:
    """The spec fields of ``kind`` the generator makes, each with its column's name."""
    out: list[tuple[spec.Field, str]] = []
    for f in kind.insight_fields:
        name = f.insight or f.name
        if f.type in ("instant", "zone") or name in NOT_SIMULATED:
            continue
        if histories and name not in histories[0].columns[kind.kind]:
            raise KeyError(f"the generator makes no {kind.kind} column {name!r}")
        out.append((f, name))
    return out


def _value(f: spec.Field, column: Any) -> Any:
    """One generator column as the export stores the field: codes as their text (a
    negative index: none), people numbered from one, flags as 0 or 1."""
    if f.type == "code" and f.vocab is not None:
        idx = np.asarray(column)
        return _text(f.vocab.codes, np.maximum(idx, 0)).scatter(np.flatnonzero(idx < 0), None)
    if f.type in ("person", "people"):
        return column + 1
    if f.type == "flag":
        return column.astype(np.int8)
    return column


def _kind_frame(
    kind: str, subjects: list[str], lengths: list[int], data: dict[str, Any]
) -> pl.DataFrame:
    subject = pl.Series("subject", subjects, dtype=pl.String).gather(
        np.repeat(np.arange(len(subjects)), lengths)
    )
    frame = pl.DataFrame({"subject": subject, **data}).with_columns(kind=pl.lit(kind))
    return frame.select(
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
        for c, t in RECORDS.items()
    )


def simulated_table(histories: Sequence[Any]) -> pl.DataFrame:
    """The records table of some simulated people (``History`` objects), as exported."""
    subjects = [h.truth.subject for h in histories]
    parts: list[pl.DataFrame] = []
    counter = 0

    def cat(src: str, name: str) -> Any:
        return np.concatenate([np.asarray(h.columns[src][name]) for h in histories])

    def lengths(src: str) -> list[int]:
        return [len(h.columns[src]["at"]) for h in histories]

    def tz(src_lengths: list[int]) -> pl.Series:
        return pl.Series([h.truth.tz for h in histories], dtype=pl.String).gather(
            np.repeat(np.arange(len(histories)), src_lengths)
        )

    def ids(n: int) -> Any:
        nonlocal counter
        out = np.arange(counter + 1, counter + n + 1, dtype=np.int64)
        counter += n
        return out

    for kind in _GENERATED:
        n = lengths(kind.kind)
        data: dict[str, Any] = {"at": cat(kind.kind, "at"), "tz": tz(n)}
        if kind.insight_key is not None:
            data[kind.insight_key] = ids(sum(n))
        for f, name in _columns(kind, histories):
            data[name] = _value(f, cat(kind.kind, name))
        parts.append(_kind_frame(kind.table, subjects, n, data))
    n = [len(h.routine_done) for h in histories]
    done = np.array([p for h in histories for p in h.routine_done], np.int64).reshape(-1, 2)
    parts.append(
        _kind_frame(
            "routine_done",
            subjects,
            n,
            {"at": done[:, 1], "tz": tz(n), "routine": done[:, 0] + 1},
        )
    )
    n = [len(h.reflections) for h in histories]
    refl = np.array([p for h in histories for p in h.reflections], np.int64).reshape(-1, 2)
    parts.append(_kind_frame("reflections", subjects, n, {"at": refl[:, 0], "tz": tz(n)}))
    n = [len(h.steps) for h in histories]
    steps = [s for h in histories for s in h.steps]
    parts.append(
        _kind_frame(
            "steps",
            subjects,
            n,
            {
                "at": pl.Series([s[2] for s in steps], dtype=pl.Int64),
                "done": pl.Series(
                    [s[3] if s[4] == "done" else None for s in steps], dtype=pl.Int64
                ),
                "tz": tz(n),
                "level": pl.Series([s[0] for s in steps], dtype=pl.Int8),
                "status": pl.Series([s[4] for s in steps], dtype=pl.String),
            },
        )
    )
    return pl.concat(parts).sort(["subject", "at"], maintain_order=True)


def write_simulated(
    folder: Path,
    codes: Sequence[str],
    make: Callable[[int], Any],
    *,
    bucket_size: int,
    version: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> ExportSummary:
    """A dataset of ``len(codes)`` simulated people; ``make(i)`` simulates the i-th
    (whose subject code must be ``codes[i]``). Each bucket is simulated, written, dropped."""
    writer = DatasetWriter(folder, len(codes), bucket_size, version)
    members: dict[int, list[int]] = {}
    for i, code in enumerate(codes):
        members.setdefault(layout.bucket_of(code, writer.buckets), []).append(i)
    for k, b in enumerate(sorted(members)):
        histories = [make(i) for i in sorted(members[b], key=lambda i: codes[i])]
        table = simulated_table(histories)
        writer.write(
            b, table, {h.truth.subject: f"simulated-{h.truth.subject}" for h in histories}, {}
        )
        progress(k + 1, len(members))
    return writer.finish()
