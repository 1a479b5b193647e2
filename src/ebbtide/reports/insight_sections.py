"""Report sections built from an ``InsightReport``: phases over time, solitude quality,
the relationship map and its changes, plus their page-one lines.

They receive the insights as plain data (``ebbtide.insights.model``), so they can be
tested with hand-built reports and work with whatever computes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from ebbtide.insights.model import PHASES, InsightReport, SolitudeWeek
from ebbtide.insights.words import KIND_LABELS, PHASE_LABELS, PHASE_MEANINGS, trend_label
from ebbtide.reports import charts as web_charts
from ebbtide.reports.document import SECTIONS, Chart, Section, SummaryLine, Table
from ebbtide.reports.redact import Redactor
from ebbtide.reports.report_charts import for_print


def _phases_in(report: InsightReport, start: date, end: date) -> list[tuple[date, str, bool]]:
    return [(p.day, p.phase, p.logged) for p in report.phases if start <= p.day <= end]


def _phase_counts(report: InsightReport, start: date, end: date) -> Counter[str]:
    return Counter(phase for _, phase, _ in _phases_in(report, start, end))


def _phase_text(counts: Counter[str]) -> str:
    if not counts:
        return "–"
    return " · ".join(f"{counts[p]} {PHASE_LABELS.get(p, p).lower()}" for p in PHASES if counts[p])


def tide_chart(
    report: InsightReport, start: date, end: date, *, small: bool = False
) -> Chart | None:
    """The web app's tide chart for this period, or None when no day in it has a phase."""
    phases = tuple(p for p in report.phases if start <= p.day <= end)
    if not phases:
        return None
    shown = replace(report, phases=phases, as_of=end)
    spec = web_charts.tide_chart(shown, days=(end - start).days + 1)
    # square days, as on screen: a short period is a narrow strip, not stretched bars
    weeks = len({p.day - timedelta(days=p.day.weekday()) for p in phases})
    max_width, max_height = (300, 95) if small else (460, 150)
    cell = max(min(max_height / 7, max_width / weeks), 9.0)
    return Chart(
        "The tide: phase of each day",
        for_print(spec, width=min(max_width, round(weeks * cell)), height=round(7 * cell)),
        "One square per day, weeks from left to right, coloured by the day's phase; "
        "a small dot marks a day without any entries.",
    )


def insight_summary(
    report: InsightReport,
    sections: Sequence[str],
    start: date,
    end: date,
    before: tuple[date, date],
    redactor: Redactor,
) -> tuple[list[SummaryLine], list[str]]:
    """Page-one lines (and plain evidence sentences) from the insights."""
    lines: list[SummaryLine] = []
    notes: list[str] = []
    if "phases" in sections:
        now = _phase_counts(report, start, end)
        prev = _phase_counts(report, *before)
        most = max(PHASES, key=lambda p: now[p]) if now else None
        if most is None:
            sentence = "No day in this period has enough entries to read a phase."
        elif most == "not-enough-to-say":
            sentence = (
                f"Most days had too little in the entries to read ({now[most]} of "
                f"{sum(now.values())})."
            )
        else:
            sentence = (
                f"Most days read as {PHASE_LABELS[most].lower()} ({now[most]} of "
                f"{sum(now.values())})."
            )
        current = report.current
        if current is not None and start <= current.day <= end:
            label = PHASE_LABELS.get(current.phase, current.phase).lower()
            sentence += (
                " The latest day has too little in the entries to read."
                if current.phase == "not-enough-to-say"
                else f" The latest day reads as {label}."
            )
        lines.append(SummaryLine("phases", "Phases", sentence, _phase_text(now), _phase_text(prev)))
        notes.extend(redactor.text(e.sentence) for e in report.headline)
    if "solitude" in sections:
        weeks = [w for w in report.solitude_weeks if start <= w.week <= end]
        prev_weeks = [w for w in report.solitude_weeks if before[0] <= w.week <= before[1]]
        r, a = sum(w.restorative for w in weeks), sum(w.avoidant for w in weeks)
        pr, pa = sum(w.restorative for w in prev_weeks), sum(w.avoidant for w in prev_weeks)
        lines.append(
            SummaryLine(
                "solitude",
                "Solitude quality",
                f"{r} times alone read as restorative and {a} as avoidant (before: {pr} and {pa}).",
                f"{r} restorative · {a} avoidant",
                f"{pr} restorative · {pa} avoidant",
            )
        )
    if "relationships" in sections and report.relationships:
        kinds = Counter(rel.kind for rel in report.relationships)
        warmer = [redactor.label(r.name) for r in report.relationships if r.trend == "warmer"]
        cooler = [redactor.label(r.name) for r in report.relationships if r.trend == "cooler"]
        sentence = (
            ", ".join(f"{kinds[k]} {KIND_LABELS[k].lower()}" for k in KIND_LABELS if kinds[k])
            + " relationships."
        )
        if warmer:
            sentence += f" Warmer lately: {', '.join(warmer[:4])}."
        if cooler:
            sentence += f" Cooler lately: {', '.join(cooler[:4])}."
        lines.append(
            SummaryLine(
                "relationships",
                "Relationship map",
                sentence,
                f"{len(report.relationships)} people",
                "–",
            )
        )
    return lines, notes


