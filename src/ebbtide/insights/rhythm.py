"""Social rhythm: how regular the day's anchors are, week by week (0-7).

The score follows the Social Rhythm Metric in its five-item form (SRM-5): Monk TH,
Frank E, Potts JM, Kupfer DJ, "A simple way to measure daily lifestyle regularity",
Journal of Sleep Research 11 (2002) 183-190; the original SRM-17 is Monk TH,
Flaherty JF, Frank E, Hoskinson K, Kupfer DJ, "The Social Rhythm Metric: an instrument
to quantify the daily rhythms of life", Journal of Nervous and Mental Disease 178
(1990) 120-126.

Algorithm, per ISO week (Monday to Sunday, local days):

1. Anchors: out of bed, first contact with another person, start of work (or study,
   chores), dinner, to bed. Times come from routine completions whose routine names
   that anchor, and "first contact" also from the earliest logged contact of each day.
   One time per anchor per day: the earliest.
2. An anchor *counts* for the week when it happened on at least 3 days.
3. Its *habitual time* is the median of that week's times. (The SRM takes the week's
   mean after setting aside outlying times; the median is the robust form of the same
   idea.) Times are minutes since the midnight that opens the local day, so 00:30 after
   a late evening is 24:30, not 00:30.
4. A *hit* is a day whose time lies within ±45 minutes of the habitual time.
5. The score is the total hits of the counting anchors divided by the number of
   counting anchors: the average number of regular days per anchor, 0-7. With no
   counting anchor the week has no score (None), which is not the same as zero.
"""

from __future__ import annotations

import polars as pl

from ebbtide.domain import vocab
from ebbtide.insights.frames import ANCHOR

SRM_ANCHORS = ("out-of-bed", "first-contact", "start-work", "dinner", "bed")
MIN_DAYS = 3
HIT_MINUTES = 45


def anchor_times(
    routine_done: pl.DataFrame, routines: pl.DataFrame, contacts: pl.DataFrame
) -> pl.DataFrame:
    """One row per (subject, day, anchor): the earliest local minute the anchor happened."""
    codes = [ANCHOR[a] for a in SRM_ANCHORS]
    from_routines = (
        routine_done.join(
            routines.select("subject", "routine", "anchor"), on=["subject", "routine"], how="inner"
        )
        .filter(pl.col("anchor").is_in(codes))
        .select("subject", "day", "anchor", "minute")
    )
    first_contact = contacts.filter(pl.col("primary")).select(
        "subject", "day", pl.lit(ANCHOR["first-contact"], pl.Int8).alias("anchor"), "minute"
    )
    both = pl.concat([from_routines.cast({"anchor": pl.Int8}), first_contact])
    return both.group_by("subject", "day", "anchor").agg(pl.col("minute").min())


def rhythm_weeks(times: pl.DataFrame) -> pl.DataFrame:
    """Per subject and week: per-anchor days, habitual time and hits, and the SRM score."""
    per_anchor = (
        times.with_columns(week=pl.col("day").dt.truncate("1w"))
        .with_columns(habitual=pl.col("minute").median().over("subject", "week", "anchor"))
        .group_by("subject", "week", "anchor")
        .agg(
            days=pl.len().cast(pl.Int32),
            habitual=pl.col("habitual").first(),
            hits=((pl.col("minute") - pl.col("habitual")).abs() <= HIT_MINUTES)
            .sum()
            .cast(pl.Int32),
        )
        .with_columns(counts=pl.col("days") >= MIN_DAYS)
    )
    scores = per_anchor.group_by("subject", "week").agg(
        score=pl.when(pl.col("counts").any())
        .then(pl.col("hits").filter(pl.col("counts")).sum() / pl.col("counts").sum())
        .otherwise(None),
    )
    return per_anchor.join(scores, on=["subject", "week"]).sort("subject", "week", "anchor")


def anchor_label(code: int) -> str:
    """The words for an anchor code."""
    return vocab.ANCHORS.label(vocab.ANCHORS.codes[code]).lower()
