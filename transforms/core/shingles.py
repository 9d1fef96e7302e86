"""Shingle views of a document's matching text, as sorted unique uint32 hash arrays.

Each view answers a different rewrite:

* ``chars``: character n-grams over the lowercased text with punctuation squashed. A synonym swap only
  touches the n-grams of the swapped word, so spun copies keep most of them; word n-grams do not survive.
* ``words``: content words (function words removed). Spinning replaces a minority of content words;
  MT round trips mostly change function words, which are not in this view at all.
* ``anchors``: names, numbers and capitalised words in text order, as bigrams. They survive spinning,
  MT and translation into another language; independent stories of one event share them but not in
  the same order and density.
* ``lead``: ``chars`` of the first words only: a truncated excerpt keeps the lead.

Token hashes are xxh32 (32-bit, matching datasketch's ``affine32`` scheme).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import xxhash

from transforms.core.config import MatchConfig

# Function words: frequent in every text, they carry no story identity. Written for this project.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves s t don didn doesn isn wasn weren won wouldn couldn shouldn
    hasn haven hadn aren ll re ve d m o y said says say told according one two new year years last first
    however since still yet even well back way may might must shall upon within without among across
    per via mr mrs ms dr""".split()
)

_WORD = re.compile(r"\w+", re.UNICODE)
_SQUASH = re.compile(r"[\W_]+", re.UNICODE)


def hash32(token: str) -> int:
    return xxhash.xxh32_intdigest(token.encode("utf-8"))


def _unique(hashes: list[int]) -> np.ndarray:
    return np.unique(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))


def squash(text: str) -> str:
    """Lowercase, every run of non-word characters to one space."""
    return _SQUASH.sub(" ", text.lower()).strip()


def char_ngrams(text: str, n: int) -> list[str]:
    s = squash(text)
    if len(s) <= n:
        return [s] if s else []
    return [s[i : i + n] for i in range(len(s) - n + 1)]


def tokens(text: str) -> list[str]:
    """Lowercased word tokens in order."""
    return [t.lower() for t in _WORD.findall(text)]


def anchor_tokens(text: str) -> list[str]:
    """Names, numbers and capitalised non-initial words, lowercased, in text order.

    A capitalised word at the start of a sentence is an anchor only if it is not a function word, so
    "The" and "But" are skipped while "Putin" at a sentence start is kept.
    """
    anchors: list[str] = []
    for line in text.split("\n"):
        for match in _WORD.finditer(line):
            word = match.group(0)
            lowered = word.lower()
            if word[0].isdigit():
                anchors.append(lowered)
                continue
            if not word[0].isupper() or len(word) < 2 or lowered in STOPWORDS:
                continue
            before = line[: match.start()].rstrip()
            at_start = not before or before[-1] in '.!?:"-'
            if not at_start or len(word) >= 3:
                anchors.append(lowered)
    return anchors


@dataclass
class Features:
    """A document's shingle views (sorted unique uint32 arrays) and the sequences verification aligns."""

    doc_id: str
    chars: np.ndarray
    words: np.ndarray
    anchors: np.ndarray
    lead: np.ndarray
    word_seq: np.ndarray  # uint32 hash of every token, in order (for run coverage)
    anchor_seq: tuple[str, ...]  # anchors in order (for translation alignment)
    n_chars: int

    def view(self, name: str) -> np.ndarray:
        return getattr(self, name)


def features(doc_id: str, match_text: str, cfg: MatchConfig) -> Features:
    """All shingle views of one document's matching text."""
    n = cfg.char_ngram
    toks = tokens(match_text)
    content = [t for t in toks if t not in STOPWORDS and len(t) > 1]
    anchors = anchor_tokens(match_text)
    lead_text = " ".join(toks[: cfg.lead_words])
    anchor_bigrams = [f"{a} {b}" for a, b in zip(anchors, anchors[1:])] or anchors
    return Features(
        doc_id=doc_id,
        chars=_unique([hash32(g) for g in char_ngrams(match_text, n)]),
        words=_unique([hash32(t) for t in content]),
        anchors=_unique([hash32(g) for g in anchor_bigrams]),
        lead=_unique([hash32(g) for g in char_ngrams(lead_text, n)]),
        word_seq=np.fromiter((hash32(t) for t in toks), dtype=np.uint32, count=len(toks)),
        anchor_seq=tuple(anchors),
        n_chars=len(match_text),
    )


def view_shingles(match_text: str, view: str, cfg: MatchConfig) -> list[str]:
    """The shingle strings of one view (what datasketch would be fed), for interchange and tests."""
    if view == "chars":
        return sorted(set(char_ngrams(match_text, cfg.char_ngram)))
    if view == "words":
        return sorted({t for t in tokens(match_text) if t not in STOPWORDS and len(t) > 1})
    if view == "anchors":
        anchors = anchor_tokens(match_text)
        return sorted({f"{a} {b}" for a, b in zip(anchors, anchors[1:])} or set(anchors))
    if view == "lead":
        return sorted(set(char_ngrams(" ".join(tokens(match_text)[: cfg.lead_words]), cfg.char_ngram)))
    raise KeyError(view)
