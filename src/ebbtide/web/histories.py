"""The demo banner's one button: leave the made-up demo and start the person's own history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ebbtide.web.deps import ContextHolder
from ebbtide.web.security import require_csrf

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])


@router.post("/start-own")
def start_own(request: Request) -> Response:
    """Switch from the demo to the person's own (new, empty) history; the demo stays apart."""
    start = request.app.state.start_own
    if start is not None:
        holder: ContextHolder = request.app.state.holder
        holder.switch(start)
        request.app.state.start_own = None
    return RedirectResponse("/?saved=started", status_code=303)
