"""The web's limits and plan forms come from the spec (``domain.spec``), not from copies."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from ebbtide.domain import spec
from ebbtide.web import api, forms, pages


def _max_length(model: type[BaseModel], name: str) -> int | None:
    for item in model.model_fields[name].metadata:
        if hasattr(item, "max_length"):
            return int(item.max_length)
    return None


@pytest.mark.parametrize(
    ("model", "kind"), [(api.PersonIn, spec.PERSON), (api.RoutineIn, spec.ROUTINE)]
)
def test_the_person_and_routine_bodies_take_their_specs_limits(
    model: type[BaseModel], kind: spec.Kind
) -> None:
    schema = model.model_json_schema()["properties"]
    for name in model.model_fields:
        f = kind.field(name)  # a body field the spec does not have fails here
        if f.size is not None:
            assert _max_length(model, name) == f.size, name
            if "maxLength" in schema[name]:
                assert schema[name]["maxLength"] == f.size, name
        if f.vocab is not None:
            assert set(schema[name]["enum"]) - {"", None} == set(f.vocab.codes), name
        if not f.required:
            assert model.model_fields[name].default == f.default, name


class _Inputs(HTMLParser):
    """The inputs of each form of a page, by the form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, dict[str, str | None]]] = {}
        self._action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._action = a.get("action")
            self.forms.setdefault(self._action or "", {})
        elif tag in ("input", "select", "textarea") and self._action is not None:
            name = a.get("name")
            if name and name != "csrf_token":
                self.forms[self._action][name] = a | {"tag": tag}

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None


def _form_params(path: str) -> set[str]:
    for route in pages.router.routes:
        if isinstance(route, APIRoute) and route.path == path and "POST" in (route.methods or ()):
            return {p.alias for p in route.dependant.body_params}
    raise AssertionError(path)


def test_the_step_and_routine_forms_are_drawn_from_their_specs(client: TestClient) -> None:
    page = _Inputs()
    page.feed(client.get("/steps").text)
    for action, form in (("/steps", "step"), ("/routines", "routine-plan")):
        shown = page.forms[action]
        planned = forms.plan(form)
        assert set(shown) == set(planned), action
        assert set(shown) == _form_params(action), action  # what the handler reads
        kind, looks, _left_out = forms.PLAN_LOOKS[form]
        for name in looks:
            f = kind.field(name)
            attrs: dict[str, Any] = shown[f.key]
            if attrs["tag"] == "input" and attrs.get("type") is None:
                size = f.size or spec.PERSON.field("name").size
                assert attrs["maxlength"] == str(size), name
            assert ("required" in attrs) == f.required, name
    assert re.search(r'id="st-title"[^>]*maxlength="300"', client.get("/steps").text)


def test_a_spec_field_a_plan_form_neither_shows_nor_leaves_out_stops_the_web() -> None:
    kind, looks, left_out = forms.PLAN_LOOKS["step"]
    forms.PLAN_LOOKS["step"] = (kind, looks, left_out - {"note"})
    try:
        with pytest.raises(AssertionError, match="step form"):
            forms._plans()
    finally:
        forms.PLAN_LOOKS["step"] = (kind, looks, left_out)


def test_the_limits_on_what_is_not_a_field_come_from_the_spec(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    entries = {p["name"]: p["schema"] for p in doc["paths"]["/api/entries"]["get"]["parameters"]}
    assert entries["q"]["anyOf"][0]["maxLength"] == spec.MAX_SEARCH
    assert entries["since"]["anyOf"][0]["maxLength"] == spec.MAX_DAY_PHRASE
    assert _max_length(api.EntryPatch, "changes") == spec.MAX_CHANGES
    when = api.CheckinIn.model_fields["when"].metadata
    assert [m.max_length for m in when if hasattr(m, "max_length")] == [spec.MAX_WHEN]
