"""Pacing: the window of tolerance, and the one next step just past its edge.

From the contacts of the last 60 days, a contact "stayed regulated" when the person
came out of it connected (or, with no after-state logged, it felt safe: 4-5). Contacts
are placed on the step ladder (``vocab.STEP_LADDER``):

1. a message (text or social media)   2. a brief chat (in person, ≤ 15 minutes)
3. a call (phone or video)            4. meeting (in person, longer than 15 minutes)
5. sharing (a meeting that felt safe, 5, where they could be fully themselves, ≥ 4)

The *edge* is the highest rung at which at least 60 % of at least two recent contacts
stayed regulated. The next step is the rung just above it (or the same rung once the
top is reached), with the person who most reliably leaves them connected. A step on
that rung that was let go recently moves the suggestion one rung down: the pace is
theirs. Only one suggestion, ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from ebbtide.insights.frames import CHANNEL, STATE, STEP_STATUS
from ebbtide.insights.measures import felt_safe

RECENT_DAYS = 60
REGULATED_SHARE = 0.6


@dataclass(frozen=True)
class PacingFacts:
    """The numbers behind the window and the suggestion."""

    rungs: dict[int, tuple[int, int]]  # level -> (contacts, stayed regulated)
    channels: dict[int, tuple[int, int]]  # channel code -> (contacts, regulated)
    longest_regulated: int | None  # minutes of the longest regulated contact
    edge: int  # 0: no rung yet
    next_level: int
    person: int | None
    person_share: float | None


def ladder_level() -> pl.Expr:
    """The ladder rung a contact sits on."""
    ch, minutes = pl.col("channel"), pl.col("minutes").fill_null(30)
    in_person = ch == CHANNEL["in-person"]
    return (
        pl.when(in_person & (pl.col("safety") == 5) & (pl.col("authenticity").fill_null(0) >= 4))
        .then(5)
        .when(in_person & (minutes > 15))
        .then(4)
        .when(ch.is_in([CHANNEL["call"], CHANNEL["video"]]))
        .then(3)
        .when(in_person)
        .then(2)
        .otherwise(1)
    )


def regulated() -> pl.Expr:
    """Whether the person came out of a contact connected (or, unknown, it felt safe)."""
    after = pl.col("after")
    return pl.when(after.is_null()).then(felt_safe()).otherwise(after == STATE["connected"])


def pacing_facts(contacts: pl.DataFrame, steps: pl.DataFrame, as_of: date) -> PacingFacts:
    """Where the window of tolerance currently ends, and the step just past it."""
    recent = contacts.filter(
        pl.col("primary"), pl.col("day") > as_of - timedelta(days=RECENT_DAYS)
    ).with_columns(level=ladder_level(), ok=regulated())
    rungs = {
        int(r["level"]): (int(r["n"]), int(r["ok"]))
        for r in recent.group_by("level")
        .agg(n=pl.len(), ok=pl.col("ok").sum())
        .iter_rows(named=True)
    }
    channels = {
        int(r["channel"]): (int(r["n"]), int(r["ok"]))
        for r in recent.group_by("channel")
        .agg(n=pl.len(), ok=pl.col("ok").sum())
        .iter_rows(named=True)
    }
    ok_minutes = recent.filter(pl.col("ok"))["minutes"].drop_nulls()
    edge = max(
        (lvl for lvl, (n, ok) in rungs.items() if n >= 2 and ok / n >= REGULATED_SHARE), default=0
    )
    nxt = min(edge + 1, 5)
    let_go = steps.filter(
        pl.col("status") == STEP_STATUS["skipped"],
        pl.col("day") > as_of - timedelta(days=21),
        pl.col("level") == nxt,
    )
    if let_go.height and nxt > 1:
        nxt -= 1
    best = (
        contacts.filter(pl.col("day") > as_of - timedelta(days=2 * RECENT_DAYS))
        .with_columns(ok=regulated())
        .group_by("person")
        .agg(n=pl.len(), share=pl.col("ok").cast(pl.Float64).mean())
        .filter(pl.col("n") >= 2)
        .sort("share", "n", descending=True)
        .head(1)
    )
    person = int(best["person"][0]) if best.height else None
    share = float(best["share"][0]) if best.height else None
    return PacingFacts(
        rungs=rungs,
        channels=channels,
        longest_regulated=int(ok_minutes.max()) if ok_minutes.len() else None,  # type: ignore[arg-type]
        edge=edge,
        next_level=nxt,
        person=person,
        person_share=share,
    )
