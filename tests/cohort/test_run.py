"""`cohort run`: every subject's phases equal the one-person path's; outputs say what made
them; sums add up; a bucket that fails twice is named and the rest stays."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ebbtide.cohort import BucketsFailed, Partial, partial_of, read_manifest
from ebbtide.cohort.layout import sha256
from ebbtide.cohort.task import phases_table
from ebbtide.insights.drift import DriftParams
from ebbtide.insights.frames import frames_from_rows
from ebbtide.insights.model import PHASES
from ebbtide.insights.report import daily_phases
from ebbtide.service.cohort import run_cohort
from ebbtide.store import repo
from ebbtide.store.engine import open_store
from ebbtide.store.insight_rows import insight_rows
from tests.cohort.conftest import folder_bytes


def one_person_phases(db: str, end: date) -> dict[str, pl.DataFrame]:
    """Each subject's phases computed alone, through the one-person reader and frames."""
    store = open_store(db, create=False)
    out = {}
    try:
        with store.reading() as conn:
            for sid, code, _tz in repo.list_subjects(conn):
                rows = insight_rows(conn, sid, -(2**62), 2**62)
                out[code] = phases_table(daily_phases(frames_from_rows(rows), end=end), [code])
    finally:
        store.dispose()
    return out


def assert_one_person_path(db: str, run: Path) -> None:
    """Every subject's rows in the run's phase files equal its phases computed alone."""
    record = json.loads((run / "cohort.json").read_text())
    end = date.fromisoformat(record["parameters"]["end"])
    phases = pl.read_parquet(run / "phases" / "*.parquet")
    alone = one_person_phases(db, end)
    assert phases["subject"].n_unique() == sum(1 for f in alone.values() if f.height)
    for code, frame in alone.items():
        assert phases.filter(pl.col("subject") == code).equals(frame), code


def test_phases_are_those_of_the_one_person_path(small_db: str, small_run: Path) -> None:
    assert_one_person_path(small_db, small_run)


def test_each_output_records_the_version_and_parameters(
    small_dataset: Path, small_run: Path
) -> None:
    record = json.loads((small_run / "cohort.json").read_text())
    params = record["parameters"]
    assert params["phases"] == list(PHASES)
    assert params["drift"] == DriftParams().__dict__
    assert params["day_start_hour"] == 4 and record["ebbtide"] == params["ebbtide"]
    manifest = read_manifest(small_dataset)
    assert [b["input_sha256"] for b in record["buckets"]] == [f.sha256 for f in manifest.files]
    for b in record["buckets"]:
        path = small_run / b["phases"]
        assert sha256(path.read_bytes()) == b["phases_sha256"]
        meta = pl.read_parquet_metadata(path)
        assert json.loads(meta["ebbtide.parameters"]) == params
        assert meta["ebbtide.version"] == record["ebbtide"]
        assert meta["ebbtide.input_sha256"] == b["input_sha256"]


def _key(name: str) -> Callable[[tuple[str, Any]], Any]:
    if name == "first_drift":
        return lambda kv: int(kv[0])
    return lambda kv: kv[0]


def test_the_summed_partials_are_the_sums_of_all_phases(small_run: Path) -> None:
    record = json.loads((small_run / "cohort.json").read_text())
    phases = pl.read_parquet(small_run / "phases" / "*.parquet")
    codes = sorted(phases["subject"].unique().to_list())
    numbered = phases.with_columns(
        subject=pl.col("subject").replace_strict({c: i for i, c in enumerate(codes)}),
        phase=pl.col("phase").replace_strict({p: i for i, p in enumerate(PHASES)}),
    ).sort("subject", "day")
    whole = partial_of(numbered).as_dict()
    assert record["totals"] == whole
    assert Partial.from_dict(whole).as_dict() == whole
    # every field, in the dataclass's order, each mapping sorted
    partial = partial_of(numbered)
    plain = asdict(partial)
    assert list(whole) == [f.name for f in fields(Partial)]
    assert json.dumps(whole) == json.dumps(
        {
            k: dict(sorted(v.items(), key=_key(k))) if isinstance(v, dict) else v
            for k, v in plain.items()
        }
    )
    assert whole["person_days"] == phases.height and whole["subjects"] == len(codes)
    assert sum(sum(c) for c in whole["days"].values()) == phases.height


def test_a_bucket_that_fails_twice_is_named_and_the_others_stay(
    small_dataset: Path, small_run: Path, tmp_path: Path
) -> None:
    ds = tmp_path / "ds"
    shutil.copytree(small_dataset, ds)
    manifest = read_manifest(ds)
    broken = manifest.files[1]
    (ds / broken.file).write_bytes(b"this is not a parquet file")
    out = tmp_path / "out"
    with pytest.raises(BucketsFailed) as info:
        run_cohort(ds, out, executor="serial")
    name = f"bucket-{broken.bucket:04d}"
    message = info.value.message
    assert f"1 bucket failed twice ({name})" in message
    assert "not the file the dataset's manifest lists" in message
    assert not (out / "cohort.json").exists()
    done = sorted(p.name for p in (out / "phases").iterdir())
    assert done == [f"bucket-{f.bucket:04d}.parquet" for f in manifest.files if f != broken]
    assert all(
        folder_bytes(out)[f"phases/{n}"] == folder_bytes(small_run)[f"phases/{n}"] for n in done
    )

    # Put the file back: the same command again computes only the missing bucket (and
    # drops what another dataset's run left there).
    shutil.copy(small_dataset / broken.file, ds / broken.file)
    (out / "phases" / "bucket-9999.parquet").write_bytes(b"from another run")
    again = run_cohort(ds, out, executor="serial")
    assert (again.buckets, again.reused) == (len(manifest.files), len(manifest.files) - 1)
    assert folder_bytes(out) == folder_bytes(small_run)


def test_a_bucket_that_cannot_be_read_is_named_too(small_dataset: Path, tmp_path: Path) -> None:
    ds = tmp_path / "ds"
    shutil.copytree(small_dataset, ds)
    manifest_path = ds / "manifest.json"
    raw = json.loads(manifest_path.read_text())
    garbage = b"PAR1 but nothing after it"
    raw["files"][0]["sha256"] = sha256(garbage)
    manifest_path.write_text(json.dumps(raw))
    (ds / raw["files"][0]["file"]).write_bytes(garbage)
    with pytest.raises(BucketsFailed, match=r"failed twice \(bucket-\d{4}\); bucket-\d{4}: "):
        run_cohort(ds, tmp_path / "out", executor="serial")
    assert len(list((tmp_path / "out" / "phases").iterdir())) == len(raw["files"]) - 1


def test_the_largest_buckets_are_given_out_first(
    small_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.cohort import executors

    given: list[int] = []
    real = executors.run_serial

    def recording(tasks: Any, progress: Any) -> Any:
        given.extend(t.bucket for t in tasks)
        return real(tasks, progress)

    monkeypatch.setattr(executors, "run_serial", recording)
    run_cohort(small_dataset, tmp_path / "out", executor="serial")
    rows = {f.bucket: f.rows for f in read_manifest(small_dataset).files}
    assert len(set(rows.values())) > 1  # the order is a real choice here
    assert given == sorted(rows, key=lambda b: (-rows[b], b))
