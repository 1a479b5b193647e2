"""A fresh demo holds nothing later than now, so its same-day export imports cleanly."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ebbtide.demo import generate
from ebbtide.service import log
from ebbtide.service.context import open_context
from ebbtide.service.demo_data import seed_story
from ebbtide.service.transfer import export_json, import_file

# Mid-afternoon in Berlin: the generator's evening check-ins of this day lie ahead.
AFTERNOON = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)
TZ = "Europe/Berlin"
CASES = [("story", 1), ("stable", 1)]  # seeds whose last day has entries on both sides of now


def _clock() -> datetime:
    return AFTERNOON


def _at(rec: object) -> datetime | None:
    for name in ("at", "done_at", "created_at"):
        value = getattr(rec, name, None)
        if isinstance(value, datetime):
            return value
    return None


def test_the_story_without_a_cutoff_would_reach_past_now() -> None:
    """The fixture's moment is one the old generator got wrong (so the next test can fail)."""
    for archetype, seed in CASES:
        h = generate(archetype, days=60, end=AFTERNOON.date(), tz=TZ, seed=seed)
        assert any(t > AFTERNOON for t in (_at(r) for r in h.records()) if t is not None)


@pytest.mark.parametrize(("archetype", "seed"), CASES)
def test_generate_with_now_writes_nothing_later(archetype: str, seed: int) -> None:
    h = generate(archetype, days=60, end=AFTERNOON.date(), tz=TZ, seed=seed, now=AFTERNOON)
    times = [t for t in (_at(r) for r in h.records()) if t is not None]
    assert times and max(times) <= AFTERNOON
    # The day itself is still there up to now (the cutoff is not a whole day).
    assert any(t.date() == AFTERNOON.date() for t in times)


def test_same_day_export_of_a_fresh_demo_imports(tmp_path: Path) -> None:
    src = open_context(str(tmp_path / "demo.db"), tz=TZ, clock=_clock)
    dst = open_context(str(tmp_path / "mine.db"), tz=TZ, clock=_clock)
    try:
        seed_story(src, days=90)
        stored = log(src)
        assert stored and max(e.at for e in stored) <= AFTERNOON
        export_json(src, tmp_path / "demo.json")
        result = import_file(dst, tmp_path / "demo.json")
        assert result.total > 0 and result.skipped == 0
        assert len(log(dst)) == len(stored)
    finally:
        src.close()
        dst.close()
