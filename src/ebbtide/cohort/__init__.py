"""Many subjects at once: a bucketed Parquet dataset, one task per bucket on an executor
(this process, a process pool, or Dask's distributed scheduler), and a suppressed summary.

Imports insights and domain only; Dask (the ``cluster`` extra) is imported when used.
"""

from ebbtide.cohort.dataset import (
    DEFAULT_BUCKET_SIZE,
    RECORDS,
    DatasetWriter,
    ExportSummary,
    Manifest,
    read_manifest,
    records_table,
    subject_digest,
)
from ebbtide.cohort.executors import EXECUTORS, Failure
from ebbtide.cohort.layout import bucket_of
from ebbtide.cohort.partial import Partial, partial_of
from ebbtide.cohort.run import BucketsFailed, RunSummary, read_run, run_cohort
from ebbtide.cohort.summary import MIN_PEOPLE, summarize
from ebbtide.cohort.task import BucketResult, BucketTask, RunParams, run_bucket

__all__ = [
    "DEFAULT_BUCKET_SIZE",
    "EXECUTORS",
    "MIN_PEOPLE",
    "RECORDS",
    "BucketResult",
    "BucketTask",
    "BucketsFailed",
    "DatasetWriter",
    "ExportSummary",
    "Failure",
    "Manifest",
    "Partial",
    "RunParams",
    "RunSummary",
    "bucket_of",
    "partial_of",
    "read_manifest",
    "read_run",
    "records_table",
    "run_bucket",
    "run_cohort",
    "subject_digest",
    "summarize",
]
