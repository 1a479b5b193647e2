"""Gathering the insights page: the report (when the insights are installed) and its charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ebbtide.service import Context

if TYPE_CHECKING:
    from ebbtide.service import InsightReport


def load_report(ctx: Context) -> InsightReport | None:
    """The person's insight report, reused while nothing has changed."""
    from ebbtide.service import cached_insight_report

    return cached_insight_report(ctx)


def insights_page_data(ctx: Context) -> dict[str, Any]:
    """Everything the insights page shows, reused while nothing has changed."""
    from ebbtide.service import cached

    return cached(ctx, "insights_page", lambda: _page_data(ctx))


def _page_data(ctx: Context) -> dict[str, Any]:
    from ebbtide import service
    from ebbtide.service import KIND_LABELS, PHASE_LABELS, TREND_LABELS, list_away, state_mix

    report = load_report(ctx)
    mix = state_mix(ctx)
    specs: dict[str, dict[str, Any]] = {}
    if mix:
        specs["states"] = service.state_mix_chart([(m.week, m.state, m.count) for m in mix])
    if report is not None:
        if report.phases:
            specs["tide"] = service.tide_chart(report)
        if report.solitude_weeks:
            specs["solitude"] = service.solitude_chart(report.solitude_weeks)
        if report.relationships:
            specs["relationships"] = service.relationship_map(report.relationships)
    from ebbtide.service import has_phone_data, phone_signals

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
