"""Hypothesis strategies for text a person might type, including hostile text."""

from __future__ import annotations

from hypothesis import strategies as st

# Pieces that break naive printing: Rich markup, HTML, control characters, bidi overrides.
NASTY = (
    "[/]",
    "[bold]",
    "[link=file:///etc/passwd]x[/link]",
    "\\",
    "[red",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%s%d",
    "\x00",
    "\x1b[31m",
    "\r",
    "\u202e",
    "\u200f",
    "שלום",
    "مرحبا",
    "🙂",
    "\ufeff",
)
CRISIS = "I want to die tonight"

nasty_text = st.lists(
    st.one_of(
        st.sampled_from(NASTY),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    ),
    min_size=1,
    max_size=6,
).map("".join)
