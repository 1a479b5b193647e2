"""Use cases for validated questionnaires: take one, list the history, see the trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ebbtide import instruments
from ebbtide.instruments import Instrument, Result
from ebbtide.service.capture import Saved, moment
from ebbtide.service.context import Context
from ebbtide.store import clinical
from ebbtide.store.clinical import StoredAssessment


@dataclass(frozen=True)
class Assessment:
    """A stored assessment with its instrument and scored result."""

    id: int
    uid: str
    at: datetime
    tz: str
    instrument: Instrument
    result: Result
    stored: StoredAssessment

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output and the web."""
        ins = self.instrument
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "tz": self.tz,
            "instrument": ins.code,
            "name": ins.name,
            "items": [
                {
                    "id": item.id,
                    "text": item.text,
                    "answer": a,
                    "answer_label": ins.option(a).label if a is not None else None,
                    "score": s,
                }
                for item, a, s in zip(
                    ins.items, self.result.answers, self.result.item_scores, strict=True
                )
            ],
            **{
                k: v
                for k, v in self.result.to_dict().items()
                if k not in ("answers", "item_scores", "instrument")
            },
            "range": [ins.min_total, ins.max_total] if ins.scored else None,
            "bands_source": ins.bands_source or None,
        }


def list_instruments() -> list[Instrument]:
    """The questionnaires that can be taken, by code."""
    return [instruments.builtin()[k] for k in sorted(instruments.builtin())]


def get_instrument(code: str) -> Instrument:
    """A questionnaire by code or short name."""
    return instruments.get(code)


def _from_stored(row: StoredAssessment) -> Assessment:
    ins = instruments.get(row.instrument)
    # Re-score from the stored answers: the instrument file is the single source of truth.
    result = instruments.score(ins, row.answers)
    return Assessment(row.id, row.uid, row.at, row.tz, ins, result, row)


def take_assessment(
    ctx: Context,
    code: str,
    answers: Sequence[int | None] | str,
    *,
    when: str | datetime | None = None,
) -> Saved[Assessment]:
    """Score and store an answer set; help notices come back if an alert rule fires."""
    ins = instruments.get(code)
    values = instruments.parse_answers(ins, answers) if isinstance(answers, str) else tuple(answers)
    result = instruments.score(ins, values)
    at = moment(ctx, when)
    row = ctx.write(
        lambda c: clinical.insert_assessment(
            c,
            ctx.subject_id,
            at=at,
            tz=ctx.tz,
            instrument=ins.code,
            answers=list(values),
            total=result.total,
            band=result.band.code if result.band else result.category,
            result=result.to_dict(),
        )
    )
    notices: tuple[str, ...] = ()
    if "crisis" in result.alerts:
        from ebbtide.service.safety import help_notices

        notices = help_notices(ctx, item9=True)
    return Saved(_from_stored(row), notices)


def assessment_history(
    ctx: Context, code: str | None = None, *, since: datetime | None = None
) -> list[Assessment]:
    """Stored assessments oldest first (one instrument, or all)."""
    key = instruments.get(code).code if code else None
    with ctx.store.reading() as conn:
        rows = clinical.list_assessments(conn, ctx.subject_id, instrument=key, since=since)
    return [_from_stored(r) for r in rows if r.instrument in instruments.builtin()]


def get_assessment(ctx: Context, assessment_id: int) -> Assessment:
    """One stored assessment."""
    with ctx.store.reading() as conn:
        return _from_stored(clinical.get_assessment(conn, ctx.subject_id, assessment_id))
