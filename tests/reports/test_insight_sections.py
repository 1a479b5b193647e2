"""The insight sections draw the web app's charts, for the report's period and with names
already reduced when the person asked for initials."""

from __future__ import annotations

import json
from datetime import date, timedelta

from ebbtide.reports import charts
from ebbtide.reports.insight_sections import relationships_section, solitude_section, tide_chart
from ebbtide.reports.redact import Redactor
from tests.web.sample_report import sample_report

AS_OF = date(2026, 11, 21)
REPORT = sample_report(AS_OF, days=120)


def test_tide_chart_is_the_web_chart_for_the_period_with_square_days() -> None:
    start, end = AS_OF - timedelta(days=27), AS_OF - timedelta(days=7)
    chart = tide_chart(REPORT, start, end)
    assert chart is not None
    spec = chart.spec
    web = charts.tide_chart(REPORT)
    assert [layer["encoding"] for layer in spec["layer"]] == [
        layer["encoding"] for layer in web["layer"]
    ]
    days = [v["day"] for v in spec["data"]["values"]]
    assert days == [(start + timedelta(days=i)).isoformat() for i in range(21)]
    weeks = len({v["week"] for v in spec["data"]["values"]})
    assert abs(spec["width"] / weeks - spec["height"] / 7) <= 1
    assert tide_chart(REPORT, AS_OF + timedelta(days=1), AS_OF + timedelta(days=9)) is None


def test_solitude_chart_shows_the_weeks_of_the_period() -> None:
    start = AS_OF - timedelta(days=20)
    section = solitude_section(REPORT, start, AS_OF, Redactor({}))
    (chart,) = section.charts
    expected = [w.week.isoformat() for w in REPORT.solitude_weeks if start <= w.week <= AS_OF]
    assert sorted({v["week"] for v in chart.spec["data"]["values"]}) == expected
    assert chart.spec["encoding"] == charts.solitude_chart(REPORT.solitude_weeks)["encoding"]


def test_relationship_map_gets_names_already_reduced() -> None:
    names = {r.person_id: r.name for r in REPORT.relationships}
    section = relationships_section(REPORT, Redactor(names, initials=True), None)
    (chart,) = section.charts
    text = json.dumps(chart.spec)
    for name in names.values():
        assert name not in text
    assert sorted(v["name"] for v in chart.spec["data"]["values"]) == ["L", "N", "S"]
    web = charts.relationship_map(REPORT.relationships)
    assert [layer["encoding"] for layer in chart.spec["layer"]] == [
        layer["encoding"] for layer in web["layer"]
    ]
