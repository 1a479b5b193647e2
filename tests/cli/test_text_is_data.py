"""Whatever a person types is printed as data: no command crashes on it, and crisis help
always comes first (issue: a note could hide the help)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Invoke
from tests.support.texts import CRISIS, nasty_text

HELP = "help is available right now"


def test_markup_in_a_crisis_reflection_shows_help_and_log_still_works(cli: Invoke) -> None:
    # A short prompt, not today's: the log's cell shows the prompt before the answer, and a
    # long one would wrap the answer across lines (the test failed on some days).
    r = cli("reflect", "--prompt", "own-company", "--answer", "I want to die tonight [/]")
    assert r.code == 0, r.err
    assert HELP in r.err and "988" in r.err
    assert "I want to die tonight [/]" in r.out
    listed = cli("log")
    assert listed.code == 0 and "I want to die tonight [/]" in listed.out


def test_help_is_printed_before_the_saved_line(
    cli: Invoke, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.cli import output

    order: list[str] = []
    real_notices, real_styled = output.notices, output.styled

    def notices(items: tuple[str, ...]) -> None:
        order.append("help")
        real_notices(items)

    def styled(template: str, **values: object) -> None:
        order.append("saved")
        real_styled(template, **values)

    monkeypatch.setattr(output, "notices", notices)
    monkeypatch.setattr(output, "styled", styled)
    assert cli("checkin", "shut-down", "--note", CRISIS).code == 0
    assert order[:2] == ["help", "saved"]


_COMMANDS = (
    ("checkin", "shut-down", "--note={t}"),
    ("reflect", "--answer={t}"),
    ("boundary", "Mara", "--asked={t}", "--received", "refused", "--yes"),
    ("contact", "Sam", "--note={t}", "--yes"),
    ("solitude", "--activity", "rest", "--note={t}"),
    ("step", "plan", "{t}"),
    ("routine", "add", "{t}"),
    ("people", "add", "{t}"),
)
_VIEWS = (("log",), ("today",), ("week",), ("people",), ("step", "list"), ("routine", "list"))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=nasty_text, crisis=st.booleans(), which=st.integers(0, len(_COMMANDS) - 1))
def test_no_text_crashes_a_command_and_crisis_text_gets_help(
    cli: Invoke, text: str, crisis: bool, which: int
) -> None:
    typed = f"{text} {CRISIS}" if crisis else text
    args = [a.format(t=typed) for a in _COMMANDS[which]]
    r = cli(*args)
    assert r.code in (0, 2), r.err  # saved, or refused with one line; never a crash
    if r.code == 2:
        assert r.err.count("\n") == 1 and "unexpected" not in r.err
    if (
        r.code == 0
        and crisis
        and _COMMANDS[which][0] in ("checkin", "reflect", "boundary", "contact", "solitude", "step")
    ):
        assert HELP in r.err
    for view in _VIEWS:
        shown = cli(*view)
        assert shown.code == 0, (view, shown.err)


def test_an_import_with_crisis_notes_says_how_many_and_nothing_more(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src.db"
    monkeypatch.setenv("EBBTIDE_DB", str(src))
    assert cli("checkin", "shut-down", "--note", CRISIS).code == 0
    assert cli("reflect", "--answer", "i have the pills counted and i want to die").code == 0
    assert cli("checkin", "connected", "--note", "a quiet walk").code == 0
    out = tmp_path / "x.json"
    assert cli("export", "json", "-o", str(out)).code == 0
    monkeypatch.setenv("EBBTIDE_DB", str(tmp_path / "dst.db"))
    r = cli("import", str(out), "--json")
    assert r.code == 0 and r.json()["crisis_notes"] == 2
    assert "2 imported notes may describe a crisis" in r.err
    assert CRISIS not in r.err and "pills" not in r.err
