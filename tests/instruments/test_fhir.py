"""FHIR resources parse back through the R4B models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from ebbtide import instruments
from ebbtide.instruments import fhir

AT = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
UID = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("code", sorted(instruments.builtin()))
def test_questionnaire_round_trips(code: str) -> None:
    ins = instruments.get(code)
    q = fhir.questionnaire(ins)
    back = Questionnaire.model_validate_json(q.model_dump_json())
    assert [i.linkId for i in back.item or []] == [i.id for i in ins.items]
    assert back.url == f"urn:ebbtide:questionnaire:{code}"


def test_phq9_response_and_observation() -> None:
    ins = instruments.get("phq9")
    result = instruments.score(ins, [1, 2, 3, 0, 1, 2, 3, 0, None])
    res = fhir.assessment_resources(ins, result, uid=UID, at=AT, subject_ref="urn:uuid:x")
    (qr_url, qr), (_, obs) = res
    qr2 = QuestionnaireResponse.model_validate_json(qr.model_dump_json())
    obs2 = Observation.model_validate_json(obs.model_dump_json())
    assert qr2.status == "completed" and qr2.questionnaire == "urn:ebbtide:questionnaire:phq9|1"
    assert qr2.item[0].answer[0].valueCoding.code == "LA6569-3"  # type: ignore[index,union-attr]
    assert qr2.item[8].answer is None  # type: ignore[index]
    assert obs2.code.coding[0].code == "44261-6"  # type: ignore[index]
    assert obs2.valueInteger == result.total == 14
    assert obs2.derivedFrom[0].reference == qr_url  # type: ignore[index]


def test_categorical_answer_has_no_observation() -> None:
    ins = instruments.get("ons-lonely")
    res = fhir.assessment_resources(
        ins, instruments.score(ins, [2]), uid=UID, at=AT, subject_ref="urn:uuid:x"
    )
    assert [type(r).__name__ for _, r in res] == ["QuestionnaireResponse"]


def test_bundle_round_trips() -> None:
    ins = instruments.get("ucla3")
    entries = fhir.assessment_resources(
        ins, instruments.score(ins, [1, 2, 3]), uid=UID, at=AT, subject_ref="urn:uuid:x"
    )
    b = fhir.bundle([("urn:ebbtide:questionnaire:ucla3", fhir.questionnaire(ins)), *entries], at=AT)
    back = Bundle.model_validate_json(b.model_dump_json())
    assert [e.resource.get_resource_type() for e in back.entry or []] == [  # type: ignore[union-attr]
        "Questionnaire",
        "QuestionnaireResponse",
        "Observation",
    ]
