"""The shared definitions: one meaning of felt safe, meaningful, met and the weekly state mix,
and the web dashboard, the report and the insights counting by them alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.domain import measures, vocab
from ebbtide.domain.records import Boundary, Contact
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.relationships import relationship_map
from ebbtide.reports.sections import PeriodRecords, RecordsInput, state_mix_rows, tally
from ebbtide.service import dashboard
from ebbtide.service.capture import add_checkin
from ebbtide.service.context import Context

T0 = datetime(2026, 11, 2, 10, tzinfo=UTC)  # a Monday


def test_felt_safe_meaningful_met_and_unmet() -> None:
    def c(safety: int | None, after: str | None) -> Contact:
        return Contact(at=T0, tz="UTC", person_ids=(1,), safety=safety, after=after)

    assert [measures.felt_safe(c(s, None)) for s in (None, 3, 4, 5)] == [False, False, True, True]
    assert measures.is_meaningful_contact(c(2, "connected"))
    assert not measures.is_meaningful_contact(c(3, "mobilized"))
    met = {r for r in vocab.BOUNDARY_RESPONSES.codes if measures.boundary_met(_b(r))}
    unmet = {r for r in vocab.BOUNDARY_RESPONSES.codes if measures.boundary_unmet(_b(r))}
    assert met == {"honoured", "negotiated"} and unmet == {"dismissed", "refused", "punished"}
    assert met | unmet == set(vocab.BOUNDARY_RESPONSES.codes) and not met & unmet


def _b(received: str) -> Boundary:
    return Boundary(at=T0, tz="UTC", person_id=1, asked="Space", received=received)


def test_the_weekly_state_mix_orders_weeks_then_states() -> None:
    days = [
        (date(2026, 11, 4), "shut-down"),
        (date(2026, 11, 2), "connected"),
        (date(2026, 11, 10), "mobilized"),
        (date(2026, 11, 8), "shut-down"),
    ]
    assert measures.weekly_state_mix(days) == [
        (date(2026, 11, 2), "connected", 1),
        (date(2026, 11, 2), "shut-down", 2),
        (date(2026, 11, 9), "mobilized", 1),
    ]


def test_dashboard_and_report_give_the_same_state_mix(ctx: Context) -> None:
    when = ["2026-11-16 09:00", "2026-11-17 23:30", "2026-11-18 02:30", "2026-11-20 10:00"]
    states = ["connected", "shut-down", "fawning", "connected"]
    saved = [add_checkin(ctx, s, when=w).record for s, w in zip(states, when, strict=True)]
    start, end = date(2026, 11, 16), date(2026, 11, 21)
    period = PeriodRecords(start=start, end=end, checkins=saved, contacts=[], solitude=[],
                           boundaries=[], routine_done=[], steps=[], reflections=0)  # fmt: skip
    data = RecordsInput(now=period, before=period, tz=ctx.tz, day_start_hour=ctx.day_start_hour,
                        routines=[], assessments=[], picked=[])  # fmt: skip
    web = [(m.week, m.state, m.count) for m in dashboard.state_mix(ctx, weeks=1)]
    assert web == state_mix_rows(data)
    assert web == [(start, "connected", 2), (start, "shut-down", 1), (start, "fawning", 1)]


def test_report_and_relationship_map_count_met_boundaries_alike() -> None:
    responses = ["honoured", "negotiated", "refused", "dismissed", "honoured"]
    bs = [_b(r) for r in responses]
    period = PeriodRecords(start=date(2026, 11, 2), end=date(2026, 11, 8), checkins=[],
                           contacts=[], solitude=[], boundaries=bs, routine_done=[], steps=[],
                           reflections=0)  # fmt: skip
    t = tally(period, "UTC", 4)
    f = frames_from_records(
        [*bs, *(Contact(at=T0 - timedelta(days=i), tz="UTC", person_ids=(1,)) for i in range(3))]
    )
    m = relationship_map(f.contacts, f.boundaries, date(2026, 11, 8))
    assert (t.met, t.unmet) == (3, 2)
    assert m["honoured"].to_list() == [t.met] and m["unmet"].to_list() == [t.unmet]
