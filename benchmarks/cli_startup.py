"""Whole-process time of a check-in (plain, and with a note), against jrnl adding one entry.

Usage: python benchmarks/cli_startup.py [--runs 20]

Both check-ins take the fast path (no Typer, no SQLAlchemy). The plain one never loads the
crisis model; the one with a note runs the two-layer crisis check, model load included
(the model is read and scored without NumPy).

jrnl is installed into a throwaway virtual environment inside a temporary folder (from
PyPI), configured with a plain-text journal, and timed the same way: a fresh process per
run, median and p90 of wall time. Both write one entry to a fresh store per run series.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_runs(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` fresh processes (after one warm-up run)."""
    subprocess.run(cmd, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    """Run both commands and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    ebbtide = Path(sys.executable).with_name("ebbtide")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
               "XDG_DATA_HOME": str(home / "data"), "EBBTIDE_DB": str(home / "e.db"),
               "EBBTIDE_TZ": "Europe/Berlin"}  # fmt: skip
        print("installing jrnl into a throwaway venv…", file=sys.stderr)
        venv.create(home / "jrnl-venv", with_pip=True)
        pip = home / "jrnl-venv" / "bin" / "pip"
        subprocess.run([str(pip), "install", "--quiet", "jrnl"], check=True, capture_output=True)
        cfg = home / "config" / "jrnl"
        cfg.mkdir(parents=True)
        (cfg / "jrnl.yaml").write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: true\nindent_character: '|'\n"
            f"journals:\n  default:\n    journal: {home / 'journal.txt'}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.2\n"
        )
        jrnl = home / "jrnl-venv" / "bin" / "jrnl"
        e = time_runs([str(ebbtide), "checkin", "connected", "--intensity", "2"], env, args.runs)
        note = [str(ebbtide), "checkin", "connected", "--note", "felt connected after the walk"]
        n = time_runs(note, env, args.runs)
        j = time_runs([str(jrnl), "today: felt connected after the walk"], env, args.runs)
        version = (
            subprocess.run([str(jrnl), "--version"], env=env, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[0]
        )

    def row(name: str, xs: list[float]) -> str:
        q = statistics.quantiles(xs, n=10)
        return f"{name:<48}{statistics.median(xs) * 1000:>10.0f}{q[8] * 1000:>10.0f}"

    print(f"Whole-process time over {args.runs} runs (ms)")
    print(f"{'command':<48}{'median':>10}{'p90':>10}")
    print(row("ebbtide checkin connected --intensity 2", e))
    print(row("ebbtide checkin connected --note '…'", n))
    print(row(f"jrnl 'today: …' ({version})", j))
    for name, xs in (("plain", e), ("with a note", n)):
        ratio = statistics.median(xs) / statistics.median(j)
        print(f"ratio ebbtide ({name}) / jrnl (median): {ratio:.2f}  (target <= 1.00)")


if __name__ == "__main__":
    main()
