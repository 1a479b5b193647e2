"""Phone-first layout, page by page: widest scrollWidth, small tap targets and axe-core.

A demo year is written into a fresh database, the app is served on a loopback port and
headless Chromium opens every page at 360, 390 and 1280 px, light and dark. For each page
it prints the widest ``document.documentElement.scrollWidth`` at 360 px, how many tap
targets are under 44 px at 360 px, and the serious or critical axe-core violations.

    PYTHONPATH=src .venv/bin/python benchmarks/web_layout.py [--widths 360,390,1280] [--shots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Measure every page and print one line per page."""
    from playwright.sync_api import sync_playwright
    from tests.web import browser_kit as kit

    from ebbtide.service.context import open_context

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--widths", default="360,390,1280")
    parser.add_argument("--shots", action="store_true", help="screenshots into test-artifacts/")
    parser.add_argument("--verbose", action="store_true", help="name what overflows")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(str(Path(tmp) / "demo.db"), tz="Europe/Berlin")
        kit.seed_demo(ctx)
        pages = kit.demo_pages(ctx)
        rows: dict[str, dict[str, object]] = {p: {"axe": set(), "sw": {}} for p in pages}
        with kit.serve(ctx) as base, sync_playwright() as p:
            browser = kit.launch(p)
            for scheme in kit.SCHEMES:
                for width in widths:
                    page = browser.new_page(
                        viewport={"width": width, "height": 844}, color_scheme=scheme
                    )
                    kit.sign_in(page, base)
                    for path in pages:
                        page.goto(base + path)
                        kit.settle(page)
                        sw = kit.scroll_width(page)
                        row = rows[path]
                        sws: dict[int, int] = row["sw"]  # type: ignore[assignment]
                        sws[width] = max(sws.get(width, 0), sw)
                        if width == widths[0] and scheme == "light":
                            row["small"] = kit.small_targets(page)
                            if args.verbose and sw > width:
                                print(path, kit.widest(page))
                        found: set[str] = row["axe"]  # type: ignore[assignment]
                        found.update(f"{v['id']}({v['impact']})" for v in kit.axe(page))
                        if args.shots:
                            name = path.strip("/").replace("/", "-") or "today"
                            kit.snap(page, f"layout-{scheme}-{width}-{name}")
                    page.close()
            browser.close()
        ctx.close()

    w0 = widths[0]
    print(f"{'page':40} {'sw@' + str(w0):>7} {'<44px':>6}  axe (serious/critical, light+dark)")
    for path, row in rows.items():
        sws = row["sw"]  # type: ignore[assignment]
        small = row.get("small", [])
        axe_found = ", ".join(sorted(row["axe"])) or "0"  # type: ignore[call-overload]
        print(f"{path:40} {sws[w0]:>7} {len(small):>6}  {axe_found}")  # type: ignore[index, arg-type]
        if args.verbose and small:
            print("   small:", small)
    for w in widths[1:]:
        worst = max(rows.items(), key=lambda kv: kv[1]["sw"][w])  # type: ignore[index]
        print(f"widest at {w}px: {worst[1]['sw'][w]} ({worst[0]})")  # type: ignore[index]


if __name__ == "__main__":
    main()
