"""A person's whole day in a real headless Chromium, by keyboard alone and by clicks.

Check-in, a contact with someone new, time alone, a boundary, a step and a reflection,
each dated earlier once, then checked in the database; edit and delete of every kind;
the demo banner on the demo and gone after "Start my own history". The app's clock is
Saturday 21 November 2026, 14:00 UTC (15:00 in Berlin). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ebbtide import service
from ebbtide.service.context import Context, open_context
from ebbtide.service.histories import ensure_demo, start_own_history
from ebbtide.web import create_app
from ebbtide.web import messages as msg
from tests.conftest import FIXED_NOW, TZ, fixed_clock
from tests.web import test_browser as shared
from tests.web.browser_kit import serve_app
from tests.web.test_browser import LAUNCH_TOKEN, axe, open_page, snap

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = shared.browser  # the fixtures of the first-visit tests: Chromium, and a live app
live = shared.live


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def focused(page: Page, test: str) -> bool:
    """Whether the focused element passes a JavaScript test on ``el``."""
    return bool(page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"))


def tab_to(page: Page, test: str, limit: int = 120) -> None:
    """Press Tab until the focused element passes ``test`` (as a person would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, test):
            # Focus is visible: the outline the stylesheet gives :focus-visible.
            style = page.evaluate(
                "(() => { const el = document.activeElement; const s = getComputedStyle("
                "el.matches('.tile input, .scale input') ? el.nextElementSibling : el);"
                " return s.outlineStyle + ' ' + s.outlineWidth; })()"
            )
            assert style.startswith("solid 3px"), (test, style)
            return
    raise AssertionError(f"Tab never reached {test}")


def in_form(action: str, test: str) -> str:
    return f"el.closest('form') && el.closest('form').action.endsWith('{action}') && {test}"


def when_by_keyboard(page: Page, action: str, steps: int) -> None:
    """Open a form's "When" and move the choice ``steps`` down from "Now" with arrow keys."""
    tab_to(page, in_form(action, "el.textContent.trim() === 'When: now, or earlier'"))
    page.keyboard.press("Enter")
    tab_to(page, in_form(action, "el.name === 'when'"))
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def press_save(page: Page, label: str, flash: str) -> None:
    tab_to(page, f"el.textContent.trim() === {label!r}")
    page.keyboard.press("Enter")
    page.get_by_text(flash).first.wait_for()


def check_day_in_database(ctx: Context, expected: dict[str, datetime]) -> None:
    got = {e.kind: e.at for e in service.log(ctx) if e.kind != "step"}
    (step,) = service.list_steps(ctx)
    got["step"] = step.done_at  # type: ignore[assignment]
    assert got == expected


def test_a_whole_day_by_keyboard_alone(browser: Browser, live: tuple[str, Context]) -> None:
    base, ctx = live
    service.plan_step(ctx, "Ask Noor for a walk")
    page, watch = open_page(browser, base)
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert focused(page, "el.textContent === 'Skip to content'")
    page.keyboard.press("Enter")

    # Check-in: Mobilized, earlier today (three hours ago).
    tab_to(page, "el.name === 'state'")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    when_by_keyboard(page, "/checkin", 1)
    press_save(page, "Save check-in", "Check-in saved.")

    # A contact with someone new, yesterday evening.
    tab_to(page, "el.id === 'c-people'")
    page.keyboard.type("Noor")
    page.keyboard.press("Tab")
    assert focused(page, "el.id === 'c-channel'")
    page.keyboard.type("Video")
    tab_to(page, "el.id === 'c-safety'")
    page.keyboard.type("4")
    tab_to(page, "el.id === 'c-before'")
    page.keyboard.type("Mob")
    when_by_keyboard(page, "/contact", 4)
    press_save(page, "Save contact", "Added Noor to your people.")

    # Time alone this morning, chosen.
    tab_to(page, "el.id === 's-activity'")
    page.keyboard.type("Reading")
    tab_to(page, "el.id === 's-minutes'")
    page.keyboard.type("45")
    when_by_keyboard(page, "/solitude", 2)
    press_save(page, "Save time alone", "Time alone saved.")

    # A boundary, last night.
    tab_to(page, "el.id === 'b-person'")
    page.keyboard.type("Mara")
    page.keyboard.press("Tab")
    page.keyboard.type("I said I need the evening to myself")
    page.keyboard.press("Tab")
    page.keyboard.type("Refused")
    when_by_keyboard(page, "/boundary", 3)
    press_save(page, "Save boundary", "Boundary saved. Added Mara to your people.")
    snap(page, "day-keyboard-today")

    # The step: done yesterday evening.
    tab_to(page, "el.getAttribute('href') === '/steps'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Plan a small step").wait_for()
    tab_to(page, "el.tagName === 'SUMMARY' && el.textContent === 'Done earlier?'")
    page.keyboard.press("Enter")
    tab_to(page, "el.name === 'when'")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    tab_to(page, "el.getAttribute('aria-label') === 'Done: Ask Noor for a walk'")
    page.keyboard.press("Enter")
    page.get_by_text(msg.STEP_DONE).wait_for()

    # A reflection, last night.
    tab_to(page, "el.getAttribute('href') === '/reflections'")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="A question to sit with").wait_for()
    tab_to(page, "el.id === 'r-answer'")
    page.keyboard.type("Saying it out loud, even when it was refused.")
    when_by_keyboard(page, "/reflections", 3)
    press_save(page, "Save", "Reflection saved.")
    snap(page, "day-keyboard-reflections")

    check_day_in_database(
        ctx,
        {
            "checkin": utc(21, 11),
            "contact": utc(20, 18),
            "solitude": utc(21, 8),
            "boundary": utc(20, 22),
            "reflection": utc(20, 22),
            "step": utc(20, 18),
        },
    )
    c = service.log(ctx, kinds=["contact"])[0].record
    assert (c.channel, c.safety, c.before) == ("video", 4, "mobilized")
    b = service.log(ctx, kinds=["boundary"])[0].record
    assert (b.asked, b.received) == ("I said I need the evening to myself", "refused")
    assert watch.problems == []


