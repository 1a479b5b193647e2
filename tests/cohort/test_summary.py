"""`cohort summary`: shares, transitions and time to first drift, small cells suppressed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cohort import MIN_PEOPLE, Partial, summarize
from ebbtide.cohort.partial import Period
from ebbtide.cohort.summary import hidden
from ebbtide.service.cohort import cohort_summary


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([40, 0, 0, 0], [False, False, False, False]),
        ([30, 5, 0, 0], [True, True, False, False]),  # 5 alone could be worked out from 30
        ([30, 5, 12, 0], [False, True, True, False]),  # ...so the next smallest goes too
        ([30, 5, 3, 14], [False, True, True, False]),  # two hidden already: enough
        ([11, 10, 0, 0], [True, True, False, False]),
    ],
)
def test_which_cells_are_hidden(people: list[int], expected: list[bool]) -> None:
    assert hidden(people) == expected


def _partial(people: int, phase_people: list[int], days: list[int]) -> Partial:
    p = Partial(subjects=people, person_days=sum(days))
    pad = [0] * (len(p.phases) - len(days))  # phases past the four named here: none
    phase_people, days = [*phase_people, *pad], [*days, *pad]
    p.days = {"2026-03-02": days}
    p.weeks = {"2026-03-02": Period(people, phase_people)}
    p.months = {"2026-03-01": Period(people, phase_people)}
    return p


def test_a_period_with_fewer_than_11_people_shows_nothing() -> None:
    s = summarize(_partial(10, [10, 2, 0, 0], [60, 10, 0, 0]), "week")
    assert s["periods"] == [
        {"period": "2026-03-02", "people": None, "shares": dict.fromkeys(s["phases"])}
    ]
    assert s["subjects"] is None and s["person_days"] is None


def test_shares_are_of_person_days_and_small_phases_are_hidden() -> None:
    s = summarize(_partial(30, [30, 12, 4, 0], [150, 40, 10, 0]), "month")
    connected, restoring, drifting, isolated = s["phases"][:4]
    shares = s["periods"][0]["shares"]
    assert s["periods"][0]["people"] == 30
    assert shares[connected] == 0.75 and shares[isolated] == 0.0
    assert shares[drifting] is None and shares[restoring] is None  # 4 people, and its cover


def test_transitions_and_first_drift_hide_small_groups() -> None:
    p = _partial(40, [40, 0, 0, 0], [40, 0, 0, 0])
    names = p.phases
    p.transitions = {f"{names[0]}>{names[2]}": [20, 12], f"{names[2]}>{names[3]}": [9, 4]}
    p.first_drift = {"3": 6, "10": 6, "40": 3}
    p.never_drifted = 25
    s = summarize(p, "week")
    assert s["transitions"] == [
        {"from": names[0], "to": names[2], "people": 12, "changes": 20},
        {"from": names[2], "to": names[3], "people": None, "changes": None},
    ]
    fd = s["first_drift"]
    assert (fd["people_drifted"], fd["never_drifted"], fd["median_days"]) == (15, 25, 10)
    assert fd["bins"] == [
        {"from_day": 0, "to_day": 6, "people": None},
        {"from_day": 7, "to_day": 13, "people": None},
        {"from_day": 35, "to_day": 41, "people": None},
    ]


def test_no_shown_cell_of_a_real_run_describes_fewer_than_11_people(small_run: Path) -> None:
    totals = json.loads((small_run / "cohort.json").read_text())["totals"]
    for by, groups in (("week", totals["weeks"]), ("month", totals["months"])):
        s = cohort_summary(small_run, by)
        assert len(s["periods"]) == len(groups) > 0
        shown = 0
        for row in s["periods"]:
            g = groups[row["period"]]
            for i, phase in enumerate(s["phases"]):
                share = row["shares"][phase]
                if share is not None and share > 0:
                    assert g["phase_people"][i] >= MIN_PEOPLE
                    shown += 1
            visible = [v for v in row["shares"].values() if v is not None]
            assert sum(visible) <= 1.0 + 1e-9
        assert shown > 0  # 12 subjects: the common phase is shown in most periods
        for t in s["transitions"]:
            assert t["people"] is None or t["people"] >= MIN_PEOPLE
