"""The relationship map: who nourishes, who depletes, and where boundaries go unheard.

Per person, from the contacts with them and the boundaries set with them:

- *not-transforming* — at least three boundaries met with dismissal, refusal or
  punishment, and the most recent one too: nothing has changed yet, whatever else
  the contacts feel like;
- *nourishing* — contacts feel safe on average (≥ 3.8 of 5) and leave the person
  connected at least 60 % of the time;
- *depleting* — contacts feel unsafe on average (< 2.8) or leave the person connected
  less than 30 % of the time;
- *mixed* — everything else;
- *too-early* — fewer than ``MIN_CONTACTS`` (3) contacts and no pattern of unheard
  boundaries: too early to say.

The trend compares the last 90 days with the 90 before (felt safety plus how often
contact left the person connected): *warmer*, *cooler* or *steady*; *too little data*
when either half has fewer than ``MIN_CONTACTS`` contacts. The map reads the year up to
the day (``MAP_DAYS``), whatever window a report shows, so every face agrees.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ebbtide.insights.frames import INITIATOR, STATE
from ebbtide.insights.measures import boundary_met, boundary_unmet
from ebbtide.insights.words import MIN_CONTACTS

NOURISHING, MIXED, DEPLETING, NOT_TRANSFORMING, TOO_EARLY = range(5)
MAP_DAYS = 365


def relationship_map(contacts: pl.DataFrame, boundaries: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per (subject, person) with the averages, the kind and the trend, from the
    contacts and boundaries of the ``MAP_DAYS`` up to ``as_of``."""
    since = as_of - timedelta(days=MAP_DAYS)
    contacts = contacts.filter(pl.col("day").is_between(since, as_of, closed="right"))
    boundaries = boundaries.filter(pl.col("day").is_between(since, as_of, closed="right"))
    recent_from = as_of - timedelta(days=90)
    earlier_from = as_of - timedelta(days=180)
    warmth = pl.col("safety").cast(pl.Float64) / 5 + (pl.col("after") == STATE["connected"]).cast(
        pl.Float64
    )
    stats = contacts.group_by("subject", "person").agg(
        contacts=pl.len().cast(pl.Int32),
        safety=pl.col("safety").cast(pl.Float64).mean(),
        reciprocity=pl.col("reciprocity").cast(pl.Float64).mean(),
        authenticity=pl.col("authenticity").cast(pl.Float64).mean(),
        initiated_by_me=(pl.col("initiated") == INITIATOR["me"]).cast(pl.Float64).mean(),
        left_connected=(pl.col("after") == STATE["connected"]).cast(pl.Float64).mean(),
        recent_n=(pl.col("day") > recent_from).sum().cast(pl.Int32),
        earlier_n=((pl.col("day") > earlier_from) & (pl.col("day") <= recent_from))
        .sum()
        .cast(pl.Int32),
        recent_warmth=warmth.filter(pl.col("day") > recent_from).mean(),
        earlier_warmth=warmth.filter(
            (pl.col("day") > earlier_from) & (pl.col("day") <= recent_from)
        ).mean(),
    )
    unmet = (
        boundaries.sort("at")
        .group_by("subject", "person")
        .agg(
            boundaries=pl.len().cast(pl.Int32),
            unmet=boundary_unmet().sum().cast(pl.Int32),
            last_unmet=boundary_unmet().last(),
            honoured=boundary_met().sum().cast(pl.Int32),
        )
    )
    out = stats.join(unmet, on=["subject", "person"], how="full", coalesce=True).with_columns(
        pl.col("contacts", "recent_n", "earlier_n", "boundaries", "unmet", "honoured").fill_null(0),
        pl.col("last_unmet").fill_null(False),
    )
    safety = pl.col("safety").fill_null(3.0)
    left = pl.col("left_connected").fill_null(0.5)
    kind = (
        pl.when((pl.col("unmet") >= 3) & pl.col("last_unmet"))
        .then(NOT_TRANSFORMING)
        .when(pl.col("contacts") < MIN_CONTACTS)
        .then(TOO_EARLY)
        .when((safety >= 3.8) & (left >= 0.6))
        .then(NOURISHING)
        .when((safety < 2.8) | (left < 0.3))
        .then(DEPLETING)
        .otherwise(MIXED)
    )
    change = pl.col("recent_warmth") - pl.col("earlier_warmth")
    trend = (
        pl.when((pl.col("recent_n") < MIN_CONTACTS) | (pl.col("earlier_n") < MIN_CONTACTS))
        .then(pl.lit("too little data"))
        .when(change >= 0.15)
        .then(pl.lit("warmer"))
        .when(change <= -0.15)
        .then(pl.lit("cooler"))
        .otherwise(pl.lit("steady"))
    )
    # Ties in contacts are broken by person, so the map reads the same every time.
    return out.with_columns(kind=kind.cast(pl.Int8), trend=trend).sort(
        "subject", "contacts", "person", descending=[False, True, False]
    )
