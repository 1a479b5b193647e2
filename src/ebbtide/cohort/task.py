"""One bucket as one task: read its Parquet, compute every daily phase, write them, sum them.

This is the whole of a task and it runs unchanged in this process, in a process pool or
on a Dask worker. It reads one bucket's records with Polars, turns them into frames with
``insights.frames.frames_from_raw`` (the path the one-person ``frames_from_rows`` takes),
runs ``insights.report.daily_phases`` on them, writes the phases to
``phases/bucket-NNNN.parquet`` and its sums to ``partials/bucket-NNNN.json``, and returns
those sums, which are small. Nothing in it depends on where it runs or on other buckets.
"""

from __future__ import annotations

import io
import json
import os
import resource
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from ebbtide.cohort import layout
from ebbtide.cohort.dataset import raw_frames
from ebbtide.cohort.partial import Partial, partial_of
from ebbtide.insights.drift import DRIFT, DriftParams
from ebbtide.insights.frames import frames_from_raw
from ebbtide.insights.model import PHASES
from ebbtide.insights.report import daily_phases


@dataclass(frozen=True)
class RunParams:
    """Everything a run's results depend on besides its input: recorded in every output."""

    ebbtide: str
    end: str  # ISO date: the last local day computed for every subject
    day_start_hour: int
    drift: dict[str, float | int] = field(default_factory=lambda: asdict(DriftParams()))
    phases: tuple[str, ...] = PHASES

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self) | {"phases": list(self.phases)}

    def key(self) -> str:
        """A short fingerprint of the parameters."""
        return layout.sha256(json.dumps(self.as_dict(), sort_keys=True).encode())[:16]


@dataclass(frozen=True)
class BucketTask:
    """One bucket to compute: where its records are, and where its results go."""

    bucket: int
    source: str  # absolute path of the bucket's records file
    sha256: str  # of that file, from the dataset's manifest
    out: str  # absolute path of the run folder
    params: RunParams


@dataclass(frozen=True)
class TaskStats:
    """How one attempt went, for progress and benchmarks (never written to outputs)."""

    pid: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float  # of the process the task ran in, over its whole life so far


@dataclass(frozen=True)
class BucketResult:
    """What a task returns to the client: its sums, and a fingerprint of its phases file."""

    bucket: int
    partial: Partial
    phases_sha256: str
    person_days: int
    stats: TaskStats


class BucketInputChanged(Exception):
    """A bucket's records file is not the one the manifest lists."""


def phases_path(out: Path, bucket: int) -> Path:
    """Where a bucket's phases go."""
    return out / layout.PHASES_DIR / f"{layout.bucket_name(bucket)}.parquet"


def partial_path(out: Path, bucket: int) -> Path:
    """Where a bucket's sums go."""
    return out / layout.PARTIALS_DIR / f"{layout.bucket_name(bucket)}.json"


def phases_table(phases: pl.DataFrame, codes: list[str]) -> pl.DataFrame:
    """The phases as written: subject codes and phase words for the detector's numbers."""
    words = pl.Series("phase", PHASES, dtype=pl.String)
    rest = [c for c in DRIFT if c not in ("subject", "day", "phase")]
    return pl.DataFrame(
        [
            pl.Series("subject", codes, dtype=pl.String).gather(phases["subject"]),
            phases["day"],
            words.gather(phases["phase"].cast(pl.Int64)),
            *(phases[c] for c in rest),
        ]
    )


def run_bucket(task: BucketTask) -> BucketResult:
    """Compute one bucket (see the module's docstring)."""
    t, c = time.perf_counter(), time.process_time()
    data = Path(task.source).read_bytes()
    if layout.sha256(data) != task.sha256:
        raise BucketInputChanged(
            f"{Path(task.source).name} is not the file the dataset's manifest lists"
        )
    codes, raw = raw_frames(pl.read_parquet(io.BytesIO(data)))
    p = task.params
    frames = frames_from_raw(raw, day_start_hour=p.day_start_hour)
    drift = DriftParams(**p.drift)  # type: ignore[arg-type]
    phases = daily_phases(frames, end=date.fromisoformat(p.end), params=drift)
    partial = partial_of(phases)
    out = Path(task.out)
    buf = io.BytesIO()
    phases_table(phases, codes).write_parquet(
        buf,
        compression="zstd",
        metadata={
            "ebbtide.version": p.ebbtide,
            "ebbtide.parameters": json.dumps(p.as_dict(), sort_keys=True),
            "ebbtide.bucket": str(task.bucket),
            "ebbtide.input_sha256": task.sha256,
        },
    )
    digest = layout.write_atomic(phases_path(out, task.bucket), buf.getvalue())
    record = {
        "bucket": task.bucket,
        "ebbtide": p.ebbtide,
        "parameters": p.key(),
        "input_sha256": task.sha256,
        "phases_sha256": digest,
        "partial": partial.as_dict(),
    }
    layout.write_atomic(
        partial_path(out, task.bucket), (json.dumps(record, sort_keys=True) + "\n").encode()
    )
    stats = TaskStats(
        pid=os.getpid(),
        seconds=time.perf_counter() - t,
        cpu_seconds=time.process_time() - c,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    return BucketResult(task.bucket, partial, digest, phases.height, stats)


def reusable(task: BucketTask) -> BucketResult | None:
    """A bucket's earlier result in the run folder, if it was made from the same input
    with the same parameters and its phases file is intact (a rerun after a failure)."""
    path = partial_path(Path(task.out), task.bucket)
    target = phases_path(Path(task.out), task.bucket)
    if not (path.is_file() and target.is_file()):
        return None
    try:
        record = json.loads(path.read_bytes())
        same = (
            record["input_sha256"] == task.sha256
            and record["parameters"] == task.params.key()
            and record["ebbtide"] == task.params.ebbtide
            and layout.sha256(target.read_bytes()) == record["phases_sha256"]
        )
        if not same:
            return None
        partial = Partial.from_dict(record["partial"])
    except (ValueError, KeyError, TypeError):
        return None
    stats = TaskStats(pid=0, seconds=0.0, cpu_seconds=0.0, peak_rss_mb=0.0)
    return BucketResult(task.bucket, partial, record["phases_sha256"], partial.person_days, stats)
