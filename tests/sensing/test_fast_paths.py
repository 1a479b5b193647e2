"""The quick GPS paths give the reference numbers: clustering decided by a scalar
haversine with a margin, every day's diameter in one vector call."""

from __future__ import annotations

import numpy as np
import pytest

from ebbtide.sensing.geo import max_pairwise, max_pairwise_groups
from ebbtide.sensing.places import PAUSE, _cluster_reference, cluster_pauses
from tests.sensing.support import FIXTURES, STUDIES


def _ring_pauses(rng: np.random.Generator, around_m: list[float]) -> np.ndarray:
    """Pauses at chosen distances (± 0.1 mm) from a first pause: right at the radii, where
    the law of cosines and the haversine can fall on different sides."""
    lat0, lon0 = rng.uniform(-60, 60), rng.uniform(-179, 179)
    m = int(rng.integers(5, 60))
    ang = rng.uniform(0, 2 * np.pi, m)
    dist = rng.choice(around_m, m) + rng.normal(0, 1e-4, m)
    dist[0] = 0.0
    lat = lat0 + dist * np.cos(ang) / 111_195
    lon = lon0 + dist * np.sin(ang) / (111_195 * np.cos(np.radians(lat0)))
    p = np.zeros((m, 8))
    p[:, 0] = PAUSE
    p[:, 1], p[:, 2], p[:, 4], p[:, 5] = lat, lon, lat, lon
    p[:, 3] = np.arange(m) * 1000.0
    p[:, 6] = p[:, 3] + rng.uniform(10, 2000, m)
    return p


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("radius", [20.0, 50.0])
def test_clustering_equals_the_reference_at_the_edge_of_the_radius(
    exact: bool, radius: float
) -> None:
    rng = np.random.default_rng(7)
    rings = [0.0, 10.0, 19.99, 20.0, 20.01, 49.5, 49.99, 50.0, 50.01, 51.0, 100.0]
    for _ in range(150):
        pauses = _ring_pauses(rng, rings)
        assert cluster_pauses(pauses, radius, exact) == _cluster_reference(pauses, radius, exact)


@pytest.mark.parametrize("name", STUDIES)
def test_clustering_equals_the_reference_on_the_fixture_trajectories(name: str) -> None:
    for path in sorted((FIXTURES / name / "trajectory").glob("*.csv")):
        traj = np.loadtxt(path, delimiter=",", ndmin=2)
        pauses = traj[traj[:, 0] == PAUSE]
        for radius in (20.0, 50.0):
            for exact in (True, False):
                got = cluster_pauses(pauses, radius, exact)
                assert got == _cluster_reference(pauses, radius, exact), path.name


def test_clustering_of_nothing_is_no_place() -> None:
    assert cluster_pauses(np.zeros((0, 8)), 50.0) == []


@pytest.mark.parametrize("exact", [True, False])
def test_grouped_diameters_equal_one_group_at_a_time(exact: bool) -> None:
    rng = np.random.default_rng(3)
    sizes = [0, 1, 2, 3, 7, 40, 1, 120, 5]
    lat = 42.36 + rng.normal(0, 0.01, sum(sizes))
    lon = -71.06 + rng.normal(0, 0.01, sum(sizes))
    lat[10:14] = lat[10]  # repeated points, as segments share their ends
    lon[10:14] = lon[10]
    stops = np.cumsum(sizes).astype(np.int64)
    starts = stops - np.asarray(sizes, dtype=np.int64)
    got = max_pairwise_groups(lat, lon, starts, stops, exact)
    want = [max_pairwise(lat[a:b], lon[a:b], exact) for a, b in zip(starts, stops, strict=True)]
    assert got.tolist() == want
    assert got[0] == got[1] == 0.0 and got[3] > 0
