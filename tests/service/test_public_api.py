"""The service's public API (``ebbtide.service``): one table of names, loaded lazily."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import ebbtide.service as service

INIT = Path(service.__file__)


def _type_checking_imports() -> dict[str, tuple[str, str]]:
    """The names imported under ``if TYPE_CHECKING:`` in ``service/__init__.py``."""
    tree = ast.parse(INIT.read_text())
    found: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name):
            if node.test.id != "TYPE_CHECKING":
                continue
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module is not None
                for alias in imp.names:
                    found[alias.asname or alias.name] = (imp.module, alias.name)
    return found


def test_the_table_the_type_imports_and_all_agree() -> None:
    assert sorted(service.__all__) == sorted(service._HOME)
    assert _type_checking_imports() == service._HOME


@pytest.mark.parametrize("name", sorted(service._HOME))
def test_every_name_is_the_object_of_its_home_module(name: str) -> None:
    module, attr = service._HOME[name]
    assert getattr(service, name) is getattr(importlib.import_module(module), attr)


def test_no_public_name_is_also_a_submodule() -> None:
    # ``from ebbtide.service import x`` would give the module once it has been imported.
    submodules = {m.name for m in pkgutil.iter_modules(service.__path__)}
    assert submodules.isdisjoint(service._HOME)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_use_case"):
        _ = service.no_such_use_case  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_submodule_or_lower_layer() -> None:
    code = (
        "import sys, ebbtide.service\n"
        "print(sorted(m for m in sys.modules if m.startswith('ebbtide.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['ebbtide.service']"


def test_a_name_follows_a_patch_of_its_home_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from ebbtide.service import records

    fake = object()
    monkeypatch.setattr(records, "counts", fake)
    assert getattr(service, "counts") is fake  # noqa: B009
