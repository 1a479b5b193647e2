"""An import keeps the zone the history was lived in (the export's ``subject.tz``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ebbtide.service import context as context_module
from ebbtide.service.context import open_context
from ebbtide.service.insights import insight_report
from ebbtide.service.transfer import import_file
from tests.conftest import fixed_clock

# 22:00 in Los Angeles on Friday 20 November is 06:00 UTC on the 21st.
EVENING = "2026-11-21T06:00:00Z"


def _export(tmp_path: Path, tz: str = "America/Los_Angeles") -> Path:
    doc = {
        "format": "ebbtide-export",
        "version": 1,
        "subject": {"code": "me", "tz": tz},
        "checkins": [
            {
                "uid": "checkin-0001",
                "at": EVENING,
                "tz": "America/Los_Angeles",
                "state": "shut-down",
            }
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EBBTIDE_TZ", raising=False)
    monkeypatch.setattr(context_module, "system_tz", lambda: "UTC")


@pytest.mark.usefixtures("machine_in_utc")
def test_import_keeps_the_subjects_zone_and_the_evening_stays_in_its_day(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "e.db")
    ctx = open_context(db, clock=fixed_clock)
    try:
        assert ctx.tz == "UTC"
        import_file(ctx, _export(tmp_path))
        assert ctx.tz == "America/Los_Angeles"
    finally:
        ctx.close()
    again = open_context(db, clock=fixed_clock)  # a later command, like `ebbtide insights`
    try:
        assert again.tz == "America/Los_Angeles"
        report = insight_report(again, as_of=date(2026, 11, 20), days=3)
        assert report.phases[-1].day == date(2026, 11, 20)
        assert report.phases[-1].logged  # the 22:00 check-in is in its own evening
    finally:
        again.close()


@pytest.mark.usefixtures("machine_in_utc")
def test_a_chosen_zone_wins_and_a_bad_zone_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.domain.errors import ValidationError

    db = str(tmp_path / "e.db")
    ctx = open_context(db, tz="Asia/Tokyo", clock=fixed_clock)
    try:
        import_file(ctx, _export(tmp_path))
        assert ctx.tz == "Asia/Tokyo"  # asked for: kept for this run
    finally:
        ctx.close()
    monkeypatch.setenv("EBBTIDE_TZ", "Europe/Oslo")
    with_env = open_context(db, clock=fixed_clock)
    try:
        assert with_env.tz == "Europe/Oslo"
        with pytest.raises(ValidationError, match=r"subject\.tz"):
            import_file(with_env, _export(tmp_path, tz="Mars/Olympus"))
    finally:
        with_env.close()


@pytest.mark.usefixtures("machine_in_utc")
def test_an_import_into_a_history_with_entries_keeps_its_zone(tmp_path: Path) -> None:
    from ebbtide.service.capture import add_checkin

    db = str(tmp_path / "e.db")
    ctx = open_context(db, tz="Europe/Berlin", clock=fixed_clock)
    try:
        add_checkin(ctx, "connected")
    finally:
        ctx.close()
    later = open_context(db, clock=fixed_clock)
    try:
        assert later.tz == "Europe/Berlin"
        import_file(later, _export(tmp_path))
        assert later.tz == "Europe/Berlin"
    finally:
        later.close()
