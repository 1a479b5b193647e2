"""Phone signals as withdrawal evidence: own baseline, outages say nothing, fusion limits."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from ebbtide.insights.model import CONNECTED, DRIFTING, ISOLATED, RESTORING, UNKNOWN
from ebbtide.insights.passive_evidence import (
    PASSIVE_DAY,
    PHONE_ADDED,
    PHONE_DOUBTS,
    PassiveParams,
    fuse,
    passive_evidence,
)

N = 120


def _days(withdraw_from: int | None = None, *, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    soc = np.ones(N)
    if withdraw_from is not None:
        soc[withdraw_from:] = 0.15
    return {
        "covered_h": np.full(N, 24.0),
        "calls_out": rng.poisson(0.8 * soc).astype(float),
        "texted": rng.poisson(3 * soc).astype(float),
        "people": rng.poisson(4 * soc).astype(float),
        "gps_h": np.full(N, 23.0),
        "home_h": np.clip(13 + 9 * (1 - soc) + rng.normal(0, 1.5, N), 0, 24),
    }


def _frame(cols: dict[str, np.ndarray]) -> pl.DataFrame:
    day = [date(2026, 1, 1) + timedelta(days=i) for i in range(N)]
    return pl.DataFrame({"day": day, **cols}, schema=PASSIVE_DAY)


def test_a_withdrawal_is_flagged_within_days_and_ordinary_life_is_not() -> None:
    flagged = passive_evidence(_frame(_days(80)))["passive_drifting"].to_numpy()
    first = int(np.flatnonzero(flagged)[0])
    assert 80 <= first <= 90
    for seed in range(5):
        assert not passive_evidence(_frame(_days(seed=seed)))["passive_drifting"].any()


def test_phone_off_and_gps_outages_are_not_enough_to_say() -> None:
    cols = _days(seed=3)
    cols["covered_h"][40:70] = 0.0  # a month with the phone off
    cols["calls_out"][40:70] = cols["texted"][40:70] = cols["people"][40:70] = 0.0
    cols["gps_h"][75:110] = 0.0  # then a long GPS outage while home time reads 24 h
    cols["home_h"][75:110] = 24.0
    ev = passive_evidence(_frame(cols))
    assert not ev["passive_drifting"].any()
    assert not ev["passive_known"].to_numpy()[40:70].any()
    assert np.isnan(ev["home_h"].to_numpy()[75:110]).all()
    assert ev["passive_sentences"][50].to_list() == [
        "The phone sent too little data this day to say anything (off, or no signal)."
    ]
    assert ev["passive_sentences"][80][0] == (
        "Location was off for most of the day, so time at home is left out."
    )


def test_sentences_compare_with_the_usual() -> None:
    ev = passive_evidence(_frame(_days(80)))
    lines = ev["passive_sentences"][100].to_list()
    assert lines[0].startswith("Home ") and "(usual 13 h)" in lines[0]
    assert lines[1].startswith("Texts to ") and "(usual 3)" in lines[1]


def test_linked_people_are_named_in_the_sentences() -> None:
    cols = _days(80)
    frame = _frame(cols).with_columns(
        pl.Series(
            "texted_names",
            [["Sam"] if i == 100 else ["Sam", "Noor"] if i == 101 else [] for i in range(N)],
            dtype=pl.List(pl.String()),
        )
    )
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 100)
        .then(3.0)
        .when(pl.int_range(pl.len()) == 101)
        .then(2.0)
        .otherwise(pl.col("texted"))
        .alias("texted")
    )
    ev = passive_evidence(frame)
    assert (
        ev["passive_sentences"][100].to_list()[1] == "Texts to 3 people, among them Sam (usual 3)."
    )
    assert ev["passive_sentences"][101].to_list()[1] == "Texts to Sam and Noor (usual 3 people)."
    # Without links nobody is named: the same days read as counts only.
    plain = [x for xs in passive_evidence(_frame(cols))["passive_sentences"].to_list() for x in xs]
    assert not any("Sam" in x for x in plain)
    assert sum(x.startswith("Texts to ") and x.endswith(" (usual 3).") for x in plain) > 20


def _drift(
    phases: list[int], score: float = 0.0, escape7: float | None = 0.5, usual: float = 0.3
) -> pl.DataFrame:
    n = len(phases)
    return pl.DataFrame(
        {
            "subject": [0] * n,
            "day": [date(2026, 1, 1) + timedelta(days=i) for i in range(n)],
            "phase": pl.Series(phases, dtype=pl.Int8),
            "score": [score] * n,
            "learning": [False] * n,
            "logged7": pl.Series([5] * n, dtype=pl.Int8),
            "escape7": pl.Series([escape7] * n, dtype=pl.Float32),
            "usual_escape": pl.Series([usual] * n, dtype=pl.Float32),
        }
    )


def _evidence(flags: list[bool], ordinary: list[bool] | None = None) -> pl.DataFrame:
    n = len(flags)
    return pl.DataFrame(
        {
            "day": [date(2026, 1, 1) + timedelta(days=i) for i in range(n)],
            "passive_drifting": flags,
            "passive_ordinary": ordinary if ordinary is not None else [False] * n,
            "passive_sentences": [["x"]] * n,
        }
    )


def test_fusion_makes_drifting_never_isolated_never_over_a_retreat() -> None:
    phases = [CONNECTED, CONNECTED, RESTORING, DRIFTING, ISOLATED, CONNECTED, UNKNOWN]
    on = _evidence([True] * len(phases))
    fused = fuse(_drift(phases, score=2.0), on)
    # The first flagged day has not held yet; restoring and isolated are never changed.
    assert fused["phase"].to_list() == [
        CONNECTED,
        DRIFTING,
        RESTORING,
        DRIFTING,
        ISOLATED,
        DRIFTING,
        DRIFTING,
    ]
    assert fused["passive_made_drifting"].to_list() == [False, True] + [False] * 3 + [True] * 2
    assert fused["passive_sentences"][1].to_list() == [PHONE_ADDED, "x"]
    assert fused["passive_sentences"][0].to_list() == ["x"]
    # Entries that do not lean towards drift at all: the phone alone does not decide.
    assert fuse(_drift(phases, score=0.5), on)["phase"].to_list() == phases
    # Solitude more chosen than usual this week: a retreat, whatever the phone says.
    assert fuse(_drift(phases, score=2.0, escape7=0.1), on)["phase"].to_list() == phases
    # No solitude logged at all is not a sign of a retreat.
    assert fuse(_drift(phases, score=2.0, escape7=None), on)["phase"].to_list()[1] == DRIFTING
    off = _evidence([False] * len(phases))
    assert fuse(_drift(phases, score=2.0), off)["phase"].to_list() == phases


def test_by_default_an_ordinary_phone_week_never_holds_back_an_alarm() -> None:
    phases = [CONNECTED, DRIFTING, DRIFTING, DRIFTING, CONNECTED, DRIFTING]
    fused = fuse(_drift(phases, score=4.5), _evidence([False] * 6, [True] * 6))
    assert fused["phase"].to_list() == phases
    assert not fused["passive_made_unknown"].any()


def test_an_ordinary_phone_week_holds_back_the_start_of_an_alarm_only() -> None:
    phases = [CONNECTED, DRIFTING, DRIFTING, DRIFTING, CONNECTED, DRIFTING]
    ordinary = [True, True, False, True, True, True]
    hold = PassiveParams(may_hold_back=True)
    fused = fuse(_drift(phases, score=4.5), _evidence([False] * 6, ordinary), hold)
    # Day 1 (a start) becomes "not enough to say"; day 2 starts the alarm, and day 3 is
    # inside it, so the phone does not cut it in two; day 5 starts a new one: held back.
    assert fused["phase"].to_list() == [CONNECTED, UNKNOWN, DRIFTING, DRIFTING, CONNECTED, UNKNOWN]
    assert fused["passive_sentences"][1].to_list() == [PHONE_DOUBTS, "x"]
    isolated = fuse(_drift([ISOLATED] * 3, score=9.0), _evidence([False] * 3, [True] * 3), hold)
    assert isolated["phase"].to_list() == [ISOLATED] * 3
