"""Report sections built straight from records: state mix, boundaries, steps and routines,
questionnaires, chosen reflections, and the page-one comparison with the period before.

Pure functions over domain records: no store, no rendering. Every person's name passes
through the ``Redactor`` before it is written into a section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from ebbtide.domain import vocab
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Routine,
    RoutineDone,
    Solitude,
    Step,
    schedule_days,
)
from ebbtide.domain.timekeeping import local_day
from ebbtide.insights.frames import STATE, STEP_STATUS, Frames, frames_from_records
from ebbtide.insights.measures import boundary_met, boundary_unmet, felt_safe, step_done
from ebbtide.insights.timeline import period_frames, weekly_states
from ebbtide.reports import charts as web_charts
from ebbtide.reports.document import SECTIONS, Chart, Quote, Section, SummaryLine, Table
from ebbtide.reports.redact import Redactor
from ebbtide.reports.report_charts import for_print


@dataclass(frozen=True)
class Assessment:
    """A questionnaire result as a report shows it."""

    day: date
    instrument: str  # the short name people know it by ("PHQ-9")
    band: str | None  # the band's published label ("Moderately severe")
    total: int | None = None
    # Answers that fired a crisis alert, as (questionnaire, question, answer in words):
    # PHQ-9 item 9 above 0.
    safety: tuple[tuple[str, str, str], ...] = ()


def safety_lines(assessments: Sequence[Assessment], start: date, end: date) -> tuple[str, ...]:
    """Page one's plain safety lines: every crisis-alert answer in the period, oldest first."""
    return tuple(
        f"Safety: on {a.day:%a %d %b %Y} the {name} question “{question}” was answered “{answer}”."
        for a in assessments
        if start <= a.day <= end
        for name, question, answer in a.safety
    )


@dataclass(frozen=True)
class PickedNote:
    """A piece of free text the person picked, one by one, to include."""

    kind: str
    record_id: int
    day: date
    prompt: str
    text: str


@dataclass(frozen=True)
class PeriodRecords:
    """The records of one period (local days ``start``..``end`` inclusive)."""

    start: date
    end: date
    checkins: Sequence[CheckIn] = ()
    contacts: Sequence[Contact] = ()
    solitude: Sequence[Solitude] = ()
    boundaries: Sequence[Boundary] = ()
    routine_done: Sequence[RoutineDone] = ()
    steps: Sequence[Step] = ()
    reflections: int = 0
    frames: Frames | None = None
    """The same records as the insights' frames, cut to the period (the service passes the
    store's; None: built from the records above). What the report counts, it counts here."""

    @property
    def days(self) -> int:
        """How many local days the period spans."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class RecordsInput:
    """What the record-based sections are built from."""

    now: PeriodRecords
    before: PeriodRecords
    tz: str
    day_start_hour: int
    routines: Sequence[Routine] = ()
    assessments: Sequence[Assessment] = ()
    picked: Sequence[PickedNote] = ()


@dataclass(frozen=True)
class Tally:
    """The counts that page one compares between two periods."""

    checkins: int
    connected: int
    contacts: int
    people: int
    felt_safe: int
    solitude: int
    chosen: int
    settled_after: int
    boundaries: int
    met: int
    unmet: int
    steps_done: int
    steps_let_go: int
    routine_done: int
    reflections: int


def _in(day: date, p: PeriodRecords) -> bool:
    return p.start <= day <= p.end


def period_frames_of(p: PeriodRecords, day_start_hour: int) -> Frames:
    """The period's frames: the ones given, else built from its records."""
    if p.frames is not None:
        return p.frames
    records = [*p.checkins, *p.contacts, *p.solitude, *p.boundaries, *p.routine_done, *p.steps]
    return period_frames(
        frames_from_records(records, day_start_hour=day_start_hour), p.start, p.end
    )


def _count(f: pl.DataFrame, expr: pl.Expr | None = None) -> int:
    return f.height if expr is None else int(f.select(expr.fill_null(False).sum()).item())


