"""Workers the cohort executors start get their environment (one Polars thread each, the
allocators' settings) before they spawn; the caller's own environment is left as it was."""

from __future__ import annotations

import os
from typing import Any

import pytest

from ebbtide.cohort.executors import WORKER_ENVIRON, local_cluster, spawn_environ, worker_environ

pytestmark = pytest.mark.slow


def _environ(names: list[str]) -> dict[str, str | None]:
    import polars as pl

    got: dict[str, str | None] = {n: os.environ.get(n) for n in names}
    got["_RJEM_MALLOC_CONF"] = os.environ.get("_RJEM_MALLOC_CONF")
    got["threads"] = str(pl.thread_pool_size())
    return got


def test_local_cluster_workers_get_the_worker_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import distributed

    dask: Any = distributed
    for name in WORKER_ENVIRON:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "dirty_decay_ms:500,muzzy_decay_ms:1000")  # Polars'
    before = dict(os.environ)
    cluster = local_cluster(1, "1GiB")
    try:
        assert dict(os.environ) == before  # nothing the nanny set stays in this process
        with dask.Client(cluster, set_as_default=False) as client:
            got = client.submit(_environ, list(WORKER_ENVIRON), pure=False).result(timeout=60)
    finally:
        cluster.close()
    jemalloc = got.pop("_RJEM_MALLOC_CONF")
    expected = {k: v for k, v in WORKER_ENVIRON.items() if k != "_RJEM_MALLOC_CONF"}
    assert got == expected | {"threads": "1"}
    # the worker's Polars puts its defaults first; the later setting of a key wins
    assert jemalloc is not None
    assert jemalloc.endswith(WORKER_ENVIRON["_RJEM_MALLOC_CONF"])


def test_a_variable_the_caller_sets_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in WORKER_ENVIRON:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("POLARS_MAX_THREADS", "3")
    assert worker_environ() == WORKER_ENVIRON | {"POLARS_MAX_THREADS": "3"}
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "dirty_decay_ms:500,muzzy_decay_ms:1000")
    assert worker_environ() == WORKER_ENVIRON | {"POLARS_MAX_THREADS": "3"}
    monkeypatch.setenv("_RJEM_MALLOC_CONF", "dirty_decay_ms:0")
    assert worker_environ()["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0"


def test_spawn_environ_puts_everything_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EBBTIDE_TEST_KEEP", "1")
    monkeypatch.delenv("EBBTIDE_TEST_NEW", raising=False)
    before = dict(os.environ)
    with spawn_environ({"EBBTIDE_TEST_NEW": "x", "EBBTIDE_TEST_KEEP": "2"}):
        assert os.environ["EBBTIDE_TEST_NEW"] == "x"
        assert os.environ["EBBTIDE_TEST_KEEP"] == "2"
    assert dict(os.environ) == before


def test_local_cluster_workers_load_the_task_code_as_they_start() -> None:
    import distributed

    from ebbtide.cohort.executors import PRELOAD

    dask: Any = distributed
    names = [PRELOAD, "polars", "ebbtide.insights.drift"]
    # A builtin, so that unpickling the call imports nothing in the worker.
    probe = f"[n in __import__('sys').modules for n in {names!r}]"
    cluster = local_cluster(1, "1GiB")
    try:
        with dask.Client(cluster, set_as_default=False) as client:
            got = client.run(eval, probe)
    finally:
        cluster.close()
    assert list(got.values()) == [[True, True, True]]
