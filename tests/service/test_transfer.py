"""Export and import: lossless, idempotent, all-or-nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide import service
from ebbtide.demo import ARCHETYPES, generate
from ebbtide.domain.errors import ValidationError
from ebbtide.service.context import Context, open_context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.transfer import export_json, import_file
from ebbtide.store import schema
from tests.conftest import TZ, fixed_clock
from tests.support.strategies import kept_text

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "src/ebbtide/interop/schema/ebbtide-export-v1.schema.json"
    ).read_text()
)


def _extras(ctx: Context, text: str) -> None:
    """Rows for the tables no use case fills yet, so the round trip covers them too."""
    from sqlalchemy import Connection, insert

    sid = ctx.subject_id

    def work(c: Connection) -> None:
        c.execute(
            insert(schema.assessments).values(
                uid="assess0001",
                subject_id=sid,
                at=1_790_000_000,
                tz=TZ,
                instrument="ucla-3",
                answers='{"1": 2, "2": 3}',
                total=5,
                band="low",
                result='{"total": 5}',
            )
        )
        c.execute(
            insert(schema.therapy_sessions).values(
                uid="session0001", subject_id=sid, day=date(2026, 11, 2), note=text
            )
        )
        c.execute(
            insert(schema.safety_plans).values(
                subject_id=sid, body=json.dumps({"signs": [text]}), updated_at=1_790_000_100
            )
        )
        c.execute(insert(schema.settings).values(subject_id=sid, key="region", value="DE"))

    ctx.store.write(work)


def _fill(ctx: Context, archetype: str, days: int, seed: int, text: str) -> None:
    # The simulated days end yesterday: an import refuses anything dated after "now", and
    # the generator fills whole days, evening included.
    yesterday = ctx.today() - timedelta(days=1)
    seed_history(ctx, generate(archetype, days=days, end=yesterday, seed=seed, tz=TZ))
    service.add_checkin(ctx, "fawning", note=text, body=["warmth"], when=FIXED_EARLIER)
    service.add_contact(
        ctx, [f"Ana {seed}", "Bo"], create_missing=True, note=text, when=FIXED_EARLIER
    )
    service.add_reflection(ctx, text, text if text.strip() else "…", when=FIXED_EARLIER)
    _extras(ctx, text)


FIXED_EARLIER = fixed_clock() - timedelta(hours=3)


def _round_trip(first: Context, second_db: str, folder: Path) -> tuple[str, str]:
    a, b = folder / "a.json", folder / "b.json"
    export_json(first, a)
    second = open_context(second_db, tz=TZ, clock=fixed_clock)
    try:
        import_file(second, a)
        export_json(second, b)
    finally:
        second.close()
    return a.read_text("utf-8"), b.read_text("utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    archetype=st.sampled_from(ARCHETYPES),
    days=st.integers(min_value=1, max_value=90),
    seed=st.integers(min_value=0, max_value=10_000),
    text=kept_text(40),
)
def test_export_import_export_is_identical(archetype: str, days: int, seed: int, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        first = open_context(str(folder / "one.db"), tz=TZ, clock=fixed_clock)
        try:
            _fill(first, archetype, days, seed, text)
            before, after = _round_trip(first, str(folder / "two.db"), folder)
        finally:
            first.close()
    assert before == after
    jsonschema.validate(json.loads(before), SCHEMA)


@pytest.mark.postgres
def test_round_trip_through_postgresql(ctx: Context, pg_url: str, tmp_path: Path) -> None:
    _fill(ctx, "story", 60, 5, "Grüße ✓")
    before, after = _round_trip(ctx, pg_url, tmp_path)
    assert before == after
    doc = json.loads(after)
    assert len(doc["checkins"]) > 30 and doc["safety_plan"] is not None


def test_round_trip_on_any_store(any_ctx: Context, tmp_path: Path) -> None:
    _fill(any_ctx, "drift-gradual", 30, 8, "note")
    export_json(any_ctx, tmp_path / "x.json")
    fresh = open_context(str(tmp_path / "fresh.db"), tz=TZ, clock=fixed_clock)
    try:
        import_file(fresh, tmp_path / "x.json")
        export_json(fresh, tmp_path / "y.json")
    finally:
        fresh.close()
    assert (tmp_path / "x.json").read_bytes() == (tmp_path / "y.json").read_bytes()


def test_reimporting_adds_nothing_twice(ctx: Context, tmp_path: Path) -> None:
    _fill(ctx, "story", 20, 1, "x")
    export_json(ctx, tmp_path / "x.json")
    before = service.counts(ctx)
    again = import_file(ctx, tmp_path / "x.json")
    assert again.added == {} and again.skipped > 0
    assert service.counts(ctx) == before


def test_dry_run_reports_and_saves_nothing(ctx: Context, tmp_path: Path) -> None:
    _fill(ctx, "story", 20, 1, "x")
    export_json(ctx, tmp_path / "x.json")
    other = open_context(str(tmp_path / "o.db"), tz=TZ, clock=fixed_clock)
    try:
        dry = import_file(other, tmp_path / "x.json", dry_run=True)
        assert dry.added["checkins"] == service.counts(ctx)["checkin"]
        assert not any(service.counts(other).values())
    finally:
        other.close()


def _doc(ctx: Context, tmp_path: Path) -> dict[str, object]:
    _fill(ctx, "story", 20, 1, "x")
    export_json(ctx, tmp_path / "x.json")
    return json.loads((tmp_path / "x.json").read_text())  # type: ignore[no-any-return]


def _import_into_empty(tmp_path: Path, text: str) -> tuple[ValidationError, dict[str, int]]:
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    empty = open_context(str(tmp_path / "empty.db"), tz=TZ, clock=fixed_clock)
    try:
        with pytest.raises(ValidationError) as info:
            import_file(empty, bad)
        return info.value, service.counts(empty)
    finally:
        empty.close()


def test_a_bad_record_names_itself_and_nothing_is_imported(ctx: Context, tmp_path: Path) -> None:
    doc = _doc(ctx, tmp_path)
    doc["checkins"][3]["state"] = "sleepy"  # type: ignore[index]
    err, counts = _import_into_empty(tmp_path, json.dumps(doc))
    assert err.message.startswith("checkins[3] (uid ")
    assert "unknown state 'sleepy'" in err.message
    assert not any(counts.values())


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    err, counts = _import_into_empty(
        tmp_path, '{\n  "format": "ebbtide-export",\n  "version": 1,\n  oops\n}'
    )
    assert err.message.startswith("line 4, column 3: not valid JSON")
    assert not any(counts.values())


def test_a_dangling_reference_is_refused(ctx: Context, tmp_path: Path) -> None:
    doc = _doc(ctx, tmp_path)
    doc["contacts"][0]["people"] = ["nobody00000"]  # type: ignore[index]
    err, counts = _import_into_empty(tmp_path, json.dumps(doc))
    assert "names person nobody00000, who is not in the file" in err.message
    assert not any(counts.values())


def test_a_late_database_failure_rolls_back_everything(ctx: Context, tmp_path: Path) -> None:
    doc = _doc(ctx, tmp_path)
    # Two therapy sessions share a uid: the second insert fails after everything else.
    doc["therapy_sessions"].append(  # type: ignore[attr-defined]
        {"uid": "session0001", "day": "2026-11-03", "note": ""}
    )
    doc["therapy_sessions"][0]["uid"] = "session0002"  # type: ignore[index]
    doc["therapy_sessions"][1]["uid"] = "session0002"  # type: ignore[index]
    text = json.dumps(doc)
    bad = tmp_path / "late.json"
    bad.write_text(text)
    empty = open_context(str(tmp_path / "late.db"), tz=TZ, clock=fixed_clock)
    try:
        with pytest.raises(Exception):  # noqa: B017 - any failure; the point is the rollback
            import_file(empty, bad)
        assert not any(service.counts(empty).values())
    finally:
        empty.close()


def test_csv_export_has_one_file_per_kind(ctx: Context, tmp_path: Path) -> None:
    import csv

    from ebbtide.service.transfer import export_csv

    _fill(ctx, "story", 20, 1, "x")
    files = {f.name for f in export_csv(ctx, tmp_path / "csv")}
    assert {"checkins.csv", "contacts.csv", "people.csv", "solitude.csv"} <= files
    with (tmp_path / "csv" / "contacts.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == service.counts(ctx)["contact"]
    assert any(r["people"] == "Ana 1; Bo" for r in rows)
    assert (tmp_path / "csv" / "checkins.csv").stat().st_mode & 0o077 == 0


def test_the_exported_instants_are_utc(ctx: Context, tmp_path: Path) -> None:
    service.add_checkin(ctx, "connected", when=datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    export_json(ctx, tmp_path / "x.json")
    doc = json.loads((tmp_path / "x.json").read_text())
    assert doc["checkins"][0]["at"] == "2026-03-29T00:30:00Z"
    assert doc["checkins"][0]["tz"] == TZ
