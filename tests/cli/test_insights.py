"""The `insights` and `week` commands on a demo history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ebbtide.cli.main import run
from ebbtide.cli.messages import INSIGHTS_NEXT, INSIGHTS_NOTE


@dataclass
class Result:
    exit_code: int
    output: str


class Runner:
    """Drives the real entry point (``cli.main.run``) and captures what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def invoke(self, args: list[str]) -> Result:
        self.capsys.readouterr()
        code = run(args)
        out = self.capsys.readouterr()
        return Result(code, out.out + out.err)


@pytest.fixture
def runner(capsys: pytest.CaptureFixture[str]) -> Runner:
    return Runner(capsys)


@pytest.fixture
def demo_db(db_path: Path, runner: Runner) -> str:
    result = runner.invoke(["--db", str(db_path), "demo", "--days", "120"])
    assert result.exit_code == 0, result.output
    return str(db_path)


def test_insights_shows_phases_people_and_the_next_step(demo_db: str, runner: Runner) -> None:
    result = runner.invoke(["--db", demo_db, "insights"])
    assert result.exit_code == 0, result.output
    assert "Today: " in result.output
    assert "Mara" in result.output
    assert INSIGHTS_NEXT in result.output
    assert INSIGHTS_NOTE in result.output


def test_insights_json_has_the_report_fields(demo_db: str, runner: Runner) -> None:
    result = runner.invoke(["--db", demo_db, "insights", "--json", "--days", "30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["phases"]) == 30
    assert data["current"]["day"] == data["as_of"]
    assert data["pacing"]["next_step"]["level"] in range(1, 6)


def test_insights_bad_date_is_one_line_and_exit_2(demo_db: str, runner: Runner) -> None:
    result = runner.invoke(["--db", demo_db, "insights", "--as-of", "someday"])
    assert result.exit_code == 2
    assert "could not read the date 'someday'" in result.output


def test_week_keeps_its_table_and_adds_insights(demo_db: str, runner: Runner) -> None:
    result = runner.invoke(["--db", demo_db, "week"])
    assert result.exit_code == 0, result.output
    assert "Routines" in result.output  # the existing week table is still there
    assert "Last 7 days" in result.output
    assert INSIGHTS_NEXT in result.output
    data = json.loads(runner.invoke(["--db", demo_db, "week", "--json"]).output)
    assert len(data["days"]) == 7
    assert data["insights"]["phases"]
