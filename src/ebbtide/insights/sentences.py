"""The plain sentences behind each insight: why a day reads as it does, and where things
stand today. Each sentence agrees with its label and uses everyday words only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl

from ebbtide.insights.frames import STATE
from ebbtide.insights.model import DayPhase, Evidence, Questionnaire
from ebbtide.insights.words import UNKNOWN, plural

_HEAVY = (STATE["shut-down"], STATE["mobilized"], STATE["fawning"])
_STATE_WORDS = {
    STATE["connected"]: "connected",
    STATE["mobilized"]: "on edge",
    STATE["shut-down"]: "shut down",
    STATE["fawning"]: "bending to keep the peace",
}


def pct(x: float | None) -> str:
    """A share as a whole percentage (a dash when unknown)."""
    return "–" if x is None else f"{round(100 * x)}%"


def _num(x: Any) -> float | None:
    return None if x is None else round(float(x), 2)


def _week(rate: float | None) -> str:
    """A rate per logged day, as contacts a week."""
    n = 0.0 if rate is None else rate * 7
    return f"about {n:.0f} a week" if n >= 1 else "less than one a week"


def day_numbers(row: dict[str, Any]) -> dict[str, float | int | str | None]:
    """The numbers behind a day's phase, for JSON and for the sentences."""
    usual = row["usual_rate"]
    return {
        "score": _num(row["score"]),
        "usual_meaningful_per_week": _num(None if usual is None else usual * 7),
        "meaningful_per_logged_day_7d": _num(row["rate7"]),
        "meaningful_per_logged_day_14d": _num(row["rate14"]),
        "meaningful_per_logged_day_21d": _num(row["rate21"]),
        "escape_share_7d": _num(row["escape7"]),
        "unsettled_checkin_share_21d": _num(row.get("unsettled21")),
        "usual_unsettled_checkin_share": _num(row.get("usual_unsettled")),
        "usual_escape_share": _num(row["usual_escape"]),
        "logged_days_7d": row["logged7"],
        "logged_days_21d": row["logged21"],
        "settling_times_alone_7d": row["regulated7"],
        "asked_for_time_alone_7d": row["alone_wish7"],
        "days_in_drift": row["alarm_days"],
        "days_since_an_entry": row["since_logged"],
        "days_since_meaningful": row["since_meaningful"],
        "away": bool(row["away"]),
    }


def _first(phase: str, row: dict[str, Any]) -> str:
    """The sentence that says why the day has its label."""
    usual = row["usual_rate"]
    if phase == UNKNOWN:
        if row["learning"]:
            return (
                "ebbtide is still learning what is usual for you (it needs about two weeks "
                "of entries), so there is not enough to say yet."
            )
        if row["away"]:
            return (
                "You marked this day as away, and your entries show no sign of pulling back, "
                "so ebbtide does not read it."
            )
        if row["since_logged"] >= 5:
            return (
                f"Nothing has been logged for {plural(row['since_logged'], 'day')}, so there "
                "is not enough to say."
            )
        return (
            f"Contact that felt safe has been quieter than usual ({_week(row['rate7'])} on the "
            f"days you logged, against {_week(usual)} usually), but not for long enough to "
            "say what it means."
        )
    if phase == "connected":
        return (
            f"Contact that felt safe over the last two weeks has been close to your usual: "
            f"{_week(row['rate14'])} on the days you logged, against {_week(usual)} usually."
        )
    if phase == "restoring":
        return (
            "This reads as a chosen retreat: less contact than usual but not none, more "
            f"chosen time alone, {plural(row['regulated7'], 'time')} alone that left you "
            "feeling connected, and you said you needed some time alone."
        )
    days = row["alarm_days"] or 0
    if phase == "isolated":
        felt = ""
        unsettled, usual_unsettled = row.get("unsettled21"), row.get("usual_unsettled")
        if unsettled is not None and usual_unsettled is not None:
            felt = (
                f" In those weeks you felt connected in {pct(1 - unsettled)} of your "
                f"check-ins (usually {pct(1 - usual_unsettled)})."
            )
        return (
            f"For {plural(days, 'day')} contact that felt safe has stayed far below your usual: "
            f"{_week(row['rate21'])} over the last three weeks, from "
            f"{plural(row['logged21'], 'day')} with entries, against {_week(usual)} before "
            f"this began.{felt}"
        )
    return (
        f"For {plural(days, 'day')} contact that felt safe has been below your usual "
        f"({_week(row['rate7'])} on the days you logged, against {_week(usual)} before this "
        "began), and it has not come back yet."
    )


