"""The insights after a write read only what the write added, and give exactly what a full
read gives; an edit (or anything that is not an addition) reads everything again."""

from __future__ import annotations

from typing import Any

import pytest

from ebbtide.demo import generate
from ebbtide.service import insights
from ebbtide.service.capture import add_checkin, add_contact
from ebbtide.service.context import Context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.records import edit_entry
from ebbtide.store import insight_rows


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per read of stored rows: True when only new rows were read."""
    seen: list[bool] = []
    real = insight_rows.insight_rows

    def spy(*args: Any, **kw: Any) -> Any:
        seen.append(len(args) > 4 or "after" in kw)
        return real(*args, **kw)

    monkeypatch.setattr(insight_rows, "insight_rows", spy)
    return seen


def _full(ctx: Context) -> Any:
    insights.clear_cache()
    return insights.insight_report(ctx)


def test_additions_are_read_alone_and_give_what_a_full_read_gives(
    ctx: Context, reads: list[bool]
) -> None:
    # The demo history runs to the end of today, so today's writes fall among its entries.
    seed_history(ctx, generate("story", days=200, end=ctx.today(), seed=3, tz=ctx.tz))
    insights.clear_cache()
    insights.insight_report(ctx)
    assert reads == [False]
    add_checkin(ctx, "shut-down", appetite="need-solitude")
    add_checkin(ctx, "mobilized", when="3 days ago 8pm")  # backdated, inside the window
    add_contact(ctx, ["Someone New"], create_missing=True, safety=5, after="connected")
    after_writes = insights.insight_report(ctx)
    assert reads == [False, True]
    assert insights.insight_report(ctx) == after_writes  # nothing new: nothing read
    assert reads == [False, True]
    assert _full(ctx) == after_writes
    assert reads == [False, True, False]


def test_an_edit_reads_everything_again(ctx: Context, reads: list[bool]) -> None:
    seed_history(ctx, generate("story", days=120, end=ctx.today(), seed=4, tz=ctx.tz))
    insights.clear_cache()
    insights.insight_report(ctx)
    saved = add_checkin(ctx, "connected")
    edit_entry(ctx, "checkin", saved.record.id, {"state": "shut-down"})  # type: ignore[arg-type]
    after = insights.insight_report(ctx)
    assert reads == [False, False]
    assert after == _full(ctx)
    assert after.recent[0].sentence.endswith("mostly shut down.")


def test_a_check_in_recomputes_only_the_parts_that_read_check_ins(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.insights import report

    seed_history(ctx, generate("story", days=120, end=ctx.today(), seed=6, tz=ctx.tz))
    insights.clear_cache()
    insights.insight_report(ctx)
    calls: list[str] = []
    for name in ("_rhythm", "_relationships", "_pacing", "_solitude"):
        real = getattr(report, name)

        def spy(*args: Any, _name: str = name, _real: Any = real) -> Any:
            calls.append(_name)
            return _real(*args)

        monkeypatch.setattr(report, name, spy)
    add_checkin(ctx, "shut-down")
    after_checkin = insights.insight_report(ctx)
    assert calls == []  # nothing but the check-ins changed: rhythm, people, solitude kept
    add_contact(ctx, ["Someone New"], create_missing=True, safety=5, after="connected")
    after_contact = insights.insight_report(ctx)
    assert sorted(calls) == ["_pacing", "_relationships", "_rhythm"]
    assert any(r.name == "Someone New" for r in after_contact.relationships)
    monkeypatch.undo()
    assert _full(ctx) == after_contact != after_checkin


def test_records_added_by_another_process_are_read_alone(
    db_path: Any, ctx: Context, reads: list[bool]
) -> None:
    import os
    import subprocess
    import sys

    seed_history(ctx, generate("story", days=90, end=ctx.today(), seed=7, tz=ctx.tz))
    insights.clear_cache()
    before = insights.insight_report(ctx)
    script = (
        "from ebbtide import service\n"
        "from ebbtide.service.context import open_context\n"
        "from tests.conftest import TZ, fixed_clock\n"
        f"c = open_context({str(db_path)!r}, tz=TZ, clock=fixed_clock)\n"
        "service.add_checkin(c, 'shut-down', appetite='need-solitude')\n"
        "service.add_checkin(c, 'shut-down', when='2 days ago 9pm')\n"
        "c.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, env=os.environ.copy())
    after = insights.insight_report(ctx)
    assert reads == [False, True]
    assert after != before and after == _full(ctx)
