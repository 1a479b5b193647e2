"""The learned crisis layer at run time: a linear model scored in plain Python from arrays.

The model file (``model/crisis_model.bin``, written by ``scripts/train_crisis_model.py``)
holds only numbers and strings, in a small format of its own that is read in one go without
NumPy or ``zipfile`` (a check-in with a note should pay for neither): a magic line, a JSON
list of ``[name, type code, length]`` and then each array's little-endian bytes in that
order, each becoming an ``array.array``. Only the type codes ``d``, ``I`` and ``B`` are
accepted and the lengths must add up exactly, so nothing is ever unpickled or guessed.
Nothing is fetched, and loading happens once, on the first note.

Arrays (the names of the file's sections):

- ``intercept`` (heads,): one crisis head, then one head per kind (suicide, self-harm,
  danger), then one head per corpus category (``category_heads`` in the ``.json``, from a
  multinomial model over the categories; none in a model without them);
- for each TF-IDF block B in ``blocks`` (``char`` n-grams, negation-marked ``words``,
  ``scope``: words tagged by whose clause, negation and past frame they are in):
  ``B_terms`` (the terms, sorted, as newline-separated UTF-8 bytes; looked up by
  bisection, so no dict is built at load), ``B_idf`` (terms,), ``B_coef`` (terms, heads);
  a block's value is the L2-normalised sublinear TF-IDF vector of the note times ``B_coef``;
- ``base_pieces`` and ``base_ids`` (the one-character and byte pieces the Llama-2
  tokenizer of wordllama 0.4 starts from, and their ids), ``merge_keys`` (sorted) and
  ``merge_values`` (byte-pair merges packed as in ``features.merge_key``/``merge_value``);
- ``piece_coef`` (pieces, heads) and ``piece_bias`` (heads,): wordllama's 256-d piece
  embeddings already multiplied through the classifier, which is exact because the note
  vector is the plain mean of its piece embeddings (``mean(E[ids]) @ W == mean(E[ids] @ W)``).

The crisis logit is the crisis head plus ``category_weight`` times the category heads' crisis
log-odds: log-sum-exp over the heads of ``crisis_categories`` minus log-sum-exp over the rest.

The ``.json`` beside it carries the thresholds and where the model came from.
"""

from __future__ import annotations

import array
import json
import math
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.safety.features import (
    PieceTokenizer,
    SortedMerges,
    char_ngram_list,
    negation_terms,
    normalise,
    scope_terms,
    split_strings,
)

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = MODEL_DIR / "crisis_model.bin"
MODEL_JSON = MODEL_DIR / "crisis_model.json"
KIND_HEADS = ("suicide", "self-harm", "danger")

ANALYZERS = {"char": char_ngram_list, "words": negation_terms, "scope": scope_terms}


@dataclass(frozen=True)
class Score:
    """The learned layer's view of one note: crisis probability and the likeliest kind."""

    probability: float
    kind: str


@dataclass(frozen=True)
class _Block:
    terms: list[str]  # sorted
    idf: array.array[float]  # (terms,)
    coef: array.array[float]  # (terms * heads,), row-major


class CrisisModel:
    """A loaded model: ``score(text)`` and the two thresholds.

    ``arrays`` maps the file's names to ``array.array`` (as read by ``load``) or to NumPy
    arrays (as the training script builds them); either way they are kept as flat arrays.
    """

    def __init__(self, arrays: Mapping[str, Any], meta: dict[str, Any]) -> None:
        self.flag_threshold = float(meta["flag_threshold"])
        self.unsure_threshold = float(meta["unsure_threshold"])
        self.rule_veto = float(meta.get("rule_veto_threshold", 0.0))
        self._intercept = _flat(arrays["intercept"], "d")
        self._heads = len(self._intercept)
        cats = list(meta.get("category_heads", []))
        crisis = set(meta.get("crisis_categories", []))
        first = 1 + len(KIND_HEADS)
        if first + len(cats) != self._heads:
            raise ValueError("the heads do not match the model's description")
        self._category_weight = float(meta.get("category_weight", 0.0)) if cats else 0.0
        self._crisis_heads = [first + i for i, c in enumerate(cats) if c in crisis]
        self._other_heads = [first + i for i, c in enumerate(cats) if c not in crisis]
        self._blocks = {
            name: _Block(
                _strings(arrays[f"{name}_terms"]),
                _flat(arrays[f"{name}_idf"], "d"),
                _flat(arrays[f"{name}_coef"], "d"),
            )
            for name in meta["blocks"]
        }
        base = _strings(arrays["base_pieces"])
        ids = _flat(arrays["base_ids"], "I")
        if len(base) != len(ids):
            raise ValueError("base pieces and ids differ in length")
        self._tokenizer = PieceTokenizer(
            dict(zip(base, ids, strict=True)),
            SortedMerges(_flat(arrays["merge_keys"], "I"), _flat(arrays["merge_values"], "I")),
        )
        self._piece_coef = _flat(arrays["piece_coef"], "d")
        self._piece_bias = _flat(arrays["piece_bias"], "d")

    @classmethod
    def load(cls, path: Path = MODEL_FILE, meta: Path = MODEL_JSON) -> CrisisModel:
        """Read the model files (plain numbers and strings only, never pickles)."""
        return cls(read_model(path), json.loads(meta.read_text(encoding="utf-8")))

    def logits(self, text: str) -> list[float]:
        """Raw head values (crisis head, kind heads, category heads) for ``text``."""
        heads = self._heads
        out = list(self._intercept)
        for name, block in self._blocks.items():
            _add_tfidf(out, ANALYZERS[name](text), block, heads)
        ids = self._tokenizer.ids(normalise(text))
        if ids:
            _add_rows(out, self._piece_coef, [(i, 1.0 / len(ids)) for i in ids], heads)
        for h in range(heads):
            out[h] += self._piece_bias[h]
        return out

    def crisis_logit(self, text: str) -> float:
        """The log-odds of crisis for ``text`` (the crisis head plus the categories' view)."""
        return self._crisis(self.logits(text))

    def _crisis(self, z: list[float]) -> float:
        if not self._category_weight:
            return z[0]
        odds = _logsumexp([z[h] for h in self._crisis_heads]) - _logsumexp(
            [z[h] for h in self._other_heads]
        )
        return z[0] + self._category_weight * odds

    def score(self, text: str) -> Score:
        """Crisis probability (0..1) and the likeliest kind of crisis for ``text``."""
        z = self.logits(text)
        p = 1.0 / (1.0 + math.exp(-max(min(self._crisis(z), 50.0), -50.0)))
        kinds = z[1 : 1 + len(KIND_HEADS)]
        return Score(p, KIND_HEADS[kinds.index(max(kinds))])


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(math.fsum(math.exp(v - top) for v in values))


