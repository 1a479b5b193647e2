"""The web app's chart specs (``ebbtide.reports.charts``) made ready for print, and their
offline rendering to SVG.

A report shows the very specs the web page hands to vega-embed; ``for_print`` only fixes
their size (vl-convert cannot measure a "container"), sets the report's font and a white
background, and leaves the title to the report's own caption. Rendering uses vl-convert:
no browser, no network.
"""

from __future__ import annotations

import copy
from typing import Any

FONT = "DejaVu Sans"


def for_print(spec: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    """A copy of a web chart spec sized for paper, in the report's font, on white."""
    out = copy.deepcopy(spec)
    out["width"] = width
    out["height"] = height
    out["background"] = "white"
    out.pop("title", None)  # the report's figure caption carries it
    _legends_below(out)
    config = out.setdefault("config", {})
    config["font"] = FONT
    config.setdefault("view", {})["stroke"] = None
    config.setdefault("axis", {}).update(labelFontSize=9, titleFontSize=10)
    config.setdefault("legend", {}).update(labelFontSize=9, titleFontSize=10, orient="bottom")
    return out


def _legends_below(spec: dict[str, Any]) -> None:
    """Paper has a known width: every legend goes under the chart, in as few rows as fit
    (the web's phone layout puts a second legend above and wraps after three entries)."""
    spec.get("config", {}).get("legend", {}).pop("columns", None)
    for part in (spec, *spec.get("layer", ())):
        for channel in part.get("encoding", {}).values():
            legend = channel.get("legend") if isinstance(channel, dict) else None
            if isinstance(legend, dict) and legend.get("orient") == "top":
                del legend["orient"]


def render_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec to a standalone SVG string, offline."""
    import vl_convert as vlc

    svg: str = vlc.vegalite_to_svg(spec)
    return svg
