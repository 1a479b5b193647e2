"""In a real headless Chromium: a client shares two scopes with a clinician, the clinician
sees exactly those, the client stops sharing, the clinician's next page says access has
ended, and the client's "Who looked" lists both of the clinician's looks. And a client
checks in from Today of the personal web app and finds it on its Timeline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ebbtide.server import ServerDB, create_server_app
from tests.server.conftest import Clock, User, make_user
from tests.server.world import CANARY_PERSON, NEVER, seed_records
from tests.web.browser_kit import serve_app

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.slow]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


@pytest.fixture
def live(sdb: ServerDB) -> Iterator[str]:
    """The server on localhost:<free port> (browsers keep Secure cookies on localhost)."""
    with serve_app(create_server_app(sdb, close_db=False), host="localhost") as base:
        yield base


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def _log_in(page: Page, base: str, user: User, clock: Clock) -> None:
    clock.advance(seconds=31)
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    code = user.code(clock())
    if code:
        page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_share_look_revoke_look_again(
    sdb: ServerDB, clock: Clock, live: str, browser: Browser
) -> None:
    ana = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    seed_records(sdb, ana)
    me = browser.new_context().new_page()
    them = browser.new_context().new_page()

    _log_in(me, live, ana, clock)
    me.goto(f"{live}/me")  # the quick check-in page
    expect(me.get_by_role("heading", name="How is your nervous system right now?")).to_be_visible()
    me.get_by_role("button", name="Shut down").click()
    expect(me.get_by_role("status")).to_contain_text("Check-in saved.")
    expect(me.locator("main li").first).to_have_text("Shut down")  # newest first
    me.get_by_role("navigation").get_by_role("link", name="Sharing").click()
    expect(me.get_by_role("heading", name="Sharing", exact=True)).to_be_visible()
    me.get_by_label("Clinician's email").fill(doc.email)
    me.get_by_label("Check-ins (states").check()
    me.get_by_label("Time alone").check()
    me.get_by_label("Until").fill("2027-06-30")
    me.get_by_role("button", name="Share", exact=True).click()
    expect(me.get_by_role("status")).to_have_text("Shared.")
    expect(me.locator("tr.grant")).to_have_count(1)
    expect(me.locator("tr.grant td").nth(1)).to_have_text("checkins, solitude")

    _log_in(them, live, doc, clock)
    expect(them.get_by_role("heading", name="Clients who share with you")).to_be_visible()
    them.get_by_role("link", name="ana").click()
    expect(them.locator("#shared-scopes")).to_have_text("checkins, solitude")
    sections = them.locator("section.report-section")
    expect(sections).to_have_count(2)
    codes = [sections.nth(i).get_attribute("data-section") for i in range(2)]
    assert codes == ["states", "solitude"]
    body = them.content()
    for canary in (*NEVER, CANARY_PERSON):
        assert canary not in body
    client_page = them.url

    me.reload()
    me.get_by_role("button", name="Stop sharing").click()
    expect(me.get_by_role("status")).to_have_text("Sharing stopped.")
    expect(me.locator("tr.grant td").nth(4)).to_have_text("revoked")

    them.goto(client_page)
    expect(them.get_by_role("heading")).to_have_text(
        "Access to this person's information has ended."
    )

    me.get_by_role("navigation").get_by_role("link", name="Who looked").click()
    rows = me.locator("tr.look")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(doc.email)
    expect(rows.nth(0)).to_contain_text("refused")
    expect(rows.nth(1)).to_contain_text(doc.email)
    expect(rows.nth(1)).to_contain_text("checkins,solitude")
    expect(rows.nth(1)).to_contain_text("seen")


def test_client_checks_in_from_today_and_finds_it_on_the_timeline(
    sdb: ServerDB, clock: Clock, live: str, browser: Browser
) -> None:
    from ebbtide import service
    from ebbtide.server.repo import account_by_uid
    from ebbtide.server.shared import client_context

    ana = make_user(sdb, "ana@example.org", "client")
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    me = browser.new_context().new_page()
    problems: list[str] = []
    me.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    me.on("pageerror", lambda e: problems.append(str(e)))
    me.on("response", lambda r: problems.append(r.url) if r.status == 404 else None)

    _log_in(me, live, ana, clock)
    assert me.url == f"{live}/"  # a client starts on Today of the personal app
    expect(me.get_by_role("heading", name="Logged today")).to_be_visible()
    nav = me.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sharing")).to_be_visible()
    expect(nav.get_by_role("link", name="Who looked")).to_be_visible()

    checkin = me.locator("form[action='/checkin']")
    checkin.locator("label.state-connected").click()
    checkin.get_by_role("button", name="Save check-in").click()
    me.get_by_text("Check-in saved.").wait_for()

    nav.get_by_role("link", name="Timeline").click()
    me.get_by_role("heading", name="Timeline").wait_for()
    entries = me.locator("#entries .entry")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Connected")
    with sdb.reading() as conn:
        account = account_by_uid(conn, ana.uid)
    assert account is not None
    saved = service.log(client_context(sdb, account), kinds=["checkin"])
    assert [e.record.state for e in saved] == ["connected"]

    me.get_by_role("navigation", name="Main").get_by_role("link", name="Who looked").click()
    expect(me.get_by_role("heading", name="Who looked")).to_be_visible()
    assert problems == []  # no script error, no blocked resource (the CSP holds)

    them = browser.new_context().new_page()
    _log_in(them, live, doc, clock)
    them.goto(f"{live}/timeline")
    assert "Connected" not in them.content() and "Logged today" not in them.content()
