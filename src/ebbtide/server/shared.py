"""What a grantee sees of a client: one builder per consent scope, over the service layer.

Only the scope asked for is read. Free-text notes never leave (only reflections the
client picked, under ``reflections.chosen``); people are initials unless
``contacts.detail`` is granted too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ebbtide.domain import spec
from ebbtide.domain import vocab as dvocab
from ebbtide.server import repo
from ebbtide.server.db import ServerDB
from ebbtide.server.policy import Grant
from ebbtide.service import Context, Entry, Redactor, list_therapy_sessions, log, people_names

DEFAULT_DAYS = 28


def client_context(db: ServerDB, account: repo.Account) -> Context:
    """The service context on a client's own records."""
    assert account.subject_id is not None
    return Context(
        db.store, account.subject_id, f"client:{account.uid}", account.tz, db.day_start_hour,
        db.clock,
    )  # fmt: skip


@dataclass(frozen=True)
class View:
    """What one scope shows: the window, the rows (their count is audited), extra fields."""

    scope: str
    start: date
    end: date
    rows: list[dict[str, Any]]
    extra: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The JSON the API answers."""
        return {
            "scope": self.scope,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "count": len(self.rows),
            "rows": self.rows,
            **self.extra,
        }


@dataclass(frozen=True)
class Access:
    """The facts a builder needs: the client's context, what is granted and for when."""

    ctx: Context
    scopes: frozenset[str]
    grant: Grant
    reflections: frozenset[str]

    @property
    def initials(self) -> bool:
        """People reduced to initials unless contacts.detail is granted."""
        return "contacts.detail" not in self.scopes

    def window(self) -> tuple[date, date]:
        """Since the last session (else the last four weeks), inside the grant's data period."""
        today = self.ctx.today()
        past = [s.day for s in list_therapy_sessions(self.ctx) if s.day <= today]
        start = past[-1] if past else today - timedelta(days=DEFAULT_DAYS - 1)
        end = today
        if self.grant.data_from and self.grant.data_from > start:
            start = self.grant.data_from
        if self.grant.data_to and self.grant.data_to < end:
            end = self.grant.data_to
        return start, max(start, end)

    def redactor(self) -> Redactor:
        """Names as they are, or as initials."""
        return Redactor(people_names(self.ctx), initials=self.initials)


def _entries(a: Access, kind: str) -> tuple[date, date, list[Entry]]:
    start, end = a.window()
    return start, end, list(reversed(log(a.ctx, since=start, until=end, kinds=[kind])))


def _when(a: Access, e: Entry) -> dict[str, str]:
    tz = getattr(e.record, "tz", a.ctx.tz)
    return {"day": a.ctx.day_of(e.at, tz).isoformat(), "at": e.at.isoformat()}


def _label(v: dvocab.Vocabulary, code: str | None) -> str | None:
    return v.label(code) if code else None


def _released(kind: spec.Kind, *names: str) -> tuple[spec.Field, ...]:
    """The fields of ``kind`` a scope releases, named by the spec (a name it lacks fails
    here, as the server starts; a field the spec adds is released only when named here)."""
    return tuple(kind.field(name) for name in names)


RELEASED: dict[str, tuple[spec.Field, ...]] = {
    "checkins": _released(spec.CHECKIN, "state", "intensity", "body", "energy", "appetite"),
    "contacts.detail": _released(
        spec.CONTACT,
        "person_ids",
        "channel",
        "minutes",
        "initiated",
        "safety",
        "reciprocity",
        "authenticity",
        "before",
        "after",
    ),
    "solitude": _released(spec.SOLITUDE, "activity", "minutes", "chosen", "before", "after"),
    "boundaries": _released(spec.BOUNDARY, "person_id", "received", "after"),
    "reflections.chosen": _released(spec.REFLECTION, "prompt", "answer"),
}
"""The record fields each scope releases, in the order its rows show them (never a note)."""