def phases_section(report: InsightReport, start: date, end: date, redactor: Redactor) -> Section:
    """Phases over time: the tide chart, counts per phase and why."""
    days = _phases_in(report, start, end)
    counts = Counter(phase for _, phase, _ in days)
    unlogged = sum(not logged for _, _, logged in days)
    chart = tide_chart(report, start, end)
    paragraphs = [
        "Each day is read against your own usual pattern, not against a norm: "
        + "; ".join(f"{PHASE_LABELS[p].lower()} ({PHASE_MEANINGS[p]})" for p in PHASES)
        + ".",
        f"{unlogged} of {len(days)} days had no entries; a dot marks them, as gaps, not as zeros.",
    ]
    # page one already lists the headline; here only what explains the latest day
    shown = {redactor.text(e.sentence) for e in report.headline[:4]}
    evidence = [redactor.text(e.sentence) for e in report.headline[4:]]
    current = report.current
    if current is not None and start <= current.day <= end:
        evidence.extend(redactor.text(e.sentence) for e in current.evidence)
    evidence = [e for e in evidence if e not in shown]
    rows = tuple((PHASE_LABELS[p], str(counts[p])) for p in PHASES)
    return Section(
        "phases",
        SECTIONS["phases"],
        paragraphs=tuple(paragraphs),
        charts=(chart,) if chart else (),
        tables=(Table(("Phase", "Days"), rows),),
        evidence=tuple(dict.fromkeys(evidence)),
    )


MONTHLY_AFTER_WEEKS = 13


def _solitude_table(weeks: Sequence[SolitudeWeek]) -> Table:
    """Times alone by quality: week by week, or month by month over a long period."""
    monthly = len(weeks) > MONTHLY_AFTER_WEEKS
    rows: dict[str, list[int]] = {}
    for w in weeks:
        key = f"{w.week:%b %Y}" if monthly else f"{w.week:%d %b}"
        r = rows.setdefault(key, [0, 0, 0, 0, 0])
        for i, v in enumerate(
            (w.restorative, w.mixed, w.avoidant, w.restorative_minutes, w.avoidant_minutes)
        ):
            r[i] += v
    return Table(
        (
            "Month (weeks starting in it)" if monthly else "Week of",
            "Restorative",
            "Mixed",
            "Avoidant",
            "Minutes restorative / avoidant",
        ),
        tuple(
            (key, str(r[0]), str(r[1]), str(r[2]), f"{r[3]} / {r[4]}") for key, r in rows.items()
        ),
    )


def solitude_section(report: InsightReport, start: date, end: date, redactor: Redactor) -> Section:
    """Solitude quality: restorative against avoidant time alone, week by week."""
    weeks = [w for w in report.solitude_weeks if start <= w.week <= end]
    charts: tuple[Chart, ...] = ()
    if weeks:
        charts = (
            Chart(
                "Restorative, mixed and avoidant time alone per week",
                for_print(web_charts.solitude_chart(weeks, last=len(weeks)), width=460, height=120),
                "Stacked bars count each week's times alone by how they felt.",
            ),
        )
    table = _solitude_table(weeks)
    reasons = Counter(
        redactor.text(e.reason) for e in report.episodes if start <= e.day <= end
    ).most_common(4)
    return Section(
        "solitude",
        SECTIONS["solitude"],
        paragraphs=(
            "Time alone is restorative when you chose it and it left you more settled; "
            "avoidant when it was an escape or left you depleted. Both are understandable.",
        )
        if weeks
        else ("No time alone was logged in this period.",),
        charts=charts,
        tables=(table,) if weeks else (),
        evidence=tuple(f"{reason} ({n}×)" for reason, n in reasons),
    )


def relationships_section(
    report: InsightReport, redactor: Redactor, changes: Table | None
) -> Section:
    """The relationship map: who regulates, who dysregulates, and what changed."""
    rels = sorted(report.relationships, key=lambda r: -r.contacts)
    # the chart gets names already reduced, and nothing else that could hold one
    shown = [replace(r, name=redactor.label(r.name), evidence=()) for r in rels]
    placed = [r for r in shown if r.safety is not None and r.reciprocity is not None]
    charts: tuple[Chart, ...] = ()
    if placed:
        charts = (
            Chart(
                "Relationship map",
                for_print(web_charts.relationship_map(placed), width=440, height=260),
                "People placed by how safe contact felt and how reciprocal it was.",
            ),
        )
    period = {row[0]: (row[1], row[2]) for row in changes.rows} if changes else {}
    table = Table(
        (
            "Person",
            "Reads as",
            "Contacts this period",
            "Before",
            "Left connected",
            "Unmet boundaries",
            "Lately",
        ),
        tuple(
            (
                redactor.label(r.name),
                KIND_LABELS.get(r.kind, r.kind),
                *period.get(redactor.label(r.name), ("0", "0")),
                "–"
                if r.left_connected_share is None
                else f"{round(100 * r.left_connected_share)}%",
                str(r.unmet_boundaries),
                trend_label(r.trend),
            )
            for r in rels
        ),
    )
    # the table has everyone; the words explain the five seen most
    evidence = [redactor.text(e.sentence) for r in rels[:5] for e in r.evidence[:1]]
    return Section(
        "relationships",
        SECTIONS["relationships"],
        paragraphs=(
            "How contact with each person tends to feel: safety, reciprocity and the state it "
            "leaves you in. 'Not transforming' means boundaries with them were repeatedly "
            "dismissed or refused; 'too early to say' means fewer than three contacts so far.",
        )
        if rels
        else ("No contacts were logged yet.",),
        charts=charts,
        tables=(table,) if rels else ((changes,) if changes else ()),
        evidence=tuple(evidence),
    )


def unavailable_section(code: str) -> Section:
    """A chosen insight section when no insights could be computed."""
    return Section(
        code,
        SECTIONS[code],
        paragraphs=("This part needs ebbtide's pattern reading, which is not available here yet.",),
    )
