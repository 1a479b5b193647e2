"""Shared helpers: the committed Forest fixtures and the studies they were made from."""

from __future__ import annotations

import json
import math
from datetime import date
from functools import cache
from pathlib import Path

from ebbtide.demo.beiwe import StudySpec, write_study
from ebbtide.sensing.table import FeatureTable

FIXTURES = Path(__file__).with_name("fixtures")
STUDIES = ("fall", "spring")


def spec(name: str) -> StudySpec:
    """The study spec a fixture set was generated from."""
    raw = json.loads((FIXTURES / name / "spec.json").read_text())
    return StudySpec(
        participants=raw["participants"],
        days=raw["days"],
        start=date.fromisoformat(raw["start"]),
        tz=raw["tz"],
        seed=raw["seed"],
    )


@cache
def _written(name: str, root: str) -> Path:
    folder = Path(root) / name
    write_study(folder, spec(name))
    return folder


def study(name: str, tmp_root: Path) -> Path:
    """The simulated Beiwe study folder (written once per test session)."""
    return _written(name, str(tmp_root))


def differences(expected: FeatureTable, got: FeatureTable, *, rel: bool = False) -> list[str]:
    """Every cell that differs (NaN equals NaN; floats to 1e-9, or with ``rel`` to 1e-7 of
    the value but never finer than 1e-4 absolute).

    Forest measures great-circle distance with ``arccos``, whose precision floor at short
    range is about 1.5e-8 rad, i.e. 1e-4 km (10 cm) on the Earth. A radius of gyration of
    pauses less than a metre apart therefore differs below that floor between NumPy builds
    and releases (this venv has NumPy 2.4), so 1e-4 is the honest absolute floor when
    comparing with Forest's committed figures; larger values must agree to 1e-7.
    """
    if expected.columns != got.columns:
        return [f"columns {expected.columns} != {got.columns}"]
    if len(expected) != len(got):
        return [f"{len(expected)} rows != {len(got)} rows"]
    out = []
    for c in expected.columns:
        for i, (x, y) in enumerate(zip(expected.column(c), got.column(c), strict=True)):
            if math.isnan(x) and math.isnan(y):
                continue
            if not abs(x - y) <= (max(1e-4, 1e-7 * abs(x)) if rel else 1e-9):
                out.append(f"row {i} {c}: Forest {x!r}, ebbtide {y!r}")
    return out
