"""Vega-Lite chart specs for reports (built with Altair) and their offline rendering to SVG.

Specs are plain dicts, so a web page can hand the same spec to vega-embed; reports render
them with vl-convert (no browser, no network). Colours are calm on purpose: drifting and
isolation are shown in muted tones, never alarm red.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FONT = "DejaVu Sans"
STATE_COLOURS = {
    "Connected": "#3f8f80",
    "Mobilized": "#d99a4e",
    "Shut down": "#7b82ad",
    "Fawning": "#b98bb0",
}
PHASE_COLOURS = {
    "Connected": "#2f8f83",
    "Restoring": "#8db37a",
    "Drifting": "#dcb85a",
    "Isolated": "#8e6f99",
}
SOLITUDE_COLOURS = {"Restorative": "#5c9e7c", "Mixed": "#c9c1a5", "Avoidant": "#b07f6a"}
KIND_COLOURS = {
    "Nourishing": "#3f8f80",
    "Mixed": "#c4a85c",
    "Depleting": "#a8756a",
    "Not transforming": "#7b6d8d",
}

Rows = Sequence[dict[str, Any]]


def _config(spec: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    spec["width"] = width
    spec["height"] = height
    spec["config"] = {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 9, "titleFontSize": 10, "grid": False},
        "legend": {"labelFontSize": 9, "titleFontSize": 10, "orient": "bottom"},
        "title": {"fontSize": 11, "anchor": "start"},
    }
    spec["background"] = "white"
    return spec


def _data(rows: Rows) -> Any:
    import altair as alt

    return alt.Data(values=list(rows))  # type: ignore[no-untyped-call]


def _scale(colours: dict[str, str]) -> Any:
    import altair as alt

    return alt.Scale(domain=list(colours), range=list(colours.values()))


def state_mix_spec(rows: Rows, *, width: int = 460, height: int = 150) -> dict[str, Any]:
    """Weekly share of check-in states; rows: week (ISO day), state (label), count."""
    import altair as alt

    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("yearweek(week):T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
            y=alt.Y(
                "count:Q", stack="normalize", title="share of check-ins", axis=alt.Axis(format="%")
            ),
            color=alt.Color("state:N", scale=_scale(STATE_COLOURS), title=None),
            order=alt.Order("order:Q"),
        )
    )
    return _config(chart.to_dict(), width, height)


def tide_spec(rows: Rows, *, width: int = 460, height: int = 110) -> dict[str, Any]:
    """Daily drift phases as a tide; rows: day (ISO), phase (label), level (1-4), logged."""
    import altair as alt

    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonthdate(day):T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)
            ),
            y=alt.Y(
                "level:Q",
                title=None,
                scale=alt.Scale(domain=[0, 4]),
                axis=alt.Axis(
                    values=[1, 2, 3, 4],
                    labelExpr="['', 'isolated', 'drifting', 'restoring', 'connected'][datum.value]",
                ),
            ),
            color=alt.Color("phase:N", scale=_scale(PHASE_COLOURS), title=None),
            opacity=alt.Opacity(
                "logged:N", scale=alt.Scale(domain=["yes", "no"], range=[1.0, 0.35]), legend=None
            ),
        )
    )
    return _config(chart.to_dict(), width, height)


def solitude_spec(rows: Rows, *, width: int = 460, height: int = 150) -> dict[str, Any]:
    """Per week, restorative episodes upward and avoidant ones downward."""
    import altair as alt

    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("yearweek(week):T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
            y=alt.Y("signed:Q", title="episodes (avoidant below)"),
            color=alt.Color("quality:N", scale=_scale(SOLITUDE_COLOURS), title=None),
        )
    )
    return _config(chart.to_dict(), width, height)


def relationship_map_spec(rows: Rows, *, width: int = 440, height: int = 260) -> dict[str, Any]:
    """People by felt safety (x) and reciprocity (y); size = contacts, colour = kind."""
    import altair as alt

    base = alt.Chart(_data(rows)).encode(
        x=alt.X("safety:Q", title="felt safety (1-5)", scale=alt.Scale(domain=[1, 5])),
        y=alt.Y("reciprocity:Q", title="reciprocity (1-5)", scale=alt.Scale(domain=[1, 5])),
    )
    points = base.mark_circle(opacity=0.85).encode(
        size=alt.Size("contacts:Q", title="contacts", scale=alt.Scale(range=[40, 600])),
        color=alt.Color("kind:N", scale=_scale(KIND_COLOURS), title=None),
    )
    labels = base.mark_text(dy=-12, fontSize=9).encode(text="label:N")
    return _config(alt.layer(points, labels).to_dict(), width, height)


def render_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec to a standalone SVG string, offline."""
    import vl_convert as vlc

    svg: str = vlc.vegalite_to_svg(spec)
    return svg
