"""Solitude quality: the person's own before/after states decide, the activity only hints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ebbtide.demo import generate
from ebbtide.demo.frames import frames_from_history
from ebbtide.domain.records import Solitude
from ebbtide.insights import solitude
from ebbtide.insights.frames import frames_from_records

DAY0 = datetime(2026, 3, 2, 20, tzinfo=UTC)  # a Monday


def _episode(
    d: int, activity: str, chosen: bool, before: str | None, after: str | None
) -> Solitude:
    return Solitude(
        at=DAY0 + timedelta(days=d), tz="UTC", activity=activity, minutes=30,
        chosen=chosen, before=before, after=after,
    )  # fmt: skip


def test_each_reading_of_an_episode() -> None:
    cases = [
        (_episode(0, "reading", True, "mobilized", "connected"), solitude.RESTORATIVE, 0),
        (_episode(1, "reading", True, "connected", "shut-down"), solitude.MIXED, 1),
        (_episode(2, "scrolling", False, "mobilized", "connected"), solitude.MIXED, 2),
        (_episode(3, "scrolling", True, None, None), solitude.MIXED, 3),
        (_episode(4, "rest", False, "connected", "shut-down"), solitude.AVOIDANT, 4),
        (_episode(5, "screen-binge", True, "connected", "shut-down"), solitude.AVOIDANT, 5),
    ]
    frames = frames_from_records([c[0] for c in cases])
    got = solitude.episode_quality(frames.solitude)
    assert got["quality"].to_list() == [c[1] for c in cases]
    assert got["reason"].to_list() == [c[2] for c in cases]
    assert solitude.REASONS[4] == "an escape that left you heavier or more on edge"


def test_weeks_count_by_quality_and_share() -> None:
    records = [_episode(d, "nature", True, "mobilized", "connected") for d in range(3)]
    records.append(_episode(8, "scrolling", False, "connected", "shut-down"))
    weeks = solitude.solitude_weeks(solitude.episode_quality(frames_from_records(records).solitude))
    rows = weeks.select("week", "restorative", "avoidant", "restorative_share").rows()
    assert rows == [(date(2026, 3, 2), 3, 0, 1.0), (date(2026, 3, 9), 0, 1, 0.0)]
    assert weeks["restorative_minutes"].to_list() == [90, 0]


def test_trend_compares_the_last_four_weeks_with_the_four_before() -> None:
    early = [_episode(d, "rest", False, "connected", "shut-down") for d in range(0, 28, 7)]
    late = [_episode(d, "rest", True, "mobilized", "connected") for d in range(28, 56, 7)]
    weeks = solitude.solitude_weeks(
        solitude.episode_quality(frames_from_records(early + late).solitude)
    )
    assert solitude.solitude_trend(weeks) == (1.0, 0.0)
    assert solitude.solitude_trend(weeks.head(0)) == (None, None)
    assert solitude.solitude_trend(weeks.tail(2)) == (1.0, None)


def test_drifting_in_the_demo_reads_as_less_restorative_and_a_retreat_does_not() -> None:
    def share(f: object) -> float:
        return float((f["quality"] == solitude.RESTORATIVE).mean())  # type: ignore[index]

    h = generate("drift-abrupt", days=240, end=date(2026, 10, 31), seed=5, tz="UTC")
    eps = solitude.episode_quality(frames_from_history(h).solitude)
    onset = h.truth.drift_onset
    assert onset is not None
    before, after = eps.filter(eps["day"] < onset), eps.filter(eps["day"] >= onset)
    assert before.height >= 20 and after.height >= 20
    assert share(after) < share(before) - 0.2
    # A chosen retreat is time alone that restores: it is not read as avoidance.
    h = generate("retreat", days=240, end=date(2026, 10, 31), seed=5, tz="UTC")
    eps = solitude.episode_quality(frames_from_history(h).solitude)
    (start, end), *_ = h.truth.retreats
    assert share(eps.filter(eps["day"].is_between(start, end))) >= share(
        eps.filter(eps["day"] < start)
    )
