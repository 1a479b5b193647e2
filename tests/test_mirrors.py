"""Tests mirror modules: each of these modules keeps its tests in tests/<pkg>/test_<module>.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import ebbtide

SRC = Path(ebbtide.__file__).parent
TESTS = Path(__file__).parent

MIRRORED = (
    "cli/capture",
    "cli/render",
    "cli/views",
    "domain/measures",
    "domain/spec",
    "insights/drift",
    "insights/frames",
    "insights/measures",
    "interop/ebbtide_json",
    "reports/sections",
    "service/dashboard",
    "service/insights",
    "service/period",
    "service/records",
    "service/report",
    "service/transfer",
    "store/engine",
    "store/fast",
    "store/insight_rows",
    "store/mappers",
    "store/revision",
    "web/api",
    "web/deps",
    "web/forms",
)


@pytest.mark.parametrize("module", MIRRORED)
def test_the_module_has_its_mirrored_test_file(module: str) -> None:
    package, name = module.split("/")
    assert (SRC / package / f"{name}.py").is_file(), f"{module} is no longer a module"
    mirror = TESTS / package / f"test_{name}.py"
    assert mirror.is_file(), f"{module} has no tests/{package}/test_{name}.py"
    assert "def test_" in mirror.read_text(encoding="utf-8"), f"{mirror.name} holds no test"
