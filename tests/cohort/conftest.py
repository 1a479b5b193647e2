"""Cohort fixtures: demo stores seeded once per module, exported to datasets."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ebbtide.service.cohort import export_cohort, run_cohort
from ebbtide.service.demo_data import seed_demo
from tests.conftest import TZ

SEED = 11


def seed_store(db: str, people: int, days: int) -> str:
    """A store holding ``people`` demo subjects with ``days`` of history each."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("EBBTIDE_DAY_START_HOUR", "EBBTIDE_PASSPHRASE"):
            mp.delenv(var, raising=False)
        seed_demo(db, tz=TZ, people=people, days=days, seed=SEED)
    return db


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with 12 demo subjects × 120 days."""
    return seed_store(str(tmp_path_factory.mktemp("small") / "small.db"), 12, 120)


@pytest.fixture(scope="module")
def small_dataset(small_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``small_db`` exported with about 3 subjects per bucket."""
    folder = tmp_path_factory.mktemp("small-ds") / "ds"
    export_cohort(small_db, folder, bucket_size=3)
    return folder


@pytest.fixture(scope="module")
def small_run(small_dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``small_dataset`` run on the serial executor."""
    out = tmp_path_factory.mktemp("small-run") / "out"
    run_cohort(small_dataset, out, executor="serial")
    return out


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A real Dask LocalCluster: 2 single-threaded worker processes, 1 GiB each."""
    import distributed

    dask: Any = distributed
    with dask.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit="1GiB",
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as c:
        yield c
