"""How long the therapist report takes for a year of demo data (HTML, then PDF).

    .venv/bin/python benchmarks/report_generation.py [--quick]

Seeds a fresh SQLite database with 365 days of the demo "story" history, then times
``build_report`` over the whole year with every section (HTML only, then HTML + PDF).
The insight sections use a hand-built InsightReport when ``service.insights`` is absent.
Writes the PDF and its page one as PNG to benchmarks/out/.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="90 days instead of 365")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    days = 90 if args.quick else 365

    from tests.support.insights import insights_from_store

    from ebbtide.demo import generate
    from ebbtide.service.context import open_context
    from ebbtide.service.demo_data import seed_history
    from ebbtide.service.report import ReportOptions, build_report, load_insights

    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(str(Path(tmp) / "bench.db"), tz="Europe/Berlin")
        try:
            today = ctx.today()
            h = generate("story", days=days, end=today, seed=7, tz=ctx.tz)
            seed_history(ctx, h)
            t0 = time.perf_counter()
            insights = load_insights(ctx, today, days)
            source = "service.insights"
            if insights is None:
                insights = insights_from_store(ctx, h.truth, today, days)
                source = "hand-built stand-in"
            t_ins = time.perf_counter() - t0
            options = ReportOptions(start=today - timedelta(days=days - 1), pdf=False)
            build_report(ctx, options, insights=insights)  # warm: imports, chart engine
            html_times, pdf_times = [], []
            doc = None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                build_report(ctx, options, insights=insights)
                html_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                doc = build_report(
                    ctx,
                    ReportOptions(start=options.start, pdf=True),
                    insights=insights,
                )
                pdf_times.append(time.perf_counter() - t0)
        finally:
            ctx.close()
    assert doc is not None and doc.pdf is not None
    pdf = out / "report-year.pdf"
    pdf.write_bytes(doc.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf), str(out / "report-year")],
        check=True,
    )
    print(f"demo history: {days} days, {h.count()} records; insights: {source} ({t_ins:.2f} s)")
    print(f"HTML report (all sections, {days} days): best {min(html_times):.2f} s of {args.repeat}")
    print(
        f"HTML + PDF report: best {min(pdf_times):.2f} s of {args.repeat}; "
        f"{doc.pages} pages, {len(doc.pdf) / 1024:.0f} KiB PDF, {len(doc.html) / 1024:.0f} KiB HTML"
    )
    print(f"wrote {pdf} and its page one as PNG beside it")


if __name__ == "__main__":
    main()
