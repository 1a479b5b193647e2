"""The drift detector's promises: a drift is remembered until contact comes back, silence and
days away are 'not enough to say', isolation needs a sustained severe fall, and every
phase is causal (a later day never changes an earlier one)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import polars as pl

from ebbtide.demo import generate_cohort
from ebbtide.demo.frames import frames_from_histories
from ebbtide.domain.records import CheckIn, Contact, Solitude
from ebbtide.insights.drift import NEEDS, detect_grid
from ebbtide.insights.frames import frames_from_records
from ebbtide.insights.model import DRIFTING, ISOLATED, PHASES
from ebbtide.insights.report import build_insights, daily_phases

START = date(2026, 1, 1)
UNKNOWN = "not-enough-to-say"


def _at(d: int, hour: int) -> datetime:
    return datetime(2026, 1, 1, hour, tzinfo=UTC) + timedelta(days=d)


def _ordinary(d: int) -> list[object]:
    return [
        CheckIn(at=_at(d, 8), tz="UTC", state="connected"),
        Contact(at=_at(d, 12), tz="UTC", person_ids=(1,), safety=4, after="connected"),
        Contact(at=_at(d, 18), tz="UTC", person_ids=(2,), safety=5, after="connected"),
        Solitude(at=_at(d, 20), tz="UTC", activity="reading", minutes=40, after="connected"),
    ]


def _withdrawn(d: int) -> list[object]:
    out: list[object] = [
        CheckIn(at=_at(d, 9), tz="UTC", state="shut-down"),
        Solitude(
            at=_at(d, 21),
            tz="UTC",
            activity="screen-binge",
            minutes=200,
            chosen=False,
            before="shut-down",
            after="shut-down",
        ),
    ]
    if d % 9 == 0:
        out.append(Contact(at=_at(d, 17), tz="UTC", person_ids=(1,), safety=3, after="shut-down"))
    return out


def _phases(recs: list[object], as_of: date, days: int, **kw: object) -> list[str]:
    frames = frames_from_records(recs, people={1: "A", 2: "B"})
    report = build_insights(frames, as_of, days, **kw)  # type: ignore[arg-type]
    return [p.phase for p in report.phases]


def test_a_long_drift_is_remembered_until_contact_comes_back() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 330) for r in _withdrawn(d)]  # eight months withdrawn
    recs += [r for d in range(330, 372) for r in _ordinary(d)]
    phases = _phases(recs, START + timedelta(days=371), 372)
    drift = phases[90:330]
    first = next(i for i, p in enumerate(drift) if p in ("drifting", "isolated"))
    assert first <= 21
    # Never forgotten while it lasts: every day from the alarm to the end is a drift day.
    assert set(drift[first:]) <= {"drifting", "isolated"}
    assert drift[-60:].count("isolated") == 60
    # It ends on recovery: contact back for three weeks, then connected again.
    assert phases[-1] == "connected"
    assert "connected" not in phases[330:340]


def test_isolated_says_what_it_rests_on() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 160) for r in _withdrawn(d)]
    frames = frames_from_records(recs, people={1: "A", 2: "B"})
    report = build_insights(frames, START + timedelta(days=159), 160)
    now = report.current
    assert now is not None and now.phase == "isolated"
    first = now.evidence[0].sentence
    assert first.startswith("For ") and "days with entries" in first
    assert "over the last three weeks" in first
    # Isolation rests on the check-ins too, and says so.
    assert "you felt connected in 0% of your check-ins (usually 100%)" in first
    assert now.evidence[0].numbers["unsettled_checkin_share_21d"] == 1.0
    assert now.evidence[0].numbers["days_in_drift"] >= 21  # type: ignore[operator]


def test_silence_is_not_enough_to_say_and_never_an_alarm() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]  # then nothing for two months
    phases = _phases(recs, START + timedelta(days=150), 151)
    gap = phases[90:]
    assert set(gap[5:]) == {UNKNOWN}
    assert not {"drifting", "isolated", "restoring"} & set(gap)


def test_no_baseline_yet_is_not_enough_to_say() -> None:
    recs = [r for d in range(30) for r in _ordinary(d)]
    phases = _phases(recs, START + timedelta(days=29), 30)
    assert phases[:14] == [UNKNOWN] * 14
    assert phases[-1] == "connected"


def _holiday(d: int) -> list[object]:
    # On holiday: one check-in, calm, nobody logged.
    return [CheckIn(at=_at(d, 10), tz="UTC", state="connected")]


def test_a_quiet_holiday_marked_away_is_not_enough_to_say() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 111) for r in _holiday(d)]
    as_of = START + timedelta(days=110)
    away = ((START + timedelta(days=90), START + timedelta(days=110)),)
    marked = _phases(recs, as_of, 111, away=away)
    assert set(marked[90:]) == {UNKNOWN}
    unmarked = _phases(recs, as_of, 111)
    assert "connected" not in unmarked[97:]  # never "connected" without anyone logged


def test_withdrawal_while_away_still_shows() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 140) for r in _withdrawn(d)]
    away = ((START + timedelta(days=90), START + timedelta(days=139)),)
    phases = _phases(recs, START + timedelta(days=139), 140, away=away)
    assert "drifting" in phases[90:]


def test_phases_are_causal() -> None:
    hs = list(generate_cohort(12, days=500, end=date(2026, 11, 21), seed=5))
    frames = frames_from_histories(hs)
    start = hs[0].truth.start
    full = daily_phases(frames, start=start, end=date(2026, 11, 21))
    for cut in (date(2026, 3, 1), date(2026, 8, 15)):
        early = daily_phases(frames, start=start, end=cut)
        later = full.filter(pl.col("day") <= cut)
        assert early["phase"].to_list() == later["phase"].to_list()
    assert set(full["phase"].unique().to_list()) <= set(range(len(PHASES)))


def _heavy_but_in_touch(d: int) -> list[object]:
    # Harder days, but the usual safe contact goes on.
    return [
        CheckIn(at=_at(d, 8), tz="UTC", state="shut-down"),
        Contact(at=_at(d, 12), tz="UTC", person_ids=(1,), safety=4, after="connected"),
        Contact(at=_at(d, 18), tz="UTC", person_ids=(2,), safety=5, after="connected"),
        Solitude(at=_at(d, 21), tz="UTC", activity="screen-binge", minutes=120, chosen=False),
    ]


def test_heavier_days_with_contact_intact_are_not_a_drift() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 150) for r in _heavy_but_in_touch(d)]
    phases = _phases(recs, START + timedelta(days=149), 150)
    assert not {"drifting", "isolated"} & set(phases)


def _back_in_touch_still_shut_down(d: int) -> list[object]:
    return [
        CheckIn(at=_at(d, 8), tz="UTC", state="shut-down"),
        Contact(at=_at(d, 12), tz="UTC", person_ids=(1,), safety=4, after="connected"),
        Contact(at=_at(d, 18), tz="UTC", person_ids=(2,), safety=5, after="connected"),
    ]


def test_contact_back_while_still_shut_down_is_not_yet_recovery() -> None:
    recs = [r for d in range(90) for r in _ordinary(d)]
    recs += [r for d in range(90, 150) for r in _withdrawn(d)]
    recs += [r for d in range(150, 200) for r in _back_in_touch_still_shut_down(d)]
    recs += [r for d in range(200, 240) for r in _ordinary(d)]
    phases = _phases(recs, START + timedelta(days=239), 240)
    assert phases[149] in ("drifting", "isolated")
    # Contact is back but every check-in is still shut down: the drift is held.
    assert set(phases[150:200]) <= {"drifting", "isolated"}
    # Settled check-ins and contact for three weeks: connected again.
    assert phases[-1] == "connected"


def _calm(d: int, every: int) -> list[object]:
    out: list[object] = [CheckIn(at=_at(d, 8), tz="UTC", state="connected")]
    if d % every == 0:
        out.append(Contact(at=_at(d, 12), tz="UTC", person_ids=(1,), safety=5))
    return out


def test_empty_days_weigh_little_for_someone_who_rarely_logs_contact() -> None:
    # Ten days without contact say much about someone in touch every day, little about
    # someone whose usual is a contact every five days.
    def peak(every: int) -> float:
        recs = [r for d in range(120) for r in _calm(d, every)]
        recs += [CheckIn(at=_at(d, 8), tz="UTC", state="connected") for d in range(120, 130)]
        frames = frames_from_records(recs, people={1: "A"})
        d = daily_phases(frames, start=START, end=START + timedelta(days=129))
        return float(d["score"].max())  # type: ignore[arg-type]

    daily, rare = peak(1), peak(5)
    assert daily > 0
    assert rare < daily / 2


def test_avoiding_someone_is_evidence_of_withdrawal() -> None:
    def drift_with(appetite: str | None) -> list[object]:
        recs = [r for d in range(90) for r in _ordinary(d)]
        for d in range(90, 130):
            recs.append(CheckIn(at=_at(d, 9), tz="UTC", state="mobilized", appetite=appetite))
            if d % 3 == 0:
                recs.append(Contact(at=_at(d, 17), tz="UTC", person_ids=(1,), safety=3))
        return recs

    def scores(recs: list[object]) -> list[float]:
        frames = frames_from_records(recs, people={1: "A", 2: "B"})
        d = daily_phases(frames, start=START, end=START + timedelta(days=129))
        return d["score"].to_list()

    plain, avoiding = scores(drift_with(None)), scores(drift_with("avoiding"))
    assert plain[:90] == avoiding[:90]
    assert all(a >= p for a, p in zip(avoiding[90:], plain[90:], strict=True))
    assert sum(avoiding[90:]) > sum(plain[90:])


def _grid(days: int, fall_from: int) -> dict[str, npt.NDArray[np.int32]]:
    """One person logging every day: two meaningful contacts a day, none from ``fall_from``."""
    counts = {name: np.zeros((1, days), np.int32) for name in NEEDS}
    counts["logged"][:] = 1
    counts["checkins"][:] = 1
    counts["st_connected"][:] = 1
    counts["meaningful"][0, :fall_from] = 2
    return counts


def test_an_evidence_grid_replaces_the_daily_evidence_and_the_contact_gate_stays() -> None:
    first = np.zeros(1, np.int64)
    fallen, intact = _grid(200, 150), _grid(200, 200)

    def alarmed(
        counts: dict[str, npt.NDArray[np.int32]], evidence: npt.NDArray[np.float64] | None
    ) -> bool:
        phase = detect_grid(counts, first, evidence=evidence)["phase"][0]
        return bool(np.isin(phase, (DRIFTING, ISOLATED)).any())

    assert alarmed(fallen, None)  # the built-in evidence sees the fall
    assert not alarmed(fallen, np.zeros((1, 200)))  # no evidence: the CUSUM never rises
    assert alarmed(fallen, np.full((1, 200), 2.0))
    assert not alarmed(intact, np.full((1, 200), 2.0))  # contact intact: no alarm
