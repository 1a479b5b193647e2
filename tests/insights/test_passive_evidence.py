"""Phone signals as withdrawal evidence: own baseline, outages say nothing, fusion limits."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from ebbtide.insights.model import CONNECTED, DRIFTING, ISOLATED, RESTORING, UNKNOWN
from ebbtide.insights.passive_evidence import PASSIVE_DAY, fuse, passive_evidence

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


def _drift(phases: list[int], logged7: int, score: float = 0.0) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "subject": [0] * len(phases),
            "day": [date(2026, 1, 1) + timedelta(days=i) for i in range(len(phases))],
            "phase": pl.Series(phases, dtype=pl.Int8),
            "score": [score] * len(phases),
            "learning": [False] * len(phases),
            "logged7": pl.Series([logged7] * len(phases), dtype=pl.Int8),
        }
    )


def _evidence(flags: list[bool]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "day": [date(2026, 1, 1) + timedelta(days=i) for i in range(len(flags))],
            "passive_drifting": flags,
            "passive_sentences": [["x"]] * len(flags),
        }
    )


def test_fusion_makes_drifting_never_isolated_never_over_a_retreat() -> None:
    phases = [CONNECTED, RESTORING, DRIFTING, ISOLATED, CONNECTED]
    quiet = fuse(_drift(phases, logged7=1), _evidence([True] * 5))
    assert quiet["phase"].to_list() == [DRIFTING, RESTORING, DRIFTING, ISOLATED, DRIFTING]
    busy = fuse(_drift(phases, logged7=6), _evidence([True] * 5))
    assert busy["phase"].to_list() == phases  # entries speak and do not lean that way
    leaning = fuse(_drift(phases, logged7=6, score=2.0), _evidence([True] * 5))
    assert leaning["phase"].to_list()[0] == DRIFTING
    none = fuse(_drift(phases, logged7=1), _evidence([False] * 5))
    assert none["phase"].to_list() == phases
    silent = fuse(_drift([UNKNOWN, UNKNOWN], logged7=0), _evidence([True, False]))
    assert silent["phase"].to_list() == [DRIFTING, UNKNOWN]  # the phone speaks, or nobody does
