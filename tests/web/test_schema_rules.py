"""The OpenAPI document says exactly what the API accepts (web/schema_rules.py).

A value the schema calls valid is accepted (what schemathesis' positive_data_acceptance
checks at random); these tests pin the rules down one by one, over the same parsers the
API uses.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.domain import spec
from ebbtide.domain.errors import ValidationError
from ebbtide.domain.text import check_text
from ebbtide.domain.timekeeping import LAST_YEAR, parse_day, parse_when, utc_now
from ebbtide.service import Context
from ebbtide.web import schema_rules as rules

ZONES = ("Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")


def _valid(schema: dict[str, Any], value: object) -> bool:
    return bool(jsonschema.Draft202012Validator(schema).is_valid(value))


def _drawn(pattern: str) -> st.SearchStrategy[str]:
    # The validator's reading: `$` is the very end (Python's also allows a final newline).
    return st.from_regex(pattern.removesuffix("$") + r"\Z")


@settings(max_examples=300, deadline=None)
@given(st.integers(1800, 2200), st.integers(0, 13), st.integers(0, 32))
def test_day_pattern_is_exactly_the_real_days_of_the_years_kept(y: int, m: int, d: int) -> None:
    text = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        real = 1900 <= date.fromisoformat(text).year <= 2100
    except ValueError:
        real = False
    assert bool(re.fullmatch(rules.day_regex(1900, 2100), text)) is real, text


@settings(max_examples=200, deadline=None)
@given(_drawn(rules.when()["pattern"]), st.sampled_from(ZONES))
def test_every_time_the_schema_allows_is_read(text: str, tz: str) -> None:
    if text != "now":
        parse_when(text, utc_now(), tz)  # raises ValidationError if refused


@settings(max_examples=200, deadline=None)
@given(_drawn(rules.day_phrase()["pattern"]))
def test_every_day_the_schema_allows_is_read(text: str) -> None:
    parse_day(text, date(2026, 11, 21))


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-29",  # no such day
        "1899-12-31T12:00",  # before the years kept
        f"{LAST_YEAR}-06-01",  # the future
        "2020-01-01T24:00",
        "2020-01-01T10:00+14:30",  # no place is that far from UTC
        "yesterday 9pm",  # read by the API, but described in words only
        "",
    ],
)
def test_the_time_schema_refuses(text: str) -> None:
    assert not _valid(rules.when(), text)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.booleans(), st.booleans())
def test_text_the_schema_allows_is_kept(
    data: st.DataObject, one_line: bool, required: bool
) -> None:
    text = data.draw(_drawn(rules.text_pattern(one_line=one_line, required=required)))
    check_text("note", text, 10**6, required=required, one_line=one_line)


def test_spaces_are_what_strip_removes() -> None:
    spaces = re.compile(f"[{rules.SPACES}]")
    for code in range(0x110000):
        ch = chr(code)
        control = code < 0x20 or 0x7F <= code <= 0x9F
        assert bool(spaces.fullmatch(ch)) is (ch.isspace() and not control), hex(code)


@pytest.mark.parametrize(
    ("text", "one_line", "required", "kept"),
    [
        ("a\x00b", False, False, False),
        ("bell\x07", False, False, False),
        ("next line\x85", False, False, False),  # a C1 control character
        ("two\r\nlines\tand a tab", False, False, True),
        ("Lea\nMarie", True, False, False),
        (" \u3000\t\n", False, True, False),  # only spaces
        ("", False, True, False),
        ("Noor", True, True, True),
    ],
)
def test_text_schema_agrees_with_the_domain(
    text: str, one_line: bool, required: bool, kept: bool
) -> None:
    schema = rules.text(100, one_line=one_line, required=required)
    try:
        check_text("note", text, 100, required=required, one_line=one_line)
        accepted = True
    except ValidationError:
        accepted = False
    assert (_valid(schema, text), accepted) == (kept, kept)


def test_each_record_kind_has_its_own_edit_path(app: FastAPI) -> None:
    doc = app.openapi()
    assert "/api/entries/{kind}/{record_id}" not in doc["paths"]
    for kind in spec.RECORDS:
        path = doc["paths"][f"/api/entries/{kind}/{{record_id}}"]
        assert set(path) == {"get", "patch", "delete"}
    changes = doc["components"]["schemas"]["CheckinChanges"]
    assert _valid(changes, {"changes": {"state": "connected", "note": "", "when": "now"}})
    assert not _valid(changes, {"changes": {"state": "calm"}})  # not a state
    assert not _valid(changes, {"changes": {"answer": "x"}})  # a reflection's field
    questionnaire = doc["paths"]["/api/questionnaires/phq9"]["post"]
    answers = questionnaire["requestBody"]["content"]["application/json"]["schema"]
    assert _valid(answers, {"answers": [0, 1, 2, 3, None, 0, 1, 2, 3]})
    assert not _valid(answers, {"answers": [0, 1, 2]})  # PHQ-9 has nine questions


def test_numbers_and_flags_are_json_numbers_and_booleans(
    client: TestClient, hdr: dict[str, str]
) -> None:
    def status(path: str, body: dict[str, Any]) -> int:
        return client.post(path, json=body, headers=hdr).status_code

    assert status("/api/solitude", {"activity": "rest", "minutes": 30}) == 201
    assert status("/api/solitude", {"activity": "rest", "minutes": False}) == 422
    assert status("/api/solitude", {"activity": "rest", "chosen": 0}) == 422
    assert status("/api/checkins", {"state": "connected", "intensity": "3"}) == 422
    assert status("/api/questionnaires/gad7", {"answers": [False, 0, 0, 0, 0, 0, 0]}) == 422
    assert status("/api/questionnaires/gad7", {"answers": [0, 0, 0, 0, 0, 0, 0]}) == 201


def test_a_required_choice_edited_to_nothing_is_refused(
    client: TestClient, hdr: dict[str, str], ctx: Context
) -> None:
    from ebbtide import service

    c = service.add_checkin(ctx, "connected").record
    s = service.plan_step(ctx, "Send Lea a short message")
    assert c.id is not None and s.id is not None
    for kind, rid, field in (("checkin", c.id, "state"), ("step", s.id, "status")):
        r = client.patch(f"/api/entries/{kind}/{rid}", json={"changes": {field: None}}, headers=hdr)
        assert (r.status_code, r.json()["field"]) == (422, field)
    assert service.get_entry(ctx, "checkin", c.id).record.state == "connected"
