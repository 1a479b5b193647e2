"""The learned crisis layer at run time: a linear model scored in plain Python from arrays.

The model file (``model/crisis_model.npz``, uncompressed, written by
``scripts/train_crisis_model.py``) holds only numbers and strings. It is read without
NumPy (a check-in with a note should not pay for importing it): each ``.npy`` member's
header is parsed, only plain little-endian numeric types are accepted (never an object
array, so nothing is ever unpickled), and the data becomes an ``array.array``. Nothing is
fetched, and loading happens once, on the first note.

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

import array
import json
import math
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebbtide.safety.features import (
    PieceTokenizer,
    char_ngram_list,
    negation_terms,
    normalise,
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
        self._intercept = _flat(arrays["intercept"], "d")
        self._heads = len(self._intercept)
        self._blocks = {
            name: _Block(
                {t: i for i, t in enumerate(_strings(arrays[f"{name}_terms"]))},
                _flat(arrays[f"{name}_idf"], "d"),
                _flat(arrays[f"{name}_coef"], "d"),
            )
            for name in meta["blocks"]
        }
        keys = _flat(arrays["merge_keys"], "I").tolist()
        values = _flat(arrays["merge_values"], "I").tolist()
        self._tokenizer = PieceTokenizer(
            _strings(arrays["pieces"]), dict(zip(keys, values, strict=True))
        )
        self._piece_coef = _flat(arrays["piece_coef"], "d")
        self._piece_bias = _flat(arrays["piece_bias"], "d")

    @classmethod
    def load(cls, npz: Path = MODEL_NPZ, meta: Path = MODEL_JSON) -> CrisisModel:
        """Read the model files (plain numbers and strings only, never pickles)."""
        return cls(read_npz(npz), json.loads(meta.read_text(encoding="utf-8")))

    def logits(self, text: str) -> list[float]:
        """Raw head values (crisis logit, then kind logits) for ``text``."""
        heads = self._heads
        out = list(self._intercept)
        for name, block in self._blocks.items():
            _add_tfidf(out, ANALYZERS[name](text), block, heads)
        ids = self._tokenizer.ids(normalise(text))
        if ids:
            coef, share = self._piece_coef, 1.0 / len(ids)
            for h in range(heads):
                out[h] += math.fsum(coef[i * heads + h] for i in ids) * share
        for h in range(heads):
            out[h] += self._piece_bias[h]
        return out

    def score(self, text: str) -> Score:
        """Crisis probability (0..1) and the likeliest kind of crisis for ``text``."""
        z = self.logits(text)
        p = 1.0 / (1.0 + math.exp(-max(min(z[0], 50.0), -50.0)))
        kinds = z[1:]
        return Score(p, KIND_HEADS[kinds.index(max(kinds))])


def _add_tfidf(out: list[float], terms: Iterable[str], block: _Block, heads: int) -> None:
    """Add the L2-normalised sublinear TF-IDF vector of ``terms`` times the block's coef."""
    index = block.index
    counts = Counter(i for i in map(index.get, terms) if i is not None)
    if not counts:
        return
    idf, coef = block.idf, block.coef
    weights = [(i, (math.log(tf) + 1.0) * idf[i]) for i, tf in counts.items()]
    norm = math.sqrt(math.fsum(w * w for _, w in weights))
    for h in range(heads):
        out[h] += math.fsum(w * coef[i * heads + h] for i, w in weights) / norm


def _flat(x: Any, code: str) -> array.array[Any]:
    """``x`` as a flat ``array.array`` of type ``code`` (NumPy arrays are converted)."""
    if isinstance(x, array.array):
        return x
    out = array.array(code)
    out.frombytes(x.astype({"d": "<f8", "I": "<u4"}[code]).ravel(order="C").tobytes())
    if sys.byteorder != "little":
        out.byteswap()
    return out


def _strings(blob: Any) -> list[str]:
    return split_strings(blob.tobytes())


# The .npy types the model file may hold, and the array.array code for each.
_NPY_TYPES = {"<f8": "d", "<u4": "I", "|u1": "B"}
_NPY_HEADER = re.compile(
    r"\{'descr': '(?P<descr>[<|][a-z]\d)', 'fortran_order': False, 'shape': \((?P<shape>[\d, ]*)\), \}"
)


def read_npz(path: Path) -> dict[str, array.array[Any]]:
    """The arrays of an uncompressed ``.npz`` without NumPy; anything unexpected raises."""
    out: dict[str, array.array[Any]] = {}
    with zipfile.ZipFile(path) as z:
        for member in z.namelist():
            raw = z.read(member)
            if raw[:6] != b"\x93NUMPY" or raw[6] not in (1, 2, 3):
                raise ValueError("not an .npy member")
            size, at = (
                (int.from_bytes(raw[8:10], "little"), 10)
                if raw[6] == 1
                else (int.from_bytes(raw[8:12], "little"), 12)
            )
            found = _NPY_HEADER.match(raw[at : at + size].decode("latin-1").strip())
            if found is None or found["descr"] not in _NPY_TYPES:
                raise ValueError("an .npy member of an unexpected type")
            data = array.array(_NPY_TYPES[found["descr"]])
            if data.itemsize != int(found["descr"][2]):
                raise ValueError("unexpected item size on this platform")
            data.frombytes(raw[at + size :])
            count = math.prod(int(n) for n in found["shape"].replace(" ", "").split(",") if n)
            if len(data) != count:
                raise ValueError("an .npy member of the wrong length")
            if sys.byteorder != "little" and data.itemsize > 1:
                data.byteswap()
            out[member.removesuffix(".npy")] = data
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
