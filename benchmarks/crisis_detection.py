"""Recall and precision of the on-device crisis detector on hand-written labelled texts.

Run: .venv/bin/python benchmarks/crisis_detection.py
Sets: benchmarks/data/crisis_texts.tsv (written before the detector) and
benchmarks/data/crisis_texts_holdout.tsv (written after the first run, before any change).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ebbtide.safety import detect

DATA = Path(__file__).resolve().parent / "data"


def evaluate(name: str) -> tuple[int, int, int, int, list[str]]:
    """(tp, fp, fn, tn, error lines) over one labelled file."""
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, category, text = line.split("\t")
        flagged, truth = detect(text).flagged, label == "1"
        if flagged and truth:
            tp += 1
        elif flagged:
            fp += 1
            errors.append(f"  false alarm [{category}] {text}")
        elif truth:
            fn += 1
            errors.append(f"  missed      [{category}] {text}")
        else:
            tn += 1
    return tp, fp, fn, tn, errors


def main() -> None:
    """Print the figures and every error."""
    argparse.ArgumentParser(description=__doc__).parse_args()
    for name in ("crisis_texts.tsv", "crisis_texts_holdout.tsv"):
        tp, fp, fn, tn, errors = evaluate(name)
        recall = tp / (tp + fn) if tp + fn else 0.0
        precision = tp / (tp + fp) if tp + fp else 0.0
        print(f"{name}: n={tp + fp + fn + tn} crisis={tp + fn}  tp={tp} fp={fp} fn={fn} tn={tn}")
        print(f"  recall={recall:.3f} precision={precision:.3f}")
        print("\n".join(errors) if errors else "  no errors")


if __name__ == "__main__":
    main()
