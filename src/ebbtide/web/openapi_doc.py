"""The OpenAPI document, made exact where one route serves several shapes.

``/api/entries/{kind}/{record_id}`` takes a different ``changes`` object for each kind,
and ``/api/questionnaires/{code}`` a different number of answers for each questionnaire:
a schema cannot tie a body to a path parameter. Their parameters are closed sets, so the
document spells each one out as its own path (``/api/entries/checkin/{record_id}``,
``/api/questionnaires/phq9``…) with its exact body. These are the very same URLs, served
by the same routes; nothing about a request or an answer changes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from ebbtide.domain import spec
from ebbtide.web import schema_rules as rules

ENTRY = "/api/entries/{kind}/{record_id}"
QUESTIONNAIRE = "/api/questionnaires/{code}"


def _model_name(kind: str) -> str:
    return "".join(part.title() for part in kind.split("-")) + "Changes"


def _spelled(op: dict[str, Any], param: str, value: str) -> dict[str, Any]:
    """An operation with one of its path parameters fixed to ``value``."""
    out = copy.deepcopy(op)
    out["parameters"] = [p for p in out.get("parameters", []) if p.get("name") != param]
    if not out["parameters"]:
        del out["parameters"]
    out["operationId"] = f"{op.get('operationId', 'op')}_{value.replace('-', '_')}"
    return out


def _entries(doc: dict[str, Any]) -> None:
    ops = doc["paths"].pop(ENTRY)
    schemas = doc["components"]["schemas"]
    for kind in spec.RECORDS.values():
        path: dict[str, Any] = {}
        for method, op in ops.items():
            path[method] = _spelled(op, "kind", kind.kind)
        name = _model_name(kind.kind)
        schemas[name] = rules.edit_changes(kind) | {"title": name}
        body = path["patch"]["requestBody"]["content"]["application/json"]
        body["schema"] = {"$ref": f"#/components/schemas/{name}"}
        doc["paths"][ENTRY.replace("{kind}", kind.kind)] = path
    schemas.pop("EntryPatch", None)


def _questionnaires(doc: dict[str, Any]) -> None:
    from ebbtide.service import list_instruments

    ops = doc["paths"].pop(QUESTIONNAIRE)
    for ins in list_instruments():
        path: dict[str, Any] = {}
        for method, op in ops.items():
            path[method] = _spelled(op, "code", ins.code)
        n = len(ins.items)
        path["post"]["requestBody"]["content"]["application/json"]["schema"] = {
            "title": f"{ins.short_name} answers",
            "type": "object",
            "properties": {
                "answers": {
                    "type": "array",
                    "items": {"enum": [*ins.values, None]},
                    "minItems": n,
                    "maxItems": n,
                    "description": f"One answer per question ({n}), in order; null skips one.",
                }
            },
            "required": ["answers"],
            "additionalProperties": False,
        }
        doc["paths"][QUESTIONNAIRE.replace("{code}", ins.code)] = path
    doc["components"]["schemas"].pop("AnswersIn", None)


def install(app: FastAPI) -> None:
    """Serve the refined document at ``/openapi.json`` (built once, on first request)."""
    base: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if getattr(app.state, "openapi_refined", None) is None:
            doc = copy.deepcopy(base())
            _entries(doc)
            _questionnaires(doc)
            app.state.openapi_refined = doc
        refined: dict[str, Any] = app.state.openapi_refined
        return refined

    app.openapi = openapi  # type: ignore[method-assign]
