"""Vega-Lite chart specs (built with Altair) for the insights: pure functions, plain data in.

The same specs are drawn by vega-embed in the web app and rendered to images for static
reports, so they carry their own description (read by screen readers), fixed colour
domains (a phase always has the same colour) and no data beyond what they show.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ebbtide.domain import vocab
from ebbtide.insights.model import (
    PHASES,
    RELATIONSHIP_KINDS,
    SOLITUDE_QUALITIES,
    InsightReport,
    Relationship,
    SolitudeWeek,
)
from ebbtide.insights.words import KIND_LABELS as KIND_LABELS
from ebbtide.insights.words import PHASE_LABELS as PHASE_LABELS
from ebbtide.insights.words import TREND_LABELS
from ebbtide.instruments.model import Instrument

Spec = dict[str, Any]

# Building a chart with Altair costs ~70 ms (it validates as it goes), too slow for every
# page view; so each chart's shape is built once per process, without data, and each call
# adds its rows to a copy.

# Calm colours that keep AA contrast against both the light and the dark background.
PHASE_COLOURS = {
    "connected": "#2f8f83",
    "restoring": "#7fb8d8",
    "drifting": "#d9a441",
    "isolated": "#b4546a",
    "not-enough-to-say": "#c9ced6",
}
STATE_COLOURS = {
    "connected": "#2f8f83",
    "mobilized": "#d9a441",
    "shut-down": "#6b7fb3",
    "fawning": "#b4546a",
}
QUALITY_COLOURS = {"restorative": "#2f8f83", "mixed": "#9aa5b1", "avoidant": "#b4546a"}
KIND_COLOURS = {
    "nourishing": "#2f8f83",
    "mixed": "#9aa5b1",
    "depleting": "#d9a441",
    "not-transforming": "#b4546a",
    "too-early": "#c9ced6",
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _alt() -> Any:
    import altair as alt

    return alt


def _scale(colours: dict[str, str], labels: dict[str, str] | None = None) -> Any:
    alt = _alt()
    domain = list(labels[c] for c in colours) if labels else list(colours)
    return alt.Scale(domain=domain, range=list(colours.values()))


def _shape(chart: Any) -> Spec:
    """A chart's spec without data: Altair's placeholder dataset is taken out everywhere."""
    spec: Spec = chart.to_dict()
    spec.pop("datasets", None)
    for part in (spec, *spec.get("layer", ())):
        if part.get("data") == {"name": "empty"}:
            del part["data"]
    return spec


def _with_data(template: Spec, values: list[dict[str, Any]], description: str) -> Spec:
    """A fresh spec: the cached chart shape plus this call's data and description."""
    spec = copy.deepcopy(template)
    # The chart as a whole is one image described in words; its marks and axes are hidden
    # from screen readers (the page lists the same facts as text).
    spec.setdefault("config", {})["aria"] = False
    spec["data"] = {"values": values}
    spec["description"] = description
    return spec


def tide_chart(report: InsightReport, *, days: int = 365) -> Spec:
    """The year's phases as a calendar heatmap: one square per day, weeks left to right."""
    phases = [p for p in report.phases if p.day > report.as_of - timedelta(days=days)]
    rows = [
        {
            "day": p.day.isoformat(),
            "week": (p.day - timedelta(days=p.day.weekday())).isoformat(),
            "weekday": _WEEKDAYS[p.day.weekday()],
            "phase": PHASE_LABELS.get(p.phase, p.phase),
            "logged": "logged" if p.logged else "nothing logged",
        }
        for p in phases
    ]
    counts = {
        PHASE_LABELS[k]: sum(1 for r in rows if r["phase"] == PHASE_LABELS[k]) for k in PHASES
    }
    summary = ", ".join(f"{n} {label.lower()}" for label, n in counts.items() if n) or "none"
    return _with_data(
        _tide_template(), rows, f"Daily phases over the last {len(rows)} days: {summary}."
    )


