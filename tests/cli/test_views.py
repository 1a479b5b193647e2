"""Looking back from the command line: today, week, log, people, edit, delete, plans."""

from __future__ import annotations

from tests.cli.conftest import Invoke


def test_read_commands_on_a_missing_database_explain_what_to_do(cli: Invoke) -> None:
    r = cli("today")
    assert r.code == 2
    assert "there is no ebbtide database at" in r.err and "ebbtide demo" in r.err


def test_log_json_filters(cli: Invoke) -> None:
    cli("checkin", "connected", "--note", "river walk", "--when", "2 days ago")
    cli("contact", "Sam", "--yes", "--when", "yesterday 18:00")
    cli("checkin", "mobilized")
    assert [e["kind"] for e in cli("log", "--json").json()] == ["checkin", "contact", "checkin"]
    assert [e["state"] for e in cli("log", "--kind", "checkin", "--json").json()] == [
        "mobilized",
        "connected",
    ]
    assert [e["people"] for e in cli("log", "--person", "sam", "--json").json()] == [["Sam"]]
    assert len(cli("log", "--search", "river", "--json").json()) == 1
    assert len(cli("log", "--since", "yesterday", "--json").json()) == 2
    assert len(cli("log", "--limit", "1", "--json").json()) == 1


def test_today_lists_entries_and_week_shows_seven_days(cli: Invoke) -> None:
    cli("checkin", "connected", "--intensity", "2")
    r = cli("today")
    assert r.code == 0 and "Today, " in r.out and "Connected · intensity 2" in r.out
    w = cli("week", "--json").json()
    assert len(w["days"]) == 7 and sum(d["checkins"] for d in w["days"]) == 1
    r = cli("week")
    assert r.code == 0 and "Week of" in r.out


def test_edit_and_delete(cli: Invoke) -> None:
    cli("checkin", "mobilized", "--intensity", "4")
    r = cli("edit", "checkin", "1", "--set", "state=connected", "--set", "intensity=2", "--json")
    assert r.code == 0 and (r.json()["state"], r.json()["intensity"]) == ("connected", 2)
    assert cli("edit", "checkin", "1", "--set", "nonsense").code == 2
    assert cli("edit", "checkin", "99", "--set", "state=connected").code == 2
    r = cli("delete", "checkin", "1")
    assert r.code == 2 and "--yes" in r.err
    r = cli("delete", "checkin", "1", "--yes")
    assert r.code == 0 and r.out == "Deleted checkin #1.\n"
    assert cli("log", "--json").json() == []


def test_people_rename_and_merge(cli: Invoke) -> None:
    cli("contact", "Sam", "--yes")
    cli("contact", "Samuel", "--yes")
    assert cli("people", "rename", "Samuel", "Sammy").out == "Renamed to Sammy.\n"
    assert cli("people", "merge", "Sam", "Sammy").out == "Merged into Sam.\n"
    assert [(p["name"], p["contacts"]) for p in cli("people", "--json").json()] == [("Sam", 2)]
    assert cli("people", "merge", "Sam", "Nobody").code == 2


def test_routines_and_steps(cli: Invoke) -> None:
    r = cli("routine", "add", "Evening walk", "--at", "19:30", "--anchor", "other", "--json")
    assert r.code == 0 and r.json()["time_of_day"] == "19:30"
    assert cli("routine", "add", "Dinner", "--schedule", "fortnightly").code == 2
    assert cli("routine", "done", "evening").out == "Marked as done.\n"
    assert [x["name"] for x in cli("routine", "list", "--json").json()] == ["Evening walk"]
    r = cli(
        "step", "plan", "Send Lea a short message", "--level", "1", "--for", "tomorrow", "--json"
    )
    assert r.code == 0 and r.json()["status"] == "planned"
    assert (
        cli("step", "done", "1").out == "Marked as done. However it went, you showed up for it.\n"
    )
    assert cli("step", "skip", "1").code == 0
    assert [s["status"] for s in cli("step", "list", "--json").json()] == ["skipped"]
    assert cli("step", "done", "42").code == 2


def test_demo_fills_an_empty_history_once(cli: Invoke) -> None:
    r = cli("demo", "--days", "60", "--json")
    assert r.code == 0
    [seeded] = r.json()
    assert seeded["subject"] == "me" and seeded["records"] > 100
    assert seeded["truth"]["drift_onset"] is not None
    r = cli("demo", "--days", "60")
    assert r.code == 2 and "already has records" in r.err
    assert cli("demo", "--if-empty").code == 0


def test_demo_for_many_subjects(cli: Invoke) -> None:
    r = cli("demo", "--people", "3", "--days", "30", "--json")
    assert r.code == 0
    assert [s["subject"] for s in r.json()] == ["demo-1", "demo-2", "demo-3"]
    assert len(cli("--subject", "demo-2", "log", "--json").json()) > 10


def test_edit_into_crisis_language_prints_help_on_stderr(cli: Invoke) -> None:
    cli("checkin", "shut-down")
    r = cli("edit", "checkin", "1", "--set", "note=I want to die.", "--json")
    assert r.code == 0 and r.json()["note"] == "I want to die."
    assert "help is available right now" in r.err and "findahelpline.com" in r.err
    r = cli("edit", "checkin", "1", "--set", "note=a quiet evening")
    assert r.code == 0 and r.err == ""
