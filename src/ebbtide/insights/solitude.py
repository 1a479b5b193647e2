"""Solitude quality: is time alone restoring the person, or a way of numbing out?

Each episode is read from three things the person logged: whether it was chosen or an
escape, what it was spent on, and their state before → after.

- *restorative*: chosen, not a numbing activity, and it left them no worse (connected
  afterwards, or the same state as before);
- *avoidant*: an escape that did not leave them connected, or chosen time that slid
  into a numbing activity and left them worse;
- *mixed*: everything in between (chosen time that left them worse, an escape that
  still helped, a numbing activity that did not hurt).

The activity is a hint, never a verdict: the person's own before/after states decide.
"""

from __future__ import annotations

import polars as pl

from ebbtide.insights.frames import NUMBING, STATE

RESTORATIVE, MIXED, AVOIDANT = range(3)
_CONNECTED = STATE["connected"]

REASONS = (
    "chosen, and it left you steadier",
    "chosen time that left you more unsettled",
    "an escape that still left you connected",
    "chosen, but spent numbing out",
    "an escape that left you heavier or more on edge",
    "chosen time spent numbing out that left you worse",
)
"""Why an episode got its quality; ``reason`` in ``episode_quality`` indexes this."""


def episode_quality(solitude: pl.DataFrame) -> pl.DataFrame:
    """Each episode's ``quality`` (0 restorative, 1 mixed, 2 avoidant) and ``reason``."""
    before, after = pl.col("before"), pl.col("after")
    connected_after = (after == _CONNECTED).fill_null(False)
    no_worse = (connected_after | (after == before) | after.is_null()).fill_null(True)
    numbing = pl.col("activity").is_in(NUMBING)
    chosen = pl.col("chosen")
    reason = (
        pl.when(chosen & ~numbing & no_worse)
        .then(0)
        .when(chosen & ~numbing)
        .then(1)
        .when(~chosen & connected_after)
        .then(2)
        .when(chosen & no_worse)
        .then(3)
        .when(~chosen)
        .then(4)
        .otherwise(5)
    )
    quality = (
        pl.when(reason == 0)
        .then(RESTORATIVE)
        .when(reason.is_in([1, 2, 3]))
        .then(MIXED)
        .otherwise(AVOIDANT)
    )
    return solitude.with_columns(quality=quality.cast(pl.Int8), reason=reason.cast(pl.Int8)).select(
        "subject", "id", "day", "minutes", "chosen", "activity", "quality", "reason"
    )


def solitude_weeks(episodes: pl.DataFrame) -> pl.DataFrame:
    """Per subject and ISO week: episodes and minutes by quality, and the restorative share."""
    minutes = pl.col("minutes").fill_null(0)
    return (
        episodes.with_columns(week=pl.col("day").dt.truncate("1w"))
        .group_by("subject", "week")
        .agg(
            restorative=(pl.col("quality") == RESTORATIVE).sum().cast(pl.Int32),
            mixed=(pl.col("quality") == MIXED).sum().cast(pl.Int32),
            avoidant=(pl.col("quality") == AVOIDANT).sum().cast(pl.Int32),
            restorative_minutes=minutes.filter(pl.col("quality") == RESTORATIVE)
            .sum()
            .cast(pl.Int32),
            avoidant_minutes=minutes.filter(pl.col("quality") == AVOIDANT).sum().cast(pl.Int32),
        )
        .with_columns(
            restorative_share=pl.col("restorative")
            / (pl.col("restorative") + pl.col("mixed") + pl.col("avoidant"))
        )
        .sort("subject", "week")
    )


def solitude_trend(weeks: pl.DataFrame, recent: int = 4) -> tuple[float | None, float | None]:
    """Restorative share of the last ``recent`` weeks and of the ``recent`` before them."""

    def share(part: pl.DataFrame) -> float | None:
        sums = part.select(pl.col("restorative", "mixed", "avoidant").sum()).row(0)
        total = int(sum(sums))
        return float(sums[0]) / total if total else None

    if weeks.height == 0:
        return None, None
    ordered = weeks.sort("week")
    last = ordered.tail(recent)
    earlier = ordered.head(max(ordered.height - recent, 0)).tail(recent)
    return share(last), share(earlier) if earlier.height else None
