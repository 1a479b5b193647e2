"""Where a cohort dataset and a cohort run keep their files, and how they are written.

A dataset folder (``ebbtide cohort export -o DIR``)::

    manifest.json                 what the folder is (see ``dataset.Manifest``); written last
    subjects.parquet              one row per subject: code, bucket, rows, digest
    records/bucket-NNNN.parquet   every record of the bucket's subjects, one table sorted by
                                  (subject, at); the columns are ``dataset.RECORDS``

A run folder (``ebbtide cohort run DIR -o OUT``)::

    phases/bucket-NNNN.parquet    one row per subject and local day: the phase and its features
    partials/bucket-NNNN.json     that bucket's small sums (``partial.Partial``)
    cohort.json                   ebbtide version, parameters, the inputs, and the summed
                                  partials; written only when every bucket succeeded

A subject's bucket is a stable hash of its code (the first eight bytes of its SHA-256), so
it never moves while the number of buckets stays the same. Every file is written whole
through a temporary file and a rename, readable by its owner only (0600).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ebbtide.domain.errors import StoreError

MANIFEST = "manifest.json"
SUBJECTS = "subjects.parquet"
RECORDS_DIR = "records"
PHASES_DIR = "phases"
PARTIALS_DIR = "partials"
RUN_FILE = "cohort.json"


def bucket_of(subject: str, buckets: int) -> int:
    """The bucket of a subject code: a stable hash, the same on every machine and run."""
    digest = hashlib.sha256(subject.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % buckets


def bucket_name(bucket: int) -> str:
    """The file stem of a bucket: ``bucket-0007``."""
    return f"bucket-{bucket:04d}"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def make_dir(path: Path) -> Path:
    """A folder (and its parents), readable by its owner only when newly made."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder {path}: {exc.strerror or exc}") from exc
    return path


def write_atomic(path: Path, data: bytes) -> str:
    """Write ``data`` whole to ``path`` (0600, temporary file + rename); its SHA-256."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"could not write '{path}': {exc.strerror or exc}") from exc
    return sha256(data)


def remove_leftovers(folder: Path) -> None:
    """Remove temporary files a stopped writer left behind (a killed worker, say)."""
    if folder.is_dir():
        for stray in folder.glob(".*.part"):
            stray.unlink(missing_ok=True)
