"""sim4: reproducible, internally consistent, and its exports are accepted by ebbtide import."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sim4 import DRIFT_LABELS, KINDS, LABELS, simulate
from sim4.core import DAY_START
from sim4.phone import phone_days

END = date(2026, 11, 21)


@pytest.fixture(scope="module")
def people():  # type: ignore[no-untyped-def]
    return simulate(n_people=40, days=200, seed=11, end=END)


def _local_day(at: str, tz: str) -> date:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo(tz))
    return (moment - timedelta(hours=DAY_START)).date()


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not() -> None:
    a = simulate(n_people=6, days=120, seed=3, end=END)
    b = simulate(n_people=6, days=120, seed=3, end=END)
    c = simulate(n_people=6, days=120, seed=4, end=END)
    assert [p.summary() for p in a] == [p.summary() for p in b]
    assert [p.export for p in a] == [p.export for p in b]
    assert [p.summary() for p in a] != [p.summary() for p in c]


def test_labels_onsets_and_ends_agree(people) -> None:  # type: ignore[no-untyped-def]
    kinds = Counter(p.kind for p in people)
    assert set(kinds) <= set(KINDS)
    for p in people:
        assert len(p.truth) == p.days == len(p.logged) == len(p.lived_contacts) == 200
        assert set(p.truth) <= set(LABELS)
        assert p.start == END - timedelta(days=199) and p.end == END
        assert len(p.onsets) == len(p.ends)
        idx = {p.day(i): i for i in range(p.days)}
        for onset, end in zip(p.onsets, p.ends, strict=True):
            i = idx[onset]
            assert 60 <= i <= p.days - 30
            assert p.truth[i] in ("drift", "isolated")
            assert p.truth[i - 1] not in ("drift", "isolated")
            if end is None:
                assert all(t in ("drift", "isolated", "sick") for t in p.truth[i:])
            else:
                assert end > onset and p.truth[idx[end]] in ("recovery", "ordinary")
                assert p.truth[idx[end] - 1] in ("drift", "isolated")
        drift_days = sum(p.drifting())
        if p.kind in ("gradual-drift", "abrupt-drift", "quiet-drift"):
            assert p.onsets and drift_days > 0
        else:
            assert not p.onsets and drift_days == 0
        if p.kind == "retreat":
            assert p.retreats and "retreat" in p.truth
        assert all(t not in DRIFT_LABELS or p.onsets for t in p.truth)


def test_logged_days_are_the_days_that_hold_records(people) -> None:  # type: ignore[no-untyped-def]
    for p in people[:12]:
        days = set()
        for section in ("checkins", "contacts", "solitude", "boundaries", "routine_done"):
            days |= {_local_day(r["at"], r["tz"]) for r in p.export[section]}
        days |= {_local_day(r["created_at"], r["tz"]) for r in p.export["steps"]}
        days |= {_local_day(r["at"], r["tz"]) for r in p.export["reflections"]}
        assert days == {p.day(i) for i in range(p.days) if p.logged[i]}
        dropped = [i for i in range(p.days) if p.truth[i] == "dropout"]
        assert not any(p.logged[i] for i in dropped)


def test_three_exports_are_accepted_by_ebbtide_import(people, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ebbtide.service.context import open_context
    from ebbtide.service.transfer import import_file

    chosen = [p for p in people if p.export["settings"]][:1]
    chosen += [p for p in people if p not in chosen and p.moves][:1]
    chosen += [p for p in people if p not in chosen][: 3 - len(chosen)]
    assert len(chosen) == 3
    db = str(tmp_path / "sim4.db")
    for p in chosen:
        path = tmp_path / f"{p.code}.json"
        path.write_text(json.dumps(p.export), encoding="utf-8")
        ctx = open_context(db, subject=p.code, passphrase=None)
        try:
            result = import_file(ctx, path)
        finally:
            ctx.close()
        items = len(p.export["people"]) + len(p.export["routines"]) + bool(p.export["settings"])
        assert result.total == p.records() + items
        assert result.skipped == 0 and result.crisis_notes == 0
        assert result.zone == p.tz


def test_phone_rows_are_one_per_day_and_outages_only_remove(people) -> None:  # type: ignore[no-untyped-def]
    keys = {"day", "covered_h", "calls_out", "texted", "people", "gps_h", "home_h"}
    for p in people[:8]:
        clean = phone_days(p, 11, outages=False)
        gappy = phone_days(p, 11, outages=True)
        assert clean == phone_days(p, 11, outages=False)
        assert [r["day"] for r in clean] == [p.day(i) for i in range(p.days)]
        assert [r["day"] for r in gappy] == [p.day(i) for i in range(p.days)]
        for a, b in zip(clean, gappy, strict=True):
            assert set(a) == set(b) == keys
            assert a["covered_h"] == 24.0 and None not in a.values()
            assert 0 <= b["covered_h"] <= 24
            if b["covered_h"] == 24.0 and b["gps_h"] is not None:
                assert b == a
            if a["gps_h"] is not None:
                assert 0 <= a["home_h"] <= a["gps_h"] <= 24
    assert any(r["covered_h"] == 0 for p in people for r in phone_days(p, 11, True))
