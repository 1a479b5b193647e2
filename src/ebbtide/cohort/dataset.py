"""A cohort dataset: every subject's stored rows as Parquet, bucketed by subject.

The rows are exactly what the one-person path reads (``insights.frames.RAW_COLUMNS``, from
``store.insight_rows``), laid out as one table per bucket: a ``subject`` (its code) and a
``kind`` column, then the union of every kind's columns (``RECORDS``; a column a kind does
not have is null; a step's ``created`` is kept in ``at``). Rows are sorted by
(subject, at), each kind's rows in stored order among equal instants.

Exports are incremental, in two steps. Each subject's store revision (``store.revision``:
the store's identity, its shared counters and the subject's own) is kept in
``subjects.parquet``; a bucket whose subjects are the same and whose revisions have not
moved (and whose file is intact) is kept without reading the store at all. Any other
bucket is read, and each subject's rows get a digest (SHA-256 of their values): a bucket
whose digests all match is still kept, any other is rewritten whole.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ebbtide.cohort import layout
from ebbtide.domain.errors import ValidationError
from ebbtide.insights.frames import RAW_COLUMNS

Rows = Mapping[str, Sequence[Sequence[Any]]]
FORMAT = "ebbtide-cohort-dataset"
FORMAT_VERSION = 1
DEFAULT_BUCKET_SIZE = 200
"""Subjects per bucket the export aims for (the bucket count is a power of two)."""

KINDS = tuple(RAW_COLUMNS)


def _stored_name(kind: str, column: str) -> str:
    return "at" if (kind, column) == ("steps", "created") else column


def _records_schema() -> dict[str, pl.DataType]:
    out: dict[str, pl.DataType] = {"subject": pl.String(), "kind": pl.String()}
    for kind, columns in RAW_COLUMNS.items():
        for column, dtype in columns.items():
            name = _stored_name(kind, column)
            if name in out and out[name] != dtype:
                raise TypeError(f"{kind}.{column} and another kind disagree on its type")
            out.setdefault(name, dtype)
    return out


RECORDS = _records_schema()
"""The columns of a bucket's records table, in order."""


def subject_digest(rows: Rows) -> str:
    """SHA-256 of one subject's rows (every kind, every value, in stored order)."""
    text = repr([(kind, list(map(tuple, rows.get(kind, ())))) for kind in KINDS])
    return layout.sha256(text.encode("utf-8"))


def records_table(subjects: Sequence[tuple[str, Rows]]) -> pl.DataFrame:
    """One bucket's records table from each subject's rows (``RAW_COLUMNS`` layout)."""
    parts: list[pl.DataFrame] = []
    for kind, columns in RAW_COLUMNS.items():
        rows = [(code, *r) for code, rs in subjects for r in rs.get(kind, ())]
        if not rows:
            continue
        schema = {"subject": pl.String()} | {_stored_name(kind, c): t for c, t in columns.items()}
        frame = pl.DataFrame(rows, schema=schema, orient="row").with_columns(kind=pl.lit(kind))
        parts.append(
            frame.select(
                pl.col(c) if c in frame.columns else pl.lit(None, t).alias(c)
                for c, t in RECORDS.items()
            )
        )
    if not parts:
        return pl.DataFrame(schema=RECORDS)
    return pl.concat(parts).sort(["subject", "at"], maintain_order=True)


def raw_frames(table: pl.DataFrame) -> tuple[list[str], dict[str, pl.DataFrame]]:
    """The subjects of a records table (sorted codes) and, per kind, the raw frame
    ``insights.frames.frames_from_raw`` reads (``subject`` = position in that list).

    Column by column: each kind's rows are picked out of only the columns it reads (the
    kind compared as a small integer once, not as text once per kind)."""
    codes: list[str] = table["subject"].unique().sort().to_list()
    index = {c: i for i, c in enumerate(codes)}
    subject = table["subject"].replace_strict(index, return_dtype=pl.Int32())
    kinds = {k: i for i, k in enumerate(RAW_COLUMNS)}
    kind = table["kind"].replace_strict(kinds, default=-1, return_dtype=pl.Int8())
    raw: dict[str, pl.DataFrame] = {}
    for k, columns in RAW_COLUMNS.items():
        mask = kind == kinds[k]
        n = int(mask.sum())
        raw[k] = pl.DataFrame(
            [
                *(
                    _column(table, _stored_name(k, c), d, mask, n).alias(c)
                    for c, d in columns.items()
                ),
                subject.filter(mask),
            ]
        )
    return codes, raw


def _column(
    table: pl.DataFrame, name: str, dtype: pl.DataType, mask: pl.Series, n: int
) -> pl.Series:
    """A stored column's rows under ``mask``, or nulls in a dataset written before the
    field existed."""
    if name not in table.columns:
        return pl.repeat(None, n, dtype=dtype, eager=True)
    return table[name].filter(mask).cast(dtype)


