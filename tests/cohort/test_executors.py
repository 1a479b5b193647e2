"""serial, processes and dask (a real LocalCluster) give byte-identical phase files and
summaries, on SQLite and on PostgreSQL, even when a worker is killed mid-run."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from ebbtide.cohort import read_manifest
from ebbtide.service.cohort import cohort_summary, export_cohort, run_cohort
from tests.cohort.conftest import folder_bytes, seed_store
from tests.cohort.test_run import assert_one_person_path
from tests.support.postgres import create_database

pytestmark = pytest.mark.slow

PEOPLE, DAYS = 40, 200


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of 40 demo subjects × 200 days, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        db = str(tmp_path_factory.mktemp("cohort-sqlite") / "s.db")
    else:
        db = create_database(request.getfixturevalue("pg_server"), "cohort_executors")
    return seed_store(db, PEOPLE, DAYS)


@pytest.fixture(scope="module")
def dataset(store: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store exported in buckets of about 5 subjects."""
    folder = tmp_path_factory.mktemp("cohort-ds") / "ds"
    export_cohort(store, folder, bucket_size=5)
    return folder


@pytest.fixture(scope="module")
def serial(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: the dataset run in this process."""
    out = tmp_path_factory.mktemp("cohort-serial") / "out"
    run_cohort(dataset, out, executor="serial")
    return out


def summaries(out: Path) -> list[str]:
    return [json.dumps(cohort_summary(out, by), sort_keys=True) for by in ("week", "month")]


def test_every_executor_gives_the_same_bytes(
    store: str, dataset: Path, serial: Path, cluster: Any, tmp_path: Path
) -> None:
    manifest = read_manifest(dataset)
    assert len(manifest.files) >= 8  # enough buckets for the executors to split the work
    reference = folder_bytes(serial)
    assert len([k for k in reference if k.startswith("phases/")]) == len(manifest.files)
    runs = {
        "processes": dict(executor="processes", workers=2),
        "dask-cluster": dict(executor="dask", scheduler=cluster.scheduler_address),
        "dask-local": dict(executor="dask", workers=2, memory="1GB"),
    }
    for name, options in runs.items():
        out = tmp_path / name
        done = run_cohort(dataset, out, **options)
        assert done.reused == 0
        assert folder_bytes(out) == reference, name
        assert summaries(out) == summaries(serial), name
    pids = {r.stats.pid for r in done.results}
    assert len(pids) == 2 and os.getpid() not in pids  # the work really ran on two workers
    assert_one_person_path(store, serial)


def test_a_killed_worker_changes_nothing(
    dataset: Path, serial: Path, cluster: Any, tmp_path: Path
) -> None:
    import distributed

    dask: Any = distributed

    killed: list[tuple[str, int]] = []
    with dask.Client(cluster, set_as_default=False) as client:
        pids = client.run(os.getpid)
    workers = cluster.scheduler.workers

    def progress(done: int, total: int) -> None:
        if killed or done == 0 or done >= total - 2:
            return
        # The in-process scheduler's own view: a worker with a task it is running.
        busy = [a for a, ws in list(workers.items()) if ws.processing]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append((busy[0], done))

    out = tmp_path / "out"
    run_cohort(
        dataset, out, executor="dask", scheduler=cluster.scheduler_address, progress=progress
    )
    assert killed, "no worker was busy when one could be killed"
    with dask.Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)  # the nanny starts a new one
        assert set(client.run(os.getpid).values()) != set(pids.values())
    assert folder_bytes(out) == folder_bytes(serial)
    assert summaries(out) == summaries(serial)
