"""The shared definitions of ``domain.measures`` as polars expressions over the frames.

``domain.measures`` is the one home of each definition; these expressions read the same
constants (``SAFE_FROM``, ``vocab.MET_RESPONSES``, ``vocab.UNMET_RESPONSES``, the step
status "done"), so a frame and a record are counted alike.
"""

from __future__ import annotations

import polars as pl

from ebbtide.domain import vocab
from ebbtide.domain.measures import SAFE_FROM
from ebbtide.insights.frames import RESPONSE, STATE, STEP_STATUS

__all__ = [
    "MET",
    "UNMET",
    "boundary_met",
    "boundary_unmet",
    "felt_safe",
    "is_meaningful",
    "step_done",
]

MET = tuple(RESPONSE[c] for c in sorted(vocab.MET_RESPONSES))
UNMET = tuple(RESPONSE[c] for c in sorted(vocab.UNMET_RESPONSES))


def felt_safe() -> pl.Expr:
    """A contact row that felt safe (``measures.felt_safe``)."""
    return pl.col("safety").fill_null(0) >= SAFE_FROM


def is_meaningful() -> pl.Expr:
    """A contact row that felt safe or left the person connected (``is_meaningful_contact``)."""
    return felt_safe() | (pl.col("after") == STATE["connected"]).fill_null(False)


def boundary_met() -> pl.Expr:
    """A boundary row honoured or negotiated (``measures.boundary_met``)."""
    return pl.col("received").is_in(MET)


def boundary_unmet() -> pl.Expr:
    """A boundary row dismissed, refused or punished (``measures.boundary_unmet``)."""
    return pl.col("received").is_in(UNMET)


def step_done() -> pl.Expr:
    """A step row done on its ``done_day`` (``measures.step_done_day`` is not None)."""
    return pl.col("done_day").is_not_null() & (pl.col("status") == STEP_STATUS["done"])
