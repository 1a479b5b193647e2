"""What route handlers depend on: the app's service context (``Depends(get_ctx)``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import Request

from ebbtide.service import Context


class ContextHolder:
    """Opens the service context on first use (not at import or creation) and closes it."""

    def __init__(self, factory: Callable[[], Context]) -> None:
        self._factory = factory
        self._ctx: Context | None = None
        self._lock = threading.Lock()

    def get(self) -> Context:
        """The shared context, opened once."""
        if self._ctx is None:
            with self._lock:
                if self._ctx is None:
                    self._ctx = self._factory()
        return self._ctx

    def switch(self, factory: Callable[[], Context]) -> None:
        """From now on open ``factory``'s context (the current one is closed)."""
        with self._lock:
            old, self._ctx, self._factory = self._ctx, factory(), factory
        if old is not None:
            old.close()

    def close(self) -> None:
        """Release the store."""
        with self._lock:
            if self._ctx is not None:
                self._ctx.close()
                self._ctx = None


def get_ctx(request: Request) -> Context:
    """FastAPI dependency: the app's service context."""
    holder: ContextHolder = request.app.state.holder
    return holder.get()
