"""Edits and plan notes run the same crisis-language check as new records."""

from __future__ import annotations

from ebbtide import service
from ebbtide.safety.help import OPENING
from ebbtide.service import safety
from ebbtide.service.context import Context

CRISIS = "I want to die."


def test_editing_a_note_into_crisis_language_returns_help(any_ctx: Context) -> None:
    r = service.add_checkin(any_ctx, "shut-down", note="tired").record
    e = service.edit_entry(any_ctx, "checkin", r.id or 0, {"note": CRISIS})
    assert e.notices and e.notices[0] == OPENING
    assert e.record.note == CRISIS  # saved all the same
    calm = service.edit_entry(any_ctx, "checkin", r.id or 0, {"state": "connected"})
    assert calm.notices == ()


def test_edit_help_puts_the_persons_plan_first(ctx: Context) -> None:
    safety.update_plan(ctx, coping=["Walk around the block"])
    safety.set_region(ctx, "GB")
    r = service.add_reflection(ctx, "How was today?", "fine").record
    e = service.edit_entry(ctx, "reflection", r.id or 0, {"answer": CRISIS})
    text = "\n".join(e.notices)
    assert text.index("Walk around the block") < text.index("Samaritans")
    assert "988" not in text


def test_routine_and_step_notes_run_the_check(ctx: Context) -> None:
    service.add_routine(ctx, "Evening walk")
    assert service.routine_done(ctx, "evening", note="nice").notices == ()
    assert service.routine_done(ctx, "evening", note=CRISIS).notices[0] == OPENING
    s = service.plan_step(ctx, "Call Sam", note=CRISIS)
    assert service.step_notices(ctx, s)[0] == OPENING
    assert service.step_notices(ctx, service.plan_step(ctx, "Call Sam")) == ()
