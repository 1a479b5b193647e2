"""Property and scenario tests for the insights, from records to an InsightReport."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.domain.records import CheckIn, Contact, Solitude
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.model import PHASES, RELATIONSHIP_KINDS, SOLITUDE_QUALITIES
from ebbtide.insights.report import build_insights

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe")
START = datetime(2025, 3, 1, tzinfo=UTC)  # spans the March and October DST changes


def _moment(draw: st.DrawFn) -> tuple[datetime, str]:
    offset = draw(st.integers(0, 400 * 24 * 60))
    return START + timedelta(minutes=offset), draw(st.sampled_from(ZONES))


@st.composite
def records(draw: st.DrawFn) -> object:
    at, tz = _moment(draw)
    kind = draw(st.sampled_from(("checkin", "contact", "solitude")))
    state = st.sampled_from(("connected", "mobilized", "shut-down", "fawning"))
    if kind == "checkin":
        return CheckIn(at=at, tz=tz, state=draw(state))
    if kind == "contact":
        return Contact(
            at=at,
            tz=tz,
            person_ids=tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))),
            channel=draw(st.sampled_from(("in-person", "call", "text"))),
            minutes=draw(st.none() | st.integers(0, 300)),
            safety=draw(st.none() | st.integers(1, 5)),
            after=draw(st.none() | state),
        )
    return Solitude(
        at=at,
        tz=tz,
        activity=draw(st.sampled_from(("rest", "scrolling", "nature", "overworking"))),
        minutes=draw(st.none() | st.integers(0, 600)),
        chosen=draw(st.booleans()),
        before=draw(st.none() | state),
        after=draw(st.none() | state),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    recs=st.lists(records(), max_size=60),
    duplicate=st.booleans(),
    as_of_offset=st.integers(0, 420),
    days=st.integers(1, 120),
)
def test_any_history_gives_a_sound_report(
    recs: list[object], duplicate: bool, as_of_offset: int, days: int
) -> None:
    """Empty, single, gappy, DST-crossing, zone-moving, duplicated: always a sound report."""
    if duplicate and recs:
        recs = recs + recs[:3]  # same records again (same uids, same timestamps)
    frames = frames_from_records(recs, people={1: "A", 2: "B", 3: "C", 4: "D"})
    as_of = START.date() + timedelta(days=as_of_offset)
    report = build_insights(frames, as_of, days)
    # One phase per day from the window's start, or from the first entry if that is later
    # (days before anyone logged are not gaps), through the as-of day; none at all before
    # the first entry (an empty history shows no phase, not a guess).
    window_start = as_of - timedelta(days=days - 1)
    span = frames.span()
    first = max(window_start, span[0]) if span else as_of
    expected = (as_of - first).days + 1 if span and span[0] <= as_of else 0
    assert [p.day for p in report.phases] == [first + timedelta(days=i) for i in range(expected)]
    for p in report.phases:
        assert p.phase in PHASES
        assert p.evidence and all(e.sentence for e in p.evidence)
    assert all(e.quality in SOLITUDE_QUALITIES for e in report.episodes)
    for r in report.relationships:
        assert r.kind in RELATIONSHIP_KINDS
        assert r.evidence
    assert report.headline
    assert report.pacing.window
    assert report.pacing.next_step is not None and 1 <= report.pacing.next_step.level <= 5


def test_local_day_follows_each_records_own_zone_across_dst() -> None:
    """01:30 local belongs to the evening before, on the night clocks change, in any zone."""
    # 26 Oct 2025: Berlin leaves summer time at 03:00 local.
    late = datetime(2025, 10, 26, 1, 30, tzinfo=UTC) - timedelta(hours=2)  # 01:30 CEST
    moved = datetime(2025, 10, 27, 12, 0, tzinfo=UTC)  # 08:00 in New York (EDT)
    frames = frames_from_records(
        [
            CheckIn(at=late, tz="Europe/Berlin", state="connected"),
            CheckIn(at=moved, tz="America/New_York", state="connected"),
        ]
    )
    days = frames.checkins["day"].to_list()
    assert days == [date(2025, 10, 25), date(2025, 10, 27)]
    assert frames.checkins["minute"].to_list() == [25 * 60 + 30, 8 * 60]


def _day(d: int, hour: int) -> datetime:
    return datetime(2026, 1, 1, hour, tzinfo=UTC) + timedelta(days=d)


def _ordinary_days(n: int) -> list[object]:
    out: list[object] = []
    for d in range(n):
        out.append(CheckIn(at=_day(d, 8), tz="UTC", state="connected"))
        out.append(
            Contact(at=_day(d, 18), tz="UTC", person_ids=(1 + d % 3,), safety=4, after="connected")
        )
        if d % 2:
            out.append(
                Solitude(
                    at=_day(d, 20),
                    tz="UTC",
                    activity="reading",
                    minutes=60,
                    before="mobilized",
                    after="connected",
                )
            )
        if d % 5 == 0:
            out.append(
                Solitude(
                    at=_day(d, 21),
                    tz="UTC",
                    activity="scrolling",
                    minutes=90,
                    chosen=False,
                    before="mobilized",
                    after="shut-down",
                )
            )
    return out


def _retreat(said_so: bool) -> list[object]:
    recs = _ordinary_days(60)
    for d in range(60, 67):
        recs.append(
            CheckIn(
                at=_day(d, 9),
                tz="UTC",
                state="shut-down" if d < 63 else "connected",
                appetite="need-solitude" if said_so else None,
            )
        )
        for hour in (11, 16):
            recs.append(
                Solitude(
                    at=_day(d, hour),
                    tz="UTC",
                    activity="nature",
                    minutes=120,
                    before="shut-down" if d < 63 else "connected",
                    after="connected",
                )
            )
    return recs


def _retreat_phases(recs: list[object]) -> list[str]:
    report = build_insights(
        frames_from_records(recs, people={1: "A", 2: "B", 3: "C"}), date(2026, 3, 8), 14
    )
    return [p.phase for p in report.phases if p.day >= date(2026, 3, 2)]


def test_a_chosen_retreat_with_improving_states_is_restoring_not_drifting() -> None:
    retreat = _retreat_phases(_retreat(said_so=True))
    assert "restoring" in retreat
    assert not {"drifting", "isolated"} & set(retreat)


def test_restoring_needs_the_persons_own_wish_for_time_alone() -> None:
    # The same retreat without a single "I need some time alone": no positive evidence.
    retreat = _retreat_phases(_retreat(said_so=False))
    assert "restoring" not in retreat
    assert set(retreat) <= {"connected", "not-enough-to-say"}


def test_three_weeks_of_thinning_contact_and_escape_becomes_drifting_then_isolated() -> None:
    recs = _ordinary_days(60)
    for i, d in enumerate(range(60, 95)):
        recs.append(CheckIn(at=_day(d, 9), tz="UTC", state="shut-down"))
        if i < 21 and i % (2 + i // 4) == 0:  # contact thins out over three weeks
            recs.append(
                Contact(at=_day(d, 18), tz="UTC", person_ids=(1,), safety=3, after="shut-down")
            )
        recs.append(
            Solitude(
                at=_day(d, 20),
                tz="UTC",
                activity="screen-binge",
                minutes=240,
                chosen=False,
                before="shut-down",
                after="shut-down",
            )
        )
    report = build_insights(
        frames_from_records(recs, people={1: "A", 2: "B", 3: "C"}), date(2026, 4, 5), 40
    )
    phases = [p.phase for p in report.phases]
    assert phases[0] == "connected"
    first_drift = phases.index("drifting")
    assert "isolated" in phases[first_drift:]
    assert phases.index("isolated") > first_drift
    assert report.current is not None and report.current.phase == "isolated"
