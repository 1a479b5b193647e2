"""Where check-ins found the person connected, told only when the data can show it.

A check-in may say where it happened (home, work, outdoors…). When enough check-ins name
at least two places, and one place holds clearly more connected check-ins than another,
one gentle sentence says so: what was logged, never why, and never about places with too
few check-ins to read.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ebbtide.domain import vocab
from ebbtide.insights.frames import STATE
from ebbtide.insights.model import Evidence
from ebbtide.insights.sentences import pct

WINDOW_DAYS = 90
"""How far back the places are read."""
MIN_PER_PLACE = 8
"""Check-ins a place needs before its share of connected ones is read at all."""
MIN_GAP = 0.2
"""How much higher the first place's connected share must be than the next one's."""

PLACE_CODES = vocab.PLACES.codes


def place_shares(checkins: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Per place named in the window: check-ins, connected ones and their share, best first."""
    first = as_of - timedelta(days=WINDOW_DAYS - 1)
    named = checkins.filter(pl.col("day").is_between(first, as_of) & pl.col("where").is_not_null())
    return (
        named.group_by("where")
        .agg(
            checkins=pl.len(),
            connected=(pl.col("state") == STATE["connected"]).sum(),
        )
        .with_columns(share=pl.col("connected") / pl.col("checkins"))
        .sort(["share", "checkins", "where"], descending=[True, True, False])
    )


def most_connected(checkins: pl.DataFrame, as_of: date) -> Evidence | None:
    """ "Where you feel most connected", or None when the check-ins cannot show it."""
    if "where" not in checkins.columns:
        return None
    read = place_shares(checkins, as_of).filter(pl.col("checkins") >= MIN_PER_PLACE)
    if read.height < 2:
        return None
    best, *others = read.iter_rows(named=True)
    nxt = others[0]
    if best["connected"] == 0 or best["share"] - nxt["share"] < MIN_GAP:
        return None
    place = vocab.PLACES.label(PLACE_CODES[best["where"]]).lower()
    other = vocab.PLACES.label(PLACE_CODES[nxt["where"]]).lower()
    return Evidence(
        f"Where you feel most connected: in the last {WINDOW_DAYS} days, {best['connected']} "
        f"of your {best['checkins']} check-ins {_at(place)} ({pct(best['share'])}) were "
        f"connected, against {pct(nxt['share'])} {_at(other)}. "
        "This is what you logged, not a reason.",
        {
            "place": PLACE_CODES[best["where"]],
            "checkins": best["checkins"],
            "connected": best["connected"],
            "share": round(float(best["share"]), 3),
            "next_place": PLACE_CODES[nxt["where"]],
            "next_share": round(float(nxt["share"]), 3),
            "places_read": read.height,
        },
    )


def _at(place: str) -> str:
    """A place in a sentence: "at home", "online", "in transit"."""
    if place in ("online", "outdoors") or place.startswith("in "):
        return place
    return f"at {place}"
