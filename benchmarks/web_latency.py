"""Server time of the web app over ten years of dense history (about 100,000 records).

Eight ten-year demo histories (different seeds) are written into one person's records, so
every day holds roughly 28 entries. Each page is then requested 200 times in process and
the time from the request entering the app to the last byte leaving it is recorded.

    .venv/bin/python benchmarks/web_latency.py [--quick] [--requests N] [--db PATH] [--browser]

--browser also checks in from a real headless Chromium at phone size (390 × 844) on that
history: it counts the clicks a check-in takes (a state, then Save; no scrolling) and times
each save from the click on Save until "Check-in saved." is on the screen.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

TARGET_P95_MS = 100.0


class ServerTimer:
    """ASGI wrapper that records how long the app spends on each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.samples: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start = time.perf_counter()
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            self.samples.append((time.perf_counter() - start) * 1000)


def seed(db: str, histories: int, days: int) -> int:
    """Write ``histories`` demo histories of ``days`` days into subject 'me'."""
    from ebbtide.demo import generate
    from ebbtide.service.context import open_context
    from ebbtide.service.demo_data import seed_history

    ctx = open_context(db, tz="Europe/Berlin")
    try:
        total = 0
        for i in range(histories):
            h = generate(
                "story", days=days, end=ctx.today(), seed=100 + i, tz=ctx.tz, subject=ctx.subject
            )
            total += seed_history(ctx, h)
        return total
    finally:
        ctx.close()


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(samples)
    rank = max(1, round(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def main() -> None:
    """Seed, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="One ten-year history, 50 requests.")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--db", default=None, help="Reuse (or create) this database file.")
    parser.add_argument("--browser", action="store_true", help="Also time a check-in in Chromium.")
    parser.add_argument("--rounds", type=int, default=20, help="Browser check-ins to time.")
    args = parser.parse_args()
    histories = 1 if args.quick else 8
    n = args.requests or (50 if args.quick else 200)

    from fastapi.testclient import TestClient

    from ebbtide.service.context import open_context
    from ebbtide.web import create_app

    folder = Path(tempfile.mkdtemp(prefix="ebbtide-bench-"))
    db = args.db or str(folder / "bench.db")
    t0 = time.perf_counter()
    records = seed(db, histories, 3650) if not Path(db).exists() else 0
    seeded = time.perf_counter() - t0
    ctx = open_context(db, tz="Europe/Berlin")
    from ebbtide import service

    counts = service.counts(ctx)
    total = sum(v for k, v in counts.items() if k != "person")
    print(f"history: {total:,} records over 10 years ({records:,} written in {seeded:.0f} s)")
    has_insights = _insights_available()
    app = create_app(lambda: ctx)
    timer = ServerTimer(app)
    token = app.state.csrf_token
    with TestClient(timer) as client:
        # Open the launch address once, as a person does: the app sets its cookie.
        client.get(f"/?token={app.state.launch_token}", follow_redirects=False)

        def measure(name: str, call: Callable[[], int]) -> None:
            for _ in range(5):  # warm caches and imports
                call()
            timer.samples.clear()
            for _ in range(n):
                status = call()
                if status >= 400:
                    raise SystemExit(f"{name}: HTTP {status}")
            p50 = statistics.median(timer.samples)
            p95 = percentile(timer.samples, 95)
            mark = "ok" if p95 <= TARGET_P95_MS else "OVER TARGET"
            print(f"{name:<34} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({n} requests, {mark})")

        measure("GET / (today)", lambda: client.get("/").status_code)
        measure("GET /timeline (first page)", lambda: client.get("/timeline").status_code)
        label = "GET /insights" + ("" if has_insights else " (no insights yet)")
        measure(label, lambda: client.get("/insights").status_code)

        def insights_after_write() -> int:
            # A write first (not timed), so the insight cache must be rebuilt on this view.
            client.post("/api/checkins", json={"state": "connected"}, headers=hdr)
            timer.samples.pop()
            return client.get("/insights").status_code

        hdr = {"X-CSRF-Token": token}
        measure("GET /insights after a write", insights_after_write)
        measure(
            "POST /checkin (form, renders today)",
            lambda: (
                client.post(
                    "/checkin", data={"state": "connected", "csrf_token": token}
                ).status_code
            ),
        )
        measure(
            "POST /api/checkins (JSON)",
            lambda: (
                client.post(
                    "/api/checkins", json={"state": "connected"}, headers={"X-CSRF-Token": token}
                ).status_code
            ),
        )
    if args.browser:
        browser_checkin(ctx, args.rounds)
    ctx.close()
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms per page")


def browser_checkin(ctx: object, rounds: int) -> None:
    """A check-in in headless Chromium at 390 x 844: clicks it takes, and time to saved."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from playwright.sync_api import sync_playwright
    from tests.web import browser_kit as kit

    times: list[float] = []
    clicks = 0
    in_view = True
    with kit.serve(ctx) as base, sync_playwright() as p:  # type: ignore[arg-type]
        browser = kit.launch(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        kit.sign_in(page, base)
        for i in range(rounds + 2):  # two warm-up rounds, not timed
            page.goto(base + "/")
            save = page.get_by_role("button", name="Save check-in")
            box = save.bounding_box()
            in_view = in_view and box is not None and box["y"] + box["height"] <= 844
            actions = [page.locator("label.state-connected"), save]
            actions[0].click()
            start = time.perf_counter()
            actions[1].click()
            page.get_by_text("Check-in saved.").wait_for()
            if i >= 2:
                times.append((time.perf_counter() - start) * 1000)
            clicks = len(actions)
        browser.close()
    print(
        f"check-in in Chromium at 390x844: {clicks} clicks (a state, then Save), Save "
        f"{'in view without scrolling' if in_view else 'BELOW THE FOLD'}; saved in "
        f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 95):.0f} ms "
        f"({len(times)} check-ins)"
    )


def _insights_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ebbtide.service.insights") is not None


if __name__ == "__main__":
    main()
