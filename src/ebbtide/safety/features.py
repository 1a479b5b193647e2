"""Features of the learned crisis layer, shared by training and scoring so both see the same.

Two views of a note:
- character n-grams (2 to 5 characters, inside word boundaries, as scikit-learn's
  ``char_wb`` analyzer counts them), which survive misspelling and slang;
- the word pieces of the Llama-2 tokenizer that wordllama's embeddings are indexed by,
  found with byte-pair merges in plain Python (no tokenizer library, nothing fetched).

Nothing here logs, stores or sends the text.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

NGRAM_MIN = 2
NGRAM_MAX = 5
WORD_START = "\u2581"  # SentencePiece's "▁": marks a piece that starts a word

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, compatibility forms, straight quotes, single spaces."""
    t = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _SPACE.sub(" ", t).strip()


def char_ngrams(norm: str) -> Iterator[str]:
    """The 2- to 5-character n-grams of each word padded with spaces (scikit-learn ``char_wb``)."""
    for word in norm.split():
        w = f" {word} "
        size = len(w)
        for n in range(NGRAM_MIN, NGRAM_MAX + 1):
            if size < n:
                if n == NGRAM_MIN:
                    yield w
                break
            for i in range(size - n + 1):
                yield w[i : i + n]


def char_ngram_list(text: str) -> list[str]:
    """``char_ngrams`` of ``normalise(text)`` as a list (the analyzer used in training)."""
    return list(char_ngrams(normalise(text)))


_NEGATION = re.compile(
    r"^(?:not|no|nope|never|nothing|nobody|none|cannot|dont|didnt|wont|cant|isnt|wasnt|"
    r"doesnt|havent|wouldnt|shouldnt|couldnt|arent|aint|.+n't)$"
)
_SCOPE_END = frozenset({"but", "just", "though", "although", "except", "only", "yet"})
_WORDS = re.compile(r"[\w']+|[.,!?;:()]")
_PUNCT = frozenset(".,!?;:()")
WORD_NGRAM_MAX = 3


def negation_terms(text: str) -> list[str]:
    """Words, and word pairs and triples, with "~" on words in a negation's scope.

    "i don't want to die, i just want the pain to stop" keeps "~want ~to ~die" apart from a
    plain "want to die"; punctuation ("|"), "but" or "just" end the scope.
    """
    marked: list[str] = []
    negated = False
    for w in _WORDS.findall(normalise(text)):
        if w in _PUNCT or w in _SCOPE_END:
            negated = False
            marked.append("|" if w in _PUNCT else w)
        elif _NEGATION.match(w):
            negated = True
            marked.append(w)
        else:
            marked.append(f"~{w}" if negated else w)
    terms = [w for w in marked if w != "|"]
    for n in range(2, WORD_NGRAM_MAX + 1):
        terms.extend(" ".join(marked[i : i + n]) for i in range(len(marked) - n + 1))
    return terms


def merge_key(left: int, right: int) -> int:
    """A pair of piece ids as one int (ids are below 65,536)."""
    return left << 16 | right


def merge_value(rank: int, into: int) -> int:
    """A merge's rank and result as one int; comparing values compares ranks."""
    return rank << 16 | into


class SortedMerges:
    """A read-only ``merge_key -> merge_value`` table over two sorted arrays, by bisection.

    Building a dict of the 61,249 merges costs more than a check-in can spare; a note needs
    only a few hundred look-ups, and the words it splits are cached.
    """

    def __init__(self, keys: Sequence[int], values: Sequence[int]) -> None:
        if len(keys) != len(values):
            raise ValueError("merge keys and values differ in length")
        self._keys = keys
        self._values = values
        self._size = len(keys)

    def get(self, key: int, default: int) -> int:
        """The value stored for ``key``, or ``default``."""
        at = bisect_left(self._keys, key)
        if at < self._size and self._keys[at] == key:
            return self._values[at]
        return default


def base_piece(piece: str) -> bool:
    """Whether the tokenizer starts from ``piece``: one character, or one byte ("<0x41>")."""
    return len(piece) == 1 or (len(piece) == 6 and piece.startswith("<0x") and piece[5] == ">")


