"""One rule for text on every path: line breaks and tabs kept, other control characters refused."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.records import CheckIn, Person, Reflection, Routine
from ebbtide.domain.text import check_text
from ebbtide.safety.plan import make_plan

AT = datetime(2026, 11, 21, 14, tzinfo=UTC)
CONTROLS = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x9F)]


@pytest.mark.parametrize("char", CONTROLS)
def test_control_characters_are_refused_in_every_kind_of_text(char: str) -> None:
    with pytest.raises(ValidationError, match=r"control character \(U\+00"):
        CheckIn(at=AT, tz="UTC", state="connected", note=f"a{char}b")
    with pytest.raises(ValidationError, match=r"control character|one line"):
        Person(name=f"Sam{char}x")
    with pytest.raises(ValidationError, match=r"control character|one line"):
        make_plan(coping=[f"tea{char}"])
    with pytest.raises(ValidationError, match="control character"):
        Reflection(at=AT, tz="UTC", prompt="p", answer=f"x{char}")


def test_an_unpaired_surrogate_is_refused() -> None:
    with pytest.raises(ValidationError, match="U\\+D800"):
        CheckIn(at=AT, tz="UTC", state="connected", note="a\ud800b")


def test_line_breaks_and_tabs_are_kept_and_browser_line_ends_become_unix_ones() -> None:
    c = CheckIn(at=AT, tz="UTC", state="connected", note="one\r\ntwo\rthree\n\tfour")
    assert c.note == "one\ntwo\nthree\n\tfour"
    with pytest.raises(ValidationError, match="one line"):
        Routine(name="Evening\nwalk")


@given(st.text(max_size=30))
def test_check_text_either_keeps_text_or_names_the_problem(value: str) -> None:
    try:
        kept = check_text("note", value, 100)
    except ValidationError as exc:
        assert exc.message.startswith("note ")
        return
    assert kept == value.replace("\r\n", "\n").replace("\r", "\n")
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs") for c in kept)
