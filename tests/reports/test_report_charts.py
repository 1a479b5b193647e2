"""Preparing the web app's chart specs for print, and rendering them offline."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from ebbtide.reports import charts
from ebbtide.reports.report_charts import FONT, for_print, render_svg
from tests.web.sample_report import sample_report

AS_OF = date(2026, 11, 21)


def _web_specs() -> dict[str, dict[str, Any]]:
    report = sample_report(AS_OF, days=60)
    return {
        "tide": charts.tide_chart(report),
        "states": charts.state_mix_chart(
            [(date(2026, 11, 9), "connected", 3), (date(2026, 11, 16), "fawning", 1)]
        ),
        "solitude": charts.solitude_chart(report.solitude_weeks),
        "relationships": charts.relationship_map(report.relationships),
    }


@pytest.mark.parametrize("name", ["tide", "states", "solitude", "relationships"])
def test_for_print_only_sizes_and_styles_the_web_spec(name: str) -> None:
    web = _web_specs()[name]
    before = copy.deepcopy(web)
    printed = for_print(web, 300, 120)
    assert web == before  # the web's spec is left as it was
    assert "container" not in json.dumps(printed)
    assert (printed["width"], printed["height"]) == (300, 120)
    assert printed["background"] == "white"
    assert printed["config"]["font"] == FONT
    assert printed["config"]["aria"] is False  # the web's own config is kept
    assert "title" not in printed  # the report's caption carries it
    # what the chart shows is the web's, untouched; only legends move under the chart
    for key in ("data", "description", "mark"):
        assert printed.get(key) == web.get(key), key
    assert _placed(printed) == _placed(web)
    assert "'orient': 'top'" not in str(printed.get("layer", printed.get("encoding")))


def _placed(spec: dict[str, Any]) -> Any:
    """A spec's encodings and layers, with where each legend sits left out."""
    text = json.dumps({k: spec.get(k) for k in ("encoding", "layer")})
    return json.loads(text.replace('"orient": "top", ', "").replace(', "orient": "top"', ""))


def test_printed_web_charts_render_to_svg_offline() -> None:
    for name, web in _web_specs().items():
        svg = render_svg(for_print(web, 300, 120))
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>"), name
        assert FONT in svg, name
    people = render_svg(for_print(_web_specs()["relationships"], 300, 120))
    assert all(f">{name}<" in people for name in ("Lea", "Sam", "Noor"))
