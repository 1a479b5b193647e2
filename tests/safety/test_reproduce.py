"""Retraining from the corpus in the repo reproduces the shipped model file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ebbtide.safety.learned import MODEL_FILE, MODEL_JSON, read_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_model(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_crisis_model.py"), "--out", str(tmp_path)],
        env=env,
        check=True,
        capture_output=True,
        timeout=900,
    )
    shipped = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    fresh = json.loads((tmp_path / "crisis_model.json").read_text(encoding="utf-8"))
    assert fresh.keys() == shipped.keys()
    for key in ("flag_threshold", "unsure_threshold"):
        assert fresh[key] == pytest.approx(shipped[key], abs=1e-9)
    assert {k: v for k, v in fresh.items() if "threshold" not in k} == {
        k: v for k, v in shipped.items() if "threshold" not in k
    }
    a, b = read_model(MODEL_FILE), read_model(tmp_path / MODEL_FILE.name)
    assert list(a) == list(b)
    for name, x in a.items():
        y = b[name]
        assert x.typecode == y.typecode and len(x) == len(y), name
        if x.typecode == "d":
            np.testing.assert_allclose(np.array(y), np.array(x), rtol=0, atol=1e-9, err_msg=name)
        else:
            assert x == y, name
