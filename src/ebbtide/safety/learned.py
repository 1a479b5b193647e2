"""The learned crisis layer at run time: a linear model scored with NumPy from plain arrays.

The model file (``model/crisis_model.npz``, uncompressed so loading is a copy, written by ``scripts/train_crisis_model.py``)
holds only numbers and strings, loaded with ``allow_pickle=False``: no scikit-learn object
is ever unpickled, nothing is fetched, and loading happens once, on the first note.

File layout (every array name below is a key of the ``.npz``):

- ``intercept`` (heads,): one crisis head, then one head per kind (suicide, self-harm, danger);
- for each TF-IDF block B in ``blocks`` (``char`` n-grams, negation-marked ``words``,
  ``scope``: words tagged by whose clause, negation and past frame they are in):
  ``B_terms`` (the terms as newline-separated UTF-8 bytes), ``B_idf`` (terms,),
  ``B_coef`` (terms, heads); a block's value is the L2-normalised sublinear TF-IDF
  vector of the note times ``B_coef``;
- ``pieces`` (tokenizer pieces by id, newline-separated UTF-8), ``merge_keys`` and
  ``merge_values`` (byte-pair merges packed as in ``features.merge_key``/``merge_value``):
  the Llama-2 tokenizer of wordllama 0.4;
- ``piece_coef`` (pieces, heads) and ``piece_bias`` (heads,): wordllama's 256-d piece
  embeddings already multiplied through the classifier, which is exact because the note
  vector is the plain mean of its piece embeddings (``mean(E[ids]) @ W == mean(E[ids] @ W)``).

The ``.json`` beside it carries the thresholds and where the model came from.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.safety.features import (
    PieceTokenizer,
    char_ngram_list,
    negation_terms,
    scope_terms,
    split_strings,
)

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_NPZ = MODEL_DIR / "crisis_model.npz"
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
    index: dict[str, int]
    idf: Any  # np.ndarray (terms,)
    coef: Any  # np.ndarray (terms, heads)


class CrisisModel:
    """A loaded model: ``score(text)`` and the two thresholds."""

    def __init__(self, arrays: dict[str, Any], meta: dict[str, Any]) -> None:
        import numpy as np

        self._np = np
        self.flag_threshold = float(meta["flag_threshold"])
        self.unsure_threshold = float(meta["unsure_threshold"])
        self._intercept = arrays["intercept"]
        self._blocks = {
            name: _Block(
                {t: i for i, t in enumerate(_strings(arrays[f"{name}_terms"]))},
                arrays[f"{name}_idf"],
                arrays[f"{name}_coef"],
            )
            for name in meta["blocks"]
        }
        merges = dict(
            zip(arrays["merge_keys"].tolist(), arrays["merge_values"].tolist(), strict=True)
        )
        self._tokenizer = PieceTokenizer(_strings(arrays["pieces"]), merges)
        self._piece_coef = arrays["piece_coef"]
        self._piece_bias = arrays["piece_bias"]

    @classmethod
    def load(cls, npz: Path = MODEL_NPZ, meta: Path = MODEL_JSON) -> CrisisModel:
        """Read the model files (numbers and strings only, never pickles)."""
        import numpy as np

        with np.load(npz, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        return cls(arrays, json.loads(meta.read_text(encoding="utf-8")))

    def logits(self, text: str) -> Any:
        """Raw head values (crisis logit, then kind logits) for ``text``."""
        from ebbtide.safety.features import normalise

        np = self._np
        out = self._intercept.copy()
        for name, block in self._blocks.items():
            out += _tfidf_dot(ANALYZERS[name](text), block, np)
        ids = self._tokenizer.ids(normalise(text))
        if ids:
            out += self._piece_coef[ids].mean(axis=0)
        out += self._piece_bias
        return out

    def score(self, text: str) -> Score:
        """Crisis probability (0..1) and the likeliest kind of crisis for ``text``."""
        z = self.logits(text)
        p = 1.0 / (1.0 + math.exp(-max(min(float(z[0]), 50.0), -50.0)))
        kind = KIND_HEADS[int(self._np.argmax(z[1:]))]
        return Score(p, kind)


def _strings(blob: Any) -> list[str]:
    return split_strings(blob.tobytes())


def _tfidf_dot(terms: Iterable[str], block: _Block, np: Any) -> Any:
    counts = Counter(i for i in map(block.index.get, terms) if i is not None)
    if not counts:
        return 0.0
    idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    x = (np.log(tf) + 1.0) * block.idf[idx]
    x /= math.sqrt(float(x @ x))
    return x @ block.coef[idx]


_STATE: dict[str, CrisisModel | None] = {}


def model() -> CrisisModel | None:
    """The shipped model, loaded on first use; None if it cannot be loaded (never raises)."""
    if "model" not in _STATE:
        try:
            _STATE["model"] = CrisisModel.load()
        except Exception:  # a broken install must never hide help: the caller falls back
            _STATE["model"] = None
    return _STATE["model"]
