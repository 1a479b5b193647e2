"""Running bucket tasks: in this process, in a process pool, or on Dask's scheduler.

Each executor runs the same ``task.run_bucket`` on the same tasks and gives every bucket two
attempts; what differs is only where the tasks run. ``processes`` is the standard
library's ``concurrent.futures.ProcessPoolExecutor`` (spawned workers: no fork of a process
that runs Polars' threads); ``dask`` is ``distributed.Client`` on a scheduler's address, or
on a ``LocalCluster`` it starts. On Dask, a task that raises is retried once
(``retries=1``) and a task whose worker dies is rescheduled by the scheduler itself.

Workers this module starts (pool processes, a local cluster's workers) get
``WORKER_ENVIRON`` before they spawn: one Polars thread each (a worker is one core, so
``workers`` workers use that many cores, not that many times Polars' pool), and allocators
that keep freed memory for the next bucket instead of handing it back to the system and
faulting it in again (Dask's own default, ``MALLOC_TRIM_THRESHOLD_=65536``, made a task
spend ~40 % of its time in the kernel). A variable already set in the environment wins.
``serial`` runs in the caller's process as it is. Workers of a scheduler given by address
are set up by whoever started them.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from ebbtide.cohort.task import BucketResult, BucketTask, run_bucket
from ebbtide.domain.errors import EbbtideError

ATTEMPTS = 2
EXECUTORS = ("serial", "processes", "dask")
Progress = Callable[[int, int], None]

_KEEP = str(512 * 2**20)  # bytes of freed heap a worker keeps for its next bucket
WORKER_ENVIRON: dict[str, str] = {
    "POLARS_MAX_THREADS": "1",
    "MALLOC_TRIM_THRESHOLD_": _KEEP,
    "MALLOC_TOP_PAD_": _KEEP,
    # Polars' jemalloc: return unused pages after 10 s idle, not at once
    "_RJEM_MALLOC_CONF": "dirty_decay_ms:10000,muzzy_decay_ms:10000",
}
"""The environment of every worker process this module starts (see the module's docstring)."""


_POLARS_JEMALLOC = "dirty_decay_ms:500,muzzy_decay_ms:1000"
"""What importing Polars puts in ``_RJEM_MALLOC_CONF`` when nobody set it (a worker's own
Polars then prefixes it again, and the later setting of a key wins)."""


def worker_environ() -> dict[str, str]:
    """``WORKER_ENVIRON``, with any of its variables the caller's environment sets (not
    counting the jemalloc setting Polars itself wrote there on import)."""
    out = {}
    for name, ours in WORKER_ENVIRON.items():
        theirs = os.environ.get(name)
        out[name] = ours if theirs in (None, _POLARS_JEMALLOC) else theirs
    return out


@contextmanager
def spawn_environ(extra: dict[str, str]) -> Iterator[None]:
    """``extra`` in ``os.environ`` while worker processes spawn, then as it was: the
    allocator reads its variables when a process starts, so they must be there then."""
    saved = dict(os.environ)
    os.environ.update(extra)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# Workers import the task code as they start, not inside their first bucket.
PRELOAD = "ebbtide.cohort.task"


def local_cluster(workers: int, memory: str) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes with
    ``memory`` each and ``worker_environ()`` (the benchmark starts its cluster here too)."""
    import dask
    import distributed

    cfg: Any = dask.config
    dist: Any = distributed
    ours = worker_environ()
    spawn = dict(cfg.get("distributed.nanny.pre-spawn-environ")) | ours
    # The nanny takes a variable from this process's environment before its config, and
    # writes its pre-spawn variables into that environment: both only while it starts.
    with cfg.set({"distributed.nanny.pre-spawn-environ": spawn}), spawn_environ(ours):
        return dist.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
            preload=[PRELOAD],
        )


class ClusterUnavailable(EbbtideError):
    """The Dask scheduler cannot be reached, or a local cluster cannot start."""


@dataclass(frozen=True)
class Failure:
    """A bucket that failed on every attempt, and the last reason."""

    bucket: int
    reason: str


@dataclass
class Outcome:
    """The results of the buckets that succeeded, and the buckets that did not."""

    results: list[BucketResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def reason(exc: BaseException) -> str:
    """One short line saying why a task failed."""
    text = " ".join(str(exc).split()) or "no message"
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(exc).__name__}: {text}"


def _rounds(
    tasks: Sequence[BucketTask],
    progress: Progress,
    run_round: Callable[[Sequence[BucketTask], Callable[[], None]], dict[int, Any]],
) -> Outcome:
    """Run the tasks, then once more the ones that failed; the rest fail for good."""
    out = Outcome()
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        progress(done, len(tasks))

    pending = list(tasks)
    for attempt in range(1, ATTEMPTS + 1):
        got = run_round(pending, tick)  # a success ticks at once, a failure when final
        retry: list[BucketTask] = []
        for t in pending:
            value = got[t.bucket]
            if isinstance(value, BucketResult):
                out.results.append(value)
            elif attempt < ATTEMPTS:
                retry.append(t)
            else:
                out.failures.append(Failure(t.bucket, reason(value)))
                tick()
        pending = retry
        if not pending:
            break
    return out


def _serial_round(tasks: Sequence[BucketTask], tick: Callable[[], None]) -> dict[int, Any]:
    got: dict[int, Any] = {}
    for t in tasks:
        try:
            got[t.bucket] = run_bucket(t)
            tick()
        except Exception as exc:
            got[t.bucket] = exc
    return got


def run_serial(tasks: Sequence[BucketTask], progress: Progress) -> Outcome:
    """Every bucket in this process, one after another."""
    return _rounds(tasks, progress, _serial_round)


def run_processes(tasks: Sequence[BucketTask], workers: int, progress: Progress) -> Outcome:
    """Every bucket in a pool of ``workers`` processes."""

    def one_round(batch: Sequence[BucketTask], tick: Callable[[], None]) -> dict[int, Any]:
        got: dict[int, Any] = {}
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            with spawn_environ(worker_environ()):  # the pool spawns its workers on submit
                futures: dict[Future[BucketResult], int] = {
                    pool.submit(run_bucket, t): t.bucket for t in batch
                }
            for f in as_completed(futures):
                try:
                    got[futures[f]] = f.result()
                    tick()
                except Exception as exc:  # includes a worker that died (BrokenProcessPool)
                    got[futures[f]] = exc
        return got

    return _rounds(tasks, progress, one_round)


def run_dask(
    tasks: Sequence[BucketTask],
    *,
    scheduler: str | None,
    workers: int,
    memory: str,
    progress: Progress,
    announce: Callable[[str], None],
) -> Outcome:
    """Every bucket on Dask: the scheduler at ``scheduler``, or a new ``local_cluster`` of
    ``workers`` single-threaded worker processes with ``memory`` each."""
    import distributed

    dask: Any = distributed  # untyped: called through Any

    cluster: Any = None
    client: Any = None
    try:
        if scheduler is None:
            cluster = local_cluster(workers, memory)
            client = dask.Client(cluster, set_as_default=False)
        else:
            client = dask.Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, RuntimeError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = (
            f"reach the Dask scheduler at {scheduler}"
            if scheduler
            else "start a local Dask cluster"
        )
        raise ClusterUnavailable(f"could not {where} ({reason(exc)})") from exc
    try:
        dashboard = client.scheduler_info().get("services", {}).get("dashboard")
        if dashboard:
            announce(client.dashboard_link)
        # Keys are unique to this run: two runs sharing a cluster never share a task.
        run_id = uuid.uuid4().hex[:12]
        futures = {
            client.submit(
                run_bucket, t, key=f"ebbtide-cohort-{run_id}-{t.bucket:04d}", retries=1
            ): t.bucket
            for t in tasks
        }
        out = Outcome()
        # as_completed would otherwise run on the default client's loop, not on ours.
        completed = dask.as_completed(list(futures), loop=client.loop)
        for done, f in enumerate(completed, start=1):
            try:
                out.results.append(f.result())
            except Exception as exc:  # raised twice, or its worker died too often
                out.failures.append(Failure(futures[f], reason(exc)))
            progress(done, len(tasks))
        return out
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
