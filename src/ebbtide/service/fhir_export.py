"""Use case: export assessments (and their questionnaires) as a FHIR R4B Bundle."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ebbtide.domain.timekeeping import day_bounds
from ebbtide.service.assessments import assessment_history
from ebbtide.service.context import Context


def fhir_bundle(ctx: Context, *, since: date | None = None) -> dict[str, Any]:
    """A FHIR collection Bundle: Patient, Questionnaires used, responses and score Observations."""
    from fhir.resources.R4B.resource import Resource

    from ebbtide.instruments import fhir

    start: datetime | None = day_bounds(since, ctx.tz, ctx.day_start_hour)[0] if since else None
    rows = assessment_history(ctx, since=start)
    pat = fhir.patient(ctx.subject)
    pat_url = f"urn:uuid:{pat.id}"
    entries: list[tuple[str, Resource]] = [(pat_url, pat)]
    seen: set[str] = set()
    for a in rows:
        if a.instrument.code not in seen:
            seen.add(a.instrument.code)
            entries.append((fhir.canonical(a.instrument), fhir.questionnaire(a.instrument)))
    for a in rows:
        entries += fhir.assessment_resources(
            a.instrument, a.result, uid=a.uid, at=a.at, subject_ref=pat_url
        )
    out: dict[str, Any] = fhir.bundle(entries, at=ctx.now()).model_dump(
        mode="json", exclude_none=True
    )
    return out


def write_fhir_bundle(ctx: Context, path: Path, *, since: date | None = None) -> int:
    """Write the Bundle atomically to ``path``; return how many assessments it holds."""
    data = fhir_bundle(ctx, since=since)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    from ebbtide.interop.files import atomic_write

    atomic_write(path, text.encode("utf-8"))
    return sum(
        1 for e in data.get("entry", []) if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