def tally(p: PeriodRecords, tz: str, day_start_hour: int) -> Tally:
    """Count what happened in a period (from its frames, by the shared definitions)."""
    f = period_frames_of(p, day_start_hour)
    contacts = f.contacts.filter(pl.col("primary"))  # one row per contact
    connected = pl.col("after") == STATE["connected"]
    return Tally(
        checkins=f.checkins.height,
        connected=_count(f.checkins, pl.col("state") == STATE["connected"]),
        contacts=contacts.height,
        people=f.contacts["person"].n_unique(),
        felt_safe=_count(contacts, felt_safe()),
        solitude=f.solitude.height,
        chosen=_count(f.solitude, pl.col("chosen")),
        settled_after=_count(f.solitude, connected),
        boundaries=f.boundaries.height,
        met=_count(f.boundaries, boundary_met()),
        unmet=_count(f.boundaries, boundary_unmet()),
        steps_done=_count(f.steps, step_done()),
        steps_let_go=_count(f.steps, pl.col("status") == STEP_STATUS["skipped"]),
        routine_done=f.routine_done.height,
        reflections=p.reflections,
    )


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _direction(now: int, before: int, per_now: int, per_before: int) -> str:
    """'more', 'fewer' or 'about the same', fairly scaled when periods differ in length."""
    a = now / max(per_now, 1)
    b = before / max(per_before, 1)
    if abs(a - b) <= max(0.15 * max(a, b), 0.5 / max(per_now, 1)):
        return "about as many as"
    return "more than" if a > b else "fewer than"


def _plans_sentence(n: Tally) -> str:
    steps = (
        f"{_plural(n.steps_done, 'small step')} taken"
        + (f", {n.steps_let_go} let go for now" if n.steps_let_go else "")
        if n.steps_done or n.steps_let_go
        else "No small steps taken"
    )
    routines = (
        f"routines done {_plural(n.routine_done, 'time')}" if n.routine_done else "no routine done"
    )
    return f"{steps}; {routines}."


def _boundary_sentence(n: Tally, unheard: Sequence[str]) -> str:
    """The boundaries in words; with none in the period, what earlier ones still say."""
    if n.boundaries:
        return (
            f"{_plural(n.boundaries, 'need or limit', 'needs or limits')} expressed: {n.met} "
            f"honoured or negotiated, {n.unmet} dismissed, refused or met with punishment."
        )
    if unheard:
        return (
            "No needs or limits expressed in this period; earlier ones with "
            f"{_and(unheard)} keep going unheard."
        )
    return "No needs or limits expressed in this period."


