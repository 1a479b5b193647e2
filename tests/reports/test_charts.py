"""The chart specs: valid Vega-Lite, fixed colours, data and descriptions true to the input."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from ebbtide.insights.model import PHASES
from ebbtide.reports import charts
from tests.web.sample_report import sample_report

AS_OF = date(2026, 11, 21)


def _values(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["data"]["values"])


def _validate(spec: dict[str, Any]) -> None:
    import altair as alt

    alt.Chart.from_dict(spec) if "layer" not in spec else alt.LayerChart.from_dict(spec)


def test_tide_chart_has_one_square_per_day_and_fixed_phase_colours() -> None:
    report = sample_report(AS_OF, days=120)
    spec = charts.tide_chart(report)
    _validate(spec)
    rows = _values(spec)
    assert len(rows) == 120
    assert rows[-1]["day"] == "2026-11-21" and rows[-1]["weekday"] == "Sat"
    assert rows[-1]["week"] == "2026-11-16"
    cells, dots = spec["layer"]
    scale = cells["encoding"]["color"]["scale"]
    assert scale["domain"] == [charts.PHASE_LABELS[p] for p in PHASES]
    assert scale["range"] == [charts.PHASE_COLOURS[p] for p in PHASES]
    # days without entries carry a dot, and the legend shows that same dot
    assert dots["transform"] == [{"filter": "(datum.logged === 'nothing logged')"}]
    assert dots["encoding"]["shape"]["scale"]["domain"] == ["nothing logged"]
    assert rows[-1]["href"] == "/day/2026-11-21"
    assert rows[-1]["label"] == "Sat 21 Nov 2026" and rows[-1]["why"]
    assert spec["description"] == (
        "Daily phases over the last 120 days: 48 connected, 24 restoring, 24 drifting, 24 isolated."
    )
    unlogged = sum(1 for p in report.phases if not p.logged)
    assert sum(1 for r in rows if r["logged"] == "nothing logged") == unlogged


def test_tide_chart_keeps_only_the_last_year() -> None:
    spec = charts.tide_chart(sample_report(AS_OF, days=400))
    assert len(_values(spec)) == 365


def _colours(spec: dict[str, Any]) -> dict[str, str]:
    """Colour → the label it stands for, over every colour scale of a spec."""
    out: dict[str, str] = {}
    for part in (spec, *spec.get("layer", ())):
        scale = part.get("encoding", {}).get("color", {}).get("scale")
        if scale and "range" in scale:
            out.update(zip(scale["range"], scale["domain"], strict=True))
    return out


def test_each_colour_means_one_thing_across_every_chart() -> None:
    report = sample_report(AS_OF)
    specs = [
        charts.tide_chart(report),
        charts.state_mix_chart([(date(2026, 11, 9), "connected", 3)]),
        charts.solitude_chart(report.solitude_weeks),
        charts.relationship_map(report.relationships),
    ]
    seen: dict[str, set[str]] = {}
    for spec in specs:
        for colour, label in _colours(spec).items():
            seen.setdefault(colour.lower(), set()).add(label.lower())
    # "Restoring" on the tide chart is what "restorative" time alone means
    alias = {"restorative": "restoring"}
    meanings = {c: {alias.get(x, x) for x in labels} for c, labels in seen.items()}
    assert {c: m for c, m in meanings.items() if len(m) > 1} == {}
    okabe_ito = {c.lower() for c in charts.OKABE_ITO.values()}
    greys = {charts.GREY.lower(), charts.PALE_GREY.lower(), charts.INK.lower()}
    assert set(meanings) <= okabe_ito | greys  # colour-blind safe hues only
    # relationships are told apart by shape, so they add no colour at all
    assert "color" not in charts.relationship_map(report.relationships)["layer"][0]["encoding"]


def test_relationship_names_do_not_sit_on_each_other() -> None:
    report = sample_report(AS_OF)
    close = [
        dataclasses.replace(report.relationships[0], name=f"P{i}", safety=3.0, reciprocity=3.0)
        for i in range(3)
    ]
    values = _values(charts.relationship_map(close))
    assert sorted(v["label"] for v in values) == ["", "", "P0"]


def test_state_mix_chart() -> None:
    rows = [(date(2026, 11, 9), "connected", 3), (date(2026, 11, 16), "shut-down", 2)]
    spec = charts.state_mix_chart(rows)
    _validate(spec)
    assert _values(spec) == [
        {"week": "2026-11-09", "state": "Connected", "count": 3},
        {"week": "2026-11-16", "state": "Shut down", "count": 2},
    ]
    assert spec["description"] == "Check-in states per week; in total 3 connected, 2 shut down."
    assert spec["encoding"]["y"]["stack"] == "normalize"


def test_solitude_chart_counts_each_quality() -> None:
    report = sample_report(AS_OF)
    spec = charts.solitude_chart(report.solitude_weeks, last=4)
    _validate(spec)
    values = _values(spec)
    assert len(values) == 4 * 3
    shown = report.solitude_weeks[-4:]
    rest = sum(w.restorative for w in shown)
    avoid = sum(w.avoidant for w in shown)
    assert f"{rest} restorative and {avoid} avoidant" in spec["description"]
    assert sum(v["episodes"] for v in values if v["quality"] == "avoidant") == avoid


def test_relationship_map_places_people_with_enough_data() -> None:
    report = sample_report(AS_OF)
    unknown = dataclasses.replace(report.relationships[0], name="New", safety=None)
    spec = charts.relationship_map((*report.relationships, unknown))
    _validate(spec)
    assert all("data" not in layer for layer in spec["layer"])  # both layers see the people
    assert "datasets" not in spec
    names = [v["name"] for v in _values(spec)]
    assert names == ["Lea", "Sam", "Noor"]
    assert spec["description"] == (
        "People by felt safety and reciprocity: 1 nourishing, 1 mixed, 1 not transforming."
    )


@pytest.mark.parametrize("empty", [(), []])
def test_charts_accept_empty_input(empty: Any) -> None:
    assert _values(charts.state_mix_chart(empty)) == []
    assert _values(charts.solitude_chart(empty)) == []
    assert "nobody yet" in charts.relationship_map(empty)["description"]


def test_assessment_chart_plots_totals_over_the_bands() -> None:
    from datetime import UTC, datetime

    from ebbtide.instruments import get

    ins = get("phq9")
    points = [(datetime(2026, 10, 1, 9, tzinfo=UTC), 14), (datetime(2026, 11, 1, 9, tzinfo=UTC), 6)]
    spec = charts.assessment_chart(ins, points)
    _validate(spec)
    values = _values(spec)
    bands = [v for v in values if v["layer"] == "band"]
    assert [(b["lo"], b["hi"]) for b in bands] == [(b.min, b.max) for b in ins.bands]
    scores = [(v["day"], v["total"]) for v in values if v["layer"] == "score"]
    assert scores == [("2026-10-01", 14), ("2026-11-01", 6)]
    band = ins.band_for(6)
    assert band is not None and spec["description"].endswith(f"The latest is 6 ({band.label}).")
    assert "2 times taken" in spec["description"]
