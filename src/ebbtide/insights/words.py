"""The words every face uses for the insights: phases, relationship kinds, trends, and the
one sample-size rule behind "too early to say".

CLI, web, report and JSON all read these, so a label means the same everywhere and no
sentence a person reads carries an internal code.
"""

from __future__ import annotations

UNKNOWN = "not-enough-to-say"

PHASE_LABELS = {
    "connected": "Connected",
    "restoring": "Restoring",
    "drifting": "Drifting",
    "isolated": "Isolated",
    UNKNOWN: "Not enough to say",
}
"""The phase as a person reads it (a label, capitalised)."""

PHASE_MEANINGS = {
    "connected": "in touch in your usual way",
    "restoring": "a chosen retreat that seems to refuel you",
    "drifting": "contact thinning below your usual, more time alone as an escape",
    "isolated": "a long stretch with very little contact that felt safe",
    UNKNOWN: "too little in your entries to read the day",
}
"""One line per phase, for legends and explanations."""

KIND_LABELS = {
    "nourishing": "Nourishing",
    "mixed": "Mixed",
    "depleting": "Depleting",
    "not-transforming": "Not transforming",
    "too-early": "Too early to say",
}
"""The relationship kind as a person reads it."""

TREND_LABELS = {
    "warmer": "warmer lately",
    "cooler": "cooler lately",
    "steady": "steady",
    "too little data": "too few recent contacts to see a change",
}
"""The relationship trend as a person reads it (the code stays as it always was)."""

MIN_CONTACTS = 3
"""The one sample-size rule: a relationship needs this many contacts before ebbtide reads
its kind (repeated unheard boundaries excepted), and each half of the trend needs this
many contacts before ebbtide reads a change."""


def phase_label(code: str) -> str:
    """The label of a phase code."""
    return PHASE_LABELS.get(code, code)


def kind_label(code: str) -> str:
    """The label of a relationship kind."""
    return KIND_LABELS.get(code, code)


def trend_label(code: str) -> str:
    """The words for a relationship trend."""
    return TREND_LABELS.get(code, code)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``."""
    return f"{n} {word if n == 1 else many or word + 's'}"
