"""The shared renderings: a week as data and as a table, an insight report as data and text."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from ebbtide.cli.render import insights_dict, render_insights, render_week, week_dict
from ebbtide.service import PHASE_LABELS
from ebbtide.service.capture import add_checkin
from ebbtide.service.context import Context
from ebbtide.service.overview import week
from tests.web.sample_report import sample_report

AS_OF = date(2026, 11, 21)


def _a_week(ctx: Context) -> None:
    add_checkin(ctx, "connected", when="2026-11-18 09:00")
    add_checkin(ctx, "connected", when="2026-11-18 19:00")
    add_checkin(ctx, "shut-down", when="2026-11-19 09:00")


def test_the_week_as_data_has_seven_iso_days_and_the_states_counted(ctx: Context) -> None:
    _a_week(ctx)
    data = week_dict(ctx, week(ctx, date(2026, 11, 18)))
    assert (data["start"], data["end"]) == ("2026-11-16", "2026-11-22")
    days = {d["day"]: d for d in data["days"]}
    assert len(days) == 7 and json.loads(json.dumps(data)) == data
    assert days["2026-11-18"]["states"] == {"connected": 2}
    assert days["2026-11-18"]["checkins"] == 2 and not days["2026-11-17"]["logged"]


def test_the_week_table_marks_each_check_in_and_says_what_was_not_logged(
    ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    _a_week(ctx)
    render_week(ctx, week(ctx, date(2026, 11, 18)))
    lines = capsys.readouterr().out.splitlines()
    assert "Week of 16 Nov – 22 Nov 2026" in lines[0]
    row = {line.split()[1]: line for line in lines if line.split()[:1] in (["Wed"], ["Thu"])}
    assert "●●" in row["18"] and "▼" in row["19"] and "●" not in row["19"]
    days = {" ".join(line.split()[:2]): line for line in lines}
    assert "not logged" in days["Tue 17"] and "not logged" not in days["Sun 22"]  # the future
    assert "● connected" in lines[-1] and "▼ shut down" in lines[-1]


def test_the_insights_as_data_carry_the_words_for_their_codes() -> None:
    report = sample_report(AS_OF, days=60)
    data = insights_dict(report)
    assert data["labels"]["phases"] == PHASE_LABELS
    assert len(data["phases"]) == len(report.phases) == 60
    assert report.current is not None and data["current"] == dataclasses.asdict(report.current)


def test_the_insights_text_names_the_day_and_the_people(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = sample_report(AS_OF, days=60)
    render_insights(report)
    out = capsys.readouterr().out
    assert out.startswith("How things look as of Saturday 21 November 2026")
    assert all(r.name in out for r in report.relationships[:12])
    assert "Today:" in out