def latest_instants(table: pl.DataFrame) -> dict[str, int]:
    """Per time zone, the latest instant (epoch seconds) of any record or finished step."""
    if table.height == 0:
        return {}
    got = table.group_by("tz").agg(pl.max_horizontal("at", "done").max().alias("latest"))
    return {str(tz): int(v) for tz, v in got.sort("tz").iter_rows() if v is not None}


@dataclass(frozen=True)
class BucketFile:
    """One bucket's records file, as the manifest lists it."""

    bucket: int
    file: str  # relative to the dataset folder
    sha256: str
    subjects: int
    rows: int
    latest: dict[str, int] = field(default_factory=dict)  # see ``latest_instants``


@dataclass(frozen=True)
class Manifest:
    """What a dataset folder holds (``manifest.json``)."""

    ebbtide: str
    buckets: int
    bucket_size: int
    subjects: int
    rows: int
    files: tuple[BucketFile, ...]
    format: str = FORMAT
    version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        """The manifest as stable, readable JSON."""
        return (json.dumps(asdict(self), indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest (``ValueError``/``KeyError``/``TypeError`` when it is not one)."""
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError("not an ebbtide cohort dataset")
        if raw.get("version") != FORMAT_VERSION:
            raise ValueError(f"dataset format version {raw.get('version')} is not known")
        files = tuple(BucketFile(**f) for f in raw.pop("files"))
        return cls(files=files, **raw)


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a dataset folder, or one clear error."""
    path = folder / layout.MANIFEST
    if not folder.is_dir():
        raise ValidationError("dataset", f"'{folder}' is not a folder")
    if not path.is_file():
        raise ValidationError(
            "dataset",
            f"'{folder}' is not a cohort dataset (no {layout.MANIFEST}); "
            "make one with `ebbtide cohort export`",
        )
    try:
        return Manifest.from_json(path.read_bytes())
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError("dataset", f"'{path}' cannot be read: {exc}") from exc


def bucket_count(subjects: int, bucket_size: int) -> int:
    """The power of two that gives buckets of at most ``bucket_size`` subjects on average."""
    need = max(1, math.ceil(subjects / bucket_size))
    return 1 << (need - 1).bit_length()


@dataclass(frozen=True)
class ExportSummary:
    """What an export did."""

    subjects: int
    rows: int
    buckets: int
    rewritten: int  # bucket files written
    changed: int  # subjects new or changed since the last export (all, the first time)
    removed: int  # subjects no longer in the store
    skipped: int = 0  # buckets kept on their subjects' revisions, without reading them


@dataclass(frozen=True)
class _Subject:
    """One subject as the last export listed it in ``subjects.parquet``."""

    bucket: int
    rows: int
    digest: str
    revision: str | None


class DatasetWriter:
    """Writes a dataset folder bucket by bucket, keeping buckets that have not changed."""

    def __init__(self, folder: Path, subjects: int, bucket_size: int | None, version: str) -> None:
        """Open ``folder`` (new, empty, or an earlier export, whose layout it keeps)."""
        self.folder = folder
        self.version = version
        old = self._previous()
        self.old = old
        if bucket_size is None:  # keep the folder's own, so a later export stays incremental
            bucket_size = old.bucket_size if old is not None else DEFAULT_BUCKET_SIZE
        if bucket_size < 1:
            raise ValidationError("bucket size", "--bucket-size must be at least 1")
        self.bucket_size = bucket_size
        self.buckets = bucket_count(subjects, bucket_size)
        if old is not None and old.bucket_size == bucket_size and old.buckets >= self.buckets:
            self.buckets = old.buckets  # a smaller cohort keeps its buckets (and its files)
        self.old_subjects = self._old_subjects() if old is not None else {}
        self.old_digests = {s: (o.bucket, o.digest) for s, o in self.old_subjects.items()}
        self.files: dict[int, BucketFile] = {}
        self.digests: dict[str, tuple[int, int, str]] = {}  # code -> (bucket, rows, digest)
        self.revisions: dict[str, str | None] = {}  # code -> its revision token, if known
        self.rewritten = 0
        self.skipped = 0  # buckets kept on their revisions alone, without a read

    def _previous(self) -> Manifest | None:
        if not self.folder.exists():
            return None
        if not self.folder.is_dir():
            raise ValidationError("output", f"'{self.folder}' is a file; give a folder")
        if (self.folder / layout.MANIFEST).is_file():
            return read_manifest(self.folder)
        if any(self.folder.iterdir()):
            raise ValidationError(
                "output", f"'{self.folder}' holds other files; give an empty or a new folder"
            )
        return None

    def _old_subjects(self) -> dict[str, _Subject]:
        path = self.folder / layout.SUBJECTS
        if not path.is_file():
            return {}
        t = pl.read_parquet(path)
        if "revision" not in t.columns:  # written before revisions were kept
            t = t.with_columns(revision=pl.lit(None, pl.String))
        cols = t.select("subject", "bucket", "rows", "digest", "revision").iter_rows()
        return {s: _Subject(b, n, d, r) for s, b, n, d, r in cols}

    def current(self, bucket: int, revisions: Mapping[str, str | None]) -> bool:
        """Whether the bucket holds these very subjects, none of whose revisions moved since
        the last export (nor its file): then it is kept without reading the store."""
        if not revisions or None in revisions.values():
            return False
        before = {s: o.revision for s, o in self.old_subjects.items() if o.bucket == bucket}
        if before != dict(revisions) or not self._intact(bucket):
            return False
        for code, o in self.old_subjects.items():
            if o.bucket == bucket:
                self.digests[code] = (bucket, o.rows, o.digest)
                self.revisions[code] = o.revision
        self._carry(bucket)
        self.skipped += 1
        return True

    def unchanged(self, bucket: int, digests: Mapping[str, str]) -> bool:
        """Whether the last export wrote this very bucket and its file is intact."""
        before = {s: d for s, (b, d) in self.old_digests.items() if b == bucket}
        return before == dict(digests) and self._intact(bucket)

    def _intact(self, bucket: int) -> bool:
        """Whether the last export, in this layout, left this bucket's file as it listed it
        (a bucket whose subjects had no rows has no file)."""
        old = self.old
        if old is None or old.buckets != self.buckets:
            return False
        entry = next((f for f in old.files if f.bucket == bucket), None)
        if entry is None:
            return not any(o.rows for o in self.old_subjects.values() if o.bucket == bucket)
        path = self.folder / entry.file
        return path.is_file() and layout.sha256(path.read_bytes()) == entry.sha256

    def _carry(self, bucket: int) -> None:
        assert self.old is not None
        for f in self.old.files:
            if f.bucket == bucket:
                self.files[bucket] = f

    def keep(
        self,
        bucket: int,
        rows: Mapping[str, int],
        digests: Mapping[str, str],
        revisions: Mapping[str, str | None],
    ) -> None:
        """Carry an unchanged bucket over from the last export."""
        self._carry(bucket)
        for code, digest in digests.items():
            self.digests[code] = (bucket, rows[code], digest)
            self.revisions[code] = revisions.get(code)

    def write(
        self,
        bucket: int,
        table: pl.DataFrame,
        digests: Mapping[str, str],
        revisions: Mapping[str, str | None],
    ) -> None:
        """Write one bucket's records table (sorted by subject, at) and note its subjects."""
        rows = dict(table.group_by("subject").len().iter_rows())
        for code, digest in digests.items():
            self.digests[code] = (bucket, int(rows.get(code, 0)), digest)
            self.revisions[code] = revisions.get(code)
        if table.height == 0:
            return
        buf = io.BytesIO()
        table.write_parquet(buf, compression="zstd", statistics=True)
        relative = f"{layout.RECORDS_DIR}/{layout.bucket_name(bucket)}.parquet"
        path = (
            layout.make_dir(self.folder / layout.RECORDS_DIR)
            / f"{layout.bucket_name(bucket)}.parquet"
        )
        digest = layout.write_atomic(path, buf.getvalue())
        self.files[bucket] = BucketFile(
            bucket=bucket,
            file=relative,
            sha256=digest,
            subjects=len(digests),
            rows=table.height,
            latest=latest_instants(table),
        )
        self.rewritten += 1

    def finish(self) -> ExportSummary:
        """Write ``subjects.parquet`` and then the manifest; remove files no longer listed."""
        layout.make_dir(self.folder)
        codes = sorted(self.digests)
        subjects = pl.DataFrame(
            {
                "subject": codes,
                "bucket": [self.digests[c][0] for c in codes],
                "rows": [self.digests[c][1] for c in codes],
                "digest": [self.digests[c][2] for c in codes],
                "revision": [self.revisions.get(c) for c in codes],
            },
            schema={
                "subject": pl.String,
                "bucket": pl.Int32,
                "rows": pl.Int64,
                "digest": pl.String,
                "revision": pl.String,
            },
        )
        buf = io.BytesIO()
        subjects.write_parquet(buf)
        layout.write_atomic(self.folder / layout.SUBJECTS, buf.getvalue())
        files = tuple(self.files[b] for b in sorted(self.files))
        manifest = Manifest(
            ebbtide=self.version,
            buckets=self.buckets,
            bucket_size=self.bucket_size,
            subjects=len(codes),
            rows=sum(f.rows for f in files),
            files=files,
        )
        layout.write_atomic(self.folder / layout.MANIFEST, manifest.to_json())
        listed = {self.folder / f.file for f in files}
        records = self.folder / layout.RECORDS_DIR
        if records.is_dir():
            for stale in records.glob("bucket-*.parquet"):
                if stale not in listed:
                    stale.unlink()
            layout.remove_leftovers(records)
        old = {s: d for s, (_b, d) in self.old_digests.items()}
        changed = sum(1 for c in codes if old.get(c) != self.digests[c][2])
        return ExportSummary(
            subjects=len(codes),
            rows=manifest.rows,
            buckets=self.buckets,
            rewritten=self.rewritten,
            changed=changed,
            removed=len(set(old) - set(codes)),
            skipped=self.skipped,
        )
