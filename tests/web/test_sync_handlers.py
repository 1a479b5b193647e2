"""Route handlers that touch the database are plain functions: FastAPI runs them in its
thread pool, so a slow read never stalls the event loop (and every other request)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from fastapi import APIRouter
from fastapi.routing import APIRoute

import ebbtide.web


def _routes() -> list[APIRoute]:
    out: list[APIRoute] = []
    for info in pkgutil.iter_modules(ebbtide.web.__path__, "ebbtide.web."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, APIRouter):
                out.extend(r for r in value.routes if isinstance(r, APIRoute))
    return out


def test_no_route_handler_is_a_coroutine() -> None:
    routes = _routes()
    assert {"edit_save", "questionnaire_take", "today_page"} <= {
        r.endpoint.__name__ for r in routes
    }
    asynchronous = sorted(
        f"{r.endpoint.__module__}.{r.endpoint.__name__}"
        for r in routes
        if inspect.iscoroutinefunction(r.endpoint)
    )
    assert asynchronous == []
