"""Reducing people's names to initials, in labels and inside free text.

When a person asks for initials, every name is replaced *before* anything is rendered, so
no full name can reach a report's bytes (HTML, SVG chart labels or PDF streams).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def initials_of(name: str) -> str:
    """'Lea Müller' → 'LM'; 'the choir' → 'TC'; '' → '?'.

    No full stops: an initial ending a sentence would otherwise read "with M.."
    """
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if p]
    letters = [next((ch for ch in p if ch.isalnum()), "") for p in parts]
    text = "".join(ch.upper() for ch in letters if ch)
    return text or "?"


def _another(base: str, n: int) -> str:
    """The n-th person with the same initials, in words: 'a second M'."""
    return f"a {ORDINALS[n - 2]} {base}" if n - 2 < len(ORDINALS) else f"{base} (number {n})"


@dataclass(frozen=True)
class Redactor:
    """Shows names as they are, or as initials (also where they occur in free text)."""

    names: Mapping[int, str]
    initials: bool = False
    _labels: dict[int, str] = field(init=False, repr=False, default_factory=dict)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, default=None)
    _replace: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        labels: dict[int, str] = {}
        if not self.initials:
            labels = dict(self.names)
        else:
            seen: dict[str, int] = {}
            for pid in sorted(self.names):
                base = initials_of(self.names[pid])
                seen[base] = seen.get(base, 0) + 1
                labels[pid] = base if seen[base] == 1 else _another(base, seen[base])
        object.__setattr__(self, "_labels", labels)
        if not self.initials:
            return
        replace: dict[str, str] = {}
        for pid, name in self.names.items():
            clean = " ".join(name.split())
            if len(clean) >= 2:
                replace.setdefault(clean.casefold(), labels[pid])
            tokens = clean.split()
            if len(tokens) > 1:
                # "Lea Müller" is often written just "Lea": a capitalised part of a
                # longer name is reduced too (over-reducing is the safe direction).
                for tok in tokens:
                    if len(tok) >= 2 and tok[0].isupper():
                        replace.setdefault(tok.casefold(), initials_of(tok))
        if replace:
            alternatives = sorted(replace, key=len, reverse=True)
            pattern = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )
            object.__setattr__(self, "_pattern", pattern)
        object.__setattr__(self, "_replace", replace)

    def person(self, person_id: int | None) -> str:
        """How a person is shown ('someone' when unknown)."""
        if person_id is None:
            return ""
        return self._labels.get(person_id, "someone")

    def label(self, name: str) -> str:
        """How a name given as text (e.g. from insights) is shown."""
        if not self.initials:
            return name
        for pid, n in self.names.items():
            if n == name:
                return self._labels[pid]
        return initials_of(name)

    def text(self, value: str) -> str:
        """Free text with every known name reduced (unchanged when not in initials mode)."""
        if self._pattern is None:
            return value
        return self._pattern.sub(lambda m: self._replace[m.group(1).casefold()], value)
