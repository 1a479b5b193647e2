"""Rendering a report: one self-contained HTML file (inline CSS, inline SVG charts, no
external references) and a PDF made from the same HTML with WeasyPrint.

Every PDF page carries the date range, the generation time and the not-a-medical-device
line in its margins; the HTML shows them at its top and bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from ebbtide.reports.document import NOT_A_DEVICE, Chart, ReportContent
from ebbtide.reports.report_charts import render_svg


@dataclass(frozen=True)
class RenderedPdf:
    """PDF bytes and how many pages they hold."""

    data: bytes
    pages: int


def _css_string(text: str) -> str:
    """A CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _svg(chart: Chart) -> str:
    svg = render_svg(chart.spec)
    # the figure carries the accessible description; the SVG itself is decoration
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" ', 1)


def render_html(content: ReportContent) -> str:
    """The report as one self-contained HTML document."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("ebbtide.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    top = f"ebbtide · shared summary · {content.range_text} · generated {content.generated_text}"
    css = (
        resources.files("ebbtide.reports")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
        .replace("var(--ebb-top)", _css_string(top))
        .replace("var(--ebb-bottom)", _css_string(NOT_A_DEVICE))
    )
    charts = {
        "summary": [(c, _svg(c)) for c in content.summary_charts],
        "sections": [[(c, _svg(c)) for c in s.charts] for s in content.sections],
    }
    return env.get_template("report.html").render(
        c=content, css=css, charts=charts, not_a_device=NOT_A_DEVICE
    )


def render_pdf(html: str) -> RenderedPdf:
    """The PDF of a rendered report (fonts from the system; nothing is fetched)."""
    import logging

    from weasyprint import HTML

    # WeasyPrint logs at WARNING; a NullHandler keeps a person's terminal quiet while
    # the records still propagate to whoever configured logging (the tests do).
    for name in ("weasyprint", "fontTools"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())

    def refuse(url: str) -> dict[str, object]:
        raise ValueError(f"reports never fetch anything ({url[:40]})")

    doc = HTML(string=html, url_fetcher=refuse).render()
    return RenderedPdf(bytes(doc.write_pdf()), len(doc.pages))
