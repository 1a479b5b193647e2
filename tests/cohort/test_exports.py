"""The cohort package's public API is what ``__all__`` says, and it needs no Dask to import."""

from __future__ import annotations

import subprocess
import sys
import types

import ebbtide.cohort as cohort


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in vars(cohort) if not n.startswith("_")}
    modules = {n for n in public if isinstance(getattr(cohort, n), types.ModuleType)}
    assert set(cohort.__all__) == public - modules
    # isort-style, as ruff keeps it: CONSTANTS, then Classes, then functions.
    kind = {True: 0, False: 1}
    order = sorted(cohort.__all__, key=lambda n: (kind[n.isupper()], not n[0].isupper(), n))
    assert cohort.__all__ == order


def test_importing_it_does_not_import_dask() -> None:
    code = "import sys, ebbtide.cohort; print('distributed' in sys.modules, 'dask' in sys.modules)"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.split() == ["False", "False"]
