"""Cohort use cases: export a store's subjects to a dataset, run it, summarize the run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ebbtide.domain.errors import ErrorCode, ValidationError

if TYPE_CHECKING:
    from ebbtide.cohort import ExportSummary, RunSummary

Progress = Callable[[int, int], None]
BY = ("week", "month")
_ALL_TIME = (-(2**62), 2**62)  # epoch seconds: every record a subject has
_MEMORY = re.compile(r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def ebbtide_version() -> str:
    """The installed ebbtide's version (recorded in every cohort output)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ebbtide")
    except PackageNotFoundError:
        return "unknown"


def export_cohort(
    db: str | None,
    out: str | Path,
    *,
    bucket_size: int | None = None,
    full: bool = False,
    progress: Progress = lambda done, total: None,
) -> ExportSummary:
    """Every subject's records into the dataset folder ``out``, rewriting only the buckets
    whose subjects changed since the last export there (see ``cohort.dataset``). A bucket
    whose subjects' store revisions have not moved is kept without being read; ``full``
    reads every subject again (after the database was changed by other means). Without
    ``bucket_size`` an existing folder keeps its own, a new one gets 200."""
    from ebbtide.cohort import DatasetWriter, records_table, subject_digest
    from ebbtide.cohort.layout import bucket_of
    from ebbtide.service.secrets import resolve_passphrase
    from ebbtide.store import repo
    from ebbtide.store.engine import open_store
    from ebbtide.store.insight_rows import insight_rows_many
    from ebbtide.store.revision import read_all_revisions

    if bucket_size is not None and bucket_size < 1:
        raise ValidationError("bucket size", code=ErrorCode.COHORT_BUCKET_SIZE)
    store = open_store(db, create=False, passphrase=resolve_passphrase(db))
    try:
        with store.reading() as conn:  # one snapshot: the subjects and their revisions
            subjects = repo.list_subjects(conn)
            revisions = None if full else read_all_revisions(conn)
        writer = DatasetWriter(
            Path(out).expanduser(), len(subjects), bucket_size, ebbtide_version()
        )
        buckets: dict[int, list[tuple[str, int]]] = {}
        for sid, code, _tz in subjects:
            buckets.setdefault(bucket_of(code, writer.buckets), []).append((code, sid))
        for i, b in enumerate(sorted(buckets)):
            members = sorted(buckets[b])
            tokens = {c: revisions.token(sid) if revisions else None for c, sid in members}
            if not writer.current(b, tokens):
                with store.reading() as conn:
                    read = insight_rows_many(conn, [sid for _c, sid in members], *_ALL_TIME)
                rows = [(code, read[sid]) for code, sid in members]
                digests = {code: subject_digest(r) for code, r in rows}
                if writer.unchanged(b, digests):
                    counts = {c: sum(map(len, r.values())) for c, r in rows}
                    writer.keep(b, counts, digests, tokens)
                else:
                    writer.write(b, records_table(rows), digests, tokens)
            progress(i + 1, len(buckets))
        return writer.finish()
    finally:
        store.dispose()


def run_cohort(
    dataset: str | Path,
    out: str | Path,
    *,
    executor: str = "serial",
    scheduler: str | None = None,
    workers: int | None = None,
    memory: str | None = None,
    progress: Progress = lambda done, total: None,
    announce: Callable[[str], None] = lambda text: None,
) -> RunSummary:
    """Every daily phase of a dataset's subjects into ``out``, one task per bucket."""
    import os

    from ebbtide.cohort import EXECUTORS
    from ebbtide.cohort import run_cohort as run
    from ebbtide.config import day_start_hour

    if executor not in EXECUTORS:
        raise ValidationError(
            "executor", code=ErrorCode.COHORT_EXECUTOR, params={"choices": ", ".join(EXECUTORS)}
        )
    if workers is not None and workers < 1:
        raise ValidationError("workers", code=ErrorCode.COHORT_WORKERS)
    if memory is not None and not _MEMORY.match(memory):
        raise ValidationError("memory", code=ErrorCode.COHORT_MEMORY)
    if scheduler is not None and executor != "dask":
        raise ValidationError("scheduler", code=ErrorCode.COHORT_SCHEDULER_EXECUTOR)
    if scheduler is not None and (workers is not None or memory is not None):
        raise ValidationError("scheduler", code=ErrorCode.COHORT_SCHEDULER_SIZED)
    if executor == "serial" and (workers is not None or memory is not None):
        raise ValidationError("workers", code=ErrorCode.COHORT_SERIAL_SIZED)
    if executor == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise ValidationError(
                "executor",
                "the dask executor needs the cluster extra: pip install 'ebbtide[cluster]'",
            ) from exc
    return run(
        Path(dataset).expanduser(),
        Path(out).expanduser(),
        executor=executor,
        version=ebbtide_version(),
        day_start_hour=day_start_hour(),
        scheduler=scheduler,
        workers=workers or os.cpu_count() or 1,
        memory=(memory or "4GB").replace(" ", ""),
        progress=progress,
        announce=announce,
    )


def cohort_summary(out: str | Path, by: str = "week") -> dict[str, Any]:
    """A finished run's summary (see ``cohort.summary``), with how it was made."""
    from ebbtide.cohort import read_run, summarize

    if by not in BY:
        raise ValidationError("by", code=ErrorCode.COHORT_BY)
    record, totals = read_run(Path(out).expanduser())
    return {
        "ebbtide": record["ebbtide"],
        "parameters": record["parameters"],
        **summarize(totals, by),
    }


def write_summary_chart(summary: dict[str, Any], path: str | Path) -> Path:
    """The summary's phase shares as one self-contained HTML chart (no network needed)."""
    import vl_convert as vlc

    from ebbtide.interop.files import atomic_write
    from ebbtide.reports.cohort_chart import phase_share_chart

    html: str = vlc.vegalite_to_html(phase_share_chart(summary), bundle=True)
    return atomic_write(path, html.encode("utf-8"))
