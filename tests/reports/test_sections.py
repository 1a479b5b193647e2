"""The record-based report sections: page one's lines and tallies, the state section."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.domain.records import Boundary, CheckIn
from ebbtide.reports.sections import (
    Assessment,
    PeriodRecords,
    RecordsInput,
    safety_lines,
    states_section,
    summary_lines,
    tally,
)

START, END = date(2026, 11, 16), date(2026, 11, 22)
BEFORE = PeriodRecords(start=START - timedelta(days=7), end=START - timedelta(days=1))


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _checkin(day: int, state: str, intensity: int | None = None) -> CheckIn:
    return CheckIn(at=_at(day), tz="UTC", state=state, intensity=intensity)


def _boundary(day: int, received: str) -> Boundary:
    return Boundary(at=_at(day), tz="UTC", person_id=1, asked="Space", received=received)


def test_safety_lines_are_the_alerts_inside_the_period_oldest_first() -> None:
    alert = ("PHQ-9", "Thoughts that you would be better off dead", "Several days")
    assessments = [
        Assessment(day=date(2026, 11, 18), instrument="PHQ-9", band=None, safety=(alert,)),
        Assessment(day=date(2026, 11, 10), instrument="PHQ-9", band=None, safety=(alert,)),
        Assessment(day=date(2026, 11, 20), instrument="GAD-7", band=None),
    ]
    assert safety_lines(assessments, START, END) == (
        "Safety: on Wed 18 Nov 2026 the PHQ-9 question "
        "“Thoughts that you would be better off dead” was answered “Several days”.",
    )


def test_the_tally_counts_only_the_period_by_the_shared_definitions() -> None:
    period = PeriodRecords(
        start=START,
        end=END,
        checkins=[_checkin(16, "connected"), _checkin(17, "shut-down"), _checkin(30, "connected")],
        boundaries=[
            _boundary(18, "honoured"),
            _boundary(19, "refused"),
            _boundary(20, "dismissed"),
        ],
        reflections=2,
    )
    t = tally(period, "UTC", 4)
    assert (t.checkins, t.connected) == (2, 1)
    assert (t.boundaries, t.met, t.unmet) == (3, 1, 2)
    assert (t.contacts, t.reflections) == (0, 2)


def test_summary_lines_compare_with_the_period_before_and_only_for_chosen_sections() -> None:
    now = PeriodRecords(start=START, end=END, boundaries=[_boundary(18, "negotiated")])
    data = RecordsInput(now=now, before=BEFORE, tz="UTC", day_start_hour=4)
    [line] = summary_lines(data, ["boundaries"])
    assert line.section == "boundaries"
    assert line.now == "1 · 1 met · 0 unmet" and line.before == "0 · 0 met · 0 unmet"
    assert line.sentence.startswith("1 need or limit expressed: 1 honoured or negotiated")
    quiet = RecordsInput(now=BEFORE, before=BEFORE, tz="UTC", day_start_hour=4)
    [unheard] = summary_lines(quiet, ["boundaries"], unheard=["Sam", "Ana", "Jo"])
    assert unheard.sentence.endswith("earlier ones with Sam, Ana and Jo keep going unheard.")


def test_the_states_section_counts_each_state_and_the_average_intensity() -> None:
    now = PeriodRecords(
        start=START,
        end=END,
        checkins=[
            _checkin(16, "connected", 2),
            _checkin(17, "connected", 3),
            _checkin(18, "fawning"),
        ],
    )
    section = states_section(RecordsInput(now=now, before=BEFORE, tz="UTC", day_start_hour=4))
    rows = {row[0]: row[1:] for row in section.tables[0].rows}
    assert rows["Connected"] == ("2 (67%)", "0 (–)")
    assert "Average intensity was 2.5 of 5 across 2 check-ins." in section.paragraphs
    assert len(section.charts) == 1
