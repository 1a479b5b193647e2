"""End to end in a real headless Chromium: a newcomer's first visit, keyboard only, axe-core.

The server runs in a thread of the test on a free loopback port over a temporary database;
Chromium is Debian's (Playwright never downloads a browser here). Screenshots of every
page, light and dark, go to test-artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ebbtide import service
from ebbtide.service.context import Context, open_context
from ebbtide.web import create_app
from tests.conftest import TZ, fixed_clock
from tests.web.browser_kit import serve_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LAUNCH_TOKEN = "browser-test-launch-secret"
PAGES = ("/", "/timeline", "/insights", "/people", "/steps", "/reflections")
CARE_PAGES = (
    "/help",
    "/safety-plan",
    "/questionnaires",
    "/questionnaires/phq9",
    "/questionnaires/phq9/history",
    "/report",
)


@pytest.fixture
def live(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Context]]:
    """The app served on 127.0.0.1:<free port> over a fresh database; yields (url, ctx)."""
    ctx = open_context(str(db_path), tz=TZ, clock=fixed_clock)
    try:
        with serve_app(create_app(lambda: ctx, launch_token=LAUNCH_TOKEN)) as base:
            yield base, ctx
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Everything a page did that it should not: CSP refusals, script errors, other hosts."""

    def __init__(self, page: Page, base: str) -> None:
        self.problems: list[str] = []
        self.page = page
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on(
            "request",
            lambda r: None if r.url.startswith(base) else self.problems.append(f"left: {r.url}"),
        )

    def _console(self, m: Any) -> None:
        if m.type == "error" or "Content Security Policy" in m.text:
            self.problems.append(f"console {m.type} on {self.page.url}: {m.text}")


def axe(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.evaluate(AXE)  # evaluated by the driver, so the page's CSP still holds for the app
    found: list[dict[str, Any]] = page.evaluate(
        "axe.run(document).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def snap(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # caret="initial": hiding the caret would inject a style element, which the CSP refuses.
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")


def sign_in(page: Page, base: str) -> Page:
    """Open the address `ebbtide serve` prints; the app trades the token for its cookie."""
    page.goto(f"{base}/?token={LAUNCH_TOKEN}")
    assert page.url == base + "/"  # the token does not stay in the address bar
    return page


def open_page(
    browser: Browser, base: str, scheme: Literal["light", "dark"] = "light"
) -> tuple[Page, Watch]:
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1100, "height": 900})
    watch = Watch(page, base)
    return sign_in(page, base), watch


def test_newcomer_checks_in_logs_a_contact_and_takes_a_step(
    browser: Browser, live: tuple[str, Context]
) -> None:
    base, ctx = live
    page, watch = open_page(browser, base)
    page.goto(base + "/")
    assert page.get_by_role("heading", name="Logged today").is_visible()
    assert axe(page) == []
    snap(page, "01-today-empty")

    # A check-in in two clicks: the state, then save.
    page.locator("label.state-connected").click()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()

    page.get_by_label("With whom").fill("Lea")
    page.get_by_label("How", exact=True).select_option("call")
    page.get_by_label("Felt safe (1–5)").select_option("4")
    page.get_by_label("Minutes").first.fill("25")
    page.get_by_role("button", name="Save contact").click()
    page.get_by_text("Added Lea to your people.").wait_for()
    entries = page.locator(".entries .entry")
    assert entries.count() == 2
    listed = page.locator(".entries").inner_text()
    assert "Phone call with Lea · 25 min · safety 4/5" in listed and "Connected" in listed
    assert page.url == base + "/"  # a reload shows today again, it does not post twice
    snap(page, "02-today-logged")

    page.get_by_role("link", name="Timeline").click()
    page.get_by_role("heading", name="Timeline").wait_for()
    rows = page.locator("#entries .entry")
    assert rows.count() == 2
    page.get_by_label("Kind").select_option("contact")  # htmx swaps the list in place
    expect(page.locator("#entries .entry")).to_have_count(1)
    assert "kind=contact" in page.url
    assert axe(page) == []
    snap(page, "03-timeline")

    page.get_by_role("link", name="Insights").click()
    page.locator(".chart svg").first.wait_for()
    assert "1 connected" in page.locator("#spec-states").text_content()  # type: ignore[operator]
    assert axe(page) == []
    snap(page, "04-insights")

    page.get_by_role("link", name="People").click()
    assert page.get_by_role("row", name="Lea").get_by_role("cell").nth(1).inner_text() == "1"
    page.get_by_role("link", name="Lea").click()
    page.get_by_role("heading", name="How contact has felt over time").wait_for()
    assert axe(page) == []
    snap(page, "05-person")

    page.get_by_role("link", name="Steps & routines").click()
    page.get_by_label("The step").fill("Send Lea a short message")
    page.get_by_role("button", name="Plan it").click()
    page.get_by_text("Planned. Small is the right size.").wait_for()
    page.get_by_role("button", name="Done: Send Lea a short message").click()
    page.get_by_text("However it went, you showed up for it.").wait_for()
    assert axe(page) == []
    snap(page, "06-steps")

    page.get_by_role("link", name="Reflections").click()
    page.get_by_role("heading", name="A question to sit with").wait_for()
    assert axe(page) == []
    snap(page, "07-reflections")

    (step,) = service.list_steps(ctx)
    assert step.status == "done"
    kinds = sorted(e.kind for e in service.today(ctx).entries)
    assert kinds == ["checkin", "contact", "step"]
    assert watch.problems == []


