"""FHIR R4B resources for instruments and completed assessments, built and validated with
the ``fhir.resources`` models so an EHR can take them.

- each instrument → a ``Questionnaire`` (canonical ``urn:ebbtide:questionnaire:<code>``);
- each assessment → a ``QuestionnaireResponse`` plus, for scored instruments with a total,
  an ``Observation`` of the total (LOINC-coded where a total code is known) that is
  ``derivedFrom`` the response;
- ``bundle`` wraps them (and a minimal ``Patient`` for the subject) in a collection Bundle.
Every record's ``uid`` (a UUID) becomes its ``urn:uuid:`` full URL, so exports are stable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource

from ebbtide.instruments.model import Instrument, Option, Result

LOINC = "http://loinc.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SUBJECT_SYSTEM = "urn:ebbtide:subject"


def canonical(ins: Instrument) -> str:
    """The canonical URL of an instrument's Questionnaire."""
    return f"urn:ebbtide:questionnaire:{ins.code}"


def _full_url(uid: str) -> str:
    return f"urn:uuid:{uuid.UUID(hex=uid)}"


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _answer_coding(ins: Instrument, opt: Option) -> dict[str, Any]:
    if opt.loinc:
        return {"system": LOINC, "code": opt.loinc, "display": opt.label}
    return {
        "system": f"urn:ebbtide:answers:{ins.code}",
        "code": str(opt.value),
        "display": opt.label,
    }


def questionnaire(ins: Instrument) -> Questionnaire:
    """The instrument as a FHIR Questionnaire."""
    items: list[dict[str, Any]] = []
    for item in ins.items:
        entry: dict[str, Any] = {
            "linkId": item.id,
            "text": item.text,
            "type": "choice",
            "required": ins.missing_rule == "complete",
            "answerOption": [
                {
                    "valueCoding": _answer_coding(ins, o),
                    **(
                        {"extension": [{"url": ORDINAL, "valueDecimal": o.value}]}
                        if ins.scored
                        else {}
                    ),
                }
                for o in ins.options
            ],
        }
        if item.loinc:
            entry["code"] = [{"system": LOINC, "code": item.loinc}]
        items.append(entry)
    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": ins.code,
        "url": canonical(ins),
        "version": ins.version,
        "name": "".join(ch for ch in ins.short_name.title() if ch.isalnum()) or "Instrument",
        "title": ins.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"{ins.preamble}\n\nSource: {ins.citation}",
        "copyright": ins.licence,
        "item": items,
    }
    if ins.loinc_panel:
        data["code"] = [{"system": LOINC, "code": ins.loinc_panel}]
    return Questionnaire.model_validate(data)


def questionnaire_response(
    ins: Instrument, result: Result, *, uid: str, authored: datetime, subject_ref: str
) -> QuestionnaireResponse:
    """One completed assessment as a QuestionnaireResponse."""
    items: list[dict[str, Any]] = []
    for item, value in zip(ins.items, result.answers, strict=True):
        entry: dict[str, Any] = {"linkId": item.id, "text": item.text}
        if value is not None:
            entry["answer"] = [{"valueCoding": _answer_coding(ins, ins.option(value))}]
        items.append(entry)
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(uuid.UUID(hex=uid)),
            "identifier": {"system": "urn:ebbtide:assessment", "value": uid},
            "questionnaire": f"{canonical(ins)}|{ins.version}",
            "status": "completed",
            "subject": {"reference": subject_ref},
            "authored": _instant(authored),
            "item": items,
        }
    )


def observation(
    ins: Instrument,
    result: Result,
    *,
    uid: str,
    at: datetime,
    subject_ref: str,
    response_ref: str,
) -> Observation | None:
    """The total score as an Observation derived from the response (None without a total)."""
    if not ins.scored or result.total is None:
        return None
    code: dict[str, Any] = {"text": f"{ins.short_name} total score"}
    if ins.loinc_total:
        code["coding"] = [
            {
                "system": LOINC,
                "code": ins.loinc_total,
                "display": ins.loinc_total_display or code["text"],
            }
        ]
    data: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(uuid.UUID(hex=uid), "total")),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": code,
        "subject": {"reference": subject_ref},
        "effectiveDateTime": _instant(at),
        "valueInteger": result.total,
        "derivedFrom": [{"reference": response_ref}],
    }
    notes = []
    if result.band is not None:
        data["interpretation"] = [{"text": result.band.label}]
    if result.prorated:
        notes.append({"text": result.note})
    if notes:
        data["note"] = notes
    return Observation.model_validate(data)


def patient(subject_code: str) -> Patient:
    """A minimal Patient standing for the ebbtide subject (no name, just the code)."""
    return Patient.model_validate(
        {
            "resourceType": "Patient",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SUBJECT_SYSTEM}:{subject_code}")),
            "identifier": [{"system": SUBJECT_SYSTEM, "value": subject_code}],
        }
    )


def assessment_resources(
    ins: Instrument, result: Result, *, uid: str, at: datetime, subject_ref: str
) -> list[tuple[str, Resource]]:
    """(fullUrl, resource) for one assessment: the response and, if scored, its Observation."""
    qr_url = _full_url(uid)
    out: list[tuple[str, Resource]] = [
        (qr_url, questionnaire_response(ins, result, uid=uid, authored=at, subject_ref=subject_ref))
    ]
    obs = observation(ins, result, uid=uid, at=at, subject_ref=subject_ref, response_ref=qr_url)
    if obs is not None:
        out.append((f"urn:uuid:{obs.id}", obs))
    return out


def bundle(entries: Iterable[tuple[str, Resource]], *, at: datetime) -> Bundle:
    """A collection Bundle of (fullUrl, resource) entries."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": _instant(at),
            "entry": [
                {"fullUrl": url, "resource": res.model_dump(mode="json", exclude_none=True)}
                for url, res in entries
            ],
        }
    )
