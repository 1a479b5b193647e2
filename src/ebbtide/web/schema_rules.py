"""The API's input rules written as JSON Schema, so its OpenAPI document says exactly what
is accepted: a value the schema calls valid is one the API takes.

The server keeps its own checks (the domain's, with their clear messages); these schemas
only describe them. Text may hold any character except control characters other than line
breaks and tabs, and unpaired surrogates (``domain.text``); instants and days are written
the ISO way within the years ebbtide keeps (``domain.timekeeping``, 1900-2100), and times
of things that happened are not in the future. The free-text times the API also reads
("yesterday 9pm", "3 days ago") are described in words: no schema can list them all.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ebbtide.domain import spec, vocab
from ebbtide.domain.timekeeping import FIRST_YEAR, LAST_YEAR, utc_now

Schema = dict[str, Any]

_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""Refused in text: control characters except tab, line feed and carriage return (which
becomes a line break). Unpaired surrogates are refused too, but a pattern cannot name
them (ECMA-262 and Rust's regex engine read text as Unicode scalar values, which never are
surrogates): a schema string is a sequence of scalar values, so none is schema-valid."""
_ONE_LINE_CONTROL = r"\x00-\x1f\x7f-\x9f"
"""Refused in one-line text (names): every control character."""


SPACES = r"\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""The characters Python's ``str.strip`` removes, other than control characters (a test
holds this to ``str.isspace``)."""


def text_pattern(*, one_line: bool = False, required: bool = False) -> str:
    """Text the domain keeps: no refused characters; when required, not only spaces."""
    bad = _ONE_LINE_CONTROL if one_line else _CONTROL
    if not required:
        return f"^[^{bad}]*$"
    blank = SPACES if one_line else SPACES + r"\t\n\r"
    return f"^[^{bad}]*[^{bad}{blank}][^{bad}]*$"


def text(size: int, *, one_line: bool = False, required: bool = False) -> Schema:
    """A string of at most ``size`` characters the domain keeps."""
    out: Schema = {"type": "string", "maxLength": size}
    out["pattern"] = text_pattern(one_line=one_line, required=required)
    if required:
        out["minLength"] = 1
    return out


def _years(first: int, last: int) -> str:
    """A regular expression for the four-digit years ``first`` to ``last``, by decade."""
    parts = []
    for decade in range(first // 10, last // 10 + 1):
        lo, hi = max(first, decade * 10) % 10, min(last, decade * 10 + 9) % 10
        parts.append(f"{decade:03d}" + (f"[{lo}-{hi}]" if lo != hi else str(lo)))
    return "|".join(parts)


def _leap_years(first: int, last: int) -> str:
    leap = [y for y in range(first, last + 1) if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)]
    return "|".join(str(y) for y in leap)


def day_regex(first: int, last: int) -> str:
    """Every real calendar day YYYY-MM-DD of the years ``first`` to ``last`` (no anchors)."""
    month_day = (
        "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
        "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
        "|02-(?:0[1-9]|1[0-9]|2[0-8])"
    )
    return f"(?:(?:{_years(first, last)})-(?:{month_day})|(?:{_leap_years(first, last)})-02-29)"


_CLOCK = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?"
_OFFSET = "(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"


def last_past_year() -> int:
    """The last year all of whose instants are past, in every zone (offsets to ±14:00)."""
    return (utc_now() - timedelta(days=1)).year - 1


def when(*, nullable: bool = True) -> Schema:
    """When something happened: ``now`` or an ISO day or time in a year that is past.

    The API also reads everyday phrases; those are in the description, not the pattern.
    The first year is 1901 so that no offset takes an instant before 1900.
    """
    instant = f"{day_regex(FIRST_YEAR + 1, last_past_year())}(?:[T ]{_CLOCK}{_OFFSET}?)?"
    out: Schema = {
        "type": ["string", "null"] if nullable else "string",
        "maxLength": 60,
        "pattern": f"^(?:now|{instant})$",
        "description": (
            "When it happened: now (also when left out), an ISO day or time such as "
            "2026-11-03 or 2026-11-03T19:30+01:00 (offsets up to ±14:00), years "
            f"{FIRST_YEAR}-{LAST_YEAR} and not in the future. Everyday phrases such as "
            "'2 hours ago' or 'yesterday 9pm' are read too."
        ),
    }
    return out


def day(*, first: int = FIRST_YEAR, last: int = LAST_YEAR, nullable: bool = False) -> Schema:
    """A calendar day written YYYY-MM-DD, in the years ``first`` to ``last``."""
    return {
        "type": ["string", "null"] if nullable else "string",
        "format": "date",
        "pattern": f"^{day_regex(first, last)}$",
    }


def past_day() -> Schema:
    """A day that has happened (written YYYY-MM-DD), from 1900 on."""
    return day(last=last_past_year())


def day_phrase(*, nullable: bool = False, empty: bool = False) -> Schema:
    """A local day as ``parse_day`` reads it: ISO, today, yesterday, 'N days ago'
    (``empty``: an empty query parameter, read as not given)."""
    phrase = "today|yesterday|[0-9]{1,4} ?(?:d|days?)(?: ago)?|[0-9]{1,3} ?(?:w|weeks?)(?: ago)?"
    return {
        "type": ["string", "null"] if nullable else "string",
        "maxLength": 40,
        "pattern": f"^(?:{phrase}|{day_regex(FIRST_YEAR, LAST_YEAR)}){'?' if empty else ''}$",
    }


def choice(v: vocab.Vocabulary, *, optional: bool) -> Schema:
    """One code of a vocabulary; an optional one may also be empty or null (not given)."""
    if optional:
        return {"enum": [*v.codes, "", None]}
    return {"type": "string", "enum": list(v.codes)}


def name(*, required: bool = True) -> Schema:
    """A person's or routine's name: one line, at most 120 characters."""
    return text(spec.MAX_NAME, one_line=True, required=required)


def schedule() -> Schema:
    """A routine's schedule: daily, weekdays, weekends, or days such as mon,thu."""
    one = "(?:mon|tue|wed|thu|fri|sat|sun)"
    return {
        "type": "string",
        "maxLength": spec.ROUTINE.field("schedule").size,
        "pattern": f"^(?:daily|weekdays|weekends|{one}(?:,{one})*)$",
    }


