"""Checks for sim3: determinism, the interface, and that exports go through `ebbtide import`.

Run with ``.venv/bin/pytest benchmarks/sim3/test_sim3.py`` (not part of ``make test``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from . import LABELS, SimPerson, simulate

ROOT = Path(__file__).resolve().parents[2]
END = date(2026, 11, 21)
SECTIONS = ("checkins", "contacts", "solitude", "boundaries", "routine_done", "steps")


def digest(people: list[SimPerson]) -> str:
    h = hashlib.sha256()
    for p in people:
        h.update(json.dumps(p.export, sort_keys=True).encode())
        h.update(json.dumps(p.summary(), sort_keys=True).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def cohort() -> list[SimPerson]:
    return simulate(50, 400, 11, END)


def test_deterministic_for_a_seed(cohort: list[SimPerson]) -> None:
    again = simulate(50, 400, 11, END)
    assert digest(again) == digest(cohort)
    assert digest(simulate(50, 400, 12, END)) != digest(cohort)


def test_deterministic_across_processes(cohort: list[SimPerson]) -> None:
    code = (
        "from datetime import date; from benchmarks.sim3 import simulate;"
        "from benchmarks.sim3.test_sim3 import digest;"
        "print(digest(simulate(50, 400, 11, date(2026, 11, 21))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == digest(cohort)


def test_interface(cohort: list[SimPerson]) -> None:
    for p in cohort:
        assert p.days == 400 == len(p.truth) == len(p.lived_contacts) == len(p.logged)
        assert p.start == date(2025, 10, 18) and p.end == END == p.day(399)
        assert set(p.truth) <= set(LABELS)
        assert len(p.onsets) == len(p.ends)
        for onset, end in zip(p.onsets, p.ends, strict=True):
            assert p.truth[(onset - p.start).days] in ("drift", "isolated")
            assert end is None or (p.truth[(end - p.start).days] == "recovery" or end > onset)
        assert p.export["subject"] == {"code": p.code, "tz": p.tz}
        assert p.drifting() == [t in ("drift", "isolated", "recovery") for t in p.truth]
        json.dumps(p.summary())
    kinds = {p.kind for p in cohort}
    assert {"never-drift", "gradual-drift", "retreat", "dropout"} <= kinds
    assert {"drift", "ordinary", "retreat"} <= {t for p in cohort for t in p.truth}


def test_truth_is_lived_not_logged(cohort: list[SimPerson]) -> None:
    dropout_days = [(p, i) for p in cohort for i, t in enumerate(p.truth) if t == "dropout"]
    assert dropout_days
    assert sum(p.logged[i] for p, i in dropout_days) <= 0.05 * len(dropout_days)
    assert sum(p.lived_contacts[i] for p, i in dropout_days) > len(dropout_days)


def test_exports_go_through_ebbtide_import(cohort: list[SimPerson], tmp_path: Path) -> None:
    db = tmp_path / "sim3.db"
    busiest = sorted(cohort, key=lambda p: -p.records())[:2]
    chosen = [*busiest, next(p for p in cohort if p.kind != "never-drift" and p.onsets)]
    for p in chosen:
        src = tmp_path / f"{p.code}.json"
        src.write_text(json.dumps(p.export), encoding="utf-8")
        base = [sys.executable, "-m", "ebbtide", "--db", str(db), "--subject", p.code]
        env = {**os.environ, "EBBTIDE_PASSPHRASE": "", "COLUMNS": "120"}
        done = subprocess.run(
            [*base, "--create", "import", str(src), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        added = json.loads(done.stdout)["added"]
        for section in (*SECTIONS, "people", "reflections"):
            assert added.get(section, 0) == len(p.export[section]), section
        back = tmp_path / f"{p.code}-back.json"
        subprocess.run([*base, "export", "json", "-o", str(back)], env=env, check=True)
        doc = json.loads(back.read_text(encoding="utf-8"))
        for section in (*SECTIONS, "people", "reflections", "routines"):
            assert len(doc[section]) == len(p.export[section]), section
        assert {c["uid"] for c in doc["contacts"]} == {c["uid"] for c in p.export["contacts"]}
        assert doc["subject"]["tz"] == p.tz
