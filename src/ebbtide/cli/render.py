"""Rich renderings shared by several commands."""

from __future__ import annotations

from typing import Any

from ebbtide.cli import output
from ebbtide.domain.vocab import STATES
from ebbtide.service import Context, Week

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
            marks if d.logged else "[dim]not logged[/dim]",
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
    output.say(f"[dim]{legend}[/dim]")
