"""Quick capture from the command line: exact output, exit codes, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke


def test_minimal_checkin_is_one_command(cli: Invoke) -> None:
    r = cli("checkin", "connected", "--intensity", "2")
    assert r.code == 0
    assert r.out.startswith("Check-in saved.  #1 · Connected · intensity 2")
    assert r.err == ""


def test_checkin_json_prints_the_stored_record(cli: Invoke) -> None:
    r = cli("checkin", "shut-down", "-b", "heaviness,foggy", "--when", "2026-11-20 21:00", "--json")
    assert r.code == 0
    data = r.json()
    assert data["kind"] == "checkin" and data["id"] == 1
    assert data["state"] == "shut-down" and data["body"] == ["heaviness", "foggy"]
    assert data["at"] == "2026-11-20T21:00:00+01:00" and data["day"] == "2026-11-20"


def test_unknown_state_is_one_line_exit_2_and_nothing_written(cli: Invoke) -> None:
    assert cli("checkin", "happy").code == 2
    cli("routine", "add", "Walk")  # the database now exists, still without check-ins
    r = cli("checkin", "happy")
    assert r.code == 2
    assert r.err == (
        "ebbtide: unknown state 'happy'. Choose one of: connected, mobilized, shut-down, fawning\n"
    )
    assert cli("log", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("solitude", "--activity", "napping"), "unknown activity 'napping'. Choose one of: rest,"),
        (
            ("contact", "Sam", "--channel", "owl", "--yes"),
            "unknown channel 'owl'. Choose one of: in-person,",
        ),
        (
            ("boundary", "Mara", "--asked", "space", "--received", "meh", "--yes"),
            "unknown response 'meh'",
        ),
        (("checkin", "connected", "--intensity", "9"), "Invalid value for '--intensity'"),
        (
            ("checkin", "connected", "--when", "the moon"),
            "could not understand the time 'the moon'",
        ),
        (("checkin", "connected", "--when", "next friday"), "is in the future"),
        (("solitude",), "Missing option '--activity'"),
        (("frobnicate",), "No such command 'frobnicate'"),
        (("log", "--since", "someday"), "could not read the date 'someday'"),
        (("log", "--kind", "dream"), "unknown record kind 'dream'"),
    ],
)
def test_bad_input_is_a_clear_line_and_exit_2(
    cli: Invoke, args: tuple[str, ...], message: str
) -> None:
    cli("checkin", "connected")  # make sure the database exists for read commands
    r = cli(*args)
    assert r.code == 2, r.err
    assert r.err.startswith("ebbtide: ") and message in r.err
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert len(cli("log", "--json").json()) == 1


def test_unknown_person_needs_yes_when_not_interactive(cli: Invoke) -> None:
    r = cli("contact", "Ana", "--safety", "4")
    assert r.code == 2
    assert "'Ana' is not in your people yet; add --yes to create them" in r.err
    assert cli("people", "--json").json() == []
    r = cli(
        "contact", "Ana", "a neighbour", "--safety", "4", "--yes", "--channel", "call", "-m", "12"
    )
    assert r.code == 0
    assert r.out.startswith(
        "Contact saved.  #1 · Phone call with Ana, a neighbour · 12 min · safety 4/5"
    )
    people = cli("people", "--json").json()
    assert [(p["name"], p["contacts"]) for p in people] == [("a neighbour", 1), ("Ana", 1)]


def test_solitude_boundary_reflect(cli: Invoke) -> None:
    r = cli(
        "solitude",
        "--activity",
        "scrolling",
        "--escape",
        "-m",
        "90",
        "--after",
        "shut-down",
        "--json",
    )
    assert r.code == 0 and r.json()["chosen"] is False
    r = cli("boundary", "Mara", "--asked", "No calls after ten", "--received", "refused", "--yes")
    assert r.code == 0
    assert "With Mara: “No calls after ten” — refused" in r.out
    r = cli("reflect", "--answer", "The river path helps.", "--prompt", "restores", "--json")
    assert r.code == 0 and r.json()["answer"] == "The river path helps."
    assert cli("reflect", "--prompt", "nope", "--answer", "x").code == 2


def test_reflect_needs_an_answer_when_not_at_a_terminal(cli: Invoke) -> None:
    r = cli("reflect")
    assert r.code == 2 and "--answer" in r.err


def test_where_travels_from_the_command_line_to_export_and_back(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("checkin", "connected", "--where", "home", "--note", "tea").code == 0
    r = cli("solitude", "--activity", "nature", "--where", "someone-elses-place", "--json")
    assert r.code == 0 and r.json()["where"] == "someone-elses-place"
    assert "someone else's place" in cli("log").out
    bad = cli("solitude", "--activity", "rest", "--where", "the moon")
    assert bad.code == 2 and bad.err.startswith("ebbtide: unknown place 'the moon'.")
    out = tmp_path / "export.json"
    assert cli("export", "json", "-o", str(out)).code == 0
    doc = json.loads(out.read_text())
    assert [c["where"] for c in doc["checkins"]] == ["home"]
    assert [s["where"] for s in doc["solitude"]] == ["someone-elses-place"]
    # Imported into a fresh history, the places come back.
    monkeypatch.setenv("EBBTIDE_DB", str(tmp_path / "other.db"))
    assert cli("import", str(out)).code == 0
    back = {e["kind"]: e["where"] for e in cli("log", "--json").json()}
    assert back == {"checkin": "home", "solitude": "someone-elses-place"}
