"""Assessments stored and read back, on SQLite and PostgreSQL; crisis help in the same action."""

from __future__ import annotations

import json

import pytest

from ebbtide import service
from ebbtide.domain.errors import ValidationError
from ebbtide.safety.help import OPENING
from ebbtide.service import assessments, fhir_export, safety
from ebbtide.service.context import Context


def test_take_and_read_back(any_ctx: Context) -> None:
    saved = assessments.take_assessment(any_ctx, "phq9", "1,1,1,1,1,0,0,0,0")
    assert saved.notices == ()
    assert (saved.record.result.total, saved.record.result.band.code) == (5, "mild")  # type: ignore[union-attr]
    assessments.take_assessment(any_ctx, "gad7", [3] * 7, when="yesterday 9am")
    hist = assessments.assessment_history(any_ctx)
    assert [a.instrument.code for a in hist] == ["gad7", "phq9"]
    assert [a.result.total for a in assessments.assessment_history(any_ctx, "PHQ-9")] == [5]
    data = hist[1].to_dict()
    assert data["items"][0] == {
        "id": "1",
        "text": "Little interest or pleasure in doing things",
        "answer": 1,
        "answer_label": "Several days",
        "score": 1,
    }


def test_item9_shows_help_with_the_plan_first(ctx: Context) -> None:
    safety.update_plan(ctx, helpers=["Call Ana"])
    saved = assessments.take_assessment(ctx, "phq9", "0,0,0,0,0,0,0,0,1")
    text = "\n".join(saved.notices)
    assert saved.record.result.total == 1
    assert text.index("Call Ana") < text.index("988")


def test_bad_answers_write_nothing(ctx: Context) -> None:
    with pytest.raises(ValidationError):
        assessments.take_assessment(ctx, "gad7", "0,1")
    assert assessments.assessment_history(ctx) == []


def test_fhir_bundle_of_stored_assessments(ctx: Context, tmp_path: object) -> None:
    from pathlib import Path

    from fhir.resources.R4B.bundle import Bundle

    assessments.take_assessment(ctx, "phq9", "3,3,3,3,3,3,3,3,0")
    assessments.take_assessment(ctx, "ons-lonely", "2")
    out = Path(str(tmp_path)) / "bundle.json"
    assert fhir_export.write_fhir_bundle(ctx, out) == 2
    bundle = Bundle.model_validate(json.loads(out.read_text()))
    kinds = [e.resource.get_resource_type() for e in bundle.entry or []]  # type: ignore[union-attr]
    assert kinds.count("QuestionnaireResponse") == 2 and kinds.count("Observation") == 1


def test_notes_with_crisis_language_return_help_on_save(any_ctx: Context) -> None:
    safety.set_region(any_ctx, "AU")
    saved = service.add_checkin(any_ctx, "shut-down", note="I keep thinking about killing myself")
    assert any("13 11 14" in n for n in saved.notices)
    assert not any("988" in n for n in saved.notices)
    calm = service.add_reflection(
        any_ctx, "How was today?", "Slept well and had tea in the garden."
    )
    assert calm.notices == ()
    idiom = service.add_reflection(any_ctx, "How was today?", "This commute is killing me.")
    assert idiom.notices[:1] != (OPENING,)  # never the full help; at most the gentle form


def test_plan_round_trip_and_region(any_ctx: Context) -> None:
    safety.update_plan(any_ctx, warning_signs=["I stop replying", " "], coping=["Walk"])
    safety.update_plan(any_ctx, coping=["Bath"])
    plan = safety.get_plan(any_ctx).plan
    assert (plan.warning_signs, plan.coping) == (("I stop replying",), ("Bath",))
    assert safety.set_region(any_ctx, "uk") == "GB"
    with pytest.raises(ValidationError):
        safety.set_region(any_ctx, "Narnia")
    safety.clear_plan(any_ctx)
    assert safety.get_plan(any_ctx).plan.empty
