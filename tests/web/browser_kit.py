"""What the browser tests and benchmarks/web_layout.py share: a live server, axe, widths."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Browser, Page, Playwright

from ebbtide.service.context import Context
from ebbtide.web import create_app

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
WIDTHS = (360, 390, 1280)
SCHEMES = ("light", "dark")


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve_app(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Any ASGI app on ``host``:<free port>, in a thread; yields the base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serve(ctx: Context) -> Iterator[str]:
    """The app over ``ctx`` on 127.0.0.1:<free port>, in a thread; yields the base URL."""
    with serve_app(create_app(lambda: ctx, launch_token=LAUNCH_TOKEN)) as base:
        yield base


def launch(p: Playwright) -> Browser:
    """Debian's Chromium, headless (Playwright never downloads a browser here)."""
    return p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def sign_in(page: Page, base: str) -> Page:
    """Open the launch address; the app trades the token for its cookie."""
    page.goto(f"{base}/?token={LAUNCH_TOKEN}")
    return page


def axe(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE)  # evaluated by the driver, so the page's CSP still holds
    found: list[dict[str, Any]] = page.evaluate(
        "axe.run(document).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def scroll_width(page: Page) -> int:
    """How wide the page's content is (wider than the window means sideways scrolling)."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def widest(page: Page) -> list[str]:
    """The elements sticking out past the window's right edge (to say what overflows)."""
    found: list[str] = page.evaluate(
        """() => { const w = innerWidth, out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > w + 0.5 && r.width > 0) {
            out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              (el.className && typeof el.className === 'string' ? '.' + el.className : '') +
              ' ' + Math.round(r.right));
          }
        } return out.slice(0, 8); }"""
    )
    return found


def small_targets(page: Page) -> list[str]:
    """Links, buttons and fields (outside running text) smaller than 44 × 44 px."""
    found: list[str] = page.evaluate(
        """() => { const out = [];
        const sel = 'header a, nav a, button, select, input:not([type=hidden]), summary, ' +
          '.tile, .scale label, .actions a, .pager a, .downloads a';
        for (const el of document.querySelectorAll(sel)) {
          if (el.closest('.visually-hidden') || el.closest('[hidden]')) continue;
          let r = el.getBoundingClientRect();
          const t = el.type;
          if (t === 'checkbox' || t === 'radio') {
            const l = el.closest('label'); if (l) r = l.getBoundingClientRect();
          }
          if (el.matches('.tile input, .scale input')) continue;
          if (r.width === 0 && r.height === 0) continue;
          if (r.height < 43.5 || r.width < 43.5) {
            out.push((el.tagName + ' ' + (el.textContent || el.name || '')).trim().slice(0, 40) +
              ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
          }
        } return out.slice(0, 10); }"""
    )
    return found


def snap(page: Page, name: str) -> None:
    """A full-page screenshot into test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, caret="initial")


def seed_demo(ctx: Context, days: int = 365) -> None:
    """The demo year (the generator every part of ebbtide uses) in the context's subject."""
    from ebbtide.demo import generate
    from ebbtide.service.demo_data import seed_history

    h = generate("story", days=days, end=ctx.today(), seed=7, tz=ctx.tz, subject=ctx.subject)
    seed_history(ctx, h)


def demo_pages(ctx: Context) -> list[str]:
    """Every page worth checking on a demo history (one person page and one edit form)."""
    from ebbtide import service

    people = service.list_people(ctx)
    first = service.log(ctx, kinds=["contact"], limit=1)
    pages = [
        "/",
        "/timeline",
        "/insights",
        "/people",
        "/steps",
        "/reflections",
        "/questionnaires",
        "/questionnaires/phq9",
        "/questionnaires/phq9/history",
        "/safety-plan",
        "/help",
        "/report",
    ]
    if people:
        pages.append(f"/people/{people[0].person.id}")
    if first:
        pages.append(f"/timeline/contact/{first[0].record.id}/edit")
        pages.append(f"/day/{first[0].at.date().isoformat()}")
    return pages


def settle(page: Page) -> None:
    """Wait until the page's charts (if any) are drawn."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart[data-spec]')]"
        ".every(el => el.querySelector('svg') || el.textContent.trim())",
        timeout=15_000,
    )