LABELLED = (spec.BOUNDARY.field("received"),)
"""Released codes shown with their words too (``<key>_label``, just after the code)."""


def _row(scope: str, record: Any, person: Callable[[int], str] = str) -> dict[str, Any]:
    """The released fields of one record, by their export key (people through ``person``)."""
    out: dict[str, Any] = {}
    for f in RELEASED[scope]:
        value = getattr(record, f.name)
        if f.type == "people":
            value = [person(pid) for pid in value]
        elif f.type == "person":
            value = person(value)
        elif f.type == "codes":
            value = list(value)
        out[f.key] = value
        if f in LABELLED and f.vocab is not None:
            out[f"{f.key}_label"] = _label(f.vocab, value)
    return out


def checkins(a: Access) -> View:
    """States over time: state, intensity, body signals, energy, appetite; never the note."""
    start, end, items = _entries(a, "checkin")
    rows = [{**_when(a, e), **_row("checkins", e.record)} for e in items]
    mix = Counter(r["state"] for r in rows)
    return View("checkins", start, end, rows, {"states": dict(mix)})


def contacts_summary(a: Access) -> View:
    """Contacts per person (initials) and per channel; no single contact, no note."""
    start, end, items = _entries(a, "contact")
    names = Redactor(people_names(a.ctx), initials=True)
    per: Counter[str] = Counter()
    minutes: Counter[str] = Counter()
    for e in items:
        for pid in e.record.person_ids:
            per[names.person(pid)] += 1
            minutes[names.person(pid)] += e.record.minutes or 0
    rows = [{"person": p, "contacts": n, "minutes": minutes[p]} for p, n in per.most_common()]
    channels = Counter(e.record.channel for e in items)
    extra = {"contacts": len(items), "channels": dict(channels)}
    return View("contacts.summary", start, end, rows, extra)


def contacts_detail(a: Access) -> View:
    """Each contact with people's names and how it felt; never the note."""
    start, end, items = _entries(a, "contact")
    names = people_names(a.ctx)

    def person(pid: int) -> str:
        return names.get(pid, "someone")

    rows = [{**_when(a, e), **_row("contacts.detail", e.record, person)} for e in items]
    return View("contacts.detail", start, end, rows, {})


def solitude(a: Access) -> View:
    """Time alone: activity, minutes, chosen or escape, state before and after; no note."""
    start, end, items = _entries(a, "solitude")
    rows = [{**_when(a, e), **_row("solitude", e.record)} for e in items]
    return View("solitude", start, end, rows, {})


def boundaries(a: Access) -> View:
    """Boundary events: with whom (initials unless contacts.detail) and how received."""
    start, end, items = _entries(a, "boundary")
    red = a.redactor()
    rows = [{**_when(a, e), **_row("boundaries", e.record, red.person)} for e in items]
    return View("boundaries", start, end, rows, {})


def questionnaires(a: Access) -> View:
    """Questionnaire totals and bands (not the item answers)."""
    from ebbtide.service import assessments_between

    start, end = a.window()
    rows = [
        {"day": x.day.isoformat(), "instrument": x.instrument, "total": x.total, "band": x.band}
        for x in assessments_between(a.ctx, start, end)
    ]
    return View("questionnaires", start, end, rows, {})


def phases(a: Access) -> View:
    """The daily phase of each day in the window."""
    from ebbtide.service import cached_insight_report

    start, end = a.window()
    report = cached_insight_report(a.ctx)
    rows = [
        {"day": p.day.isoformat(), "phase": p.phase, "logged": p.logged}
        for p in report.phases
        if start <= p.day <= end
    ]
    return View("insights.phases", start, end, rows, {})


def chosen_reflections(a: Access) -> View:
    """Only the reflections the client picked for this grantee."""
    start, end = a.window()
    items = [e for e in log(a.ctx, kinds=["reflection"]) if e.record.uid in a.reflections]
    rows = [{**_when(a, e), **_row("reflections.chosen", e.record)} for e in reversed(items)]
    return View("reflections.chosen", start, end, rows, {})


