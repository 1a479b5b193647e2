"""A client's own personal web app on the server: the pages of ``ebbtide.web``, reused.

The routers of the personal app are included with their own handlers; what changes is
underneath them. Their service context is the logged-in client's own records in the
server's database (each handler's ``get_ctx`` is swapped for ``own_context`` as the route
is registered: FastAPI's ``dependency_overrides`` would re-read every route's signatures
on every request), the launch token and the app-wide CSRF secret give way to the
server's session and its per-session CSRF token (checked by the guard), and
every route carries ``guard_own``: ``me.data.read`` to look, ``me.data.write`` to change,
both only for a client and only on their own records. The owner's own reads are not
audited as someone else's would be.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from fastapi import APIRouter, FastAPI, Request
from fastapi.params import Depends
from fastapi.responses import FileResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from ebbtide.server import shared
from ebbtide.server.guard import Allowed, guard, guard_own
from ebbtide.service import Context
from ebbtide.web import care, day_pages, person_pages, report_pages
from ebbtide.web import pages as web_pages
from ebbtide.web import views as web_views
from ebbtide.web.deps import get_ctx
from ebbtide.web.security import require_csrf

WEB = Path(web_views.__file__).parent
STATIC = (WEB / "static").resolve()
OWN = guard_own()
SERVER_PAGES = (("/me/sharing", "Sharing"), ("/me/who-looked", "Who looked"))
NAV = (*web_views.NAV, *SERVER_PAGES)
"""The personal app's menu, then the server's own pages for a client."""
TODAY = "/"
"""The personal app's Today; on the server "/" is every role's start (see ``pages.home``)."""

static_router = APIRouter(include_in_schema=False)


def own_context(request: Request, allowed: Allowed = OWN) -> Context:
    """The personal pages' service context: the logged-in client's own records."""
    return enter(request, allowed)


def enter(request: Request, allowed: Allowed) -> Context:
    """Remember the allowed request for the page templates; the client's own context."""
    assert allowed.account is not None
    request.state.allowed = allowed
    return shared.client_context(allowed.db, allowed.account)


def _page_context(request: Request) -> dict[str, Any]:
    allowed: Allowed | None = getattr(request.state, "allowed", None)
    session = allowed.session if allowed is not None else None
    return {
        "csrf_token": session.csrf_token if session is not None else "",
        "path": request.url.path,
        "demo": False,
        "account": allowed.account if allowed is not None else None,
        "nav": NAV,
    }


def web_templates() -> Jinja2Templates:
    """The personal app's templates, with the server's session, menu and log-out."""
    templates = Jinja2Templates(directory=WEB / "templates", context_processors=[_page_context])
    web_views.install_template_globals(templates)
    templates.env.globals["nav"] = NAV
    return templates


SWAPPED: dict[Callable[..., Any], Callable[..., Any]] = {get_ctx: own_context}
"""The personal app's dependencies and what stands in for them on the server."""
DROPPED = frozenset({require_csrf})
"""The personal app's own CSRF check: the guard checks the session's token instead."""


def _swap(value: Any) -> Any:
    """A parameter's default or annotation with a swapped dependency put in its place."""
    if isinstance(value, Depends) and value.dependency in SWAPPED:
        return dataclasses.replace(value, dependency=SWAPPED[value.dependency])
    if get_origin(value) is Annotated:
        base, *meta = get_args(value)
        return Annotated[(base, *(_swap(m) for m in meta))]
    return value


def rebound(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The handler as it is, but declaring ``own_context`` where it declared ``get_ctx``."""
    signature = inspect.signature(endpoint, eval_str=True)
    params = [
        p.replace(default=_swap(p.default), annotation=_swap(p.annotation))
        for p in signature.parameters.values()
    ]
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def handler(*args: Any, **kwargs: Any) -> Any:
            return await endpoint(*args, **kwargs)
    else:

        @functools.wraps(endpoint)
        def handler(*args: Any, **kwargs: Any) -> Any:
            return endpoint(*args, **kwargs)

    handler.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return handler


def _calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    """Every callable a route's dependency tree calls."""
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _own_routes(router: APIRouter) -> APIRouter:
    """A router's routes, each guarded by ``guard_own``, minus Today at "/" (the server's
    start page shows it to a client)."""
    out = APIRouter(include_in_schema=False, dependencies=[OWN])
    for route in router.routes:
        if not isinstance(route, APIRoute) or route.path == TODAY:
            continue
        out.add_api_route(
            route.path,
            rebound(route.endpoint),
            methods=sorted(route.methods or ()),
            dependencies=[d for d in route.dependencies if d.dependency not in DROPPED],
            name=route.name,
            include_in_schema=False,
        )
    for route in out.routes:
        assert isinstance(route, APIRoute)
        left = {c for c in _calls(route.dependant) if c in SWAPPED or c in DROPPED}
        if left:  # a dependency nested deeper than a handler's own parameters
            raise RuntimeError(f"{route.path} still depends on {sorted(map(str, left))}")
    return out


@static_router.get("/static/{path:path}")
def static_file(path: str, allowed: Allowed = guard("public.read")) -> Response:
    """The personal app's stylesheet, script, icon and vendored libraries."""
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC) or not target.is_file():
        raise HTTPException(404)
    return FileResponse(target)


def today(request: Request, allowed: Allowed, saved: str | None) -> Response:
    """The personal app's Today page for a logged-in client (their start page)."""
    return web_pages.today_page(request, enter(request, allowed), saved)


def install(app: FastAPI) -> None:
    """Add the personal app's pages, each guarded, over the client's own records."""
    app.state.web_templates = web_templates()
    for router in (web_pages.router, care.router, report_pages.router, day_pages.router,
                   person_pages.router):  # fmt: skip
        app.include_router(_own_routes(router))
    app.include_router(static_router)
