"""Fixtures for the passive-data tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def study_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the simulated studies are written (once per session)."""
    return tmp_path_factory.mktemp("studies")
