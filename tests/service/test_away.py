"""Away periods: stored per subject, carried by export and merged by import, read by the
insights as 'not enough to say'."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ebbtide.domain.errors import ValidationError
from ebbtide.service.away import add_away, list_away
from ebbtide.service.context import Context, open_context
from ebbtide.service.insights import insight_report
from ebbtide.service.transfer import export_json, import_file
from tests.conftest import TZ, fixed_clock


def test_export_carries_away_periods_and_import_merges_them(ctx: Context, tmp_path: Path) -> None:
    add_away(ctx, date(2026, 8, 1), date(2026, 8, 14), "Lisbon")
    export_json(ctx, tmp_path / "mine.json")
    doc = json.loads((tmp_path / "mine.json").read_text())
    other = open_context(str(tmp_path / "other.db"), tz=TZ, clock=fixed_clock)
    try:
        add_away(other, date(2026, 5, 1), date(2026, 5, 3))
        import_file(other, tmp_path / "mine.json")
        import_file(other, tmp_path / "mine.json")  # twice: each period once
        assert [(p.first, p.last, p.note) for p in list_away(other)] == [
            (date(2026, 5, 1), date(2026, 5, 3), ""),
            (date(2026, 8, 1), date(2026, 8, 14), "Lisbon"),
        ]
    finally:
        other.close()
    assert "away_periods" in doc["settings"]


def test_a_history_of_many_holidays_imports(ctx: Context, tmp_path: Path) -> None:
    # Twelve periods are far longer than one ordinary setting may be: each is checked.
    for i in range(12):
        add_away(
            ctx,
            date(2025, 1, 1) + timedelta(days=30 * i),
            date(2025, 1, 5) + timedelta(days=30 * i),
            "trip",
        )
    export_json(ctx, tmp_path / "mine.json")
    assert len(json.loads((tmp_path / "mine.json").read_text())["settings"]["away_periods"]) > 200
    other = open_context(str(tmp_path / "other.db"), tz=TZ, clock=fixed_clock)
    try:
        import_file(other, tmp_path / "mine.json")
        assert len(list_away(other)) == 12
    finally:
        other.close()


def test_an_unreadable_away_list_in_a_file_is_bad_input(ctx: Context, tmp_path: Path) -> None:
    export_json(ctx, tmp_path / "mine.json")
    doc = json.loads((tmp_path / "mine.json").read_text())
    for bad in ("not a list", json.dumps([{"from": "2026-01-05", "to": "2026-01-01"}])):
        doc.setdefault("settings", {})["away_periods"] = bad
        (tmp_path / "bad.json").write_text(json.dumps(doc))
        other = open_context(str(tmp_path / "other.db"), tz=TZ, clock=fixed_clock)
        try:
            with pytest.raises(ValidationError, match="away_periods"):
                import_file(other, tmp_path / "bad.json")
            assert list_away(other) == []
        finally:
            other.close()


def test_days_marked_away_read_as_not_enough_to_say(ctx: Context) -> None:
    from ebbtide.service.capture import add_checkin

    today = ctx.today()
    for i in range(40):
        add_checkin(ctx, "connected", when=f"{40 - i} days ago 9am")
    add_away(ctx, today - timedelta(days=3), today)
    report = insight_report(ctx, days=10)
    marked = {p.day: p for p in report.phases}
    for d in range(4):
        p = marked[today - timedelta(days=d)]
        assert p.away and p.phase == "not-enough-to-say"
        assert "marked this day as away" in p.evidence[0].sentence
