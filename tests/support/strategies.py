"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from ebbtide.domain.timekeeping import EARLIEST, LATEST

KEPT_CHARACTERS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\n\t"
)
"""Every character the domain keeps as it is (domain.text): no controls but line breaks."""


def kept_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that every path stores unchanged."""
    return st.text(KEPT_CHARACTERS, max_size=max_size)


def valid_instants() -> st.SearchStrategy[datetime]:
    """Every whole-second UTC instant the domain accepts (1900-2100)."""
    return st.datetimes(
        min_value=EARLIEST.replace(tzinfo=None), max_value=LATEST.replace(tzinfo=None)
    ).map(lambda d: d.replace(microsecond=0, tzinfo=UTC))
