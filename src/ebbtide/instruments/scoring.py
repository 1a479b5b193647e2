"""Scoring an answer set exactly as the instrument's file says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ebbtide.domain.errors import ValidationError
from ebbtide.instruments.model import Instrument, Result


def item_score(ins: Instrument, index: int, value: int | None) -> int | None:
    """The score of one answer: its value, or (min + max - value) for a reverse-keyed item."""
    if value is None:
        return None
    if value not in ins.values:
        raise ValidationError("answers", f"{value} is not an answer to {ins.short_name}")
    if ins.items[index].reverse:
        return min(ins.values) + max(ins.values) - value
    return value


def _prorate(scores: Sequence[int | None], n_items: int) -> int:
    answered = [s for s in scores if s is not None]
    mean = Decimal(sum(answered)) / Decimal(len(answered))
    total = Decimal(sum(answered)) + mean * (n_items - len(answered))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class AlertAnswer:
    """An answer that fired an alert rule: which question, and the answer in words."""

    item: str
    question: str
    answer: str
    kind: str


def alert_answers(ins: Instrument, answers: Sequence[int | None]) -> tuple[AlertAnswer, ...]:
    """The answers that fire the instrument's alert rules (PHQ-9 item 9 above 0)."""
    ids = [i.id for i in ins.items]
    out: list[AlertAnswer] = []
    for a in ins.alerts:
        idx = ids.index(a.item)
        v = answers[idx] if idx < len(answers) else None
        if v is not None and v > a.above:
            out.append(AlertAnswer(a.item, ins.items[idx].text, ins.option(v).label, a.kind))
    return tuple(out)


def score(ins: Instrument, answers: Sequence[int | None]) -> Result:
    """Score answers (values as on the form, None = missing) into a Result."""
    if len(answers) != len(ins.items):
        raise ValidationError(
            "answers",
            f"{ins.short_name} has {len(ins.items)} questions; got {len(answers)} answers",
        )
    scores = tuple(item_score(ins, i, v) for i, v in enumerate(answers))
    missing = sum(1 for s in scores if s is None)
    alerts = tuple(
        a.kind
        for a in ins.alerts
        if (v := answers[[i.id for i in ins.items].index(a.item)]) is not None and v > a.above
    )
    base = dict(
        instrument=ins.code, version=ins.version, answers=tuple(answers), item_scores=scores
    )
    if not ins.scored:
        value = answers[0]
        return Result(
            **base,  # type: ignore[arg-type]
            total=None,
            prorated=False,
            category=ins.option(value).label if value is not None else None,
            alerts=alerts,
            note="" if value is not None else "No answer given.",
        )
    limit = ins.max_missing if ins.missing_rule == "prorate" else 0
    if missing == len(scores) or missing > limit:
        return Result(
            **base,  # type: ignore[arg-type]
            total=None,
            prorated=False,
            subscales={s.id: None for s in ins.subscales},
            alerts=alerts,
            note=f"Too many questions left out to give a total ({missing} of {len(scores)}).",
        )
    prorated = missing > 0
    total = _prorate(scores, len(scores)) if prorated else sum(s for s in scores if s is not None)
    by_id = {item.id: s for item, s in zip(ins.items, scores, strict=True)}
    subscales: dict[str, int | None] = {}
    for sub in ins.subscales:
        parts = [by_id[i] for i in sub.items]
        subscales[sub.id] = (
            None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
        )
    return Result(
        **base,  # type: ignore[arg-type]
        total=total,
        prorated=prorated,
        subscales=subscales,
        band=ins.band_for(total),
        alerts=alerts,
        note=(
            f"{missing} question(s) left out; the total is prorated from the others."
            if prorated
            else ""
        ),
    )