def report(a: Access) -> View:
    """The since-last-session report, built only from the other granted scopes."""
    from ebbtide.server.vocab import SCOPE_SECTIONS
    from ebbtide.service import ReportOptions, build_report

    start, end = a.window()
    sections = tuple(dict.fromkeys(SCOPE_SECTIONS[s] for s in a.scopes if s in SCOPE_SECTIONS))
    notes = tuple(
        ("reflection", int(e.record.id))
        for e in log(a.ctx, kinds=["reflection"])
        if e.record.uid in a.reflections and "reflections.chosen" in a.scopes
    )
    doc = build_report(
        a.ctx,
        ReportOptions(
            start=start, end=end, sections=sections, initials=a.initials, notes=notes, pdf=False
        ),
    )
    row = {"sections": list(doc.sections), "html": doc.html}
    return View("report", doc.start, doc.end, [row], {})


def _passive_rows(a: Access, fields: dict[str, str]) -> tuple[date, date, list[dict[str, Any]]]:
    """Days of the window with phone data: the day, hours the phone was known, and fields."""
    import math

    from ebbtide.service import passive_days

    start, end = a.window()
    frame = passive_days(a.ctx)
    if frame is None:
        return start, end, []

    def num(v: Any) -> float | None:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(v, 2)

    rows = [
        {"day": r["day"].isoformat(), "covered_h": num(r["covered_h"]),
         **{out: num(r[col]) for out, col in fields.items()}}
        for r in frame.iter_rows(named=True)
        if start <= r["day"] <= end
    ]  # fmt: skip
    return start, end, rows


def passive_comm(a: Access) -> View:
    """Calls made, people texted and people in touch by phone, per day; never who or what."""
    fields = {"calls_out": "calls_out", "people_texted": "texted", "people": "people"}
    start, end, rows = _passive_rows(a, fields)
    return View("passive.comm.daily", start, end, rows, {})


def passive_gps(a: Access) -> View:
    """Hours with a known location and hours at home, per day; never a place or a fix."""
    start, end, rows = _passive_rows(a, {"gps_h": "gps_h", "home_h": "home_h"})
    return View("passive.gps.daily", start, end, rows, {})


BUILDERS: dict[str, Callable[[Access], View]] = {
    "checkins": checkins,
    "contacts.summary": contacts_summary,
    "contacts.detail": contacts_detail,
    "solitude": solitude,
    "boundaries": boundaries,
    "questionnaires": questionnaires,
    "insights.phases": phases,
    "report": report,
    "reflections.chosen": chosen_reflections,
    "passive.comm.daily": passive_comm,
    "passive.gps.daily": passive_gps,
}


def page_sections(a: Access) -> tuple[str, ...]:
    """The report sections the granted scopes open, in the report's order."""
    from ebbtide.server.vocab import SCOPE_SECTIONS
    from ebbtide.service import REPORT_SECTIONS as SECTIONS

    opened = {SCOPE_SECTIONS[s] for s in a.scopes if s in SCOPE_SECTIONS}
    return tuple(code for code in SECTIONS if code in opened)


def page_content(a: Access) -> Any:
    """The clinician's since-last-session page: the report's sections for granted scopes."""
    from ebbtide.service import INSIGHT_SECTIONS, cached_insight_report, gather
    from ebbtide.service import compose_report as compose

    start, end = a.window()
    sections = page_sections(a)
    notes = tuple(
        ("reflection", int(e.record.id))
        for e in log(a.ctx, kinds=["reflection"])
        if e.record.uid in a.reflections and "reflections.chosen" in a.scopes
    )
    data = gather(a.ctx, start, end, notes)
    insights = cached_insight_report(a.ctx) if INSIGHT_SECTIONS.intersection(sections) else None
    return compose(data, insights, sections, a.redactor(), generated_at=a.ctx.now())
