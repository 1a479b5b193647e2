"""Every shipped instrument against hand-computed vectors, plus property tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebbtide import instruments
from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.instruments import InstrumentFileError, load_dir, parse_answers, score


def _s(code: str, answers: Sequence[int | None]) -> instruments.Result:
    return score(instruments.get(code), answers)


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0] * 9, 0, "minimal"),
        ([3] * 9, 27, "severe"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "mild"),
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "moderately-severe"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately-severe"),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe"),
    ],
)
def test_phq9_totals_and_band_edges(answers: list[int], total: int, band: str) -> None:
    r = _s("phq9", answers)
    assert (r.total, r.band.code if r.band else None, r.prorated) == (total, band, False)


def test_phq9_prorates_up_to_two_missing_items() -> None:
    # 8 answered items summing to 8: mean 8/7 -> 8 + 2 * 8/7 = 10.29 -> 10.
    r = _s("phq9", [1, None, 2, 3, 0, 0, 1, None, 1])
    assert (r.total, r.prorated, r.band and r.band.code) == (10, True, "moderate")
    # one missing, 8 answered summing to 12: 12 + 1.5 = 13.5 -> rounds half up to 14
    assert _s("phq9", [2, 2, 2, 2, 1, 1, 1, 1, None]).total == 14


def test_phq9_three_missing_items_gives_no_total() -> None:
    r = _s("phq9", [None, None, None, 3, 3, 3, 3, 3, 3])
    assert (r.total, r.band) == (None, None)
    assert "3 of 9" in r.note


@pytest.mark.parametrize(("item9", "alerts"), [(0, ()), (1, ("crisis",)), (3, ("crisis",))])
def test_phq9_item9_above_zero_raises_crisis_whatever_the_total(
    item9: int, alerts: tuple[str, ...]
) -> None:
    assert _s("phq9", [0] * 8 + [item9]).alerts == alerts


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0] * 7, 0, "minimal"),
        ([3] * 7, 21, "severe"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ([3, 3, 3, 0, 0, 0, 0], 9, "mild"),
        ([3, 3, 3, 1, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2], 14, "moderate"),
        ([3, 3, 3, 3, 3, 0, 0], 15, "severe"),
    ],
)
def test_gad7_totals_and_band_edges(answers: list[int], total: int, band: str) -> None:
    r = _s("gad7", answers)
    assert (r.total, r.band.code if r.band else None) == (total, band)


def test_gad7_needs_every_item() -> None:
    assert _s("gad7", [1, 1, 1, 1, 1, 1, None]).total is None


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([1, 1, 1], 3, "lower"),
        ([2, 2, 1], 5, "lower"),
        ([2, 2, 2], 6, "higher"),
        ([3, 3, 3], 9, "higher"),
    ],
)
def test_ucla3(answers: list[int], total: int, band: str) -> None:
    r = _s("ucla3", answers)
    assert (r.total, r.band.code if r.band else None) == (total, band)


def test_ucla3_rejects_values_outside_its_options() -> None:
    with pytest.raises(ValidationError):
        _s("ucla3", [0, 1, 1])


@pytest.mark.parametrize(
    ("answers", "total", "band", "family", "friends"),
    [
        ([0] * 6, 0, "at-risk", 0, 0),
        ([5] * 6, 30, "not-at-risk", 15, 15),
        ([2, 2, 2, 2, 2, 1], 11, "at-risk", 6, 5),
        ([2, 2, 2, 2, 2, 2], 12, "not-at-risk", 6, 6),
        ([5, 5, 5, 0, 0, 0], 15, "not-at-risk", 15, 0),
    ],
)
def test_lsns6_total_subscales_and_cutoff(
    answers: list[int], total: int, band: str, family: int, friends: int
) -> None:
    r = _s("lsns6", answers)
    assert (r.total, r.band.code if r.band else None) == (total, band)
    assert r.subscales == {"family": family, "friends": friends}


def test_lsns6_missing_item_gives_no_total_or_subscale() -> None:
    r = _s("lsns6", [1, 1, None, 1, 1, 1])
    assert (r.total, r.subscales) == (None, {"family": None, "friends": None})


@pytest.mark.parametrize(
    ("value", "label"), [(1, "Often/always"), (3, "Occasionally"), (5, "Never")]
)
def test_direct_loneliness_question_is_categorical(value: int, label: str) -> None:
    r = _s("ons-lonely", [value])
    assert (r.total, r.band, r.category) == (None, None, label)


REVERSED = """
code = "demo-rev"
name = "Demo reverse"
short_name = "Rev"
version = "1"
kind = "scored"
preamble = "p"
citation = "c"
licence = "l"
verification = "v"
[[options]]
value = 1
label = "low"
[[options]]
value = 2
label = "mid"
[[options]]
value = 4
label = "high"
[[items]]
id = "a"
text = "a"
[[items]]
id = "b"
text = "b"
reverse = true
[bands]
source = "s"
[[bands.ranges]]
min = 2
max = 4
code = "lo"
label = "lo"
[[bands.ranges]]
min = 5
max = 8
code = "hi"
label = "hi"
"""


def test_reverse_keyed_items_score_min_plus_max_minus_value(tmp_path: Path) -> None:
    (tmp_path / "rev.toml").write_text(REVERSED)
    ins = load_dir(tmp_path)["demo-rev"]
    assert score(ins, [1, 1]).item_scores == (1, 4)
    assert score(ins, [4, 4]).total == 5
    assert score(ins, [1, 4]).total == 2
    assert score(ins, [4, 1]).band.code == "hi"  # type: ignore[union-attr]


def test_bands_with_a_gap_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(REVERSED.replace("min = 5", "min = 6"))
    with pytest.raises(InstrumentFileError, match="tile"):
        load_dir(tmp_path)


def test_reserved_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(REVERSED.replace('"demo-rev"', '"history"'))
    with pytest.raises(InstrumentFileError, match="not allowed"):
        load_dir(tmp_path)


def test_every_shipped_file_cites_a_source_and_says_what_was_verified() -> None:
    table = instruments.builtin()
    assert set(table) == {"phq9", "gad7", "ucla3", "lsns6", "ons-lonely"}
    for ins in table.values():
        assert ins.citation and ins.licence and ins.verification
    assert (table["phq9"].loinc_panel, table["phq9"].loinc_total) == ("44249-1", "44261-6")
    assert (table["gad7"].loinc_panel, table["gad7"].loinc_total) == ("69737-5", "70274-6")
    assert table["ucla3"].loinc_panel == "106418-7"


def test_get_accepts_short_names_and_reports_unknown_codes() -> None:
    assert instruments.get("PHQ-9").code == "phq9"
    with pytest.raises(NotFoundError, match="known: gad7"):
        instruments.get("npss")


def test_parse_answers() -> None:
    ins = instruments.get("gad7")
    assert parse_answers(ins, "0,1,-,3, 2,,1") == (0, 1, None, 3, 2, None, 1)
    with pytest.raises(ValidationError, match="7 questions"):
        parse_answers(ins, "0,1")
    with pytest.raises(ValidationError, match="answer 2"):
        parse_answers(ins, "0,9,0,0,0,0,0")


@st.composite
def answer_sets(draw: st.DrawFn) -> tuple[instruments.Instrument, list[int | None]]:
    ins = draw(st.sampled_from(sorted(instruments.builtin().values(), key=lambda i: i.code)))
    values = draw(
        st.lists(
            st.one_of(st.none(), st.sampled_from(ins.values)),
            min_size=len(ins.items),
            max_size=len(ins.items),
        )
    )
    return ins, values


@given(answer_sets())
def test_every_valid_answer_set_scores_within_range(
    case: tuple[instruments.Instrument, list[int | None]],
) -> None:
    ins, values = case
    r = score(ins, values)
    if r.total is not None:
        assert ins.min_total <= r.total <= ins.max_total
        assert r.band is None or r.band.min <= r.total <= r.band.max
        if ins.bands:
            assert r.band is not None
        missing = sum(v is None for v in values)
        assert missing <= ins.max_missing
        if missing == 0:
            assert r.total == sum(s for s in r.item_scores if s is not None)
    else:
        assert r.band is None
