"""The one rule for text a person writes, on every path in (CLI, forms, API, imports).

Line breaks are kept, written the Unix way (a browser's ``\\r\\n`` becomes ``\\n``); tabs
are kept; every other control character (NUL included) and every unpaired surrogate is
refused with a clear message, because they cannot be stored faithfully everywhere, shown
safely, or exported and read back.
"""

from __future__ import annotations

import unicodedata

from ebbtide.domain.errors import ValidationError

CONTROL_REFUSED = "{name} contains a control character ({char}); only line breaks and tabs are kept"
LINE_BREAK_REFUSED = "{name} must be on one line"


def clean_text(value: str) -> str:
    """Line breaks written the Unix way: ``\\r\\n`` and a lone ``\\r`` become ``\\n``."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _bad_char(value: str, allowed: str) -> str | None:
    for ch in value:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def check_text(
    name: str, value: object, limit: int, *, required: bool = False, one_line: bool = False
) -> str:
    """Return ``value`` cleaned, or raise a ValidationError that says what does not fit."""
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be text")
    text = clean_text(value)
    if required and not text.strip():
        raise ValidationError(name, f"{name} cannot be empty")
    if len(text) > limit:
        raise ValidationError(name, f"{name} is too long (at most {limit} characters)")
    if one_line and ("\n" in text or "\t" in text):
        raise ValidationError(name, LINE_BREAK_REFUSED.format(name=name))
    bad = _bad_char(text, "" if one_line else "\n\t")
    if bad is not None:
        raise ValidationError(name, CONTROL_REFUSED.format(name=name, char=f"U+{ord(bad):04X}"))
    return text
