"""How a spec field's value is stored in its column, and read back (no SQLAlchemy here:
the fast check-in path uses it too)."""

from __future__ import annotations

from typing import Any

from ebbtide.domain.spec import Field
from ebbtide.domain.timekeeping import from_epoch, to_epoch


def to_stored(f: Field, value: Any) -> Any:
    """A record's value as its column stores it."""
    if value is None:
        return None
    if f.type == "instant":
        return to_epoch(value)
    if f.type == "codes":
        return ",".join(value)
    return value


def from_stored(f: Field, value: Any) -> Any:
    """A stored column value as the record carries it."""
    if f.type == "instant":
        return from_epoch(value) if value is not None else None
    if f.type == "codes":
        return tuple(v for v in (value or "").split(",") if v)
    if f.type == "flag":
        return bool(value)
    if f.type == "people":
        return tuple(value)
    return value
