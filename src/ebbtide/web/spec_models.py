"""The API's request bodies for new records, built from each record kind's spec."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    create_model,
)

from ebbtide.domain import spec
from ebbtide.web import schema_rules as rules

Text = Annotated[str, Field(max_length=spec.MAX_NAME, pattern=r"^[^\x00]*$")]
Name = Annotated[Text, WithJsonSchema(rules.name())]
"""A name: the server checks it in the domain; the schema says exactly what fits."""
When = Annotated[str | None, Field(max_length=spec.MAX_WHEN), WithJsonSchema(rules.when())]


def not_flag(value: object) -> object:
    """A JSON number: not true or false, nor text (pydantic would read them as numbers)."""
    if isinstance(value, bool | str):
        raise ValueError("a whole number, e.g. 3")
    return value


Number = Annotated[int, BeforeValidator(not_flag)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


def _iso_day(value: object) -> object:
    """Only a day written YYYY-MM-DD (no numbers read as timestamps, no other spellings)."""
    if value is None or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError("write the day as YYYY-MM-DD, e.g. 2026-11-28")


def _optional(kind: Any, f: spec.Field) -> tuple[Any, Any]:
    if f.required:
        return kind, ...
    if f.default is None:
        return kind | None, None
    return kind, f.default


def _field(f: spec.Field) -> tuple[Any, Any] | None:
    """One spec field as a request-body field (None: not given when a record is made),
    documented by the field's exact schema (``schema_rules.field``)."""
    made = _loose(f)
    described = rules.field(f)
    if made is None or described is None:
        return made
    kind, default = made
    if f.type == "day":
        described |= {"description": f"The day it is {f.what}, written YYYY-MM-DD"}
    return Annotated[kind, WithJsonSchema(described)], default


def _loose(f: spec.Field) -> tuple[Any, Any] | None:
    """The field as the server reads it (the domain then checks the value)."""
    if f.type == "text":
        return _optional(Annotated[str, Field(max_length=f.size)], f)
    if f.type in ("code", "person"):
        return _optional(Text, f)
    if f.type == "codes":
        return list[Text], Field(default_factory=list, max_length=20)
    if f.type == "people":
        return list[Text], Field(min_length=1, max_length=20)
    if f.type == "scale":
        return _optional(Annotated[Number, Field(ge=f.low, le=f.high)], f)
    if f.type == "minutes":
        return Annotated[Number | None, Field(ge=0, le=spec.MAX_MINUTES)], None
    if f.type == "flag":
        return StrictBool, f.default  # JSON true or false, not 0 or "yes"
    if f.type == "day":
        day = Annotated[
            date | None,
            BeforeValidator(_iso_day),
            Field(description=f"The day it is {f.what}, written YYYY-MM-DD"),
        ]
        return day, None
    return None


def body_model(kind: spec.Kind, *, leave_out: tuple[str, ...] = ()) -> type[Strict]:
    """The request body that makes a new record of ``kind``: its spec's fields (references
    by name, with ``create_missing``), then ``when`` for a kind placed at ``at``."""
    fields: dict[str, Any] = {}
    for f in kind.fields:
        made = None if f.name in leave_out or not f.input else _field(f)
        if made is None:
            continue
        fields[f.key] = made
        if f.type in ("person", "people"):
            fields["create_missing"] = (StrictBool, False)
    if "at" in kind.instant and "at" not in leave_out:
        fields["when"] = (When, None)
    name = f"{kind.kind.title()}Fields"
    model: type[Strict] = create_model(name, __base__=Strict, **fields)
    return model
