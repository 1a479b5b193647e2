"""Parity and speed of ebbtide's passive summaries against Forest 1.0 (willow, jasmine).

Usage: python benchmarks/passive_parity.py [--participants 20] [--days 90] [--runs 1]
       python benchmarks/passive_parity.py --write-fixtures   # refresh tests/sensing/fixtures

``beiwe-forest==1.0`` is installed from PyPI into a throwaway virtual environment inside a
temporary folder (never a dependency of ebbtide). A simulated Beiwe study (calls, texts,
GPS; people who withdraw halfway, one who leaves the study, phone-off days, GPS outages,
one-stream participants, identifiers files, a DST change) is written by
``ebbtide.demo.beiwe``. Then, in separate processes so peak memory is each side's own:

* willow: Forest's ``log_stats_main`` daily and hourly vs ebbtide reading the same folder
  and summarising with ``--forest-compat`` rules; every cell compared (floats to 1e-9).
* jasmine: ebbtide's trajectory of each participant is saved; Forest's ``gps_summaries``
  (daily, its own ``locate_home``) vs ebbtide's compat ``daily_mobility`` on the same
  trajectories; every cell compared (relative 1e-9).
* the store path too: ``ebbtide passive import beiwe`` then ``passive features``.

Figures printed: wall seconds (median of ``--runs``), speed-up, peak RSS (MiB), cell counts.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "sensing" / "fixtures"

FOREST_WILLOW = """
import sys, time, logging
logging.disable(logging.CRITICAL)
from forest.constants import Frequency
from forest.willow.log_stats import log_stats_main
study, out, tz, freq = sys.argv[1:5]
t = time.perf_counter()
log_stats_main(study, out, tz, Frequency[freq.upper()])
print(time.perf_counter() - t)
"""

FOREST_GPS = """
import sys, time, glob, os, logging, warnings
import numpy as np
logging.disable(logging.CRITICAL)
warnings.filterwarnings("ignore")
from forest.jasmine.traj2stats import gps_summaries, Hyperparameters, Frequency
trajdir, out, tz = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
trajs = {os.path.basename(f)[:-4]: np.loadtxt(f, delimiter=",", ndmin=2)
         for f in sorted(glob.glob(trajdir + "/*.csv"))}
t, c = time.perf_counter(), time.process_time()
for name, traj in trajs.items():
    try:
        s, _ = gps_summaries(traj, tz, Frequency.DAILY, Hyperparameters())
    except Exception as exc:
        print("no table for", name, type(exc).__name__, file=sys.stderr)
        continue
    s.to_csv(os.path.join(out, name + ".csv"), index=False)
print(time.perf_counter() - t, time.process_time() - c)
"""

EBBTIDE_WILLOW = """
import sys, time
from pathlib import Path
import numpy.ma  # loaded before the clock starts, as pandas loads it on Forest's side
from ebbtide.sensing import beiwe, willow
study, out, tz, freq = sys.argv[1:5]
t = time.perf_counter()
for folder in beiwe.participant_folders(Path(study)):
    data = beiwe.read_participant(folder, streams=("calls", "texts")).data
    table = willow.comm_summary(data, tz, freq, forest_compat=True)
    if table is not None:
        (Path(out) / f"{folder.name}.csv").write_text(table.to_csv())
print(time.perf_counter() - t)
"""

EBBTIDE_TRAJ = """
import sys, time
import numpy as np
from pathlib import Path
from ebbtide.sensing import beiwe
from ebbtide.sensing.trajectory import build_trajectory
study, out = sys.argv[1:3]
t = time.perf_counter()
for folder in beiwe.participant_folders(Path(study)):
    gps = beiwe.read_participant(folder, streams=("gps",)).data.gps
    if gps is not None and len(gps):
        np.savetxt(Path(out) / f"{folder.name}.csv", build_trajectory(gps), delimiter=",", fmt="%.17g")
print(time.perf_counter() - t)
"""

EBBTIDE_GPS = """
import sys, time, glob, os
import numpy as np
import numpy.ma  # loaded before the clock starts, as pandas loads it on Forest's side
from pathlib import Path
from ebbtide.sensing.mobility import daily_mobility, locate_home
trajdir, out, tz, mode = sys.argv[1:5]
trajs = {os.path.basename(f)[:-4]: np.loadtxt(f, delimiter=",", ndmin=2)
         for f in sorted(glob.glob(trajdir + "/*.csv"))}
t, c = time.perf_counter(), time.process_time()
for name, traj in trajs.items():
    compat = mode == "compat"
    home = locate_home(traj, tz, exact_forest=compat)
    if home is None and compat:
        continue
    table = daily_mobility(traj, tz, home, forest_compat=compat)
    (Path(out) / f"{name}.csv").write_text(table.to_csv())
