"""A cohort's phase shares over time as a Vega-Lite chart (built with Altair).

Plain data in: the ``periods`` of a cohort summary (``cohort.summary.summarize``). A
suppressed cell (fewer than 11 people) is left out of the chart, not drawn as zero; the
description says how many were left out. Colours are the web app's, one per phase; a
phase the web app has no colour for yet gets a neutral grey.
"""

from __future__ import annotations

from typing import Any

from ebbtide.reports.charts import PHASE_COLOURS, PHASE_LABELS

Spec = dict[str, Any]
OTHER_COLOUR = "#9aa5b1"


def _label(phase: str) -> str:
    return PHASE_LABELS.get(phase, phase.replace("-", " ").capitalize())


def phase_share_chart(summary: dict[str, Any]) -> Spec:
    """Stacked bars: each period's share of person-days in each phase."""
    import altair

    alt: Any = altair

    phases: list[str] = summary["phases"]
    values: list[dict[str, Any]] = []
    hidden = 0
    for row in summary["periods"]:
        for phase in phases:
            share = row["shares"].get(phase)
            if share is None:
                hidden += 1
            elif share > 0:
                values.append({"period": row["period"], "phase": _label(phase), "share": share})
    unit = "Week" if summary["by"] == "week" else "Month"
    scale = alt.Scale(
        domain=[_label(p) for p in phases],
        range=[PHASE_COLOURS.get(p, OTHER_COLOUR) for p in phases],
    )
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X(
                "period:T",
                title=unit,
                timeUnit="yearweek" if unit == "Week" else "yearmonth",  # bars a period wide
                axis=alt.Axis(format="%d %b %Y" if unit == "Week" else "%b %Y"),
            ),
            y=alt.Y(
                "share:Q", stack="zero", title="Share of person-days", axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "phase:N", title="Phase", scale=scale, sort=[_label(p) for p in phases]
            ),
            order=alt.Order("phase_order:Q"),
            tooltip=[
                alt.Tooltip("period:T", title=f"{unit} of", format="%d %b %Y"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("share:Q", title="Share", format=".1%"),
            ],
        )
        .transform_calculate(
            phase_order=" + ".join(
                f"(datum.phase === {_js(_label(p))} ? {i} : 0)" for i, p in enumerate(phases)
            )
            or "0"
        )
        .properties(
            width=720,
            height=280,
            title=f"Phases across the cohort, {unit.lower()} by {unit.lower()}",
        )
    )
    spec: Spec = chart.to_dict()
    if "ebbtide" in summary:  # what made it travels with the chart
        spec["usermeta"] = {"ebbtide": summary["ebbtide"], "parameters": summary["parameters"]}
    spec["description"] = (
        f"Share of person-days in each phase per {unit.lower()}, over {len(summary['periods'])} "
        f"{unit.lower()}s; {hidden} cells describing fewer than {summary['suppressed_below']} "
        "people are left out."
    )
    return spec


def _js(text: str) -> str:
    import json

    return json.dumps(text)