@functools.cache
def _tide_template() -> Spec:
    alt = _alt()
    chart = (
        alt.Chart()
        .mark_rect(cornerRadius=2, aria=False)
        .encode(
            x=alt.X(
                "week:O",
                title=None,
                axis=alt.Axis(
                    labelExpr="date(datum.value) <= 7 ? timeFormat(toDate(datum.value), '%b') : ''",
                    labelAngle=0,
                    ticks=False,
                    domain=False,
                ),
            ),
            y=alt.Y("weekday:O", title=None, sort=list(_WEEKDAYS), axis=alt.Axis(domain=False)),
            color=alt.Color("phase:N", title="Phase", scale=_scale(PHASE_COLOURS, PHASE_LABELS)),
            opacity=alt.Opacity(
                "logged:N",
                title="Logging",
                sort=["logged", "nothing logged"],
                scale=alt.Scale(domain=["logged", "nothing logged"], range=[1.0, 0.45]),
            ),
            tooltip=[
                alt.Tooltip("day:N", title="Day"),
                alt.Tooltip("phase:N", title="Phase"),
                alt.Tooltip("logged:N", title="Logging"),
            ],
        )
        .properties(width="container", height=150, title="Tide chart")
    )
    return _shape(chart)


def state_mix_chart(rows: Sequence[tuple[date, str, int]]) -> Spec:
    """Check-in states per week, as stacked bars of shares (week, state code, count)."""
    labels = {s.code: s.label for s in vocab.STATES}
    values: list[dict[str, Any]] = [
        {"week": w.isoformat(), "state": labels.get(s, s), "count": n} for w, s, n in rows
    ]
    totals: dict[str, int] = {}
    for _w, s, n in rows:
        totals[labels.get(s, s)] = totals.get(labels.get(s, s), 0) + n
    summary = ", ".join(f"{n} {s.lower()}" for s, n in totals.items()) or "no check-ins"
    return _with_data(
        _state_mix_template(), values, f"Check-in states per week; in total {summary}."
    )


@functools.cache
def _state_mix_template() -> Spec:
    alt = _alt()
    labels = {s.code: s.label for s in vocab.STATES}
    chart = (
        alt.Chart()
        .mark_bar(aria=False)
        .encode(
            x=alt.X("week:T", title=None, timeUnit="yearweek", axis=alt.Axis(format="%d %b")),
            y=alt.Y(
                "count:Q", stack="normalize", title="Share of check-ins", axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "state:N",
                title="State",
                scale=_scale(STATE_COLOURS, labels),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week of", format="%d %b %Y"),
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("count:Q", title="Check-ins"),
            ],
        )
        .properties(width="container", height=180, title="States week by week")
    )
    return _shape(chart)


def solitude_chart(weeks: Sequence[SolitudeWeek], *, last: int = 26) -> Spec:
    """Restorative, mixed and avoidant solitude episodes per week."""
    shown = list(weeks)[-last:]
    values = [
        {"week": w.week.isoformat(), "quality": q, "episodes": getattr(w, q)}
        for w in shown
        for q in SOLITUDE_QUALITIES
    ]
    rest = sum(w.restorative for w in shown)
    avoid = sum(w.avoidant for w in shown)
    return _with_data(
        _solitude_template(),
        values,
        f"Solitude per week over {len(shown)} weeks: {rest} restorative and {avoid} avoidant "
        "episodes.",
    )


@functools.cache
def _solitude_template() -> Spec:
    alt = _alt()
    chart = (
        alt.Chart()
        .mark_bar(aria=False)
        .encode(
            x=alt.X("week:T", title=None, timeUnit="yearweek", axis=alt.Axis(format="%d %b")),
            y=alt.Y("episodes:Q", title="Episodes", stack="zero"),
            color=alt.Color(
                "quality:N",
                title="Time alone",
                scale=_scale(QUALITY_COLOURS),
                sort=list(SOLITUDE_QUALITIES),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week of", format="%d %b %Y"),
                alt.Tooltip("quality:N", title="Quality"),
                alt.Tooltip("episodes:Q", title="Episodes"),
            ],
        )
        .properties(width="container", height=180, title="Time alone, week by week")
    )
    return _shape(chart)


