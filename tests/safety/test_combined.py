"""How the rules and the learned layer combine into flagged / unsure / nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ebbtide.safety import DANGER, SUICIDE, detect, learned
from ebbtide.safety.detect import rule_hits
from ebbtide.safety.help import GENTLE_OPENING, OPENING
from ebbtide.safety.learned import Score
from ebbtide.service.context import Context

FLAG, UNSURE = 0.5, 0.2


@dataclass
class FakeModel:
    """Stands in for the learned layer with a fixed probability."""

    probability: float
    kind: str = DANGER
    flag_threshold: float = FLAG
    unsure_threshold: float = UNSURE
    rule_veto: float = 0.0

    def score(self, text: str) -> Score:
        return Score(self.probability, self.kind)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeModel]:
    m = FakeModel(0.0)
    monkeypatch.setattr(learned, "_STATE", {"model": m})
    yield m


NO_RULE = "the bins go out on thursday"  # no rule matches this
RULE = "I want to die."  # an explicit phrase the rules catch
TOPIC = "been reading about overdoses for hours"  # a topic word the rules catch, no "I"


@pytest.mark.parametrize(
    ("probability", "flagged", "unsure"),
    [
        (0.9, True, False),
        (FLAG, True, False),
        (0.3, False, True),
        (UNSURE, False, True),
        (0.1, False, False),
    ],
)
def test_learned_tiers_without_a_rule_hit(
    fake: FakeModel, probability: float, flagged: bool, unsure: bool
) -> None:
    fake.probability = probability
    d = detect(NO_RULE)
    assert (d.flagged, d.unsure) == (flagged, unsure)
    assert d.kinds == ((DANGER,) if flagged else ())


@pytest.mark.parametrize(
    ("probability", "flagged", "unsure"),
    [(0.9, True, False), (0.3, True, False), (0.1, False, True), (0.0, False, True)],
)
def test_a_rule_hit_raises_the_note_one_tier(
    fake: FakeModel, probability: float, flagged: bool, unsure: bool
) -> None:
    fake.probability = probability
    d = detect(RULE)
    assert (d.flagged, d.unsure) == (flagged, unsure)
    if flagged:
        assert d.kinds == (SUICIDE,)  # the rules' kinds win over the model's guess


@pytest.mark.parametrize(
    ("probability", "flagged", "unsure"),
    [(0.3, True, False), (0.1, False, True), (0.05, False, True), (0.049, False, False)],
)
def test_a_topic_word_is_set_aside_only_below_the_veto(
    fake: FakeModel, probability: float, flagged: bool, unsure: bool
) -> None:
    assert rule_hits(TOPIC) == ((SUICIDE,), False)
    fake.rule_veto = 0.05
    fake.probability = probability
    d = detect(TOPIC)
    assert (d.flagged, d.unsure) == (flagged, unsure)


@pytest.mark.parametrize("text", [RULE, "i overdosed last night", "my overdose was last night"])
def test_an_explicit_phrase_is_never_set_aside(fake: FakeModel, text: str) -> None:
    assert rule_hits(text)[1]
    fake.rule_veto = 0.05
    fake.probability = 0.0
    d = detect(text)
    assert (d.flagged, d.unsure) == (False, True)


def test_empty_text_is_never_scored(fake: FakeModel) -> None:
    fake.probability = 1.0
    assert detect("   \n ") == detect("") == detect("\t")
    assert not detect("").flagged and not detect("").unsure


def test_without_the_model_the_rules_decide_and_risky_words_are_flagged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(learned, "_STATE", {"model": None})
    assert detect(RULE).flagged and detect(RULE).kinds == (SUICIDE,)
    assert detect("thinking about the pills in the cupboard").flagged  # generous
    assert not detect(NO_RULE).flagged and not detect(NO_RULE).unsure


def test_a_model_that_fails_to_load_falls_back_without_raising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("model file unreadable")

    monkeypatch.setattr(learned, "_STATE", {})  # not loaded yet
    monkeypatch.setattr(learned.CrisisModel, "load", broken)
    assert learned.model() is None
    assert detect("thinking about the pills in the cupboard").flagged


def test_a_scoring_error_never_raises_and_still_gets_help(fake: FakeModel) -> None:
    def explode(text: str) -> Score:
        raise RuntimeError("bug")

    fake.score = explode  # type: ignore[method-assign]
    d = detect("i've got the tablets counted out")
    assert d.flagged and d.kinds


def test_detection_never_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("DEBUG"):
        detect("i want to disappear for good")
        detect("the bins go out on thursday")
    assert caplog.records == []


def test_unsure_notes_get_the_gentle_form_and_flagged_ones_the_full_help(
    fake: FakeModel, ctx: Context
) -> None:
    from ebbtide.service import safety

    safety.set_region(ctx, "GB")
    fake.probability = 0.3
    gentle = safety.notices_for(ctx, NO_RULE)
    assert gentle[0] == GENTLE_OPENING and gentle[0].startswith("If any of this is about")
    assert any("116 123" in line for line in gentle) and OPENING not in gentle
    fake.probability = 0.9
    full = safety.notices_for(ctx, NO_RULE)
    assert full[0] == OPENING and len(full) > len(gentle)
    fake.probability = 0.0
    assert safety.notices_for(ctx, NO_RULE) == ()