def _and(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary_lines(
    data: RecordsInput, sections: Sequence[str], unheard: Sequence[str] = ()
) -> list[SummaryLine]:
    """Page-one lines for the chosen record-based sections, comparing with the period before.

    ``unheard``: people (as shown) whose boundaries keep going unheard, from the insights,
    so that a period without boundaries does not read as if there were none to speak of.
    """
    n = tally(data.now, data.tz, data.day_start_hour)
    b = tally(data.before, data.tz, data.day_start_hour)
    dn, db = data.now.days, data.before.days
    out: list[SummaryLine] = []
    if "states" in sections:
        out.append(
            SummaryLine(
                "states",
                "Check-ins",
                (
                    f"{_plural(n.checkins, 'check-in')}, "
                    f"{_direction(n.checkins, b.checkins, dn, db)} the period before; connected "
                    f"in {_share(n.connected, n.checkins)} of them"
                    + (f" (before: {_share(b.connected, b.checkins)})." if b.checkins else ".")
                )
                if n.checkins
                else "No check-ins in this period.",
                f"{n.checkins} · {_share(n.connected, n.checkins)} connected",
                f"{b.checkins} · {_share(b.connected, b.checkins)} connected",
            )
        )
    if "relationships" in sections:
        out.append(
            SummaryLine(
                "relationships",
                "Contacts",
                (
                    f"{_plural(n.contacts, 'contact')} with {_plural(n.people, 'person', 'people')}, "
                    f"{_direction(n.contacts, b.contacts, dn, db)} before; "
                    f"{_share(n.felt_safe, n.contacts)} felt safe (4 or 5 of 5)."
                )
                if n.contacts
                else "No contacts logged in this period.",
                f"{n.contacts} · {n.people} people · {_share(n.felt_safe, n.contacts)} safe",
                f"{b.contacts} · {b.people} people · {_share(b.felt_safe, b.contacts)} safe",
            )
        )
    if "solitude" in sections:
        out.append(
            SummaryLine(
                "solitude",
                "Time alone",
                (
                    f"{_plural(n.solitude, 'time', 'times')} alone logged, {n.chosen} of them "
                    f"chosen rather than an escape; you felt connected afterwards {_plural(n.settled_after, 'time')}."
                )
                if n.solitude
                else "No time alone logged in this period.",
                f"{n.solitude} · {n.chosen} chosen",
                f"{b.solitude} · {b.chosen} chosen",
            )
        )
    if "boundaries" in sections:
        out.append(
            SummaryLine(
                "boundaries",
                "Boundaries",
                _boundary_sentence(n, unheard),
                f"{n.boundaries} · {n.met} met · {n.unmet} unmet",
                f"{b.boundaries} · {b.met} met · {b.unmet} unmet",
            )
        )
    if "assessments" in sections:
        latest = [a for a in data.assessments if _in(a.day, data.now)]
        if latest:
            a = latest[-1]
            total = f", a total of {a.total}" if a.total is not None else ""
            band = f", in the range its authors call “{a.band.lower()}”" if a.band else ""
            sentence = f"Latest questionnaire: {a.instrument} on {a.day:%d %b}{total}{band}."
        else:
            sentence = "No questionnaire was filled in during this period."
        out.append(
            SummaryLine(
                "assessments",
                "Questionnaires",
                sentence,
                str(len(latest)),
                str(sum(_in(a.day, data.before) for a in data.assessments)),
            )
        )
    if "plans" in sections:
        out.append(
            SummaryLine(
                "plans",
                "Steps and anchors",
                _plans_sentence(n),
                f"{_plural(n.steps_done, 'step')} · {_plural(n.routine_done, 'routine')} done",
                f"{_plural(b.steps_done, 'step')} · {_plural(b.routine_done, 'routine')} done",
            )
        )
    if "reflections" in sections:
        picked = sum(p.kind == "reflection" for p in data.picked)
        out.append(
            SummaryLine(
                "reflections",
                "Reflections",
                (
                    f"{_plural(n.reflections, 'reflection')} written"
                    + (
                        f"; {picked} chosen to share in full."
                        if picked
                        else ", none shared in full."
                    )
                )
                if n.reflections
                else "No reflections written in this period.",
                str(n.reflections),
                str(b.reflections),
            )
        )
    return out


# --- sections ----------------------------------------------------------------------


def state_mix_rows(data: RecordsInput) -> list[tuple[date, str, int]]:
    """Weekly counts of check-in states (week, state code, count), for the state-mix chart."""
    return weekly_states(period_frames_of(data.now, data.day_start_hour))


def state_mix_chart(data: RecordsInput, *, small: bool = False) -> Chart | None:
    """The web app's state-mix chart for this period, or None when there are no check-ins."""
    rows = state_mix_rows(data)
    if not rows:
        return None
    spec = for_print(
        web_charts.state_mix_chart(rows), width=300 if small else 460, height=95 if small else 120
    )
    return Chart(
        "Check-in states per week",
        spec,
        "Weekly share of check-ins that were connected, mobilized, shut down or fawning.",
    )


def states_section(data: RecordsInput) -> Section:
    """State mix over time."""
    now = Counter(c.state for c in data.now.checkins)
    before = Counter(c.state for c in data.before.checkins)
    tn, tb = sum(now.values()), sum(before.values())
    rows = tuple(
        (
            vocab.STATES.label(s),
            f"{now[s]} ({_share(now[s], tn)})",
            f"{before[s]} ({_share(before[s], tb)})",
        )
        for s in vocab.STATES.codes
    )
    intensities = [c.intensity for c in data.now.checkins if c.intensity is not None]
    paragraphs = [
        "How your nervous system felt when you checked in, week by week. "
        "Days without a check-in are missing, not counted as anything."
    ]
    if intensities:
        paragraphs.append(
            f"Average intensity was {sum(intensities) / len(intensities):.1f} of 5 "
            f"across {_plural(len(intensities), 'check-in')}."
        )
    chart = state_mix_chart(data)
    return Section(
        "states",
        SECTIONS["states"],
        paragraphs=tuple(paragraphs),
        charts=(chart,) if chart else (),
        tables=(Table(("State", "This period", "Period before"), rows),),
    )


def boundaries_section(
    data: RecordsInput, redactor: Redactor, picked_ids: set[int], unheard: Sequence[str] = ()
) -> Section:
    """Boundary events: when, with whom, how it was received; the words only if picked."""
    rows = []
    for b in sorted(data.now.boundaries, key=lambda x: x.at):
        day = local_day(b.at, b.tz, data.day_start_hour)
        what = redactor.text(b.asked) if b.id in picked_ids else "(not shared)"
        rows.append(
            (
                f"{day:%d %b}",
                redactor.person(b.person_id),
                vocab.BOUNDARY_RESPONSES.label(b.received),
                vocab.STATES.label(b.after) if b.after else "–",
                what,
            )
        )
    by_response = Counter(b.received for b in data.now.boundaries)
    summary = ", ".join(
        f"{vocab.BOUNDARY_RESPONSES.label(r).lower()} {by_response[r]}"
        for r in vocab.BOUNDARY_RESPONSES.codes
        if by_response[r]
    )
    paragraphs = (
        (f"{_plural(len(rows), 'boundary', 'boundaries')} in this period: {summary}.",)
        if rows
        else (_boundary_sentence(tally(data.now, data.tz, data.day_start_hour), unheard),)
    )
    return Section(
        "boundaries",
        SECTIONS["boundaries"],
        paragraphs=(
            *paragraphs,
            *(("What you asked for is shown only where you chose to share it.",) if rows else ()),
        ),
        tables=(Table(("Day", "With", "Received", "Felt after", "What was asked"), tuple(rows)),)
        if rows
        else (),
    )


def assessments_section(data: RecordsInput) -> Section:
    """Questionnaires with their published bands."""
    rows = tuple(
        (
            f"{a.day:%d %b %Y}",
            a.instrument,
            "–" if a.total is None else str(a.total),
            a.band or "–",
        )
        for a in data.assessments
        if _in(a.day, data.now) or _in(a.day, data.before)
    )
    if not rows:
        return Section(
            "assessments",
            SECTIONS["assessments"],
            paragraphs=("No questionnaires were filled in during this period or the one before.",),
        )
    return Section(
        "assessments",
        SECTIONS["assessments"],
        paragraphs=(
            "Scores are as the questionnaire publishes them; bands describe a score range, "
            "not a diagnosis.",
        ),
        tables=(Table(("Day", "Questionnaire", "Total", "Band"), rows),),
    )


def _scheduled_days(r: Routine, start: date, end: date) -> int:
    days = schedule_days(r.schedule)
    return sum((start + timedelta(days=i)).weekday() in days for i in range((end - start).days + 1))


def plans_section(data: RecordsInput, redactor: Redactor) -> Section:
    """Steps on the ladder and the routines that anchor the week."""
    step_rows = []
    for s in sorted(data.now.steps, key=lambda x: x.done_at or x.created_at):
        when = s.done_at or s.created_at
        step_rows.append(
            (
                f"{local_day(when, s.tz, data.day_start_hour):%d %b}",
                redactor.text(s.title),
                f"{s.level} · {vocab.STEP_LADDER.label(str(s.level)).lower()}",
                vocab.STEP_STATUSES.label(s.status),
            )
        )
    done_by: Counter[int] = Counter(d.routine_id for d in data.now.routine_done)
    routine_rows = tuple(
        (
            redactor.text(r.name),
            f"{r.schedule} {r.time_of_day or ''}".strip() + ("" if r.active else " (paused)"),
            str(done_by[r.id or 0]),
            str(_scheduled_days(r, data.now.start, data.now.end)),
        )
        for r in data.routines
        if r.active or done_by[r.id or 0]
    )
    tables = []
    if step_rows:
        tables.append(Table(("Day", "Step", "Rung", "Status"), tuple(step_rows)))
    if routine_rows:
        tables.append(
            Table(("Routine", "When", "Done this period", "Days it was planned for"), routine_rows)
        )
    paragraphs = [
        "Small steps back toward people, on a ladder from a short message to telling someone "
        "trusted how things are. Steps let go are part of pacing, not a failure."
    ]
    if not tables:
        paragraphs.append("No steps or routines were planned or done in this period.")
    return Section("plans", SECTIONS["plans"], paragraphs=tuple(paragraphs), tables=tuple(tables))


def reflections_section(data: RecordsInput, redactor: Redactor) -> Section:
    """Only the reflections and notes the person picked, one by one."""
    quotes = tuple(
        Quote(
            f"{p.day:%d %b %Y}",
            vocab.RECORD_KINDS.label(p.kind) if p.kind in vocab.RECORD_KINDS else p.kind,
            redactor.text(p.prompt),
            redactor.text(p.text),
        )
        for p in sorted(data.picked, key=lambda p: p.day)
    )
    if not quotes:
        return Section(
            "reflections",
            SECTIONS["reflections"],
            paragraphs=("No reflections or notes were chosen for this report.",),
        )
    return Section(
        "reflections",
        SECTIONS["reflections"],
        paragraphs=("In your own words, chosen one by one to share.",),
        quotes=quotes,
    )


def contact_changes(data: RecordsInput, redactor: Redactor) -> Table | None:
    """Contacts per person in this period and the one before (for relationship changes)."""
    now: Counter[int] = Counter(pid for c in data.now.contacts for pid in c.person_ids)
    before: Counter[int] = Counter(pid for c in data.before.contacts for pid in c.person_ids)
    ids = sorted(set(now) | set(before), key=lambda i: (-now[i], -before[i], i))
    if not ids:
        return None
    return Table(
        ("Person", "Contacts this period", "Period before"),
        tuple((redactor.person(i), str(now[i]), str(before[i])) for i in ids[:15]),
    )