def time_of_day() -> Schema:
    """A time of day written HH:MM (24 hours), or null."""
    return {"type": ["string", "null"], "pattern": "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"}


def field(f: spec.Field, *, edit: bool = False) -> Schema | None:
    """The exact schema of one spec field in a request (None: not given by a request).

    ``edit``: as a value in a PATCH ``changes`` object, parsed by ``service.records``.
    """
    optional = f.default is None
    if f.type == "text":
        return text(f.size or spec.MAX_NOTE, one_line=f.one_line, required=f.required)
    if f.type == "code" and f.vocab is not None:
        return choice(f.vocab, optional=optional)
    if f.type == "codes" and f.vocab is not None:
        return {"type": "array", "items": choice(f.vocab, optional=False), "maxItems": 20}
    if f.type == "scale":
        out: Schema = {"type": ["integer", "null"] if optional else "integer"}
        return out | {"minimum": f.low, "maximum": f.high}
    if f.type == "minutes":
        return {"type": ["integer", "null"], "minimum": 0, "maximum": spec.MAX_MINUTES}
    if f.type == "flag":
        return {"type": "boolean"}
    if f.type == "day":
        return day_phrase(nullable=True) if edit else day(nullable=True)
    if f.type == "instant":
        return when(nullable=optional) if edit else when()
    if f.type == "person":  # an optional one may be empty or null: no one
        return name() if f.required else {"anyOf": [name(required=False), {"type": "null"}]}
    if f.type == "people":
        return {"type": "array", "items": name(), "minItems": 1, "maxItems": 20}
    return None


def edit_changes(kind: spec.Kind) -> Schema:
    """The ``changes`` a PATCH of one record kind takes: each editable field, by its key."""
    props: Schema = {}
    for f in kind.fields:
        if not (f.editable and f.on_record) or f.type in ("zone", "routine"):
            continue
        made = field(f, edit=True)
        if made is None:
            continue
        if f.type == "instant" and f.name == "at":
            props["when"] = made
        elif f.type in ("person", "people") and kind.kind in ("boundary", "contact"):
            props[f.key] = made
        elif f.type not in ("person", "people"):
            props[f.name] = made
    return {
        "type": "object",
        "properties": {
            "changes": {
                "type": "object",
                "properties": props,
                "additionalProperties": False,
                "description": "Field → new value; only the fields given are changed.",
            }
        },
        "required": ["changes"],
        "additionalProperties": False,
    }
