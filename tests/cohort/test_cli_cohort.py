"""The three commands through the real command line: exact output, exit codes, files."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from ebbtide.cli.main import run
from tests.cohort.conftest import folder_bytes

Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("COLUMNS", "120")

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = run(list(args))
        got = capsys.readouterr()
        return code, got.out, got.err

    return invoke


def test_export_run_and_summary(
    cli: Invoke, small_db: str, small_run: Path, tmp_path: Path
) -> None:
    ds, out = tmp_path / "ds", tmp_path / "out"
    code, said, _ = cli("cohort", "export", "--db", small_db, "-o", str(ds), "--bucket-size", "3")
    manifest = json.loads((ds / "manifest.json").read_text())
    files = len(manifest["files"])
    assert (code, said) == (
        0,
        f"Exported 13 subjects ({manifest['rows']:,} rows) to {ds}: {files} of 8 buckets "
        "written, 13 subjects new or changed, 0 gone since the last export; 0 buckets kept "
        "unread (their subjects' revisions had not moved).\n",
    )
    code, said, _ = cli("cohort", "export", "--db", small_db, "-o", str(ds), "--bucket-size", "3")
    assert "0 of 8 buckets written, 0 subjects new or changed" in said
    assert f"; {files} buckets kept unread" in said
    code, said, _ = cli("cohort", "export", "--db", small_db, "-o", str(ds), "--full")
    assert (code, "0 of 8 buckets written") == (0, said.split(": ")[1].split(",")[0])
    assert "; 0 buckets kept unread" in said

    code, said, _ = cli("cohort", "run", str(ds), "--executor", "serial", "-o", str(out))
    totals = json.loads((out / "cohort.json").read_text())["totals"]
    assert (code, said) == (
        0,
        f"Computed {totals['person_days']:,} person-days for 12 subjects in {files} buckets "
        f"(0 reused from an earlier run) into {out}.\n",
    )
    assert folder_bytes(out) == folder_bytes(small_run)

    code, said, _ = cli("cohort", "summary", str(out), "--by", "month", "--json")
    data = json.loads(said)
    assert code == 0 and data["by"] == "month" and data["suppressed_below"] == 11
    assert data["subjects"] == 12 and data["parameters"]["phases"] == data["phases"]

    chart = tmp_path / "chart.html"
    code, said, _ = cli("cohort", "summary", str(out), "-o", str(chart))
    assert code == 0
    assert said.splitlines()[0].split()[:2] == ["Week", "of"]
    assert said.endswith(f"– : fewer than 11 people, not shown.\nWrote the chart to {chart}.\n")
    html = chart.read_text()
    assert stat.S_IMODE(chart.stat().st_mode) == 0o600
    assert "vega" in html and "Share of person-days" in html
    assert "<script src=" not in html and "cdn.jsdelivr" not in html  # nothing fetched
    assert f'"usermeta":{{"ebbtide":"{data["ebbtide"]}","parameters":{{' in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cohort", "run", "{missing}", "-o", "{out}"), "ebbtide: '{missing}' is not a folder\n"),
        (
            ("cohort", "run", "{tmp}", "-o", "{out}"),
            "ebbtide: '{tmp}' is not a cohort dataset (no manifest.json); make one with "
            "`ebbtide cohort export`\n",
        ),
        (
            ("cohort", "run", "{ds}", "-o", "{out}", "--executor", "spark"),
            "ebbtide: --executor must be one of: serial, processes, dask\n",
        ),
        (
            ("cohort", "run", "{ds}", "-o", "{out}", "--scheduler", "tcp://127.0.0.1:8786"),
            "ebbtide: --scheduler is for --executor dask\n",
        ),
        (
            (
                "cohort",
                "run",
                "{ds}",
                "-o",
                "{out}",
                "--executor",
                "dask",
                "--memory-per-worker",
                "lots",
            ),
            "ebbtide: --memory-per-worker takes a size such as 4GB or 512MB\n",
        ),
        (
            ("cohort", "run", "{ds}", "-o", "{ds}"),
            "ebbtide: '{ds}' holds other files; give an empty or a new folder\n",
        ),
        (
            ("cohort", "summary", "{ds}"),
            "ebbtide: '{ds}' is not a cohort run; make one with `ebbtide cohort run`\n",
        ),
        (("cohort", "summary", "{run}", "--by", "year"), "ebbtide: --by must be week or month\n"),
        (
            ("cohort", "export", "--db", "{tmp}/none.db", "-o", "{out}"),
            "ebbtide: there is no ebbtide database at {tmp}/none.db yet; log something first "
            "or run `ebbtide demo`\n",
        ),
    ],
)
def test_bad_input_is_one_clear_line(
    cli: Invoke,
    args: tuple[str, ...],
    message: str,
    small_dataset: Path,
    small_run: Path,
    tmp_path: Path,
) -> None:
    names = {
        "missing": str(tmp_path / "missing"),
        "tmp": str(tmp_path),
        "out": str(tmp_path / "out"),
        "ds": str(small_dataset),
        "run": str(small_run),
    }
    code, said, err = cli(*(a.format(**names) for a in args))
    assert (code, said, err) == (2, "", message.format(**names))
