"""A summary table: named columns of numbers, NaN where a value is not available."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ebbtide.sensing.logs import Floats


@dataclass(frozen=True)
class FeatureTable:
    """Columns in order; ``integer`` names the columns written without a decimal point."""

    columns: tuple[str, ...]
    values: dict[str, Floats]
    integer: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return int(self.values[self.columns[0]].shape[0]) if self.columns else 0

    def column(self, name: str) -> Floats:
        """One column's values."""
        return self.values[name]

    def rows(self) -> list[list[float]]:
        """The table as rows, in column order."""
        cols = [self.values[c] for c in self.columns]
        return [[float(col[i]) for col in cols] for i in range(len(self))]

    def to_csv(self) -> str:
        """CSV text with a header line; empty cells for values that are not available."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(self.columns)
        cells = [_cells(self.values[c].tolist(), c in self.integer) for c in self.columns]
        lines = [",".join(row) for row in zip(*cells, strict=True)]
        return buf.getvalue() + "".join(line + "\n" for line in lines)


def _cells(values: list[float], whole: bool) -> list[str]:
    """Numbers as CSV cells (no quoting needed): shortest round-trip form, whole numbers
    without a decimal point in integer columns, empty for NaN."""
    if whole:
        return ["" if v != v else str(int(v)) if v.is_integer() else repr(v) for v in values]
    return ["" if v != v else repr(v) for v in values]


def build(
    columns: Sequence[str], data: Mapping[str, Sequence[float] | Floats], integer: Sequence[str]
) -> FeatureTable:
    """A table from column data (lists or arrays, all the same length)."""
    values = {c: np.asarray(data[c], dtype=np.float64) for c in columns}
    return FeatureTable(tuple(columns), values, frozenset(integer))


def read_csv(text: str) -> FeatureTable:
    """Read a table back (Forest's output or ours); empty cells become NaN."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    data = {
        c: [float(r[i]) if r[i] not in ("", "<NA>", "nan") else math.nan for r in body]
        for i, c in enumerate(header)
    }
    return build(header, data, ())
