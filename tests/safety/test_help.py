"""Help lines: plain text for terminals, with the service and its numbers for phones."""

from __future__ import annotations

from ebbtide.safety.help import GENTLE_OPENING, LINE_KIND, OPENING, help_lines
from ebbtide.safety.plan import make_plan
from ebbtide.safety.resources import REGIONS, emergency_number, lines_for, region_name


def test_every_line_can_be_called_or_texted() -> None:
    for code, lines in REGIONS.items():
        assert region_name(code) != code
        assert emergency_number(code)
        for line in lines:
            assert line.tel_href or line.sms_href
            for href in (line.tel_href, line.sms_href):
                assert href is None or href.split(":", 1)[1].isdigit()


def test_ireland_has_its_own_lines() -> None:
    names = [x.name for x in lines_for("ie")]
    assert names == ["Samaritans Ireland", "Text About It"]


def test_unknown_region_lists_every_line_with_its_country() -> None:
    names = [x.name for x in lines_for(None)]
    assert "Samaritans (United Kingdom)" in names and "Samaritans Ireland" in names
    assert lines_for("ZZ") == lines_for(None)


def test_help_lines_are_strings_that_know_their_kind() -> None:
    plan = make_plan(coping=["Put on the kettle"])
    lines = help_lines(plan, "US")
    assert lines[0] == OPENING and lines[0].kind == "opening"
    crisis = [x for x in lines if x.kind == LINE_KIND]
    assert crisis and crisis[0].line is not None and crisis[0].line.tel == "988"
    assert any("Put on the kettle" in x for x in lines)


def test_gentle_form_is_shorter_and_softer() -> None:
    full, gentle = help_lines(None, "GB"), help_lines(None, "GB", gentle=True)
    assert gentle[0] == GENTLE_OPENING and len(gentle) < len(full)
    assert [x for x in gentle if x.kind == LINE_KIND] == [x for x in full if x.kind == LINE_KIND]
