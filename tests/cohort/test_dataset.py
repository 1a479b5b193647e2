"""`cohort export`: a bucketed Parquet dataset holding exactly the rows the one-person path
reads, sorted by (subject, instant), rewritten only where subjects changed."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path

import polars as pl
import pytest

from ebbtide.cohort import RECORDS, bucket_of, read_manifest
from ebbtide.cohort.dataset import raw_frames
from ebbtide.insights.frames import RAW_COLUMNS
from ebbtide.service.capture import add_checkin
from ebbtide.service.cohort import export_cohort
from ebbtide.service.context import open_context
from ebbtide.service.records import edit_entry
from ebbtide.store import insight_rows as insight_reader
from ebbtide.store import repo
from ebbtide.store.engine import open_store
from ebbtide.store.insight_rows import insight_rows, insight_rows_many
from tests.cohort.conftest import folder_bytes, seed_store
from tests.conftest import TZ, fixed_clock


def test_a_subjects_bucket_is_a_stable_hash_of_its_code() -> None:
    for code in ("demo-1", "demo-2", "p-00042", "Zoë"):
        expected = int.from_bytes(hashlib.sha256(code.encode()).digest()[:8], "big")
        assert [bucket_of(code, b) for b in (1, 8, 64)] == [expected % b for b in (1, 8, 64)]


def test_the_dataset_holds_exactly_what_the_one_person_path_reads(
    small_db: str, small_dataset: Path
) -> None:
    manifest = read_manifest(small_dataset)
    assert manifest.buckets == 8 and len(manifest.files) >= 4  # 13 subjects: ceil(13 / 3) → 8
    store = open_store(small_db, create=False)
    try:
        with store.reading() as conn:
            subjects = repo.list_subjects(conn)
            stored = {code: insight_rows(conn, sid, -(2**62), 2**62) for sid, code, _tz in subjects}
    finally:
        store.dispose()
    seen: set[str] = set()
    for f in manifest.files:
        table = pl.read_parquet(small_dataset / f.file)
        assert table.schema == pl.Schema(RECORDS)
        assert table.height == f.rows
        assert table.sort(["subject", "at"], maintain_order=True).equals(table)
        codes, raw = raw_frames(table)
        assert {bucket_of(c, manifest.buckets) for c in codes} == {f.bucket}
        for i, code in enumerate(codes):
            seen.add(code)
            for kind, columns in RAW_COLUMNS.items():
                mine = raw[kind].filter(pl.col("subject") == i).drop("subject")
                assert mine.rows() == [tuple(r) for r in stored[code][kind]], (code, kind)
                assert list(mine.columns) == list(columns)
    assert seen == {c for c, rows in stored.items() if any(rows.values())}
    assert manifest.rows == sum(len(v) for rows in stored.values() for v in rows.values())


def test_the_bulk_read_gives_each_subject_what_the_one_person_read_does(
    small_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(insight_reader, "CHUNK", 4)  # 13 subjects: several queries per kind
    store = open_store(small_db, create=False)
    try:
        with store.reading() as conn:
            ids = [sid for sid, _code, _tz in repo.list_subjects(conn)] + [10**6]  # one unknown
            every = insight_rows_many(conn, ids, -(2**62), 2**62)
            at = [r[0] for rows in every.values() for r in rows["checkins"]]
            third = (max(at) - min(at)) // 3
            window = insight_rows_many(conn, ids, min(at) + third, max(at) - third)
            for since, until, bulk in (
                (-(2**62), 2**62, every),
                (min(at) + third, max(at) - third, window),
            ):
                assert list(bulk) == ids
                assert {s: insight_rows(conn, s, since, until) for s in ids} == bulk
            size = [
                sum(len(v) for rows in b.values() for v in rows.values()) for b in (every, window)
            ]
            assert size[0] > size[1] > 0
    finally:
        store.dispose()


def test_every_file_is_readable_by_its_owner_only(small_dataset: Path) -> None:
    files = [p for p in small_dataset.rglob("*") if p.is_file()]
    assert len(files) >= 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


def test_only_the_buckets_of_changed_subjects_are_rewritten(tmp_path: Path) -> None:
    db = seed_store(str(tmp_path / "s.db"), 6, 40)
    out = tmp_path / "ds"
    first = export_cohort(db, out, bucket_size=2)
    assert (first.rewritten, first.changed, first.removed) == (len(read_manifest(out).files), 7, 0)
    before = folder_bytes(out)
    again = export_cohort(db, out)  # the folder keeps its bucket size
    assert (again.rewritten, again.changed, again.buckets) == (0, 0, first.buckets)
    assert folder_bytes(out) == before

    ctx = open_context(db, subject="demo-3", tz=TZ, clock=fixed_clock)
    try:
        saved = add_checkin(ctx, "shut-down", intensity=3, when="yesterday 9pm")
    finally:
        ctx.close()
    added = export_cohort(db, out, bucket_size=2)
    assert (added.rewritten, added.changed) == (1, 1)
    changed_file = f"records/bucket-{bucket_of('demo-3', added.buckets):04d}.parquet"
    after = folder_bytes(out)
    assert {k for k in after if after[k] != before.get(k)} == {
        changed_file,
        "manifest.json",
        "subjects.parquet",
    }

    # An edit in place keeps every id and count: the digest of the rows still sees it.
    ctx = open_context(db, subject="demo-3", tz=TZ, clock=fixed_clock)
    try:
        assert saved.record.id is not None
        edit_entry(ctx, "checkin", saved.record.id, {"state": "connected"})
    finally:
        ctx.close()
    edited = export_cohort(db, out, bucket_size=2)
    assert (edited.rewritten, edited.changed) == (1, 1)
    table = pl.read_parquet(out / changed_file)
    at = int(saved.record.at.timestamp())
    got = table.filter((pl.col("subject") == "demo-3") & (pl.col("at") == at))["state"]
    assert got.to_list() == ["connected"]


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the store reads an export makes (one per bucket it reads)."""
    calls: list[int] = []
    real = insight_rows_many

    def counting(conn: object, ids: list[int], *span: int) -> object:
        calls.append(len(ids))
        return real(conn, ids, *span)  # type: ignore[arg-type]

    monkeypatch.setattr(insight_reader, "insight_rows_many", counting)
    return calls