def _add_rows(
    out: list[float], coef: array.array[float], weights: list[tuple[int, float]], heads: int
) -> None:
    """Add ``sum(w * coef[i])`` over ``weights`` to ``out``, row by row (one row per term)."""
    sums = [0.0] * heads
    for i, w in weights:
        at = i * heads
        sums = [s + w * c for s, c in zip(sums, coef[at : at + heads], strict=True)]
    for h in range(heads):
        out[h] += sums[h]


def _add_tfidf(out: list[float], terms: Iterable[str], block: _Block, heads: int) -> None:
    """Add the L2-normalised sublinear TF-IDF vector of ``terms`` times the block's coef."""
    index, size = block.terms, len(block.terms)
    counts: Counter[int] = Counter()
    for t in terms:
        at = bisect_left(index, t)
        if at < size and index[at] == t:
            counts[at] += 1
    if not counts:
        return
    idf = block.idf
    weights = [(i, (math.log(tf) + 1.0) * idf[i]) for i, tf in counts.items()]
    norm = math.sqrt(math.fsum(w * w for _, w in weights))
    _add_rows(out, block.coef, [(i, w / norm) for i, w in weights], heads)


def _flat(x: Any, code: str) -> array.array[Any]:
    """``x`` as a flat ``array.array`` of type ``code`` (NumPy arrays are converted)."""
    if isinstance(x, array.array):
        return x
    out = array.array(code)
    dtype = {"d": "<f8", "f": "<f4", "I": "<u4", "B": "|u1"}[code]
    out.frombytes(x.astype(dtype).ravel(order="C").tobytes())
    if sys.byteorder != "little":
        out.byteswap()
    return out


def _strings(blob: Any) -> list[str]:
    return split_strings(blob.tobytes())


MAGIC = b"ebbtide crisis model 2\n"
_TYPES = {"d": 8, "f": 4, "I": 4, "B": 1}


def pack_model(arrays: Mapping[str, array.array[Any]]) -> bytes:
    """The bytes of a model file holding ``arrays`` (in the given order)."""
    index = []
    for name, data in arrays.items():
        if data.typecode not in _TYPES or data.itemsize != _TYPES[data.typecode]:
            raise ValueError(f"{name}: an array of an unexpected type")
        index.append([name, data.typecode, len(data)])
    head = json.dumps(index, separators=(",", ":")).encode("ascii")
    parts = [MAGIC, len(head).to_bytes(4, "little"), head]
    for data in arrays.values():
        if sys.byteorder != "little" and data.itemsize > 1:
            data = array.array(data.typecode, data)
            data.byteswap()
        parts.append(data.tobytes())
    return b"".join(parts)


def read_model(path: Path) -> dict[str, array.array[Any]]:
    """The arrays of a model file written by ``pack_model``; anything unexpected raises."""
    raw = memoryview(path.read_bytes())
    at = len(MAGIC)
    if bytes(raw[:at]) != MAGIC:
        raise ValueError("not an ebbtide crisis model file")
    size = int.from_bytes(raw[at : at + 4], "little")
    at += 4
    index = json.loads(bytes(raw[at : at + size]).decode("ascii"))
    at += size
    out: dict[str, array.array[Any]] = {}
    for name, code, count in index:
        if code not in _TYPES or not isinstance(count, int) or count < 0 or name in out:
            raise ValueError("a section of an unexpected type")
        data = array.array(code)
        if data.itemsize != _TYPES[code]:
            raise ValueError("unexpected item size on this platform")
        end = at + count * data.itemsize
        if end > len(raw):
            raise ValueError("a section runs past the end of the file")
        data.frombytes(raw[at:end])
        if sys.byteorder != "little" and data.itemsize > 1:
            data.byteswap()
        out[str(name)] = data
        at = end
    if at != len(raw):
        raise ValueError("unexpected bytes after the last section")
    return out


_STATE: dict[str, CrisisModel | None] = {}


def model() -> CrisisModel | None:
    """The shipped model, loaded on first use; None if it cannot be loaded (never raises)."""
    if "model" not in _STATE:
        try:
            _STATE["model"] = CrisisModel.load()
        except Exception:  # a broken install must never hide help: the caller falls back
            _STATE["model"] = None
    return _STATE["model"]
