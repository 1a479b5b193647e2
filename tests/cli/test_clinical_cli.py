"""The real commands: assess, safety-plan, export fhir, and help in the saving action."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ebbtide.cli.main import run


@pytest.fixture
def db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EBBTIDE_DB", str(db_path))
    return db_path


def test_assess_with_answers_prints_total_and_band(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["assess", "gad7", "--answers", "3,3,3,1,0,0,0"]) == 0
    out = capsys.readouterr().out
    assert "Total 10 (range 0–21) — Moderate" in out


def test_assess_json_and_history(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["assess", "lsns6", "--answers", "2,2,2,2,2,1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total"], data["band"]["code"], data["subscales"]) == (
        11,
        "at-risk",
        {"family": 6, "friends": 5},
    )
    assert run(["assess", "history", "lsns6", "--json"]) == 0
    assert [a["total"] for a in json.loads(capsys.readouterr().out)] == [11]
    assert run(["assess", "history"]) == 0
    assert "LSNS-6" in capsys.readouterr().out


def test_assess_bad_input_is_one_line_and_exit_2(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["assess", "phq9", "--answers", "1,2"]) == 2
    assert capsys.readouterr().err == "ebbtide: PHQ-9 has 9 questions; got 2 answers\n"
    assert run(["assess", "npss", "--answers", "1"]) == 2


def test_item9_help_appears_in_the_same_command(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,2", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["alerts"] == ["crisis"]
    assert "call or text 988" in captured.err


def test_crisis_help_in_the_same_action_that_saved_the_note(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["safety-plan", "region", "GB"]) == 0
    assert run(["safety-plan", "edit", "--helper", "Ana [my sister]"]) == 0
    capsys.readouterr()
    assert run(["checkin", "shut-down", "--note", "I don't want to be alive anymore"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Check-in saved.")
    assert "Ana [my sister]" in captured.err
    assert "Samaritans: call 116 123" in captured.err
    assert captured.err.index("Ana [my sister]") < captured.err.index("116 123")
    # A plain note gets no help. (The idiom once used here, "my feet are killing me", is a
    # false alarm of the learned layer at the recall the issue asks for: see issue 10's notes.)
    assert run(["checkin", "connected", "--note", "slept well, tea in the garden"]) == 0
    assert capsys.readouterr().err == ""


def test_safety_plan_show_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["safety-plan", "edit", "--coping", "Walk", "--coping", "Music"]) == 0
    capsys.readouterr()
    assert run(["safety-plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sections"][1] == {
        "key": "coping",
        "title": "Things I can do on my own to get through it",
        "entries": ["Walk", "Music"],
    }
    assert len(data["sections"]) == 6


def test_export_fhir_writes_a_bundle(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    assert run(["assess", "phq9", "--answers", "1,1,1,1,1,1,1,1,0"]) == 0
    out = tmp_path / "bundle.json"
    assert run(["export", "fhir", "-o", str(out), "--since", "2000-01-01"]) == 0
    assert "Wrote 1 assessment(s)" in capsys.readouterr().out
    Bundle.model_validate(json.loads(out.read_text()))


def test_help_says_not_a_medical_device(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["safety-plan", "--help"]) == 0
    assert "not a medical device" in " ".join(capsys.readouterr().out.split())
