"""The web's service context is opened on first use, once, and closed when switched or done."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from ebbtide.service import Context
from ebbtide.web.deps import ContextHolder


class _Fake:
    """Stands in for a context: counts its closes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


def _factory(made: list[_Fake], name: str) -> Callable[[], Context]:
    def make() -> Context:
        made.append(_Fake(name))
        return cast(Context, made[-1])

    return make


def test_the_context_is_opened_on_first_use_and_only_once() -> None:
    made: list[_Fake] = []
    holder = ContextHolder(_factory(made, "a"))
    assert made == []
    first = holder.get()
    assert holder.get() is first and len(made) == 1


def test_switching_closes_the_old_context_and_close_releases_the_new_one() -> None:
    made: list[_Fake] = []
    holder = ContextHolder(_factory(made, "a"))
    holder.get()
    holder.switch(_factory(made, "b"))
    assert [(f.name, f.closed) for f in made] == [("a", 1), ("b", 0)]
    assert cast(_Fake, holder.get()).name == "b"
    holder.close()
    holder.close()
    assert made[1].closed == 1
    assert cast(_Fake, holder.get()).name == "b" and len(made) == 3  # opened again on use
