"""One rule per question across commands: output folders, renames, unknown histories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Invoke


def test_every_output_command_creates_a_missing_folder_the_same_way(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("checkin", "connected").code == 0
    assert cli("routine", "add", "Evening walk").code == 0
    outputs = {
        "report": ("report", "-o"),
        "export json": ("export", "json", "-o"),
        "export fhir": ("export", "fhir", "-o"),
        "calendar": ("calendar", "export", "-o"),
        "backup": ("backup", "-o"),
    }
    for name, args in outputs.items():
        target = tmp_path / name.replace(" ", "-") / "deeper" / "out.file"
        r = cli(*args, str(target))
        assert r.code == 0, (name, r.err)
        assert target.is_file() and target.parent.stat().st_mode & 0o777 == 0o700, name
        # ...and a folder given as the file is the same clear refusal everywhere.
        r = cli(*args, str(tmp_path))
        assert r.code == 2 and r.err.count("\n") == 1 and "folder" in r.err, (name, r.err)


def test_renaming_someone_to_nothing_is_refused(cli: Invoke) -> None:
    assert cli("people", "add", "Jonas").code == 0
    for empty in ("", "   "):
        r = cli("people", "rename", "Jonas", empty)
        assert r.code == 2
        assert r.err == "ebbtide: name cannot be empty\n"
    assert [p["name"] for p in cli("people", "--json").json()] == ["Jonas"]


def test_a_mistyped_subject_does_not_silently_start_a_new_history(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("checkin", "connected").code == 0
    r = cli("--subject", "mee", "log")
    assert r.code == 2
    assert r.err == (
        "ebbtide: there is no history called 'mee' here (there is: me); "
        "add --create to start a new one\n"
    )
    r = cli("--subject", "mee", "checkin", "mobilized", "--note", "x")
    assert r.code == 2
    assert cli("log", "--json").json()[0]["state"] == "connected"  # nothing went astray
    monkeypatch.setenv("EBBTIDE_SUBJECT", "work")
    assert cli("log").code == 2
    monkeypatch.delenv("EBBTIDE_SUBJECT")
    assert cli("--subject", "work", "--create", "checkin", "mobilized", "--note", "x").code == 0
    assert cli("--subject", "work", "log", "--json").json()[0]["state"] == "mobilized"
    assert cli("--subject", "me", "log", "--json").json()[0]["state"] == "connected"


def test_in_a_terminal_an_unknown_subject_is_asked_about_first(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    assert cli("--subject", "work", "checkin", "connected", "--note", "x").code == 2
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    r = cli("--subject", "work", "checkin", "connected", "--note", "x")
    assert r.code == 0 and "no history called 'work' yet" in r.out
    assert len(cli("--subject", "work", "log", "--json").json()) == 1