print(time.perf_counter() - t, time.process_time() - c)
"""


def run(python: Path, code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a script in a fresh process; return (seconds it printed, peak RSS in MiB)."""
    proc = subprocess.Popen(
        [str(python), "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"a benchmark step failed: {args}")
    return float(out.strip().splitlines()[-1].split()[0]), usage.ru_maxrss / 1024


CPU_SECONDS: dict[str, list[float]] = {}


def run_cpu(
    label: str, python: Path, code: str, args: list[str], env: dict[str, str]
) -> tuple[float, float]:
    """``run`` for a script that prints wall and CPU seconds; keeps the CPU seconds."""
    proc = subprocess.run(
        [str(python), "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    wall, cpu = (float(x) for x in proc.stdout.strip().splitlines()[-1].split())
    CPU_SECONDS.setdefault(label, []).append(cpu)
    return wall, cpu


def compare(forest_dir: Path, ours_dir: Path, rel: bool) -> tuple[int, int, list[str]]:
    """Cells compared, cells different, and the first differences."""
    from ebbtide.sensing.table import read_csv

    cells, bad, notes = 0, 0, []
    names = sorted(
        {p.name for p in forest_dir.glob("*.csv")} | {p.name for p in ours_dir.glob("*.csv")}
    )
    for name in names:
        f, o = forest_dir / name, ours_dir / name
        if not f.exists() or not o.exists():
            bad += 1
            notes.append(f"{name}: only in {'ours' if o.exists() else 'Forest'}")
            continue
        a, b = read_csv(f.read_text()), read_csv(o.read_text())
        if a.columns != b.columns or len(a) != len(b):
            bad += 1
            notes.append(f"{name}: shape {len(a)}×{len(a.columns)} vs {len(b)}×{len(b.columns)}")
            continue
        for c in a.columns:
            for x, y in zip(a.column(c), b.column(c), strict=True):
                cells += 1
                if math.isnan(x) and math.isnan(y):
                    continue
                tol = 1e-9 * max(1.0, abs(x)) if rel else 1e-9
                if not abs(x - y) <= tol:
                    bad += 1
                    if len(notes) < 5:
                        notes.append(f"{name} {c}: Forest {x!r}, ebbtide {y!r}")
    return cells, bad, notes


def forest_python(tmp: Path) -> Path:
    """A throwaway venv with beiwe-forest 1.0."""
    print("installing beiwe-forest==1.0 into a throwaway venv…", file=sys.stderr)
    venv.create(tmp / "forest-venv", with_pip=True)
    pip = tmp / "forest-venv" / "bin" / "pip"
    subprocess.run(
        [str(pip), "install", "--quiet", "beiwe-forest==1.0"], check=True, capture_output=True
    )
    return tmp / "forest-venv" / "bin" / "python"


def median_run(
    python: Path, code: str, args: list[str], env: dict[str, str], runs: int, fresh: list[Path]
) -> tuple[float, float]:
    times, peak = [], 0.0
    for _ in range(runs):
        for d in fresh:
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        t, rss = run(python, code, args, env)
        times.append(t)
        peak = max(peak, rss)
    return statistics.median(times), peak


def store_path(study: Path, tmp: Path, tz: str, env: dict[str, str]) -> dict[str, float]:
    """Whole-command times: import into a fresh SQLite file, then features daily/hourly."""
    ebbtide = [sys.executable, "-m", "ebbtide"]
    e = {**env, "EBBTIDE_DB": str(tmp / "bench.db"), "EBBTIDE_TZ": tz}
    out = {}
    for label, args in (
        ("import", ["passive", "import", "beiwe", str(study), "--json"]),
        (
            "features daily",
            [
                "passive",
                "features",
                "--frequency",
                "daily",
                "-o",
                str(tmp / "fd"),
                "--forest-compat",
            ],
        ),
        (
            "features hourly",
            [
                "passive",
                "features",
                "--frequency",
                "hourly",
                "-o",
                str(tmp / "fh"),
                "--forest-compat",
            ],
        ),
    ):
        t = time.perf_counter()
        subprocess.run([*ebbtide, *args], env=e, check=True, capture_output=True)
        out[label] = time.perf_counter() - t
    return out


def write_fixtures(fpy: Path, tmp: Path, env: dict[str, str]) -> None:
    """Small studies and Forest's outputs for them, for tests/sensing (no Forest needed)."""
    from datetime import date

    from ebbtide.demo.beiwe import StudySpec, write_study

    specs = {
        "fall": StudySpec(
            participants=6, days=14, start=date(2021, 11, 1), tz="America/New_York", seed=3
        ),
        "spring": StudySpec(
            participants=6, days=12, start=date(2022, 3, 21), tz="Europe/Berlin", seed=4
        ),
    }
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, spec in specs.items():
        study = tmp / f"fx-{name}"
        write_study(study, spec)
        for freq in ("daily", "hourly"):
            run(fpy, FOREST_WILLOW, [str(study), str(tmp / f"fx-{name}-out"), spec.tz, freq], env)
            target = FIXTURES / name / freq
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(tmp / f"fx-{name}-out" / freq, target)
        traj = FIXTURES / name / "trajectory"
        shutil.rmtree(traj, ignore_errors=True)
        traj.mkdir(parents=True)
        run(Path(sys.executable), EBBTIDE_TRAJ, [str(study), str(traj)], env)
        gps = FIXTURES / name / "gps"
        shutil.rmtree(gps, ignore_errors=True)
        run(fpy, FOREST_GPS, [str(traj), str(gps), spec.tz], env)
        (FIXTURES / name / "spec.json").write_text(
            json.dumps(
                {
                    "participants": spec.participants,
                    "days": spec.days,
                    "start": spec.start.isoformat(),
                    "tz": spec.tz,
                    "seed": spec.seed,
                },
                indent=2,
            )
            + "\n"
        )
    print(f"fixtures written to {FIXTURES}")


def main() -> None:
    """Generate the study, run both sides, compare and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--write-fixtures", action="store_true")
    parser.add_argument("--skip-hourly", action="store_true", help="Forest hourly takes minutes")
    parser.add_argument("--skip-willow", action="store_true", help="only the GPS and store steps")
    parser.add_argument(
        "--gps-every",
        type=int,
        default=300,
        help="seconds between simulated GPS fixes (Beiwe samples ~1 Hz when on)",
    )
    args = parser.parse_args()
    from datetime import date, timedelta

    from ebbtide.demo.beiwe import StudySpec, write_study

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        fpy = forest_python(tmp)
        if args.write_fixtures:
            write_fixtures(fpy, tmp, env)
            return
        tz = "America/New_York"
        spec = StudySpec(
            participants=args.participants,
            days=args.days,
            start=date(2021, 9, 20),
            tz=tz,
            seed=11,
            gps_every_s=args.gps_every,
        )
        study = tmp / "study"
        crosses = spec.start + timedelta(days=spec.days) > date(2021, 11, 7)
        dst = ", across the DST change of 2021-11-07" if crosses else ""
        t = time.perf_counter()
        write_study(study, spec)
        print(
            f"study: {spec.participants} participants × {spec.days} days from {spec.start} "
            f"({tz}{dst}), a GPS fix every {spec.gps_every_s} s, written in {time.perf_counter() - t:.1f} s"
        )
        py = Path(sys.executable)
        print(
            f"{'step':<26}{'Forest s':>10}{'ebbtide s':>11}{'speed-up':>10}{'Forest MiB':>12}"
            f"{'ebbtide MiB':>13}  parity"
        )
        for freq in ("daily", "hourly"):
            if (freq == "hourly" and args.skip_hourly) or args.skip_willow:
                continue
            fo, eo = tmp / f"forest-{freq}", tmp / f"ours-{freq}"
            ft, fm = median_run(
                fpy, FOREST_WILLOW, [str(study), str(fo), tz, freq], env, args.runs, [fo]
            )
            et, em = median_run(
                py, EBBTIDE_WILLOW, [str(study), str(eo), tz, freq], env, args.runs, [eo]
            )
            cells, bad, notes = compare(fo / freq, eo, rel=False)
            print(
                f"{'willow ' + freq:<26}{ft:>10.2f}{et:>11.3f}{ft / et:>9.1f}×{fm:>12.0f}{em:>13.0f}"
                f"  {cells - bad}/{cells} cells equal"
            )
            for n in notes:
                print("   ", n)
        traj = tmp / "traj"
        traj.mkdir()
        tt, _ = run(py, EBBTIDE_TRAJ, [str(study), str(traj)], env)
        go, ec, en = tmp / "forest-gps", tmp / "ours-gps", tmp / "ours-gps-native"
        ft, fm = median_run(fpy, FOREST_GPS, [str(traj), str(go), tz], env, args.runs, [go])
        et, em = median_run(
            py, EBBTIDE_GPS, [str(traj), str(ec), tz, "compat"], env, args.runs, [ec]
        )
        nt, nm = median_run(
            py, EBBTIDE_GPS, [str(traj), str(en), tz, "native"], env, args.runs, [en]
        )
        cells, bad, notes = compare(go, ec, rel=True)
        print(
            f"{'gps_summaries (compat)':<26}{ft:>10.2f}{et:>11.3f}{ft / et:>9.1f}×{fm:>12.0f}{em:>13.0f}"
            f"  {cells - bad}/{cells} cells equal"
        )
        # The machine may be shared: CPU seconds of each side's process, same runs again.
        for _ in range(args.runs):
            for d in (go, ec):
                shutil.rmtree(d, ignore_errors=True)
                d.mkdir(parents=True)
            run_cpu("forest", fpy, FOREST_GPS, [str(traj), str(go), tz], env)
            run_cpu("ebbtide", py, EBBTIDE_GPS, [str(traj), str(ec), tz, "compat"], env)
        fc = statistics.median(CPU_SECONDS["forest"])
        ecpu = statistics.median(CPU_SECONDS["ebbtide"])
        print(f"{'  the same, CPU seconds':<26}{fc:>10.2f}{ecpu:>11.3f}{fc / ecpu:>9.1f}×")
        for n in notes:
            print("   ", n)
        print(
            f"{'gps daily (ebbtide rules)':<26}{'':>10}{nt:>11.3f}{ft / nt:>9.1f}×{'':>12}{nm:>13.0f}"
        )
        print(f"trajectories from raw GPS (ebbtide, all participants): {tt:.2f} s")
        for label, secs in store_path(study, tmp, tz, env).items():
            print(f"ebbtide passive {label} (whole command, SQLite): {secs:.2f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
