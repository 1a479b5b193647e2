"""The shipped learned layer: what it reads, how it loads, and notes written for these tests.

The example notes below were written for these tests (not taken from any data set).
"""

from __future__ import annotations

import array
import functools
import importlib.util
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from tokenizers import Tokenizer

from ebbtide.safety import DANGER, SELF_HARM, SUICIDE, detect
from ebbtide.safety.features import (
    PieceTokenizer,
    SortedMerges,
    char_ngram_list,
    negation_terms,
    normalise,
    split_strings,
)
from ebbtide.safety.learned import (
    MAGIC,
    MODEL_FILE,
    MODEL_JSON,
    CrisisModel,
    model,
    pack_model,
    read_model,
)

WORDLLAMA_TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i dont want to die exactly, i just want everything to stop for good", SUICIDE),
        ("not gonna lie i've been looking at which bridge is highest", SUICIDE),
        ("i'm not ok. i've written the letters and they're in the drawer", SUICIDE),
        ("wanna unalive myself tbh", SUICIDE),
        ("i keep thinking evryone would be better of without me", SUICIDE),
        ("no point in any of it anymore, i've got the tablets counted out", SUICIDE),
        ("i'm not scared of dying, i'm scared of another year like this one", SUICIDE),
        ("i scratched my arms until they bled again tonight", SELF_HARM),
        ("he took my phone and my bank card and says i can't leave the flat", DANGER),
    ],
)
def test_paraphrase_slang_and_misspelling_get_help(text: str, kind: str) -> None:
    d = detect(text)
    assert d.flagged and kind in d.kinds


@pytest.mark.parametrize(
    "text",
    [
        "the new season of that show is killing me, so good",
        "i'm dead tired after the hike but it was gorgeous",
        "my friend's dog died today and she's heartbroken, i brought her soup",
        "no, i'm not thinking of hurting myself. just sad and sleepy",
        "years ago i overdosed. i've been well for six years and today i ran 10k",
        "cut my finger chopping onions, plaster on, dinner was great",
        "i could murder a curry right now",
        "tired and a bit flat today but had a nice call with mum",
    ],
)
def test_idiom_negation_others_and_the_past_are_left_alone(text: str) -> None:
    assert not detect(text).flagged


def test_the_shipped_model_loads_with_ordered_thresholds() -> None:
    m = model()
    assert m is not None
    assert 0.0 < m.unsure_threshold <= m.flag_threshold < 1.0
    meta = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    assert meta["flag_threshold"] == m.flag_threshold


def test_the_model_file_is_small_and_plain() -> None:
    # 21 heads (crisis, 3 kinds, 17 categories) over the terms and 32k pieces, weights in
    # 32-bit floats: about 17 MB. The bound catches a dense table shipped by mistake
    # (wordllama's own is 16 MB more).
    assert MODEL_FILE.stat().st_size < 18_000_000
    arrays = read_model(MODEL_FILE)
    assert {a.typecode for a in arrays.values()} <= {"d", "f", "I", "B"}
    assert all(a.typecode == "f" for name, a in arrays.items() if name.endswith("_coef"))
    assert "pieces" not in arrays  # only the base pieces the tokenizer starts from
    for name in arrays:
        if name.endswith("_terms"):
            terms = split_strings(arrays[name].tobytes())
            assert terms == sorted(terms), name  # looked up by bisection
    keys = arrays["merge_keys"].tolist()
    assert keys == sorted(keys)


def test_the_model_file_reader_round_trips_and_refuses_the_unexpected(tmp_path: Path) -> None:
    arrays: dict[str, array.array[Any]] = {
        "x": array.array("d", [1.5, -2.0]),
        "ids": array.array("I", [7, 2**32 - 1]),
        "blob": array.array("B", b"a\nb"),
        "empty": array.array("d"),
    }
    good = tmp_path / "m.bin"
    good.write_bytes(pack_model(arrays))
    assert read_model(good) == arrays
    raw = good.read_bytes()
    bad = tmp_path / "bad.bin"
    for broken in (
        b"not a model" + raw[len(MAGIC) :],  # wrong magic
        raw[:-1],  # a section cut short
        raw + b"\0",  # trailing bytes
        raw.replace(b'"d"', b'"O"', 1),  # a type code that is not plain numbers
    ):
        bad.write_bytes(broken)
        with pytest.raises(ValueError):
            read_model(bad)
    with pytest.raises(ValueError):
        pack_model({"q": array.array("q", [1])})