class PieceTokenizer:
    """Byte-pair merges over a fixed vocabulary: the Llama-2 tokenizer, without its library.

    ``base`` maps the one-character and byte pieces to their ids (a whole vocabulary works
    too: only those are looked up); ``merges`` maps ``merge_key(left, right)`` to
    ``merge_value(rank, merged id)``. Words never share a merge in this vocabulary (no piece
    holds "▁" after other characters), so each space-separated word is split on its own and
    cached.
    """

    def __init__(self, base: Mapping[str, int], merges: SortedMerges) -> None:
        self._id = base
        self._merges = merges
        self._cache: dict[str, tuple[int, ...]] = {}

    def ids(self, norm: str) -> list[int]:
        """Piece ids of normalised text (spaces become word starts, as the tokenizer does)."""
        out: list[int] = []
        for word in norm.split(" "):
            if not word:
                continue
            cached = self._cache.get(word)
            if cached is None:
                cached = self._word(WORD_START + word)
                if len(self._cache) < 50_000:
                    self._cache[word] = cached
            out.extend(cached)
        return out

    def _word(self, word: str) -> tuple[int, ...]:
        ids = self._id
        symbols: list[int] = []
        for ch in word:
            i = ids.get(ch)
            if i is None:  # byte fallback: one piece per UTF-8 byte
                symbols.extend(ids.get(f"<0x{b:02X}>", 0) for b in ch.encode("utf-8"))
            else:
                symbols.append(i)
        merges = self._merges
        while len(symbols) > 1:
            best, best_at = -1, -1
            for at in range(len(symbols) - 1):
                found = merges.get(symbols[at] << 16 | symbols[at + 1], -1)
                if found >= 0 and (best < 0 or found < best):
                    best, best_at = found, at
            if best < 0:
                break
            symbols[best_at : best_at + 2] = [best & 0xFFFF]
        return tuple(symbols)


def join_strings(items: list[str]) -> bytes:
    """Strings as one UTF-8 blob, newline-separated (none of them holds a newline)."""
    if any("\n" in s for s in items):
        raise ValueError("a string holds a newline")
    return "\n".join(items).encode("utf-8")


def split_strings(blob: bytes) -> list[str]:
    """The inverse of ``join_strings``."""
    return blob.decode("utf-8").split("\n") if blob else []


_FIRST = frozenset(
    {"i", "i'm", "im", "i've", "ive", "i'd", "i'll", "me", "my", "myself", "mine", "we", "us"}
)
_OTHER = frozenset(
    {
        "he", "she", "they", "he's", "she's", "they're", "his", "her", "their", "him", "them",
        "hes", "shes", "theyre", "friend", "friend's", "mate", "mum", "mom", "dad", "sister",
        "brother", "son", "daughter", "character", "client", "patient", "patients", "someone",
        "people", "everyone", "nurse", "doctor", "teacher", "colleague", "student", "students",
        "author", "singer", "film", "book", "show", "song", "podcast", "news", "article",
    }
)  # fmt: skip
_CLAUSE_WORDS = frozenset(
    {"but", "though", "although", "because", "cos", "so", "and", "when", "while", "if", "then"}
)
_SENTENCE_END = frozenset(".!?;")
_PAST = re.compile(
    r"\b(?:used to|years? ago|months ago|when i was|back (?:in|when|then)|in my (?:teens|"
    r"twenties|thirties|forties)|at my lowest|(?:last|that) (?:year|winter|summer|spring|"
    r"autumn|fall)|clean (?:for|since)|since (?:then|i was)|any ?more|no longer|these days|"
    r"recover(?:ed|y)|ago|old me|survived)\b"
)


def scope_terms(text: str) -> list[str]:
    """Words and word pairs tagged by whose clause they are in, negation and a past frame.

    Each clause (split at punctuation and joining words) takes its subject from its first
    pronoun or person word: "F" the writer, "O" someone else. "N" marks words after a
    negation in the clause; "P" every word of a sentence that frames itself as past
    ("years ago", "used to", "no longer"). "he said he wants to die" yields "O:die",
    "i want to die" yields "F:die".
    """
    terms: list[str] = []
    for sentence in _split(_WORDS.findall(normalise(text)), _SENTENCE_END):
        past = "P" if _PAST.search(" ".join(sentence)) else ""
        for clause in _split(sentence, _PUNCT | _CLAUSE_WORDS):
            whose = next(("F" if w in _FIRST else "O" for w in clause if w in _FIRST | _OTHER), "")
            negated = ""
            tagged = []
            for w in clause:
                if _NEGATION.match(w):
                    negated = "N"
                    continue
                tag = whose + negated + past
                if tag:
                    tagged.append(f"{tag}:{w}")
            terms.extend(tagged)
            terms.extend(f"{a} {b}" for a, b in itertools.pairwise(tagged))
            if whose:
                terms.append(f"#{whose}{past}")
    return terms


def _split(words: list[str], ends: frozenset[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for w in words:
        if w in ends:
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]
