"""Gathering the insights page: the report (when the insights are installed) and its charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ebbtide.service.context import Context

if TYPE_CHECKING:
    from ebbtide.insights.model import InsightReport


def load_report(ctx: Context) -> InsightReport | None:
    """The person's insight report, reused while nothing has changed."""
    from ebbtide.service.insights import cached_insight_report

    return cached_insight_report(ctx)


def insights_page_data(ctx: Context) -> dict[str, Any]:
    """Everything the insights page shows, reused while nothing has changed."""
    from ebbtide.service.insights import cached

    return cached(ctx, "insights_page", lambda: _page_data(ctx))


def _page_data(ctx: Context) -> dict[str, Any]:
    from ebbtide.reports import charts
    from ebbtide.service.away import list_away
    from ebbtide.service.dashboard import state_mix
    from ebbtide.service.insights import KIND_LABELS, PHASE_LABELS, TREND_LABELS

    report = load_report(ctx)
    mix = state_mix(ctx)
    specs: dict[str, dict[str, Any]] = {}
    if mix:
        specs["states"] = charts.state_mix_chart([(m.week, m.state, m.count) for m in mix])
    if report is not None:
        if report.phases:
            specs["tide"] = charts.tide_chart(report)
        if report.solitude_weeks:
            specs["solitude"] = charts.solitude_chart(report.solitude_weeks)
        if report.relationships:
            specs["relationships"] = charts.relationship_map(report.relationships)
    from ebbtide.service.passive import has_phone_data, phone_signals

    return {
        "report": report,
        "specs": specs,
        "mix": mix,
        "away": list_away(ctx),
        "phase_labels": PHASE_LABELS,
        "kind_labels": KIND_LABELS,
        "trend_labels": TREND_LABELS,
        "has_phone_data": has_phone_data(ctx),
        "phone_signals": phone_signals(ctx),
        "today": ctx.today(),
    }