def test_sorted_merges_find_every_key_and_only_those() -> None:
    keys = [3, 10, 11, 400]
    merges = SortedMerges(keys, [30, 100, 110, 4000])
    assert [merges.get(k, -1) for k in keys] == [30, 100, 110, 4000]
    assert [merges.get(k, -1) for k in (0, 4, 12, 401)] == [-1, -1, -1, -1]
    with pytest.raises(ValueError):
        SortedMerges([1, 2], [1])


def test_scores_are_probabilities_and_repeatable() -> None:
    m = model()
    assert m is not None
    a = m.score("i can't do this anymore")
    assert 0.0 <= a.probability <= 1.0
    assert m.score("i can't do this anymore") == a
    assert m.score("🙂🙂 \x00 \u202e") is not None


def test_char_ngrams_match_scikit_learn_char_wb() -> None:
    texts = ["I  can’t   sleep", "a b", "ok.", "naïve café 😔", "x", ""]
    ours = TfidfVectorizer(analyzer=char_ngram_list).build_analyzer()
    theirs = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise
    ).build_analyzer()
    for t in texts:
        assert sorted(ours(t)) == sorted(theirs(t))


def test_negation_scope_ends_at_but_and_punctuation() -> None:
    terms = negation_terms("I don't want to die, I just want the pain to stop")
    assert "~want ~to ~die" in terms
    assert "want to die" not in terms
    assert "want the pain" in terms  # after ", i just" the scope has ended


@functools.cache
def _tokenizers() -> tuple[PieceTokenizer, Tokenizer]:
    """Ours, from the shipped model file, and the library's, from wordllama's wheel."""
    spec = importlib.util.find_spec("wordllama")
    assert spec is not None and spec.submodule_search_locations
    lib = Tokenizer.from_file(
        str(Path(next(iter(spec.submodule_search_locations))) / WORDLLAMA_TOKENIZER)
    )
    data = read_model(MODEL_FILE)
    base = split_strings(data["base_pieces"].tobytes())
    ours = PieceTokenizer(
        dict(zip(base, data["base_ids"], strict=True)),
        SortedMerges(data["merge_keys"], data["merge_values"]),
    )
    return ours, lib


@pytest.mark.parametrize(
    "text",
    [
        "i dont wanna be here anymore tbh 😔",
        "Naïve café, colour/color, organise — organize!",
        "kms lol jk… not jk",
        "中文 and ñ and 🏳️‍🌈",
        "tabs\tand\nnewlines   spaced",
    ],
)
def test_piece_tokenizer_matches_the_tokenizers_library(text: str) -> None:
    ours, lib = _tokenizers()
    n = normalise(text)
    assert ours.ids(n) == lib.encode(n, add_special_tokens=False).ids


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_piece_tokenizer_matches_the_library_on_any_text(text: str) -> None:
    ours, lib = _tokenizers()
    n = normalise(text)
    assert ours.ids(n) == lib.encode(n, add_special_tokens=False).ids


def _tiny_model(intercept: list[float], **meta: Any) -> CrisisModel:
    heads = len(intercept)
    arrays = {
        "intercept": array.array("d", intercept),
        "base_pieces": array.array("B", "\u2581".encode()),
        "base_ids": array.array("I", [0]),
        "merge_keys": array.array("I"),
        "merge_values": array.array("I"),
        "piece_coef": array.array("d", [0.0] * heads),
        "piece_bias": array.array("d", [0.0] * heads),
    }
    return CrisisModel(
        arrays, {"flag_threshold": 0.9, "unsure_threshold": 0.1, "blocks": [], **meta}
    )


def test_the_category_heads_add_their_crisis_log_odds_to_the_crisis_logit() -> None:
    kinds = [0.0, 2.0, 1.0]  # self-harm the likeliest kind
    plain = _tiny_model([0.5, *kinds])
    assert plain.crisis_logit("any note") == pytest.approx(0.5)
    cats = _tiny_model(
        [0.5, *kinds, 1.0, 2.0, 0.3],
        category_heads=["a", "b", "c"],
        crisis_categories=["a", "b"],
        category_weight=0.5,
    )
    odds = math.log(math.exp(1.0) + math.exp(2.0)) - 0.3
    assert cats.crisis_logit("any note") == pytest.approx(0.5 + 0.5 * odds)
    score = cats.score("any note")
    assert score.probability == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.5 * odds))))
    assert score.kind == SELF_HARM  # the category heads are not kinds


def test_a_model_whose_heads_do_not_match_its_description_is_refused() -> None:
    with pytest.raises(ValueError):
        _tiny_model([0.5, 0.0, 0.0, 0.0, 1.0], category_heads=["a", "b"], crisis_categories=["a"])
