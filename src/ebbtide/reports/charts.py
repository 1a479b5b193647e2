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
    DayPhase,
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

# One colour, one meaning, on every chart (Okabe & Ito's colour-blind safe palette): a hue
# is never reused for something else, so "orange" always reads "drifting". Kinds of
# relationship are told apart by shape, not by colour. Greys mean "not enough to say".
OKABE_ITO = {
    "bluish green": "#009E73",
    "sky blue": "#56B4E9",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "blue": "#0072B2",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
}
GREY = "#9aa5b1"
PALE_GREY = "#c9ced6"
INK = "#1f2a30"  # marks drawn in the text colour: swapped for INK_DARK in dark mode
INK_DARK = "#e7ecee"
PHASE_COLOURS = {
    "connected": OKABE_ITO["bluish green"],
    "restoring": OKABE_ITO["sky blue"],
    "drifting": OKABE_ITO["orange"],
    "isolated": OKABE_ITO["vermillion"],
    "not-enough-to-say": PALE_GREY,
}
STATE_COLOURS = {
    "connected": OKABE_ITO["bluish green"],  # the same word as the phase: the same colour
    "mobilized": OKABE_ITO["yellow"],
    "shut-down": OKABE_ITO["blue"],
    "fawning": OKABE_ITO["reddish purple"],
}
# Restorative time alone is what "restoring" means on the tide chart; avoidant time alone
# is drawn in the text colour, mixed in grey.
QUALITY_COLOURS = {"restorative": OKABE_ITO["sky blue"], "mixed": GREY, "avoidant": INK}
KIND_SHAPES = {
    "nourishing": "circle",
    "mixed": "diamond",
    "depleting": "triangle-down",
    "not-transforming": "square",
    "too-early": "cross",
}
# The meaning each colour carries, for the test that no colour means two things.
MEANINGS = {
    OKABE_ITO["bluish green"]: "connected",
    OKABE_ITO["sky blue"]: "restoring",
    OKABE_ITO["orange"]: "drifting",
    OKABE_ITO["vermillion"]: "isolated",
    OKABE_ITO["blue"]: "shut down",
    OKABE_ITO["reddish purple"]: "fawning",
    OKABE_ITO["yellow"]: "mobilized",
    PALE_GREY: "not enough to say",
    GREY: "mixed",
    INK: "avoidant time alone, a person, a score, a day with nothing logged",
}
DARK = {INK: INK_DARK}
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
    config = spec.setdefault("config", {})
    config["aria"] = False
    # legends under the chart, three entries a row: they fit a phone's width (a chart's
    # second legend goes above it, so that two never sit side by side)
    legend = config.setdefault("legend", {})
    legend.setdefault("orient", "bottom")
    legend.setdefault("columns", 3)
    spec["data"] = {"values": values}
    spec["description"] = description
    spec["usermeta"] = {"dark": DARK}  # app.js swaps these colours in dark mode
    return spec


def _why(p: DayPhase) -> str:
    if p.away:
        return "Marked as away."
    if p.evidence:
        return p.evidence[0].sentence
    return "Nothing logged that day; the phase carries over." if not p.logged else ""