def test_a_whole_day_by_clicks_then_edit_and_delete_each(
    browser: Browser,
    live: tuple[str, Context],
) -> None:
    base, ctx = live
    service.plan_step(ctx, "Ask Noor for a walk")
    service.add_routine(ctx, "Evening walk")
    page, watch = open_page(browser, base)
    page.goto(base + "/")

    def open_when(card: Any, day: str, clock: str) -> None:
        card.get_by_text("When: now, or earlier").click()
        card.get_by_label("Another day or time").check()
        card.get_by_label("Date", exact=True).fill(day)
        card.get_by_label("Time", exact=True).fill(clock)

    checkin = page.locator("form[action='/checkin']")
    checkin.locator("label.state-shut-down").click()
    checkin.get_by_text("Body signals, energy").click()
    checkin.get_by_label("Note").fill("Heavy morning.\nBetter after tea.")
    open_when(checkin, "2026-11-21", "07:30")
    checkin.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()

    contact = page.locator("form[action='/contact']")
    contact.get_by_label("With whom").fill("Noor")
    contact.get_by_label("How", exact=True).select_option("in-person")
    contact.get_by_label("Before, I felt").select_option("shut-down")
    contact.get_by_label("Afterwards I felt").select_option("connected")
    contact.get_by_text("Who reached out, being yourself").click()
    contact.get_by_label("Who reached out").select_option("me")
    contact.get_by_label("Could be myself (1–5)").select_option("5")
    open_when(contact, "2026-11-20", "12:15")
    contact.get_by_role("button", name="Save contact").click()
    page.get_by_text("Added Noor to your people.").wait_for()

    alone = page.locator("form[action='/solitude']")
    alone.get_by_label("What", exact=True).select_option("nature")
    alone.get_by_label("an escape").check()
    alone.get_by_text("When: now, or earlier").click()
    alone.get_by_label("Yesterday evening").check()
    alone.get_by_role("button", name="Save time alone").click()
    page.get_by_text("Time alone saved.").wait_for()

    boundary = page.locator("form[action='/boundary']")
    boundary.get_by_label("Who I set it with").fill("Mara")
    boundary.get_by_label("What I asked for").fill("Please <b>call</b> first")
    boundary.get_by_label("How it was received").select_option("negotiated")
    boundary.get_by_text("When: now, or earlier").click()
    boundary.get_by_label("Last night").check()
    boundary.get_by_role("button", name="Save boundary").click()
    page.get_by_text("Boundary saved.").wait_for()
    assert page.locator(".entries").get_by_text("Heavy morning.").is_visible()
    assert axe(page) == []
    snap(page, "day-clicks-today")

    page.get_by_role("link", name="Steps & routines").click()
    step = page.locator("#step-1")
    step.get_by_text("Done earlier?").click()
    step.get_by_label("This morning").check()
    step.get_by_role("button", name="Done: Ask Noor for a walk").click()
    page.get_by_text(msg.STEP_DONE).wait_for()
    page.get_by_role("button", name="Done: Evening walk").click()
    page.get_by_text("Marked as done.").wait_for()
    expect(page.locator("tr.routine-done")).to_have_count(1)
    assert axe(page) == []
    snap(page, "day-clicks-steps")

    page.get_by_role("link", name="Reflections").click()
    page.locator("#r-answer").fill("The walk helped.")
    page.get_by_text("When: now, or earlier").click()
    page.get_by_label("Earlier today").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Reflection saved.").wait_for()

    check_day_in_database(
        ctx,
        {
            "checkin": utc(21, 6, 30),
            "contact": utc(20, 11, 15),
            "solitude": utc(20, 18),
            "boundary": utc(20, 22),
            "reflection": utc(21, 11),
            "routine": FIXED_NOW,
            "step": utc(21, 8),
        },
    )

    # The timeline: grouped by day, notes shown, the routine by its name, text kept as text.
    page.get_by_role("link", name="Timeline").click()
    page.get_by_role("heading", name="Timeline").wait_for()
    expect(page.locator(".day-group")).to_have_count(2)
    listed = page.locator("#entries").inner_text()
    assert "Evening walk — done" in listed and "Please <b>call</b> first" in listed
    assert "Heavy morning." in listed
    assert axe(page) == []
    snap(page, "day-clicks-timeline")

    # Edit each kind once from the timeline, then delete each.
    edits: dict[str, Callable[[Any], object]] = {
        "checkin": lambda f: f.locator("label.state-connected").click(),
        "contact": lambda f: f.get_by_label("Felt safe (1–5)").select_option("2"),
        "solitude": lambda f: f.get_by_label("Minutes").fill("30"),
        "boundary": lambda f: f.get_by_label("How it was received").select_option("honoured"),
        "reflection": lambda f: f.get_by_label("Answer").fill("The walk really helped."),
        "routine": lambda f: f.get_by_label("Note").fill("in the rain"),
        "step": lambda f: f.get_by_label("Step").fill("Walk with Noor"),
    }
    for kind, change in edits.items():
        page.goto(base + "/timeline")
        page.locator(f"[id^='entry-{kind}-'] a", has_text="Edit").click()
        page.get_by_role("button", name="Save changes").wait_for()
        form = page.locator("form.edit-form")
        change(form)
        if kind == "checkin":
            assert axe(page) == []
            snap(page, "day-edit-checkin")
        form.get_by_role("button", name="Save changes").click()
        page.get_by_text("Entry updated.").wait_for()
    got = {e.kind: e.record for e in service.log(ctx)}
    assert got["checkin"].state == "connected" and got["checkin"].at == utc(21, 6, 30)
    assert got["contact"].safety == 2 and got["solitude"].minutes == 30
    assert got["boundary"].received == "honoured"
    assert got["reflection"].answer == "The walk really helped."
    assert got["routine"].note == "in the rain" and got["step"].title == "Walk with Noor"

    page.goto(base + "/timeline")
    page.on("dialog", lambda d: d.accept())  # the "cannot be undone" confirmation
    for kind in edits:
        row = page.locator(f"[id^='entry-{kind}-']")
        row.get_by_role("button", name="Delete").click()
        expect(row).to_have_count(0)
    assert service.log(ctx) == []
    assert watch.problems == []


