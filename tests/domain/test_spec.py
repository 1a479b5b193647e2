"""The kind specs are the one place a record kind's fields are written: the tables (as
migrated), the records, the insight rows, the export and the API all agree with them."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect

from ebbtide.domain import spec, vocab
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Person,
    Reflection,
    Routine,
    RoutineDone,
    Solitude,
    Step,
)
from ebbtide.insights.frames import RAW_COLUMNS
from ebbtide.interop import ebbtide_json
from ebbtide.interop.bundle import Bundle
from ebbtide.store import schema
from ebbtide.store.engine import open_store
from ebbtide.store.mappers import MAPPERS
from tests.support.strategies import KEPT_CHARACTERS, valid_instants

RECORD_TYPES: dict[str, type[Any]] = {
    "checkin": CheckIn,
    "contact": Contact,
    "solitude": Solitude,
    "boundary": Boundary,
    "routine": RoutineDone,
    "step": Step,
    "reflection": Reflection,
    "person": Person,
    "routine-plan": Routine,
}
KEYS = ["id", "uid", "subject_id"]
# Columns no record carries: a person's search key and when people and routines were added.
NOT_ON_RECORDS = {"people": ["name_key", "created_at"], "routines": ["created_at"]}


def _stored_columns(kind: spec.Kind) -> list[str]:
    return [f.column_name or f.name for f in kind.columns]


@pytest.mark.parametrize("kind", spec.ALL, ids=lambda k: k.kind)
def test_every_table_has_exactly_its_specs_columns(kind: spec.Kind, tmp_path: Path) -> None:
    table = schema.metadata.tables[kind.table]
    extra = NOT_ON_RECORDS.get(kind.table, [])
    assert sorted(c.name for c in table.columns) == sorted(KEYS + _stored_columns(kind) + extra)
    # ... and so does the table the migrations build in a real file.
    store = open_store(str(tmp_path / "ebbtide.db"))
    try:
        with store.reading() as conn:
            migrated = [c["name"] for c in inspect(conn).get_columns(kind.table)]
    finally:
        store.dispose()
    assert sorted(migrated) == sorted(KEYS + _stored_columns(kind) + extra)


@pytest.mark.parametrize("kind", spec.ALL, ids=lambda k: k.kind)
def test_every_record_carries_exactly_its_specs_fields(kind: spec.Kind) -> None:
    record = RECORD_TYPES[kind.kind]
    fields = {f.name: f for f in dataclasses.fields(record)}
    assert sorted(fields) == sorted(["id", "uid", *kind.names])
    for f in kind.fields:
        declared = fields[f.name].default
        if f.required:
            assert declared is dataclasses.MISSING, f.name
        else:
            assert declared == f.default, f.name


def test_the_insight_rows_and_frames_read_the_specs_columns() -> None:
    for kind in spec.RECORDS.values():
        labels = [f.insight for f in kind.insight_fields]
        raw = [c for c in RAW_COLUMNS[kind.table] if c != kind.insight_key]
        assert raw == labels
        assert MAPPERS[kind.kind].spec is kind


def test_every_vocabulary_field_names_a_vocabulary() -> None:
    for kind in spec.ALL:
        for f in kind.fields:
            assert (f.vocab is not None) == (f.type in ("code", "codes")), f.name
            if f.vocab is not None:
                assert isinstance(f.vocab, vocab.Vocabulary)


def _values(kind: spec.Kind) -> st.SearchStrategy[dict[str, Any]]:
    """Any valid value of every field of a kind."""

    def text(f: spec.Field) -> st.SearchStrategy[str]:
        chars = KEPT_CHARACTERS if not f.one_line else st.characters(codec="utf-8",
                                                                      exclude_categories=("Cc", "Cs"))  # fmt: skip
        s = st.text(chars, min_size=1 if f.required else 0, max_size=30)
        return s.filter(lambda t: bool(t.strip())) if f.required else s

    def maybe(f: spec.Field, s: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return s | st.none() if f.default is None else s

    by_type: dict[str, Any] = {
        "instant": lambda f: maybe(f, valid_instants()),
        "zone": lambda f: st.sampled_from(["UTC", "Europe/Berlin", "America/Bogota"]),
        "code": lambda f: maybe(f, st.sampled_from(f.vocab.codes)),
        "codes": lambda f: st.lists(st.sampled_from(f.vocab.codes), unique=True).map(tuple),
        "scale": lambda f: maybe(f, st.integers(f.low, f.high)),
        "minutes": lambda f: maybe(f, st.integers(0, spec.MAX_MINUTES)),
        "flag": lambda f: st.booleans(),
        "day": lambda f: maybe(f, st.dates(date(1901, 1, 1), date(2099, 12, 31))),
        "text": text,
        "person": lambda f: maybe(f, st.integers(1, 4)),
        "people": lambda f: st.lists(st.integers(1, 4), min_size=1, max_size=3, unique=True).map(
            tuple
        ),
        "routine": lambda f: st.integers(1, 3),
        "schedule": lambda f: st.sampled_from(["daily", "weekdays", "mon,thu"]),
        "hhmm": lambda f: maybe(f, st.sampled_from(["07:00", "19:30"])),
    }
    return st.fixed_dictionaries({f.name: by_type[f.type](f) for f in kind.fields})


KIND_VALUES = st.sampled_from(list(spec.RECORDS.values())).flatmap(
    lambda k: st.tuples(st.just(k), _values(k))
)
REFS = {
    "person": {i: f"person{i:04d}" for i in range(1, 5)},
    "people": {i: f"person{i:04d}" for i in range(1, 5)},
    "routine": {i: f"routine{i:04d}" for i in range(1, 4)},
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(KIND_VALUES)
def test_export_import_and_rows_round_trip_every_spec_field(
    case: tuple[spec.Kind, dict[str, Any]],
) -> None:
    kind, values = case
    record = RECORD_TYPES[kind.kind](**values)
    item = ebbtide_json._item(kind, record, REFS)
    assert list(item) == ["uid", *(f.key for f in kind.fields)]
    bundle = Bundle()
    ebbtide_json._PARSERS[kind.table](bundle, item)
    [back] = bundle.records
    # References come back as uids, resolved when the bundle is stored.
    linked: dict[str, Any] = {}
    for f in kind.fields:
        if f.type == "people":
            ids = {u: i for i, u in REFS["people"].items()}
            linked[f.name] = tuple(ids[u] for u in bundle.contact_people[record.uid])
        elif f.type in ("person", "routine"):
            ids = {u: i for i, u in REFS[f.type].items()}
            ref = (bundle.person_of if f.type == "person" else bundle.routine_of).get(record.uid)
            linked[f.name] = ids[ref] if ref is not None else None
    assert dataclasses.replace(back, **linked) == record
    # The table row holds every field and gives the same record back.
    m = MAPPERS[kind.kind]
    row = m.to_row(record) | {"id": 7, "person_ids": getattr(record, "person_ids", ())}
    assert m.from_row(row) == dataclasses.replace(record, id=7)


def test_the_export_schema_describes_every_spec_field() -> None:
    import json

    path = Path(ebbtide_json.__file__).parent / "schema" / "ebbtide-export-v1.schema.json"
    doc = json.loads(path.read_text())
    for kind in (spec.PERSON, spec.ROUTINE, *spec.RECORDS.values()):
        items = doc["properties"][kind.table]["items"]
        extra = ["created_at"] if not kind.timed else []
        assert sorted(items["properties"]) == sorted(["uid", *(f.key for f in kind.fields), *extra])
        for f in kind.fields:
            if f.type == "code" and f.vocab is not None:
                described = json.dumps(items["properties"][f.key])
                assert all(f'"{c}"' in described for c in f.vocab.codes), (kind.kind, f.key)


def test_the_api_bodies_and_edits_take_the_specs_fields() -> None:
    from pydantic import BaseModel

    from ebbtide.service.records import _editable
    from ebbtide.web import api

    bodies: dict[str, type[BaseModel]] = {
        "checkin": api.CheckinIn,
        "contact": api.ContactIn,
        "solitude": api.SolitudeIn,
        "boundary": api.BoundaryIn,
        "reflection": api.ReflectionIn,
        "step": api.StepIn,
    }
    for code, model in bodies.items():
        kind = spec.RECORDS[code]
        given = [f for f in kind.fields if f.input and f.type not in ("instant", "zone")]
        expected = {f.key for f in given} | ({"when"} if "at" in kind.instant else set())
        if any(f.type in ("person", "people") for f in given):
            expected.add("create_missing")
        assert set(model.model_fields) == expected, code
        required = {n for n, f in model.model_fields.items() if f.is_required()}
        assert required == {f.key for f in given if f.required}, code
    assert set(_editable("checkin")) == {
        "at", "state", "intensity", "body", "energy", "appetite", "note", "where",
    }  # fmt: skip
    assert "created_at" not in _editable("step") and "done_at" in _editable("step")


def test_a_record_class_that_disagrees_with_its_spec_is_refused_as_it_is_defined() -> None:
    from ebbtide.domain.records import _of

    def reflection(**attrs: Any) -> None:
        fields = {"at": "datetime", "tz": "str", "prompt": "str = ''", "answer": "str", **attrs}
        body = "\n".join(f"    {name}: {annotation}" for name, annotation in fields.items())
        namespace: dict[str, Any] = {}
        exec(  # a class body as a module would write it (annotations kept as text)
            "from __future__ import annotations\nfrom dataclasses import dataclass\n"
            "@dataclass(kw_only=True)\nclass R:\n" + body + "\n    id: int | None = None\n"
            "    uid: str = ''\n",
            namespace,
        )
        _of(spec.REFLECTION)(namespace["R"])

    with pytest.raises(TypeError, match="its spec"):
        reflection(mood="str")  # a field the spec does not have
    with pytest.raises(TypeError, match="its spec says"):
        reflection(answer="int")  # the spec's text is a str
    with pytest.raises(TypeError, match="default"):
        reflection(prompt="str = 'asked'")  # the spec's default is ""
    reflection()  # the class as the spec has it passes


def test_one_list_of_the_fields_the_generator_does_not_make() -> None:
    from ebbtide.cohort.simulated import NOT_SIMULATED
    from ebbtide.demo.frames import NOT_GENERATED

    assert NOT_SIMULATED is NOT_GENERATED is spec.NOT_SIMULATED
    assert {"where"} == spec.NOT_SIMULATED