def tide_chart(report: InsightReport, *, days: int = 365) -> Spec:
    """The year's phases as a calendar heatmap: one square per day, weeks left to right.

    Each day carries its phase, why (the first evidence sentence) and the address of the
    page listing its entries (``/day/YYYY-MM-DD``), which a click or tap opens.
    """
    phases = [p for p in report.phases if p.day > report.as_of - timedelta(days=days)]
    rows = [
        {
            "day": p.day.isoformat(),
            "label": p.day.strftime("%a %d %b %Y"),
            "week": (p.day - timedelta(days=p.day.weekday())).isoformat(),
            "weekday": _WEEKDAYS[p.day.weekday()],
            "phase": PHASE_LABELS.get(p.phase, p.phase),
            "why": _why(p),
            "logged": "logged" if p.logged else "nothing logged",
            "href": f"/day/{p.day.isoformat()}",
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
    tooltip = [
        alt.Tooltip("label:N", title="Day"),
        alt.Tooltip("phase:N", title="Phase"),
        alt.Tooltip("why:N", title="Why"),
        alt.Tooltip("logged:N", title="Entries"),
    ]
    base = alt.Chart().encode(
        x=alt.X(
            "week:O",
            title=None,
            axis=alt.Axis(
                labelExpr="date(datum.value) <= 7 ? timeFormat(toDate(datum.value), '%b') : ''",
                labelAngle=0,
                labelOverlap="greedy",
                labelSeparation=4,
                labelBound=True,
                ticks=False,
                domain=False,
            ),
        ),
        y=alt.Y("weekday:O", title=None, sort=list(_WEEKDAYS), axis=alt.Axis(domain=False)),
        tooltip=tooltip,
    )
    cells = base.mark_rect(cornerRadius=2, aria=False, cursor="pointer").encode(
        color=alt.Color(
            "phase:N",
            title="Phase",
            scale=_scale(PHASE_COLOURS, PHASE_LABELS),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
    )
    # A day without entries keeps the phase it carries over and gets a small dot: the
    # legend shows the same dot (not a faded swatch that could not match the cells).
    dots = (
        base.transform_filter(alt.datum.logged == "nothing logged")
        .mark_point(filled=True, size=8, aria=False, cursor="pointer")
        .encode(
            shape=alt.Shape(
                "logged:N",
                title=None,
                scale=alt.Scale(domain=["nothing logged"], range=["circle"]),
                legend=alt.Legend(orient="top", symbolFillColor=INK, symbolStrokeColor=INK),
            ),
            color=alt.value(INK),
        )
    )
    chart = (cells + dots).properties(width="container", height=150, title="Tide chart")
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


def _labelled(values: list[dict[str, Any]]) -> None:
    """Name the people whose labels would not sit on another's (most contacts first)."""
    kept: list[tuple[float, float]] = []
    for v in sorted(values, key=lambda v: -int(v["contacts"])):
        x, y = float(v["safety"]), float(v["reciprocity"])
        clear = all(abs(x - kx) > 0.9 or abs(y - ky) > 0.3 for kx, ky in kept)
        v["label"] = v["name"] if clear else ""
        if clear:
            kept.append((x, y))


def relationship_map(relationships: Sequence[Relationship]) -> Spec:
    """People placed by felt safety (x) and reciprocity (y), sized by contacts, shaped by kind.

    Names are written beside the points only where they do not overlap another name, and
    not at all on a narrow screen (the list under the chart and the tooltips name everyone).
    """
    values = [
        {
            "name": r.name,
            "kind": KIND_LABELS.get(r.kind, r.kind),
            "safety": r.safety,
            "reciprocity": r.reciprocity,
            "contacts": r.contacts,
            "trend": TREND_LABELS.get(r.trend, r.trend),
            "href": f"/people/{r.person_id}" if r.person_id else "",
        }
        for r in relationships
        if r.safety is not None and r.reciprocity is not None
    ]
    _labelled(values)
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
    points = base.mark_point(filled=True, opacity=0.85, aria=False, color=INK).encode(
        size=alt.Size(
            "contacts:Q",
            title="Contacts",
            scale=alt.Scale(range=[60, 700]),
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
        shape=alt.Shape(
            "kind:N",
            title="Relationship",
            scale=alt.Scale(
                domain=[KIND_LABELS[k] for k in KIND_SHAPES], range=list(KIND_SHAPES.values())
            ),
            legend=alt.Legend(columns=2),  # long labels: two a row fit a phone
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Person"),
            alt.Tooltip("kind:N", title="Reads as"),
            alt.Tooltip("contacts:Q", title="Contacts"),
            alt.Tooltip("trend:N", title="Trend"),
        ],
    )
    names = base.mark_text(align="left", dx=9, dy=-9, fontSize=12, aria=False).encode(
        # names where they fit: not on a phone-width chart (the tooltip and list name them)
        text=alt.condition("width >= 300", alt.Text("label:N"), alt.value(""))
    )
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
                scale=alt.Scale(scheme="greys"),
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
    line = scores.mark_line(color=INK, aria=False)
    points = scores.mark_point(color=INK, filled=True, size=60, aria=False)
    chart = (bands + line + points).properties(width="container", height=220, title="Over time")
    return _shape(chart)


def person_trend_chart(
    name: str, months: Sequence[tuple[date, float | None, float | None]]
) -> Spec:
    """How contact with one person felt, month by month: felt safety and reciprocity (1–5).

    Both lines are drawn in the text colour and told apart by dash and point shape, so the
    chart adds no colour with a meaning of its own.
    """
    values: list[dict[str, Any]] = []
    for month, safety, reciprocity in months:
        for measure, value in (("Felt safe", safety), ("Mutual", reciprocity)):
            if value is not None:
                values.append(
                    {
                        "month": month.isoformat(),
                        "label": month.strftime("%B %Y"),
                        "measure": measure,
                        "value": value,
                    }
                )
    if values:
        last = {v["measure"]: v for v in values}
        latest = "; ".join(
            f"{m.lower()} {v['value']:.1f} in {v['label']}" for m, v in sorted(last.items())
        )
        text = f"How contact with {name} felt over {len(months)} months, out of 5: latest {latest}."
    else:
        text = f"No felt safety or reciprocity logged with {name} yet."
    return _with_data(_person_trend_template(), values, text)


@functools.cache
def _person_trend_template() -> Spec:
    alt = _alt()
    measures = ["Felt safe", "Mutual"]
    base = alt.Chart().encode(
        x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %y", labelOverlap="greedy")),
        y=alt.Y("value:Q", title="Out of 5", scale=alt.Scale(domain=[1, 5])),
        strokeDash=alt.StrokeDash(
            "measure:N",
            title=None,
            scale=alt.Scale(domain=measures, range=[[1, 0], [6, 4]]),
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Month"),
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("value:Q", title="Average", format=".1f"),
        ],
    )
    line = base.mark_line(color=INK, aria=False)
    points = base.mark_point(filled=True, size=50, color=INK, aria=False).encode(
        shape=alt.Shape(
            "measure:N", title=None, scale=alt.Scale(domain=measures, range=["circle", "square"])
        )
    )
    chart = (line + points).properties(width="container", height=200, title="How contact felt")
    return _shape(chart)
