"""Putting a report together: the chosen sections, in order, and page one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ebbtide.insights.model import InsightReport
from ebbtide.reports import insight_sections as ins
from ebbtide.reports import sections as rec
from ebbtide.reports.document import INSIGHT_SECTIONS, SECTIONS, Chart, ReportContent, Section
from ebbtide.reports.redact import Redactor


def compose(
    data: rec.RecordsInput,
    insights: InsightReport | None,
    sections: Sequence[str],
    redactor: Redactor,
    *,
    generated_at: datetime,
    since_session: date | None = None,
) -> ReportContent:
    """The report's content: page one plus each chosen section, in the standard order."""
    chosen = [code for code in SECTIONS if code in sections]
    start, end = data.now.start, data.now.end
    before = (data.before.start, data.before.end)
    picked_boundaries = {p.record_id for p in data.picked if p.kind == "boundary"}

    unheard = [
        redactor.label(r.name)
        for r in (insights.relationships if insights is not None else ())
        if r.kind == "not-transforming"
    ]
    summary = rec.summary_lines(data, chosen, unheard)
    notes: list[str] = []
    charts: list[Chart] = []
    if insights is not None:
        lines, notes = ins.insight_summary(insights, chosen, start, end, before, redactor)
        order = {code: i for i, code in enumerate(SECTIONS)}
        # an insight line stands just before the record counts of the same section
        summary = sorted([*lines, *summary], key=lambda s: order[s.section])
        if "phases" in chosen:
            tide = ins.tide_chart(insights, start, end, small=True)
            if tide:
                charts.append(tide)
    if "states" in chosen:
        mix = rec.state_mix_chart(data, small=True)
        if mix:
            charts.append(mix)

    built: list[Section] = []
    for code in chosen:
        if code in INSIGHT_SECTIONS and insights is None:
            if code == "relationships":
                changes = rec.contact_changes(data, redactor)
                built.append(
                    Section(
                        code,
                        SECTIONS[code],
                        paragraphs=(
                            "The relationship map needs ebbtide's pattern reading, which is not "
                            "available here yet. Contacts per person:",
                        ),
                        tables=(changes,) if changes else (),
                    )
                )
            else:
                built.append(ins.unavailable_section(code))
            continue
        if code == "phases" and insights is not None:
            built.append(ins.phases_section(insights, start, end, redactor))
        elif code == "solitude" and insights is not None:
            built.append(ins.solitude_section(insights, start, end, redactor))
        elif code == "relationships" and insights is not None:
            built.append(
                ins.relationships_section(insights, redactor, rec.contact_changes(data, redactor))
            )
        elif code == "states":
            built.append(rec.states_section(data))
        elif code == "boundaries":
            built.append(rec.boundaries_section(data, redactor, picked_boundaries, unheard))
        elif code == "assessments":
            built.append(rec.assessments_section(data))
        elif code == "plans":
            built.append(rec.plans_section(data, redactor))
        elif code == "reflections":
            built.append(rec.reflections_section(data, redactor))
    return ReportContent(
        start=start,
        end=end,
        previous_start=before[0],
        previous_end=before[1],
        generated_at=generated_at,
        tz=data.tz,
        since_session=since_session,
        summary=tuple(summary),
        summary_notes=tuple(dict.fromkeys(notes))[:4],
        summary_charts=tuple(charts),
        sections=tuple(built),
        initials=redactor.initials,
        safety=rec.safety_lines(data.assessments, start, end) if "assessments" in chosen else (),
    )
