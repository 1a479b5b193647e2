"""Away periods: mark days away or on holiday, list them, remove one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ebbtide.domain.away import AWAY_KEY, AwayPeriod, decode, encode, make_period
from ebbtide.domain.errors import ValidationError
from ebbtide.service.context import Context

if TYPE_CHECKING:
    from sqlalchemy import Connection


def list_away(ctx: Context) -> list[AwayPeriod]:
    """The subject's away periods, oldest first."""
    from ebbtide.store import clinical

    with ctx.store.reading() as conn:
        return decode(clinical.get_setting(conn, ctx.subject_id, AWAY_KEY))


def add_away(ctx: Context, first: date, last: date, note: str = "") -> AwayPeriod:
    """Mark ``first`` to ``last`` as away (one transaction)."""
    from ebbtide.store import clinical

    period = make_period(first, last, note)

    def work(conn: Connection) -> None:
        periods = decode(clinical.get_setting(conn, ctx.subject_id, AWAY_KEY))
        clinical.put_setting(conn, ctx.subject_id, AWAY_KEY, encode([*periods, period]))

    ctx.write(work)
    return period


def remove_away(ctx: Context, number: int) -> AwayPeriod:
    """Remove the ``number``-th period of ``list_away`` (counting from 1)."""
    from ebbtide.store import clinical

    periods = list_away(ctx)
    if not 1 <= number <= len(periods):
        raise ValidationError("number", f"there is no away period number {number}")
    gone = periods.pop(number - 1)
    value = encode(periods) if periods else None
    ctx.write(lambda conn: clinical.put_setting(conn, ctx.subject_id, AWAY_KEY, value))
    return gone


def away_spans(ctx: Context) -> tuple[tuple[date, date], ...]:
    """The periods as (first, last) days, for the insights."""
    return tuple((p.first, p.last) for p in list_away(ctx))
