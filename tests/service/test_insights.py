"""The insight_report use case over a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from ebbtide.demo import generate
from ebbtide.domain.errors import ValidationError
from ebbtide.insights.model import PHASES
from ebbtide.service.context import Context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.insights import insight_report


def test_report_over_a_seeded_demo_history(any_ctx: Context) -> None:
    h = generate("story", days=120, end=any_ctx.today(), tz=any_ctx.tz)
    seed_history(any_ctx, h)
    report = insight_report(any_ctx, days=60)
    assert report.as_of == any_ctx.today()
    assert len(report.phases) == 60
    assert {p.phase for p in report.phases} <= set(PHASES)
    names = {r.name for r in report.relationships}
    assert names <= {n for n, _ in h.people}
    assert "Mara" in names
    assert report.pacing.next_step is not None


def test_empty_history_still_reads_gently(ctx: Context) -> None:
    report = insight_report(ctx, as_of=date(2026, 11, 1), days=7)
    assert [p.phase for p in report.phases] == ["connected"] * 7
    assert all(p.evidence for p in report.phases)
    assert report.relationships == ()


def test_days_out_of_range_is_refused(ctx: Context) -> None:
    with pytest.raises(ValidationError):
        insight_report(ctx, days=0)