def day_evidence(row: dict[str, Any], phase: str) -> tuple[Evidence, ...]:
    """The plain sentences behind one day's phase (never empty; the first says why)."""
    numbers = day_numbers(row)
    out = [Evidence(_first(phase, row), numbers)]
    readable = not row["learning"]
    since = row["since_meaningful"]
    if since is None:
        out.append(Evidence("No contact that felt safe has been logged yet.", numbers))
    elif since >= 2:
        out.append(Evidence(f"{plural(since, 'day')} since a contact that felt safe.", numbers))
    else:
        out.append(Evidence("A contact that felt safe in the last day or two.", numbers))
    if readable and row["escape7"] is not None and row["logged7"]:
        out.append(
            Evidence(
                f"Of the minutes you spent alone this week, {pct(row['escape7'])} were an "
                f"escape (usually {pct(row['usual_escape'])}).",
                numbers,
            )
        )
    if not row["logged"]:
        out.append(
            Evidence(
                f"Nothing was logged this day; {row['logged7']} of the last 7 days were. "
                "Quiet stretches count as a hint, never as a day without anyone.",
                numbers,
            )
        )
    # Phone signals, when the person imported them and left them on.
    out.extend(Evidence(s, numbers) for s in row.get("passive_sentences") or ())
    return tuple(out)


_PHASE_HEADLINE = {
    "connected": "Lately you have been in touch in your usual way",
    "restoring": "You seem to be in a chosen retreat that is refuelling you",
    "drifting": "Contact has been thinning below your usual",
    "isolated": "For a while now there has been very little contact that felt safe",
    UNKNOWN: "There is not enough in your entries to say how things stand",
}


def phase_headline(phases: Sequence[DayPhase]) -> Evidence | None:
    """The current phase and how long it has lasted, in a sentence."""
    if not phases:
        return None
    now = phases[-1]
    run = 0
    for p in reversed(phases):
        if p.phase != now.phase:
            break
        run += 1
    return Evidence(
        f"{_PHASE_HEADLINE[now.phase]} ({plural(run, 'day')} so far).",
        {"phase": now.phase, "days": run},
    )


def recent_evidence(
    checkins: pl.DataFrame,
    questionnaires: Sequence[Questionnaire],
    as_of: date,
    phase: str | None,
) -> tuple[tuple[Evidence, ...], bool]:
    """Today's and this week's check-ins and questionnaires in words, and whether they
    read heavier (or lighter) than the longer pattern of the phases."""
    week_start = as_of - timedelta(days=6)
    week = checkins.filter(pl.col("day").is_between(week_start, as_of))
    today = week.filter(pl.col("day") == as_of)
    out: list[Evidence] = []
    heavy_today = heavy_week = False
    if today.height:
        states = Counter(s for s in today["state"].to_list() if s is not None)
        heavy = sum(states[s] for s in _HEAVY)
        heavy_today = heavy * 2 > today.height
        most = max(states, key=lambda s: states[s]) if states else None
        words = _STATE_WORDS.get(most, "") if most is not None else ""
        out.append(
            Evidence(
                f"Today you checked in {plural(today.height, 'time')}; "
                + (f"mostly {words}." if words else "no state noted."),
                {"checkins_today": today.height, "heavy_today": heavy},
            )
        )
    if week.height >= 3:
        heavy = int(week["state"].is_in(_HEAVY).sum())
        heavy_week = heavy * 3 >= week.height * 2
        out.append(
            Evidence(
                f"This week {heavy} of your {week.height} check-ins were on edge, shut down "
                "or bending to keep the peace.",
                {"checkins_7d": week.height, "heavy_7d": heavy},
            )
        )
    heavy_answers = [q for q in questionnaires if week_start <= q.day <= as_of and q.heavy]
    for q in heavy_answers[-2:]:
        band = f" ({q.band.lower()})" if q.band else ""
        out.append(
            Evidence(
                f"Your {q.name} on {q.day:%A} scored {q.total}{band}.",
                {"questionnaire": q.name, "total": q.total, "day": q.day.isoformat()},
            )
        )
    if any(q.alert for q in questionnaires if week_start <= q.day <= as_of):
        out.append(
            Evidence(
                "One of this week's answers said things have been very hard. Your safety "
                "plan and the help lines are there whenever you need them.",
                {"alert": 1},
            )
        )
    heavier = heavy_today or heavy_week or bool(heavy_answers)
    disagrees = heavier and phase in ("connected", "restoring")
    if disagrees:
        out.insert(
            0,
            Evidence(
                "How you have felt today and this week is heavier than the longer pattern "
                "of contact shows; both are worth listening to.",
                {"recent_heavier": 1},
            ),
        )
    return tuple(out), disagrees
