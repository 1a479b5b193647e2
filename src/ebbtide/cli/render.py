"""Rich renderings shared by several commands."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ebbtide.cli import messages as msg
from ebbtide.cli import output
from ebbtide.domain.vocab import STATES
from ebbtide.service import Context, Week

if TYPE_CHECKING:
    from ebbtide.service import InsightReport

_STATE_MARK = {"connected": "●", "mobilized": "▲", "shut-down": "▼", "fawning": "◆"}


def week_dict(c: Context, w: Week) -> dict[str, Any]:
    """A week overview as JSON-ready data."""
    return {
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "days": [
            {
                "day": d.day.isoformat(),
                "logged": d.logged,
                "checkins": d.checkins,
                "states": d.states,
                "contacts": d.contacts,
                "safe_contacts": d.safe_contacts,
                "minutes_with_people": d.minutes_with_people,
                "solitude_chosen_min": d.solitude_chosen_min,
                "solitude_escape_min": d.solitude_escape_min,
                "boundaries": d.boundaries,
                "steps_done": d.steps_done,
                "routines_done": d.routines_done,
                "reflections": d.reflections,
            }
            for d in w.days
        ],
    }


def render_week(c: Context, w: Week) -> None:
    """Print the week as a compact table with a legend."""
    from rich.table import Table

    table = Table(
        title=f"Week of {w.start:%d %b} – {w.end:%d %b %Y}", show_edge=False, header_style="bold"
    )
    for col in (
        "Day",
        "States",
        "Contacts (safe)",
        "With people",
        "Alone: chosen / escape",
        "Steps",
        "Routines",
    ):
        table.add_column(col)
    today = c.today()
    for d in w.days:
        if d.day > today:
            table.add_row(f"{d.day:%a %d}", "", "", "", "", "", "", style="dim")
            continue
        marks = "".join(_STATE_MARK[s] * n for s, n in d.states.items()) if d.states else "–"
        table.add_row(
            f"{d.day:%a %d}",
            output.cell(marks) if d.logged else output.cell("not logged", "dim"),
            f"{d.contacts} ({d.safe_contacts})" if d.contacts else "–",
            f"{d.minutes_with_people} min" if d.minutes_with_people else "–",
            f"{d.solitude_chosen_min} / {d.solitude_escape_min} min"
            if d.solitude_chosen_min or d.solitude_escape_min
            else "–",
            str(d.steps_done or "–"),
            str(d.routines_done or "–"),
        )
    output.console().print(table)
    legend = "  ".join(f"{_STATE_MARK[t.code]} {t.label.lower()}" for t in STATES)
    output.styled("[dim]{legend}[/dim]", legend=legend)


_PHASE_MARK = {
    "connected": "●",
    "restoring": "◐",
    "drifting": "◌",
    "isolated": "○",
    "not-enough-to-say": "?",
}
_PHASE_STYLE = {
    "connected": "green",
    "restoring": "cyan",
    "drifting": "yellow",
    "isolated": "magenta",
    "not-enough-to-say": "dim",
}


def insights_dict(report: InsightReport) -> dict[str, Any]:
    """An insight report as JSON-ready data (dates as ISO strings), with the words every
    face shows for its codes."""
    from ebbtide.service import KIND_LABELS, PHASE_LABELS, TREND_LABELS

    data = dataclasses.asdict(report)
    data["current"] = dataclasses.asdict(report.current) if report.current else None
    data["labels"] = {"phases": PHASE_LABELS, "kinds": KIND_LABELS, "trends": TREND_LABELS}
    return data


def _phase_strip(report: InsightReport, n: int) -> None:
    from ebbtide.service import phase_label

    recent = report.phases[-n:]
    if not recent:
        return
    output.styled("[bold]{t}[/bold]", t=msg.INSIGHTS_PHASES.format(n=len(recent)))
    from rich.text import Text

    marks = Text("  ")
    for i, p in enumerate(recent):
        if i:
            marks.append(" ")
        style = _PHASE_STYLE[p.phase]
        marks.append(_PHASE_MARK[p.phase], style=style if p.logged else f"{style} dim")
    output.say(marks)
    legend = "  ".join(f"{m} {phase_label(name).lower()}" for name, m in _PHASE_MARK.items())
    output.styled("  [dim]{legend}   (faint: nothing logged that day)[/dim]", legend=legend)
    now = recent[-1]
    output.styled(
        "  {when}: [bold]{phase}[/bold]",
        when="Today" if now.day == report.as_of else f"{now.day:%a %d %b}",
        phase=phase_label(now.phase),
    )
    for e in now.evidence:
        output.say(f"   – {e.sentence}")


def _solitude(report: InsightReport, weeks: int) -> None:
    output.styled("[bold]{t}[/bold]", t=msg.INSIGHTS_SOLITUDE)
    recent = report.solitude_weeks[-weeks:]
    if not recent:
        output.say(f"  {msg.INSIGHTS_NO_SOLITUDE}")
        return
    for w in recent:
        share = "–" if w.restorative_share is None else f"{round(100 * w.restorative_share)}%"
        output.say(
            f"  week of {w.week:%d %b}: {w.restorative} restorative, {w.mixed} mixed, "
            f"{w.avoidant} avoidant ({share} restoring)"
        )


def _people(report: InsightReport, limit: int) -> None:
    from rich.table import Table

    from ebbtide.service import kind_label, trend_label

    output.styled("[bold]{t}[/bold]", t=msg.INSIGHTS_MAP)
    if not report.relationships:
        output.say(f"  {msg.INSIGHTS_NO_PEOPLE}")
        return
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for col in ("Person", "Reads as", "Trend", "Why"):
        table.add_column(col)
    for r in report.relationships[:limit]:
        table.add_row(
            *map(
                output.cell,
                (r.name, kind_label(r.kind), trend_label(r.trend), r.evidence[0].sentence),
            )
        )
    output.console().print(table)


def _next_step(report: InsightReport) -> None:
    output.styled("[bold]{t}[/bold]", t=msg.INSIGHTS_NEXT)
    step = report.pacing.next_step
    if step is None:
        output.say(f"  {msg.INSIGHTS_NO_STEP}")
        return
    output.say(f"  {step.title}")
    output.styled("  [dim]{s}[/dim]", s=step.evidence.sentence)


def render_insights(report: InsightReport, *, days: int = 28, weeks: int = 4) -> None:
    """Print the insights: headline, phases, time alone, people, rhythm, next step."""
    output.styled("[bold]{t}[/bold]", t=msg.INSIGHTS_TITLE.format(day=report.as_of))
    for e in report.headline:
        output.say(f"  {e.sentence}")
    output.say("")
    if not report.phases:
        output.say(f"  {msg.INSIGHTS_NO_PHASES}")
    _phase_strip(report, days)
    output.say("")
    _solitude(report, weeks)
    output.say("")
    _people(report, 12)
    if report.rhythm:
        output.say("")
        output.say(msg.INSIGHTS_RHYTHM.format(sentence=report.rhythm[-1].evidence.sentence))
    output.say("")
    _next_step(report)
    output.styled("[dim]{t}[/dim]", t=msg.INSIGHTS_NOTE)


def render_week_insights(report: InsightReport) -> None:
    """The insight part of the week overview: phases, time alone, people, next step."""
    output.say("")
    _phase_strip(report, 7)
    output.say("")
    _solitude(report, 1)
    output.say("")
    _people(report, 6)
    output.say("")
    _next_step(report)