def test_a_bucket_whose_revisions_have_not_moved_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seed_store(str(tmp_path / "s.db"), 6, 40)
    out = tmp_path / "ds"
    reads = _count_reads(monkeypatch)
    first = export_cohort(db, out, bucket_size=2)
    assert (first.skipped, sum(reads)) == (0, first.subjects)
    first_read = list(reads)  # one read per bucket that holds subjects
    reads.clear()
    before = folder_bytes(out)
    again = export_cohort(db, out)
    assert (again.skipped, again.rewritten, reads) == (len(first_read), 0, [])
    assert folder_bytes(out) == before

    ctx = open_context(db, subject="demo-3", tz=TZ, clock=fixed_clock)
    try:
        add_checkin(ctx, "shut-down", intensity=3, when="yesterday 9pm")
    finally:
        ctx.close()
    third = export_cohort(db, out)
    assert (third.rewritten, third.changed, third.skipped) == (1, 1, again.skipped - 1)
    assert len(reads) == 1  # only demo-3's bucket was read

    reads.clear()
    full = export_cohort(db, out, full=True)
    assert (full.skipped, full.rewritten, sum(reads)) == (0, 0, full.subjects)


def test_a_restored_backup_is_read_again_whatever_its_revisions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.service.protect import backup, restore

    db = seed_store(str(tmp_path / "s.db"), 4, 30)
    out = tmp_path / "ds"
    ctx = open_context(db, subject="demo-2", tz=TZ, clock=fixed_clock)
    try:
        backup(ctx, tmp_path / "b.db")
        add_checkin(ctx, "shut-down", intensity=3, when="yesterday 9pm")
    finally:
        ctx.close()
    export_cohort(db, out, bucket_size=1)
    restore(db, tmp_path / "b.db", None)
    ctx = open_context(db, subject="demo-2", tz=TZ, clock=fixed_clock)
    try:  # the same number of writes again, different content: equal revisions
        add_checkin(ctx, "connected", intensity=2, when="yesterday 8pm")
    finally:
        ctx.close()
    reads = _count_reads(monkeypatch)
    again = export_cohort(db, out)
    assert (again.skipped, sum(reads)) == (0, again.subjects)  # every subject read
    assert (again.changed, again.rewritten) == (1, 1)


def test_a_dataset_without_revisions_is_read_and_then_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = seed_store(str(tmp_path / "s.db"), 4, 30)
    out = tmp_path / "ds"
    export_cohort(db, out, bucket_size=1)
    subjects = out / "subjects.parquet"
    pl.read_parquet(subjects).drop("revision").write_parquet(subjects)  # an older export
    reads = _count_reads(monkeypatch)
    again = export_cohort(db, out)
    assert (again.skipped, again.rewritten, again.changed) == (0, 0, 0)
    assert sum(reads) == again.subjects
    populated = len(reads)  # one read per bucket that holds subjects
    assert export_cohort(db, out).skipped == populated


def test_a_damaged_bucket_file_is_rewritten_on_the_next_export(tmp_path: Path) -> None:
    db = seed_store(str(tmp_path / "s.db"), 3, 30)
    out = tmp_path / "ds"
    export_cohort(db, out, bucket_size=1)
    f = read_manifest(out).files[0]
    good = (out / f.file).read_bytes()
    (out / f.file).write_bytes(b"not parquet")
    again = export_cohort(db, out, bucket_size=1)
    assert (again.rewritten, again.changed) == (1, 0)
    assert (out / f.file).read_bytes() == good


def test_the_manifest_records_the_version_and_layout(small_dataset: Path) -> None:
    raw = json.loads((small_dataset / "manifest.json").read_text())
    assert raw["format"] == "ebbtide-cohort-dataset" and raw["version"] == 1
    assert raw["ebbtide"] and raw["bucket_size"] == 3 and raw["subjects"] == 13
    assert all(f["latest"] for f in raw["files"])
