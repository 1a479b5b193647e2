"""Imports meet the command line's rules, and every bad file gets a clear one-line message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Invoke

DAYLIO_HEAD = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def _export(cli: Invoke, tmp_path: Path) -> dict[str, Any]:
    assert cli("checkin", "connected", "--note", "first", "--when", "2026-11-20 10:00").code == 0
    assert cli("export", "json", "-o", str(tmp_path / "x.json")).code == 0
    doc: dict[str, Any] = json.loads((tmp_path / "x.json").read_text())
    return doc


def _import(cli: Invoke, tmp_path: Path, doc: dict[str, Any], *extra: str) -> Any:
    target = tmp_path / "in.json"
    target.write_text(json.dumps(doc))
    return cli("import", str(target), *extra)


def _one_line(err: str) -> str:
    assert err.startswith("ebbtide: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2999-06-01T12:00:00Z", "must be between 1900 and 2100 (got year 2999)"),
        ("0999-06-01T12:00:00Z", "must be between 1900 and 2100"),
        ("2099-06-01T12:00:00Z", "which has not happened yet"),
    ],
)
def test_an_import_follows_the_command_lines_future_and_past_rules(
    cli: Invoke, tmp_path: Path, at: str, expected: str
) -> None:
    doc = _export(cli, tmp_path)
    doc["checkins"][0]["at"] = at
    r = _import(cli, tmp_path, doc)
    assert r.code == 2 and expected in _one_line(r.err)
    # The same moment typed on the command line is refused too.
    assert cli("checkin", "connected", "--when", at.replace("T", " ")[:16]).code == 2


def test_two_different_records_with_one_uid_are_an_error_naming_both(
    cli: Invoke, tmp_path: Path
) -> None:
    doc = _export(cli, tmp_path)
    twin = dict(doc["checkins"][0], note="something else")
    doc["checkins"].append(twin)
    r = _import(cli, tmp_path, doc)
    uid = twin["uid"]
    assert r.code == 2
    assert _one_line(r.err) == (
        f"ebbtide: checkins[0] and checkins[1] share the uid {uid} but differ; "
        "fix one and import again\n"
    )
    doc["checkins"][1] = dict(doc["checkins"][0])  # an exact repeat is harmless
    assert _import(cli, tmp_path, doc).code == 0


def test_a_deeply_nested_json_file_is_a_clear_error(cli: Invoke, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    r = cli("import", str(deep))
    assert r.code == 2 and "nests lists or objects far too deeply" in _one_line(r.err)


def test_an_unclosed_quote_in_daylio_names_its_line_and_imports_nothing(
    cli: Invoke, tmp_path: Path
) -> None:
    csv = tmp_path / "daylio.csv"
    csv.write_text(
        DAYLIO_HEAD
        + "2026-11-20,November 20,Friday,20:30,good,reading,,fine\n"
        + '2026-11-19,November 19,Thursday,21:10,meh,,,"no closing quote\n'
        + "2026-11-18,November 18,Wednesday,07:05,meh,,,\n"
        + "2026-11-17,November 17,Tuesday,07:05,good,,,\n"
    )
    r = cli("import", str(csv))
    assert r.code == 2
    assert _one_line(r.err).startswith("ebbtide: line 3: a quote")
    assert cli("log", "--json").json() == []


def test_a_huge_daylio_field_names_its_line(cli: Invoke, tmp_path: Path) -> None:
    csv = tmp_path / "daylio.csv"
    big = "x" * (128 * 1024 + 1)
    csv.write_text(
        DAYLIO_HEAD
        + "2026-11-20,November 20,Friday,20:30,good,reading,,fine\n"
        + f'2026-11-19,November 19,Thursday,21:10,meh,,,"{big}"\n'
    )
    r = cli("import", str(csv))
    assert r.code == 2
    assert _one_line(r.err) == (
        "ebbtide: line 3: a field is longer than 128 KB, more than any entry can hold\n"
    )


def _calendar(n: int, start: str = "20260101T090000Z") -> str:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{i}@x\r\nDTSTART:{start}\r\n"
        f"ATTENDEE;CN=Friend {i % 7}:mailto:f{i % 7}@x\r\nEND:VEVENT\r\n"
        for i in range(n)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n"


def test_a_calendar_of_over_1000_events_asks_first(cli: Invoke, tmp_path: Path) -> None:
    ics = tmp_path / "big.ics"
    ics.write_text(_calendar(1001))
    r = cli("import", str(ics), "--calendar-contacts")
    assert r.code == 2
    assert "1001 past events" in _one_line(r.err) and "add --yes" in r.err
    assert cli("log", "--json").json() == []
    assert cli("import", str(ics), "--calendar-contacts", "--yes").code == 0
    assert len(cli("log", "--json", "--limit", "2000").json()) == 1001
    small = tmp_path / "small.ics"
    small.write_text(_calendar(1000, "20260102T090000Z").replace("UID:e", "UID:s"))
    assert cli("import", str(small), "--calendar-contacts").code == 0  # no question


def test_an_impossible_calendar_date_is_a_clear_error(cli: Invoke, tmp_path: Path) -> None:
    ics = tmp_path / "bad.ics"
    ics.write_text(_calendar(1, "20260231T250000Z"))
    r = cli("import", str(ics), "--calendar-contacts")
    assert r.code == 2
    assert _one_line(r.err).startswith("ebbtide: event 1: a date or time cannot be read")


def test_the_generic_errors_became_clear_messages(cli: Invoke, tmp_path: Path) -> None:
    assert cli("checkin", "connected").code == 0
    r = cli("edit", "checkin", "1", "--set", "at=garbage")
    assert r.code == 2 and "unexpected" not in _one_line(r.err)
    assert "could not understand the time 'garbage'" in r.err
    r = cli("export", "json", "-o", str(tmp_path))
    assert r.code == 2 and "is a folder" in _one_line(r.err)
    for args in (
        ("insights", "--as-of", "0001-01-01"),
        ("week", "--day", "9999-12-31"),
        ("log", "--since", "0001-01-01"),
        ("log", "--until", "9999-12-31"),
        ("report", "--from", "0001-01-01", "-o", str(tmp_path / "r.html")),
        ("edit", "checkin", "9" * 30, "--set", "note=x"),
        ("delete", "checkin", "9" * 30, "--yes"),
    ):
        r = cli(*args)
        assert r.code == 2, (args, r.err)
        assert "unexpected" not in _one_line(r.err), args
    assert cli("log", "--limit", "9" * 30).code == 0  # as many as there are


def test_a_nul_in_an_imported_safety_plan_is_refused_like_a_typed_one(
    cli: Invoke, tmp_path: Path
) -> None:
    doc = _export(cli, tmp_path)
    doc["safety_plan"] = {
        "body": {"coping": ["tea\u0000 by the window"]},
        "updated_at": "2026-11-20T10:00:00Z",
    }
    r = _import(cli, tmp_path, doc)
    assert r.code == 2
    assert _one_line(r.err) == (
        "ebbtide: safety_plan: an entry contains a control character (U+0000); "
        "only line breaks and tabs are kept\n"
    )
    assert cli("safety-plan", "show", "--json").code == 0
