"""Phone first, page by page, in headless Chromium over the demo year.

Every page at 360, 390 and 1280 px, light and dark: nothing scrolls sideways, axe-core
finds nothing serious, tap targets are 44 px, the menu is one line on a phone, Save is in
view on Today, chart labels do not overlap, and a click on a tide-chart day opens that
day. One browser and one server for the whole module; screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ebbtide.service.context import Context, open_context
from tests.conftest import TZ, fixed_clock
from tests.web import browser_kit as kit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Context]]:
    """The demo year served on a loopback port; yields (base URL, context)."""
    ctx = open_context(str(tmp_path_factory.mktemp("layout") / "demo.db"), tz=TZ, clock=fixed_clock)
    kit.seed_demo(ctx)
    with kit.serve(ctx) as base:
        yield base, ctx
    ctx.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    with sync_playwright() as p:
        b = kit.launch(p)
        yield b
        b.close()


def _page(browser: Browser, base: str, width: int, scheme: str = "light") -> Page:
    page = browser.new_page(viewport={"width": width, "height": 844}, color_scheme=scheme)  # type: ignore[arg-type]
    return kit.sign_in(page, base)


@pytest.mark.parametrize("scheme", kit.SCHEMES)
def test_no_page_scrolls_sideways_and_axe_finds_nothing_serious(
    browser: Browser, demo: tuple[str, Context], scheme: str
) -> None:
    base, ctx = demo
    paths = kit.demo_pages(ctx)
    wide: dict[str, int] = {}
    found: dict[str, Any] = {}
    for width in kit.WIDTHS:
        page = _page(browser, base, width, scheme)
        for path in paths:
            assert page.goto(base + path).status == 200, path  # type: ignore[union-attr]
            kit.settle(page)
            sw = kit.scroll_width(page)
            if sw > width:
                wide[f"{width} {path}"] = sw
            if v := kit.axe(page):
                found[f"{width} {path}"] = v
            if width == 360 or (width == 1280 and scheme == "light"):
                name = path.strip("/").replace("/", "-") or "today"
                kit.snap(page, f"{scheme}-{width}-{name}")
        page.close()
    assert wide == {}
    assert found == {}, json.dumps(found, indent=1)


def test_every_tap_target_is_44_px_on_a_phone(browser: Browser, demo: tuple[str, Context]) -> None:
    base, ctx = demo
    page = _page(browser, base, 360)
    small: dict[str, list[str]] = {}
    for path in kit.demo_pages(ctx):
        page.goto(base + path)
        if s := kit.small_targets(page):
            small[path] = s
    assert small == {}
    page.close()


def test_the_menu_is_one_line_on_a_phone_and_a_row_on_a_wide_screen(
    browser: Browser, demo: tuple[str, Context]
) -> None:
    base, _ctx = demo
    page = _page(browser, base, 360)
    page.goto(base + "/people")
    header = page.locator("header.top").bounding_box()
    assert header is not None and header["height"] < 64  # one line of 44 px controls
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert not links.first.is_visible()
    page.get_by_text("Menu").click()
    assert links.count() == 8 and links.nth(7).is_visible()
    assert page.get_by_role("link", name="People").get_attribute("aria-current") == "page"
    kit.snap(page, "phone-menu-open")
    page.get_by_role("link", name="Steps & routines").click()
    page.get_by_role("heading", name="Steps & routines").wait_for()
    assert not links.first.is_visible()  # closed again on the next page
    page.close()

    wide = _page(browser, base, 1280)
    wide.goto(base + "/")
    assert not wide.get_by_text("Menu", exact=True).is_visible()
    nav = wide.get_by_role("navigation", name="Main").get_by_role("link")
    assert all(nav.nth(i).is_visible() for i in range(8))
    tops = {round(nav.nth(i).bounding_box()["y"]) for i in range(8)}  # type: ignore[index]
    assert len(tops) == 1  # one row
    wide.close()


def test_save_check_in_is_in_view_on_a_phone_without_scrolling(
    browser: Browser, demo: tuple[str, Context]
) -> None:
    base, _ctx = demo
    page = browser.new_page(viewport={"width": 390, "height": 844})
    kit.sign_in(page, base)
    page.goto(base + "/")
    box = page.get_by_role("button", name="Save check-in").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    kit.snap(page, "phone-390-today")
    page.close()


def _overlaps(boxes: list[dict[str, float]]) -> list[tuple[int, int]]:
    out = []
    for i, a in enumerate(boxes):
        for j, b in enumerate(boxes[i + 1 :], i + 1):
            if (
                a["x"] < b["x"] + b["width"] - 0.5
                and b["x"] < a["x"] + a["width"] - 0.5
                and a["y"] < b["y"] + b["height"] - 0.5
                and b["y"] < a["y"] + a["height"] - 0.5
            ):
                out.append((i, j))
    return out


def _text_boxes(page: Page, selector: str) -> list[dict[str, float]]:
    boxes: list[dict[str, float]] = page.evaluate(
        """sel => [...document.querySelectorAll(sel)]
          .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0')
          .map(t => { const r = t.getBoundingClientRect();
                      return {x: r.x, y: r.y, width: r.width, height: r.height}; })""",
        selector,
    )
    return boxes


@pytest.mark.parametrize("width", kit.WIDTHS)
def test_chart_labels_do_not_overlap(
    browser: Browser, demo: tuple[str, Context], width: int
) -> None:
    base, _ctx = demo
    page = _page(browser, base, width)
    page.goto(base + "/insights")
    kit.settle(page)
    months = _text_boxes(page, "[data-spec=spec-tide] .role-axis-label text")
    assert len(months) >= 6 and _overlaps(months) == []
    names = _text_boxes(page, "[data-spec=spec-relationships] .mark-text.role-mark text")
    assert _overlaps(names) == []
    if width < 600:
        assert names == []  # too narrow to name people: the list below the map does
    else:
        assert len(names) >= 2
    page.close()


def _day_square(page: Page, day: str) -> dict[str, float]:
    """Where on the page the tide chart draws ``day``."""
    box: dict[str, float] = page.evaluate(
        """day => { const el = document.querySelector('[data-spec=spec-tide]');
          el.scrollIntoView({block: 'center'});
          let found = null;
          (function walk(node) {
            if (found || !node) return;
            if (node.items) node.items.forEach(walk);
            if (node.datum && node.datum.day === day && node.mark && node.mark.marktype === 'rect')
              found = node;
          })(el.vegaView.scenegraph().root);
          const r = found._svg.getBoundingClientRect();  // the square vega drew for it
          return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""",
        day,
    )
    return box


def test_a_tide_chart_day_shows_its_phase_and_why_and_a_click_opens_it(
    browser: Browser, demo: tuple[str, Context]
) -> None:
    from ebbtide.service.insights import PHASE_LABELS
    from ebbtide.web.insights_view import load_report

    base, ctx = demo
    report = load_report(ctx)
    assert report is not None
    chosen = next(p for p in reversed(report.phases) if p.logged and p.evidence)
    day = chosen.day.isoformat()
    page = _page(browser, base, 1280)
    page.goto(base + "/insights")
    kit.settle(page)
    at = _day_square(page, day)
    page.mouse.move(at["x"], at["y"])
    tip = page.locator("#vg-tooltip-element.visible")
    tip.wait_for()
    text = tip.inner_text()
    assert chosen.day.strftime("%a %d %b %Y") in text
    assert PHASE_LABELS[chosen.phase] in text and chosen.evidence[0].sentence in text
    kit.snap(page, "tide-tooltip")
    page.mouse.click(at["x"], at["y"])
    page.wait_for_url(f"{base}/day/{day}")
    heading = chosen.day.strftime("%A %d %B %Y")
    page.get_by_role("heading", name=heading).wait_for()
    assert page.get_by_role("heading", name=f"The tide that day: {PHASE_LABELS[chosen.phase]}")
    from ebbtide import service

    entries = service.log(ctx, since=chosen.day, until=chosen.day)
    assert page.locator(".entries .entry").count() == len(entries) > 0
    kit.snap(page, "day-opened-from-tide")
    page.close()

    # On a phone, a tap does the same.
    phone = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    kit.sign_in(phone, base)
    phone.goto(base + "/insights")
    kit.settle(phone)
    at = _day_square(phone, day)
    phone.mouse.click(at["x"], at["y"])
    phone.wait_for_url(f"{base}/day/{day}")
    phone.close()


def test_a_day_opens_by_keyboard_too(browser: Browser, demo: tuple[str, Context]) -> None:
    base, _ctx = demo
    page = _page(browser, base, 390)
    page.goto(base + "/insights")
    field = page.get_by_label("Open a day")
    field.focus()
    day = date(2026, 11, 14)
    page.keyboard.type(day.strftime("%m%d%Y"))  # Chromium's date field takes the digits
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/day/{day.isoformat()}")
    assert page.get_by_role("heading", name="Saturday 14 November 2026").is_visible()
    page.close()


def test_report_preview_sits_beside_the_choices_or_above_them_with_a_loading_state(
    browser: Browser, demo: tuple[str, Context]
) -> None:
    base, _ctx = demo
    wide = _page(browser, base, 1280)
    wide.goto(base + "/report")
    status = wide.locator(".preview-status")
    form = wide.locator("#report-form").bounding_box()
    preview = wide.locator(".report-preview iframe").bounding_box()
    assert form is not None and preview is not None
    assert preview["x"] >= form["x"] + form["width"]  # beside
    assert preview["y"] < 400  # in view at once, not below the choices
    expect_hidden(status)  # loaded: the note goes away
    wide.get_by_label("Show people by their initials only").check()
    wide.wait_for_function(
        "() => (document.getElementById('preview-wrap').dataset.loaded || '')"
        ".includes('initials=true')"
    )
    expect_hidden(status)
    kit.snap(wide, "report-1280")
    wide.close()

    phone = _page(browser, base, 390)
    phone.goto(base + "/report")
    form = phone.locator("#report-form").bounding_box()
    preview = phone.locator(".report-preview iframe").bounding_box()
    assert form is not None and preview is not None
    assert preview["y"] + preview["height"] <= form["y"]  # above
    kit.snap(phone, "report-390")
    phone.close()


def expect_hidden(locator: Any) -> None:
    """Wait until the locator is hidden."""
    from playwright.sync_api import expect

    expect(locator).to_be_hidden(timeout=20_000)


def test_the_help_page_says_it_is_not_a_medical_device_once(
    browser: Browser, demo: tuple[str, Context]
) -> None:
    from ebbtide.web import messages as msg

    base, _ctx = demo
    page = _page(browser, base, 390)
    page.goto(base + "/help")
    assert page.locator("body").inner_text().count(msg.NOT_MEDICAL) == 1
    page.close()


@pytest.mark.parametrize("scheme", kit.SCHEMES)
def test_marks_drawn_in_the_text_colour_follow_the_colour_scheme(
    browser: Browser, demo: tuple[str, Context], scheme: str
) -> None:
    from ebbtide.reports.charts import INK, INK_DARK

    base, _ctx = demo
    page = _page(browser, base, 1280, scheme)
    page.goto(base + "/insights")
    kit.settle(page)
    count = "c => document.querySelectorAll(`.chart svg [fill='${c}' i]`).length"
    light, dark = page.evaluate(count, INK), page.evaluate(count, INK_DARK)
    # the dots of days without entries, avoidant time alone, the people on the map
    if scheme == "dark":
        assert light == 0 and dark > 50  # dark ink would vanish on the dark background
    else:
        assert dark == 0 and light > 50
    page.close()
