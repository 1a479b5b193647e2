"""GPS: jasmine's definitions, Forest's figures on its own fixture and on our trajectories."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ebbtide.sensing import beiwe
from ebbtide.sensing.mobility import daily_mobility, locate_home
from ebbtide.sensing.table import read_csv
from ebbtide.sensing.trajectory import build_trajectory
from tests.sensing.support import FIXTURES, STUDIES, differences, spec, study

# Forest's tests/jasmine/test_traj2stats.py: 16 h of pauses and flights in Bristol.
JASMINE_TRAJ = np.array(
    [
        [2, 51.45435654, -2.58555554, 1633042800, 51.45435654, -2.58555554, 1633082400, 1],
        [1, 51.45435654, -2.58555554, 1633082400, 51.4539284, -2.5861665, 1633083300, 1],
        [2, 51.4539284, -2.5861665, 1633083300, 51.4539284, -2.5861665, 1633086900, 1],
        [1, 51.4539284, -2.5861665, 1633086900, 51.45435654, -2.58555554, 1633087800, 1],
        [2, 51.45435654, -2.58555554, 1633087800, 51.45435654, -2.58555554, 1633105800, 1],
        [1, 51.45435654, -2.58555554, 1633105800, 51.4542473, -2.5861116, 1633107600, 1],
        [2, 51.4542473, -2.5861116, 1633107600, 51.4542473, -2.5861116, 1633118400, 1],
        [1, 51.4542473, -2.5861116, 1633118400, 51.45435654, -2.58555554, 1633120300, 1],
        [2, 51.45435654, -2.58555554, 1633120300, 51.45435654, -2.58555554, 1633129500, 1],
    ],
    dtype=np.float64,
)
JASMINE_HOME = (51.457183, -2.597960)  # the test mocks locate_home with this
JASMINE_FIGURES = {
    "obs_duration": 24,
    "obs_day": 10,
    "obs_night": 14,
    "home_time": 0,
    "dist_traveled": 0.208,
    "max_dist_home": 0.915,
    "radius": 0.013,
    "diameter": 0.064,
    "num_sig_places": 2,
    "entropy": 0.468,
    "total_flight_time": 1.528,
    "av_flight_length": 0.052,
    "sd_flight_length": 0.012,
    "av_flight_duration": 0.382,
    "sd_flight_duration": 0.132,
    "total_pause_time": 22.472,
    "av_pause_duration": 4.494,
    "sd_pause_duration": 3.496,
}


@pytest.mark.parametrize("compat", [True, False])
def test_jasmine_fixture_figures_to_three_decimals(compat: bool) -> None:
    table = daily_mobility(JASMINE_TRAJ, "Europe/London", JASMINE_HOME, forest_compat=compat)
    for column, value in JASMINE_FIGURES.items():
        assert round(float(table.column(column)[0]), 3) == value, column
    assert table.column("obs_day")[1] == 0


def test_forest_stretches_a_lone_segment_but_ebbtide_does_not() -> None:
    forest = daily_mobility(JASMINE_TRAJ, "Europe/London", JASMINE_HOME, forest_compat=True)
    ours = daily_mobility(JASMINE_TRAJ, "Europe/London", JASMINE_HOME)
    assert forest.column("obs_duration")[1] == 0  # 5 min stretched to 24 h, marked imputed
    assert round(float(ours.column("obs_duration")[1]) * 60) == 5
    assert np.isnan(ours.column("home_time")[1])  # < 12 h observed: not observed, not zero


@pytest.mark.parametrize("name", STUDIES)
def test_compat_equals_forest_gps_summaries_on_the_same_trajectories(name: str) -> None:
    tz = spec(name).tz
    files = sorted((FIXTURES / name / "trajectory").glob("*.csv"))
    assert files
    for path in files:
        traj = np.loadtxt(path, delimiter=",", ndmin=2)
        home = locate_home(traj, tz)
        expected = FIXTURES / name / "gps" / path.name
        assert home is not None and expected.exists()
        got = daily_mobility(traj, tz, home, forest_compat=True)
        assert differences(read_csv(expected.read_text()), got, rel=True) == [], path.name


@pytest.mark.parametrize("name", STUDIES)
def test_trajectories_are_deterministic_and_match_the_committed_ones(
    name: str, study_root: Path
) -> None:
    folder = study(name, study_root) / "p001"
    gps = beiwe.read_participant(folder).data.gps
    assert gps is not None
    first, second = build_trajectory(gps), build_trajectory(gps)
    assert np.array_equal(first, second)
    committed = np.loadtxt(FIXTURES / name / "trajectory" / "p001.csv", delimiter=",", ndmin=2)
    assert np.allclose(first, committed, rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", STUDIES)
def test_native_days_are_never_zero_movement_when_unobserved_and_entropy_is_never_negative(
    name: str,
) -> None:
    tz = spec(name).tz
    for path in sorted((FIXTURES / name / "trajectory").glob("*.csv")):
        traj = np.loadtxt(path, delimiter=",", ndmin=2)
        table = daily_mobility(traj, tz, locate_home(traj, tz, exact_forest=False))
        obs = table.column("obs_duration")
        thin = obs < 12
        assert np.isnan(table.column("dist_traveled")[thin]).all()
        assert np.isnan(table.column("home_time")[thin]).all()
        ent = table.column("entropy")
        assert (ent[~np.isnan(ent)] >= 0).all()
        assert (obs <= 25 + 1e-9).all()


def test_a_phone_off_day_is_not_observed() -> None:
    # Two pauses a day apart with nothing between: the gap is filled in, but unobserved.
    day = 86_400
    t0 = 1_633_046_400  # 2021-10-01 00:00 UTC
    traj = np.array(
        [
            [2, 1.0, 1.0, t0, 1.0, 1.0, t0 + day, 1],
            [2, 1.0, 1.0, t0 + day, 1.0, 1.0, t0 + 2 * day, 0],
            [2, 1.0, 1.0, t0 + 2 * day, 1.0, 1.0, t0 + 3 * day, 1],
        ],
        dtype=np.float64,
    )
    table = daily_mobility(traj, "UTC", (1.0, 1.0))
    assert list(table.column("obs_duration")) == [24.0, 0.0, 24.0]
    assert np.isnan(table.column("home_time")[1])
    assert table.column("home_time")[0] == 24.0


@pytest.mark.parametrize("compat", [True, False])
def test_all_days_at_once_equals_the_per_day_reference(compat: bool) -> None:
    from ebbtide.sensing import clock
    from ebbtide.sensing.mobility import _day

    for path in sorted((FIXTURES / "fall" / "trajectory").glob("*.csv"))[:3]:
        traj = np.loadtxt(path, delimiter=",", ndmin=2)
        tz = spec("fall").tz
        home = locate_home(traj, tz, exact_forest=compat)
        table = daily_mobility(traj, tz, home, forest_compat=compat)
        for i, row in enumerate(table.rows()):
            y, m, d = (int(v) for v in row[:3])
            if compat:
                start = clock.to_stamp(*clock.parts(traj[0, 3], tz)[:3], 0, tz) + i * clock.DAY
                end = start + clock.DAY
            else:
                from datetime import date, timedelta

                start = clock.local_midnight(date(y, m, d), tz)
                end = clock.local_midnight(date(y, m, d) + timedelta(days=1), tz)
            ref = _day(traj, start, end, tz, home, compat)
            assert np.allclose(row[3:], ref, rtol=1e-9, atol=1e-12, equal_nan=True), (path.name, i)
