"""The transparent rules: the cases they were written for, and the team's earlier sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.safety import DANGER, SELF_HARM, SUICIDE, detect
from ebbtide.safety.detect import detect_rules

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I want to die.", SUICIDE),
        ("i dont want to live anymore", SUICIDE),
        ("I have the pills saved up and I'm ready to take them.", SUICIDE),
        ("I want to cut myself again.", SELF_HARM),
        ("My partner said he'd kill me if I ever left.", DANGER),
        ("He hit me this morning.", DANGER),
        ('I keep thinking "I want to die" on loop.', SUICIDE),
        # a context word after the topic word does not make it someone else's
        ("took an overdose after the show ended", SUICIDE),
        # the writer's own word inside a work setting
        ("back on the ward as a patient after my overdose", SUICIDE),
        # a past frame, with the sentence saying it is back
        ("two years clean and now i want to kill myself", SUICIDE),
        ("the nurse asked if i want to kill myself and i said yes", SUICIDE),
    ],
)
def test_flags_crisis_language(text: str, kind: str) -> None:
    d = detect_rules(text)
    assert d.flagged and kind in d.kinds


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to die.",
        "This commute is killing me.",
        "Cut myself some slack today.",
        "I cut myself shaving this morning.",
        "My friend told me she wants to die; I'm worried about her.",
        'Lea joked "I\'m going to kill myself if this meeting runs late".',
        "Years ago I used to cut myself, but I haven't for a long time.",
        "He has never hit me.",
        "My therapist asked if I wanted to die and I honestly said no.",
        # topic words in a sentence set in work, study or the media
        "psych lecture today on the epidemiology of self harm",
        "as a paramedic you see overdoses every week, today was calm",
        "the reality show had a content warning about suicide at the end",
        # a question put to the writer, answered no
        "the nurse asked if i'd had any thoughts of suicide and i could honestly say no",
        # a past that the sentence frames as over
        "five years free from self harm today, bought myself flowers",
        "",
    ],
)
def test_leaves_negation_idiom_quotes_and_distant_past_alone(text: str) -> None:
    assert not detect_rules(text).flagged


def _rows(name: str) -> list[tuple[int, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, _cat, text = line.split("\t")
        rows.append((int(label), text))
    return rows


def test_benchmark_set_is_large_and_labelled() -> None:
    rows = _rows("crisis_texts.tsv")
    assert len(rows) >= 300
    assert {label for label, _ in rows} == {0, 1}


def test_rules_on_the_earlier_sets_stay_where_they_were_tuned() -> None:
    # A regression guard for the rules alone on the sets they were tuned on (not a measure
    # of how they generalise: see benchmarks/crisis_detection.py for the team held-out).
    rows = _rows("crisis_texts.tsv") + _rows("crisis_texts_holdout.tsv")
    tp = sum(1 for y, t in rows if y and detect_rules(t).flagged)
    fp = sum(1 for y, t in rows if not y and detect_rules(t).flagged)
    positives = sum(y for y, _ in rows)
    assert tp / positives >= 0.98
    assert tp / (tp + fp) >= 0.90


@given(st.text(max_size=400))
def test_no_input_crashes_it(text: str) -> None:
    d = detect(text)
    assert d.flagged == bool(d.kinds)
    assert not (d.flagged and d.unsure)