def test_check_in_by_keyboard_alone(browser: Browser, live: tuple[str, Context]) -> None:
    base, ctx = live
    page, watch = open_page(browser, base)
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(30):  # tab forward to the first state choice
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "state":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # arrow keys move within the group: Mobilized
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Save check-in":
            break
    page.keyboard.press("Enter")
    page.get_by_text("Check-in saved.").wait_for()
    (e,) = service.today(ctx).entries
    assert e.record.state == "mobilized"
    assert watch.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_in_light_and_dark(
    browser: Browser, live: tuple[str, Context], scheme: Literal["light", "dark"]
) -> None:
    base, ctx = live
    service.add_checkin(ctx, "shut-down", intensity=3, when="2 hours ago")
    service.add_contact(ctx, ["Sam"], create_missing=True, safety=2, after="mobilized")
    service.add_solitude(ctx, "nature", minutes=40, before="mobilized", after="connected")
    service.add_boundary(ctx, "Sam", asked="Please text before calling", received="dismissed")
    service.plan_step(ctx, "A short walk with Sam")
    service.add_routine(ctx, "Evening walk", time_of_day="19:30")
    service.add_reflection(ctx, "What helps you feel at home?", "Tea and a blanket.")
    from ebbtide.service import assessments, safety

    assessments.take_assessment(ctx, "phq9", [1, 1, 0, 2, 1, 0, 0, 1, 0], when="3 days ago")
    assessments.take_assessment(ctx, "phq9", [0, 1, 0, 1, 0, 0, 0, 1, 0])
    safety.update_plan(ctx, coping=["Make tea and sit by the window"], helpers=["Ana"])
    page, watch = open_page(browser, base, scheme)
    results: dict[str, list[dict[str, Any]]] = {}
    sam = service.get_person(ctx, "Sam").id
    for path in (*PAGES, *CARE_PAGES, f"/people/{sam}", "/timeline/checkin/1/edit"):
        page.goto(base + path)
        if path == "/insights":
            expect(page.locator(".chart svg")).to_have_count(4)
        if path.endswith("/history"):
            expect(page.locator(".chart svg")).to_have_count(1)
        results[path] = axe(page)
        name = path.strip("/").replace("/", "-") or "today"
        snap(page, f"{scheme}-{name}")
    assert {p: v for p, v in results.items() if v} == {}, json.dumps(results, indent=1)
    assert watch.problems == []


def test_phone_width_check_in_fits_without_sideways_scrolling(
    browser: Browser, live: tuple[str, Context]
) -> None:
    base, _ctx = live
    page = sign_in(browser.new_page(viewport={"width": 375, "height": 740}), base)
    page.goto(base + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_role("button", name="Save check-in").is_visible()
    # caret="initial" as in snap(); the phone view is checked, then kept as an artifact.
    snap(page, "phone-today")


def test_crisis_language_in_a_check_in_note_shows_help_on_the_same_page(
    browser: Browser, live: tuple[str, Context]
) -> None:
    from ebbtide.service import safety

    base, ctx = live
    safety.update_plan(ctx, coping=["Make tea and sit by the window"])
    safety.set_region(ctx, "GB")
    page, watch = open_page(browser, base)
    page.goto(base + "/")
    page.locator("label.state-shut-down").click()
    page.get_by_text("Body signals, energy, what you'd like").click()
    page.get_by_label("Note").first.fill("I want to die.")
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in saved.").wait_for()
    help_box = page.get_by_role("alert")
    expect(help_box).to_contain_text("help is available right now")
    text = help_box.inner_text()
    assert text.index("Make tea and sit by the window") < text.index("Samaritans")
    assert page.url == base + "/"
    assert axe(page) == []
    snap(page, "08-help-after-check-in")
    page.get_by_role("link", name="Need help now?").first.click()
    page.get_by_role("heading", name="People you can reach now").wait_for()
    (e,) = service.today(ctx).entries
    assert e.record.note == "I want to die."  # saved as usual
    assert watch.problems == []


def test_without_the_launch_address_nothing_opens_and_other_sites_cannot_reach_in(
    browser: Browser, live: tuple[str, Context]
) -> None:
    base, ctx = live
    service.add_checkin(ctx, "connected", note="private words")
    page = browser.new_page()
    # Another account on this computer can reach the port, but not the launch secret.
    for path in ("/", "/api/entries", "/report/download.html", "/static/app.css"):
        assert page.goto(base + path).status == 401  # type: ignore[union-attr]
        assert "private words" not in page.content()
    sign_in(page, base)
    assert page.request.get(base + "/report/download.html").status == 200  # with the cookie
    # A page on another site links to the download: SameSite=Strict keeps the cookie off.
    page.route(
        "http://elsewhere.test/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<a id="go" href="{base}/report/download.html">free report</a>',
        ),
    )
    page.goto("http://elsewhere.test/")
    with page.expect_response(f"{base}/report/download.html") as answer:
        page.click("#go")
    assert answer.value.status == 401