@pytest.fixture
def demo_live(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app as `make run` opens it for a newcomer: the demo file, and a button to leave."""
    own, demo = tmp_path / "ebbtide.db", tmp_path / "ebbtide-demo.db"
    ensure_demo(str(demo), tz=TZ, clock=fixed_clock, days=120)
    app = create_app(
        lambda: open_context(str(demo), tz=TZ, clock=fixed_clock),
        launch_token=LAUNCH_TOKEN,
        start_own=lambda: start_own_history(str(own), tz=TZ, clock=fixed_clock),
    )
    with serve_app(app) as base:
        yield base, own


def test_the_demo_says_so_on_every_page_until_start_my_own(
    browser: Browser,
    demo_live: tuple[str, Path],
) -> None:
    base, own = demo_live
    page, watch = open_page(browser, base)
    banner = page.get_by_role("region", name="Demo")
    for path in ("/", "/timeline", "/insights", "/people", "/steps", "/reflections", "/report"):
        page.goto(base + path)
        expect(banner).to_contain_text("This is a made-up demo history.")
    page.goto(base + "/timeline")
    assert page.locator("#entries .entry").count() > 10
    assert axe(page) == []
    snap(page, "demo-timeline")
    assert not own.exists()
    page.get_by_role("button", name="Start my own history").click()
    page.get_by_text(msg.SAVED["started"]).wait_for()
    expect(banner).to_have_count(0)
    assert page.get_by_text("Nothing logged yet today").is_visible()
    snap(page, "demo-left-own-history")
    for path in ("/timeline", "/insights", "/people"):
        page.goto(base + path)
        expect(banner).to_have_count(0)
    page.goto(base + "/timeline")
    expect(page.locator("#entries .entry")).to_have_count(0)
    assert own.exists()
    ctx = open_context(str(own), tz=TZ)
    try:
        assert service.log(ctx) == []
    finally:
        ctx.close()
    assert watch.problems == []


@pytest.mark.parametrize("width", [360, 390])
def test_the_forms_fit_a_phone_with_every_section_open(
    browser: Browser, live: tuple[str, Context], width: int
) -> None:
    base, ctx = live
    service.add_contact(ctx, ["Lea"], create_missing=True, note="A long note " * 30)
    service.plan_step(ctx, "A walk with Lea")
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base}/?token={LAUNCH_TOKEN}")
    for path in ("/", "/timeline/contact/1/edit", "/reflections", "/timeline"):
        page.goto(base + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, (path, wide)
    page.goto(base + "/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    snap(page, f"phone-{width}-today-forms-open")