def relationship_map(relationships: Sequence[Relationship]) -> Spec:
    """People placed by felt safety (x) and reciprocity (y), sized by contacts, coloured by kind."""
    values = [
        {
            "name": r.name,
            "kind": KIND_LABELS.get(r.kind, r.kind),
            "safety": r.safety,
            "reciprocity": r.reciprocity,
            "contacts": r.contacts,
            "trend": TREND_LABELS.get(r.trend, r.trend),
        }
        for r in relationships
        if r.safety is not None and r.reciprocity is not None
    ]
    kinds = {k: sum(1 for v in values if v["kind"] == KIND_LABELS[k]) for k in RELATIONSHIP_KINDS}
    summary = (
        ", ".join(f"{n} {KIND_LABELS[k].lower()}" for k, n in kinds.items() if n) or "nobody yet"
    )
    return _with_data(
        _relationship_template(), values, f"People by felt safety and reciprocity: {summary}."
    )


@functools.cache
def _relationship_template() -> Spec:
    alt = _alt()
    base = alt.Chart().encode(
        x=alt.X("safety:Q", title="Felt safety (1–5)", scale=alt.Scale(domain=[1, 5])),
        y=alt.Y("reciprocity:Q", title="Reciprocity (1–5)", scale=alt.Scale(domain=[1, 5])),
    )
    points = base.mark_circle(opacity=0.85, aria=False).encode(
        size=alt.Size("contacts:Q", title="Contacts", scale=alt.Scale(range=[60, 900])),
        color=alt.Color("kind:N", title="Relationship", scale=_scale(KIND_COLOURS, KIND_LABELS)),
        tooltip=[
            alt.Tooltip("name:N", title="Person"),
            alt.Tooltip("kind:N", title="Reads as"),
            alt.Tooltip("contacts:Q", title="Contacts"),
            alt.Tooltip("trend:N", title="Trend"),
        ],
    )
    names = base.mark_text(align="left", dx=9, dy=-9, fontSize=12, aria=False).encode(text="name:N")
    chart = (points + names).properties(width="container", height=300, title="Relationship map")
    return _shape(chart)


def assessment_chart(ins: Instrument, points: Sequence[tuple[datetime, int]]) -> Spec:
    """One questionnaire's totals over time, drawn over its published bands."""
    bands = [
        {"layer": "band", "band": b.label, "lo": b.min, "hi": b.max, "order": i}
        for i, b in enumerate(ins.bands)
    ]
    scores = [
        {"layer": "score", "day": at.date().isoformat(), "total": total}
        for at, total in sorted(points)
    ]
    if points:
        last = max(points)[1]
        band = ins.band_for(last)
        latest = f" The latest is {last}" + (f" ({band.label})." if band else ".")
    else:
        latest = ""
    return _with_data(
        _assessment_template(),
        bands + scores,
        f"{ins.short_name} totals, {len(scores)} times taken, on a scale of "
        f"{ins.min_total} to {ins.max_total}.{latest}",
    )


@functools.cache
def _assessment_template() -> Spec:
    alt = _alt()
    base = alt.Chart()
    y_scale = alt.Scale(zero=False, nice=False)
    bands = (
        base.transform_filter(alt.datum.layer == "band")
        .mark_rect(opacity=0.22, aria=False)
        .encode(
            y=alt.Y("lo:Q", title="Total", scale=y_scale),
            y2="hi:Q",
            color=alt.Color(
                "band:N",
                title="Band",
                sort=alt.EncodingSortField("order"),
                scale=alt.Scale(scheme="tealblues"),
            ),
        )
    )
    scores = base.transform_filter(alt.datum.layer == "score").encode(
        x=alt.X("day:T", title=None, axis=alt.Axis(format="%d %b %Y")),
        y=alt.Y("total:Q", scale=y_scale),
        tooltip=[
            alt.Tooltip("day:T", title="Day", format="%d %b %Y"),
            alt.Tooltip("total:Q", title="Total"),
        ],
    )
    # Separate point marks: a line's own point overlay would not take aria=False.
    line = scores.mark_line(color="#1f6f66", aria=False)
    points = scores.mark_point(color="#1f6f66", filled=True, size=60, aria=False)
    chart = (bands + line + points).properties(width="container", height=220, title="Over time")
    return _shape(chart)
