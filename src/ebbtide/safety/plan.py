"""The person's own safety plan: six sections in the usual order, stored as one JSON document.

On-disk format (``safety_plans.body``): a JSON object mapping each section key below to a
list of short strings, e.g. ``{"warning_signs": ["I stop answering messages"], ...}``.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, fields

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.text import check_text

SECTIONS: tuple[tuple[str, str], ...] = (
    ("warning_signs", "Warning signs that a hard time may be coming"),
    ("coping", "Things I can do on my own to get through it"),
    ("social", "People and places that help me feel better"),
    ("helpers", "People I can ask for help"),
    ("professionals", "Professionals and services I can contact"),
    ("safer", "Making my surroundings safer"),
)
MAX_ENTRY = 500
MAX_ENTRIES = 30


@dataclass(frozen=True)
class SafetyPlan:
    """Six lists of short entries, in the person's own words."""

    warning_signs: tuple[str, ...] = field(default=())
    coping: tuple[str, ...] = field(default=())
    social: tuple[str, ...] = field(default=())
    helpers: tuple[str, ...] = field(default=())
    professionals: tuple[str, ...] = field(default=())
    safer: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for f in fields(self):
            entries = getattr(self, f.name)
            if len(entries) > MAX_ENTRIES:
                raise ValidationError(f.name, f"a section holds at most {MAX_ENTRIES} entries")
            for e in entries:
                if not isinstance(e, str) or len(e) > MAX_ENTRY:
                    raise ValidationError(
                        f.name, f"each entry is text of at most {MAX_ENTRY} characters"
                    )
                check_text("an entry", e, MAX_ENTRY, one_line=True)

    @property
    def empty(self) -> bool:
        """True when nothing has been written yet."""
        return not any(getattr(self, k) for k, _ in SECTIONS)

    def sections(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(key, title, entries) for every section, in order."""
        return [(k, title, getattr(self, k)) for k, title in SECTIONS]

    def to_json(self) -> str:
        """The stored document."""
        return json.dumps({k: list(getattr(self, k)) for k, _ in SECTIONS}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SafetyPlan:
        """Read a stored document (unknown keys are ignored)."""
        data = json.loads(text) if text else {}
        # A plan stored by an older version may hold control characters: drop them.
        return cls(**{k: _clean(data.get(k, ()), strip=True) for k, _ in SECTIONS})


def _clean(entries: object, *, strip: bool = False) -> tuple[str, ...]:
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list | tuple):
        return ()
    out = []
    for e in entries:
        raw = str(e)
        if strip:
            raw = "".join(
                c for c in raw if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
            )
        else:
            check_text("an entry", raw, MAX_ENTRY * 2)  # the same rule as every other text
        if raw.strip():
            out.append(" ".join(raw.split()))
    return tuple(out)


def make_plan(**sections: object) -> SafetyPlan:
    """A plan from section lists, trimmed of blank entries."""
    unknown = set(sections) - {k for k, _ in SECTIONS}
    if unknown:
        raise ValidationError(sorted(unknown)[0], "not a safety plan section")
    return SafetyPlan(**{k: _clean(v) for k, v in sections.items()})
