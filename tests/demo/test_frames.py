"""The demo's frames take their columns from the spec (``demo.frames``)."""

from __future__ import annotations

from datetime import date

import polars as pl

from ebbtide.demo import generate
from ebbtide.demo.frames import COLUMN_MAP, NOT_GENERATED, frames_from_history
from ebbtide.domain import spec

END = date(2026, 11, 1)


def _insight_columns(kind: spec.Kind) -> set[str]:
    return {f.insight or f.name for f in kind.insight_fields if f.type not in ("instant", "zone")}


def test_every_insight_field_of_a_kind_is_generated_or_named_as_not_generated() -> None:
    for code, (table, schema, names) in COLUMN_MAP.items():
        kind = spec.RECORDS[code]
        assert table == kind.table
        assert set(names) | (NOT_GENERATED & _insight_columns(kind)) == _insight_columns(kind)
        assert not set(names) & NOT_GENERATED
        assert set(names) <= set(schema), code
    # "where" is in the spec of check-ins and time alone; the generator does not make it.
    assert "where" in NOT_GENERATED and "where" in _insight_columns(spec.CHECKIN)


def test_the_generator_makes_every_column_the_frames_take_from_it() -> None:
    h = generate(days=30, end=END, seed=2)
    for code, (_table, _schema, names) in COLUMN_MAP.items():
        assert set(names) <= set(h.columns[code]), code
        assert not NOT_GENERATED & set(h.columns[code]), code


def test_columns_not_generated_are_null_in_the_frames() -> None:
    frames = frames_from_history(generate(days=30, end=END, seed=2))
    for frame in (frames.checkins, frames.solitude):
        assert frame.height > 0
        assert frame["where"].null_count() == frame.height
        assert frame.schema["where"] == pl.Int8()
