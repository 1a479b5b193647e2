"""A cohort run: one task per bucket of a dataset, the partials summed on the client.

``cohort.json`` is written last, and only when every bucket succeeded; a run that could
not finish names the buckets that failed and leaves the other buckets' outputs in place
(running it again reuses them: see ``task.reusable``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from ebbtide.cohort import executors, layout
from ebbtide.cohort.dataset import Manifest, read_manifest
from ebbtide.cohort.executors import Failure, Outcome, Progress
from ebbtide.cohort.partial import Partial, total
from ebbtide.cohort.task import BucketResult, BucketTask, RunParams, reusable
from ebbtide.domain.errors import EbbtideError, ValidationError
from ebbtide.insights.frames import local_days, utc_offsets

EPOCH = date(1970, 1, 1)


class BucketsFailed(EbbtideError):
    """Some buckets failed twice; the others' outputs are in the run folder."""

    def __init__(self, failures: Sequence[Failure], done: int, out: Path) -> None:
        first = failures[0]
        names = ", ".join(layout.bucket_name(f.bucket) for f in failures)
        super().__init__(
            f"{len(failures)} bucket{'s' if len(failures) != 1 else ''} failed twice ({names}); "
            f"{layout.bucket_name(first.bucket)}: {first.reason}. The other {done} buckets' "
            f"phases are in {out}; running the same command again redoes only what is missing"
        )
        self.failures = tuple(failures)


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the person who started it (timings are not written anywhere)."""

    buckets: int
    reused: int
    subjects: int
    person_days: int
    results: tuple[BucketResult, ...]


def end_day(manifest: Manifest, day_start_hour: int) -> date:
    """The last local day computed: that of the dataset's latest record, in its own zone."""
    best: int | None = None
    for f in manifest.files:
        for tz, at in f.latest.items():
            a = np.array([at], np.int64)
            day, _ = local_days(a, utc_offsets(a, tz), day_start_hour)
            best = int(day[0]) if best is None else max(best, int(day[0]))
    if best is None:
        raise ValidationError("dataset", "the dataset holds no records; nothing to compute")
    return EPOCH + timedelta(days=best)


def prepare_out(out: Path) -> None:
    """A run folder: new, empty or an earlier run's (whose ``cohort.json`` goes first)."""
    if out.exists() and not out.is_dir():
        raise ValidationError("output", f"'{out}' is a file; give a folder")
    if out.is_dir():
        ours = {layout.PHASES_DIR, layout.PARTIALS_DIR, layout.RUN_FILE}
        if any(p.name not in ours for p in out.iterdir()):
            raise ValidationError(
                "output", f"'{out}' holds other files; give an empty or a new folder"
            )
        (out / layout.RUN_FILE).unlink(missing_ok=True)
    layout.make_dir(out / layout.PHASES_DIR)
    layout.make_dir(out / layout.PARTIALS_DIR)


def _drop_other_buckets(out: Path, names: set[str]) -> None:
    """Remove outputs of buckets this dataset does not have (an earlier run of another)."""
    for folder in (layout.PHASES_DIR, layout.PARTIALS_DIR):
        for path in (out / folder).glob("bucket-*"):
            if path.name.split(".")[0] not in names:
                path.unlink()


def run_cohort(
    dataset: Path,
    out: Path,
    *,
    executor: str,
    version: str,
    day_start_hour: int,
    scheduler: str | None = None,
    workers: int = 2,
    memory: str = "4GB",
    progress: Progress = lambda done, total: None,
    announce: Callable[[str], None] = lambda text: None,
) -> RunSummary:
    """Compute every bucket of ``dataset`` into ``out`` on ``executor`` (see the module)."""
    if executor not in executors.EXECUTORS:
        raise ValidationError("executor", f"unknown executor '{executor}'")
    manifest = read_manifest(dataset)
    params = RunParams(
        ebbtide=version,
        end=end_day(manifest, day_start_hour).isoformat(),
        day_start_hour=day_start_hour,
    )
    dataset, out = dataset.resolve(), out.resolve()
    prepare_out(out)
    tasks = [
        BucketTask(f.bucket, str(dataset / f.file), f.sha256, str(out), params)
        for f in manifest.files
    ]
    _drop_other_buckets(out, {layout.bucket_name(t.bucket) for t in tasks})
    kept = [r for r in map(reusable, tasks) if r is not None]
    rows = {f.bucket: f.rows for f in manifest.files}
    done = {r.bucket for r in kept}
    # The largest buckets go first, so no worker is left with a big one at the end.
    todo = sorted(
        (t for t in tasks if t.bucket not in done), key=lambda t: (-rows[t.bucket], t.bucket)
    )

    def tick(done: int, n: int) -> None:
        progress(len(kept) + done, len(tasks))

    progress(len(kept), len(tasks))
    outcome = Outcome()
    if todo and executor == "serial":
        outcome = executors.run_serial(todo, tick)
    elif todo and executor == "processes":
        outcome = executors.run_processes(todo, workers, tick)
    elif todo:
        outcome = executors.run_dask(
            todo,
            scheduler=scheduler,
            workers=workers,
            memory=memory,
            progress=tick,
            announce=announce,
        )
    for folder in (layout.PHASES_DIR, layout.PARTIALS_DIR):
        layout.remove_leftovers(out / folder)
    results = sorted([*kept, *outcome.results], key=lambda r: r.bucket)
    if outcome.failures:
        raise BucketsFailed(sorted(outcome.failures, key=lambda f: f.bucket), len(results), out)
    summed = total(r.partial for r in results)
    write_run_file(out, params, manifest, results, summed)
    return RunSummary(
        buckets=len(tasks),
        reused=len(kept),
        subjects=summed.subjects,
        person_days=summed.person_days,
        results=tuple(results),
    )


def write_run_file(
    out: Path,
    params: RunParams,
    manifest: Manifest,
    results: Sequence[BucketResult],
    summed: Partial,
) -> None:
    """``cohort.json``: how the run was made, from what, and the summed partials."""
    sources = {f.bucket: f for f in manifest.files}
    record: dict[str, Any] = {
        "format": "ebbtide-cohort-run",
        "version": 1,
        "ebbtide": params.ebbtide,
        "parameters": params.as_dict(),
        "dataset": {"buckets": manifest.buckets, "subjects": manifest.subjects},
        "buckets": [
            {
                "bucket": r.bucket,
                "input_sha256": sources[r.bucket].sha256,
                "phases": f"{layout.PHASES_DIR}/{layout.bucket_name(r.bucket)}.parquet",
                "phases_sha256": r.phases_sha256,
            }
            for r in results
        ],
        "totals": summed.as_dict(),
    }
    layout.write_atomic(
        out / layout.RUN_FILE, (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()
    )


def read_run(out: Path) -> tuple[dict[str, Any], Partial]:
    """A finished run's record and its summed partials, or one clear error."""
    path = out / layout.RUN_FILE
    if not path.is_file():
        if (out / layout.PHASES_DIR).is_dir():
            raise ValidationError(
                "run", f"'{out}' holds an unfinished run (no {layout.RUN_FILE}); run it again"
            )
        raise ValidationError(
            "run", f"'{out}' is not a cohort run; make one with `ebbtide cohort run`"
        )
    try:
        record = json.loads(path.read_bytes())
        if record.get("format") != "ebbtide-cohort-run":
            raise ValueError("not a cohort run")
        return record, Partial.from_dict(record["totals"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError("run", f"'{path}' cannot be read: {exc}") from exc
