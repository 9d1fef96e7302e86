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
* ``numbers``: the text's numbers in order, as bigrams. A translation keeps every figure where its source
  has it, whatever it does to the names around them (a German translation capitalises every noun, which
  breaks the bigrams of names; places and institutions get their own names in each language).

Token hashes are xxh32 (32-bit, matching datasketch's ``affine32`` scheme).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cached_property

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
# The \w+ runs of ASCII text that start with a capital or a digit (the same runs _WORD finds).
_CAPITAL_OR_DIGIT_WORD = re.compile(r"(?<!\w)[A-Z0-9]\w*", re.UNICODE)

# xxh32's primes (XXH32 spec, github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md).
_P1, _P2, _P3, _P4, _P5 = (np.uint32(p) for p in (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1))
_STRIPE_INIT = tuple(np.uint32(v % 2**32) for v in (0x9E3779B1 + 0x85EBCA77, 0x85EBCA77, 0, -0x9E3779B1))


def hash32(token: str) -> int:
    """xxh32 (seed 0) of a token's UTF-8 bytes."""
    return xxhash.xxh32_intdigest(token.encode("utf-8"))


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d array, by sort and neighbour compare: numpy 2.4's ``np.unique``
    goes through a hash table first and was 30x slower on a document's few thousand shingle hashes."""
    values = np.sort(values)
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _unique(hashes: list[int]) -> np.ndarray:
    return sorted_unique(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))


STOPWORD_HASHES = np.array(sorted({hash32(w) for w in STOPWORDS}), dtype=np.uint32)


def hash_shingle(data: bytes) -> int:
    """The 32-bit hash of one shingle's UTF-8 bytes: the ``hashfunc`` that makes datasketch's
    ``MinHash(..., scheme="affine32")`` fed :func:`view_shingles` equal our signatures. It is plain xxh32;
    :func:`xxh32_segments` computes the same function for many shingles at once."""
    return xxhash.xxh32_intdigest(data)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def _windows(base: np.ndarray, count: int, stride: int, pos: int, dtype: str) -> np.ndarray:
    """Zero-copy view of the value of ``dtype`` at byte ``i * stride + pos`` of ``base``, for each i."""
    return np.ndarray((count,), dtype=dtype, buffer=base, offset=pos, strides=(stride,))


def _xxh32_windows(base: np.ndarray, count: int, length: int, stride: int) -> np.ndarray:
    """xxh32 (seed 0) of the ``count`` byte windows ``base[i * stride : i * stride + length]``, step for
    step as the reference C code computes it (uint32 arithmetic wraps modulo 2**32)."""
    if count == 0:
        return np.zeros(0, dtype=np.uint32)
    pos = 0
    if length >= 16:
        acc = [np.full(count, v, dtype=np.uint32) for v in _STRIPE_INIT]
        while pos + 16 <= length:
            for i in range(4):
                lane = _windows(base, count, stride, pos + 4 * i, "<u4")
                acc[i] = _rotl(acc[i] + lane * _P2, 13) * _P1
            pos += 16
        h = _rotl(acc[0], 1) + _rotl(acc[1], 7) + _rotl(acc[2], 12) + _rotl(acc[3], 18)
    else:
        h = np.full(count, _P5, dtype=np.uint32)
    h += np.uint32(length % 2**32)
    while pos + 4 <= length:
        h += _windows(base, count, stride, pos, "<u4") * _P3
        h = _rotl(h, 17)
        h *= _P4
        pos += 4
    while pos < length:
        h += _windows(base, count, stride, pos, "u1") * _P5
        h = _rotl(h, 11)
        h *= _P1
        pos += 1
    h ^= h >> np.uint32(15)
    h *= _P2
    h ^= h >> np.uint32(13)
    h *= _P3
    h ^= h >> np.uint32(16)
    return h


def xxh32_segments(buf: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """xxh32 of the byte segments ``buf[s : s + n]`` for each ``(s, n)``, vectorised per distinct length.

    Equal to ``xxhash.xxh32_intdigest`` of each segment (tested on random bytes); this is what lets the
    character views be hashed without one Python call per n-gram.
    """
    out = np.empty(len(starts), dtype=np.uint32)
    for length in sorted_unique(lengths).tolist():
        picked = np.flatnonzero(lengths == length)
        rows = np.ascontiguousarray(buf[starts[picked, None] + np.arange(length)])
        out[picked] = _xxh32_windows(rows, len(picked), length, length)
    return out


def squash(text: str) -> str:
    """Lowercase, every run of non-word characters to one space."""
    return _SQUASH.sub(" ", text.lower()).strip()


def char_ngrams(text: str, n: int) -> list[str]:
    """Character n-grams of the squashed text (the text itself if it is not longer than ``n``)."""
    s = squash(text)
    if len(s) <= n:
        return [s] if s else []
    return [s[i : i + n] for i in range(len(s) - n + 1)]


def _ngram_hashes_by_position(squashed: str, n: int) -> np.ndarray:
    """xxh32 of the UTF-8 bytes of the n-gram starting at each character of an already squashed text
    (one hash of the whole text if it is not longer than ``n``): :func:`char_ngrams`, hashed in one pass."""
    if not squashed:
        return np.zeros(0, dtype=np.uint32)
    data = squashed.encode("utf-8")
    buf = np.frombuffer(data, dtype=np.uint8)
    if len(squashed) <= n:
        return xxh32_segments(buf, np.zeros(1, dtype=np.int64), np.full(1, len(data), dtype=np.int64))
    count = len(squashed) - n + 1
    if len(data) == len(squashed):  # ASCII: one byte per character, the n-grams are byte windows
        return _xxh32_windows(buf, count, n, 1)
    # Byte offset of every character (UTF-8 continuation bytes are 0b10xxxxxx), plus the end.
    offsets = np.append(np.flatnonzero((buf & 0xC0) != 0x80), len(data))
    starts = offsets[:count]
    return xxh32_segments(buf, starts, offsets[n:] - starts)


def tokens(text: str) -> list[str]:
    """Lowercased word tokens in order."""
    if text.isascii():  # ASCII lowercasing cannot change what \w+ matches
        return _WORD.findall(text.lower())
    return [t.lower() for t in _WORD.findall(text)]


def anchor_tokens(text: str) -> list[str]:
    """Names, numbers and capitalised non-initial words, lowercased, in text order.

    A capitalised word at the start of a sentence is an anchor only if it is not a function word, so
    "The" and "But" are skipped while "Putin" at a sentence start is kept.
    """
    return _anchor_scan(text)[0]


def _anchor_scan(text: str) -> tuple[list[str], set[str]]:
    """:func:`anchor_tokens`, and those of them seen capitalised inside a sentence (or numbers)."""
    anchors: list[str] = []
    inside: set[str] = set()
    # In ASCII text only words starting with A-Z or 0-9 can be anchors: let the regex skip the rest.
    candidates = _CAPITAL_OR_DIGIT_WORD if text.isascii() else _WORD
    for line in text.split("\n"):
        for match in candidates.finditer(line):
            word = match.group(0)
            first = word[0]
            if first.isdigit():
                lowered = word.lower()
                anchors.append(lowered)
                inside.add(lowered)
                continue
            if not first.isupper() or len(word) < 2:
                continue
            lowered = word.lower()
            if lowered in STOPWORDS:
                continue
            # The last non-space character before the word (what ``line[:start].rstrip()[-1]`` is,
            # without the copy): none, or a sentence end, makes it sentence-initial.
            i = match.start() - 1
            while i >= 0 and line[i].isspace():
                i -= 1
            initial = i < 0 or line[i] in _SENTENCE_BEFORE
            if not initial:
                inside.add(lowered)
            if len(word) >= 3 or not initial:  # two-letter capitalised words only inside a sentence
                anchors.append(lowered)
    return anchors, inside


# What may precede a sentence-initial word (after spaces).
_SENTENCE_BEFORE = frozenset('.!?:"-')


def function_word_share(word_seq: np.ndarray) -> float:
    """Share of function words among a text's token hashes (an English-text indicator)."""
    if len(word_seq) == 0:
        return 0.0
    pos = np.searchsorted(STOPWORD_HASHES, word_seq)
    np.minimum(pos, len(STOPWORD_HASHES) - 1, out=pos)
    return float((STOPWORD_HASHES[pos] == word_seq).mean())


# Romanisation of Cyrillic and Greek letters as English-language news spells names from those languages
# ("Зеленский" Zelenskiy/Zelensky, "Харків" Kharkiv, "Μητσοτάκης" Mitsotakis).
_ROMAN = {
    **dict(zip("абвгдезийклмнопрстуфцыэ", "abvgdeziyklmnoprstufcye", strict=True)),
    "ё": "yo",
    "ж": "zh",
    "х": "kh",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ђ": "dj",
    "ћ": "c",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
    **dict(zip("αβγδεζηικλμνξοπρσςτυφωάέήίόύώϊϋΐΰ", "avgdeziiklmnxoprsstyfoaeiioyoiyiy", strict=True)),
    "θ": "th",
    "χ": "ch",
    "ψ": "ps",
}
# A name's key keeps its consonants, spelled alike across romanisations: vowels and the letters that
# romanisations add or drop (h, j, y, g as Ukrainian h) go, c/q/k are one letter, w is v, x is ks.
_KEY_MAP = str.maketrans(
    {
        "c": "k",
        "q": "k",
        "w": "v",
        "x": "ks",
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "h": None,
        "j": None,
        "g": None,
    }
)


def _script(word: str) -> str:
    first = next((c for c in word if c.isalpha()), "")
    if not first:
        return "other"
    if first.isascii() or "\u00c0" <= first <= "\u024f":
        return "latin"
    if "\u0400" <= first <= "\u04ff":
        return "cyrillic"
    if "\u0370" <= first <= "\u03ff" or "\u1f00" <= first <= "\u1fff":
        return "greek"
    return "other"


def name_key(name: str) -> str:
    """A name as its consonants in Latin letters: "Zelensky", "Zelenskyy" and "Зеленский" are "zlnsk",
    "Washington" and "Вашингтон" "vsntn"; a number stays itself. Crude on purpose: it only has to make a
    name and its romanisation or transcription meet, and the names' order does the rest."""
    if name[:1].isdigit():
        return name
    roman = "".join(
        _ROMAN.get(c, c) for c in unicodedata.normalize("NFD", name.lower()) if not unicodedata.combining(c)
    )
    # "kh" (the romanisation of х, which also spells a foreign h: Solhaug as "Сольхауг") goes like h.
    key = roman.replace("kh", "h").translate(_KEY_MAP)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", key))


def first_mentions(anchors: tuple[str, ...]) -> tuple[str, ...]:
    """Each anchor once, at its first mention: repeated organisation names then weigh once."""
    return tuple(dict.fromkeys(anchors))


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
    english: float | None = None  # function_word_share(word_seq), computed once per document
    quoted: np.ndarray | None = None  # per token of word_seq: inside quotation marks (None: no quotes)
    sentences: np.ndarray | None = None  # index in word_seq where each sentence starts (None: unknown)
    names: tuple[str, ...] = ()  # view_anchors at their first mention: names and numbers
    numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))  # number bigrams
    # the hashes of the text's TOP_WORDS most frequent tokens (sorted): mostly its language's function
    # words, so two texts in one language share most of them, whatever the language
    top_words: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))

    def view(self, name: str) -> np.ndarray:
        return getattr(self, name)

    @cached_property
    def first_anchors(self) -> tuple[str, ...]:
        """``first_mentions`` of the anchors, computed once per document instead of once per pair."""
        return first_mentions(self.anchor_seq)

    @cached_property
    def anchor_set(self) -> frozenset[str]:
        """The distinct anchors: their overlap with another document's bounds the anchor order."""
        return frozenset(self.first_anchors)

    @cached_property
    def first_token_at(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct token hashes of ``word_seq`` (sorted) and each one's first position: where a
        name is first mentioned, looked up once per document instead of scanning the text once per name
        and pair. Two arrays, not a dict of Python ints: verification keeps what it computes on every
        document it has read, and the dict took 4-6 times the memory (18 KB of a long text's 21)."""
        tokens, first = np.unique(self.word_seq, return_index=True)
        return tokens, first.astype(np.int32)

    def first_positions(self, hashes: np.ndarray) -> np.ndarray:
        """The first position in ``word_seq`` of each of ``hashes`` found among its tokens (in the order
        of ``hashes``; those not found are left out)."""
        tokens, first = self.first_token_at
        if len(tokens) == 0 or len(hashes) == 0:
            return np.zeros(0, dtype=np.int32)
        at = np.minimum(np.searchsorted(tokens, hashes), len(tokens) - 1)
        return first[at][tokens[at] == hashes]

    @cached_property
    def name_keys(self) -> tuple[str, ...]:
        """``names`` as :func:`name_key` spells them, each key at its first mention: what a translation
        into or out of another script (Cyrillic, Greek) is compared on."""
        # (A key of one letter, "Sea" or "Ann", would meet too many others.)
        return tuple(dict.fromkeys(k for k in map(name_key, self.names) if len(k) > 1 or k.isdigit()))

    @cached_property
    def name_script(self) -> str | None:
        """The script most of the names (not numbers) are written in: "latin", "cyrillic", "greek", or
        None (no names, or another script)."""
        counts: dict[str, int] = {}
        for name in self.names:
            if not name[0].isdigit():
                script = _script(name)
                counts[script] = counts.get(script, 0) + 1
        if not counts:
            return None
        best = max(counts, key=counts.get)
        return best if best != "other" else None


def quoted_tokens(
    text: str, n_tokens: int, *, at: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray | None:
    """Which of ``text``'s tokens (:func:`tokens`) sit inside quotation marks, or None when none do.

    Per line: the segments between double quotes alternate outside/inside; an opening quote not closed
    on its line (a quote running over paragraphs) quotes to the line's end. Tokens never span a quote
    mark or a line break, so the segments' tokens are the text's tokens in order.
    """
    if '"' not in text:
        return None
    if text.isascii():
        b, token_at = at or _ascii_tokens(text)
        if len(token_at) != n_tokens:
            return None
        # Quotes before each token on its own line: the running count of quotes less the count at the
        # line's start; an odd number is inside a quotation.
        quotes = np.cumsum(b == 34)
        breaks = np.flatnonzero(b == 10)
        at_line_start = np.concatenate(([0], quotes[breaks]))[np.searchsorted(breaks, token_at)]
        return ((quotes[token_at] - at_line_start) % 2).astype(bool)
    flags: list[bool] = []
    for line in text.split("\n"):
        if '"' not in line:
            flags.extend([False] * len(_WORD.findall(line)))
            continue
        for i, segment in enumerate(line.split('"')):
            flags.extend([bool(i % 2)] * len(_WORD.findall(segment)))
    if len(flags) != n_tokens:  # a tokenisation this function does not mirror: no mask
        return None
    return np.array(flags, dtype=bool)


# A sentence ends at ".", "!" or "?" (a closing quote or bracket may follow) before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")


_WORD_OR_MARK = re.compile(r"\w+|\x00")
# Per byte of ASCII text: a word character, white space, a sentence end, a closing quote or bracket
# (the character classes of _WORD and _SENTENCE_END, read off the regex engine itself).
_IS_WORD = np.array([bool(_WORD.match(chr(b))) for b in range(128)] + [False] * 128)
_IS_SPACE = np.array([bool(re.match(r"\s", chr(b))) for b in range(128)] + [False] * 128)
_IS_END = np.array([chr(b) in ".!?" for b in range(128)] + [False] * 128)
_IS_CLOSER = np.array([chr(b) in "\"')]" for b in range(128)] + [False] * 128)


def _ascii_tokens(text: str) -> tuple[np.ndarray, np.ndarray]:
    """An ASCII text's bytes and the byte offset where each of its tokens starts (the quotation mask and
    the sentence starts both read them)."""
    b = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    word = _IS_WORD[b]
    return b, np.flatnonzero(word & ~np.concatenate(([False], word[:-1])))


def sentence_starts(
    text: str, n_tokens: int, *, at: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray | None:
    """The index of the first token (:func:`tokens`) of each sentence of ``text`` (lines are paragraphs,
    split at sentence ends), or None when the count does not come out at ``n_tokens``. Tokens never span
    white space, so the sentences' tokens are the text's tokens in order. A sentence boundary's place
    among the tokens is the number of tokens that start before it (ASCII text: on its bytes at once;
    ``at``: :func:`_ascii_tokens` of it, when the caller has them)."""
    if not text.isascii():
        return _sentence_starts_marked(text, n_tokens)
    b, token_at = at or _ascii_tokens(text)
    if len(token_at) != n_tokens:
        return None
    if not n_tokens:
        return np.zeros(0, dtype=np.int32)
    space = _IS_SPACE[b]
    # A run of white space after ".", "!" or "?" (closing quotes and brackets may come between) ends a
    # sentence; so does every line break.
    run = np.flatnonzero(space & ~np.concatenate(([False], space[:-1])))
    before = run - 1
    while True:
        closer = (before >= 0) & _IS_CLOSER[b[np.maximum(before, 0)]]
        if not closer.any():
            break
        before = np.where(closer, before - 1, before)
    ends = run[(before >= 0) & _IS_END[b[np.maximum(before, 0)]]]
    breaks = np.concatenate((ends, np.flatnonzero(b == 10)))
    at = np.unique(np.append(np.searchsorted(token_at, breaks), 0))
    return at[at < n_tokens].astype(np.int32)


def _sentence_starts_marked(text: str, n_tokens: int) -> np.ndarray | None:
    """:func:`sentence_starts` for any text: every sentence end becomes a mark, and a mark's position
    among the tokens is where the next sentence starts."""
    marked = _SENTENCE_END.sub("\x00 ", text.replace("\n", " \x00 "))
    items = _WORD_OR_MARK.findall(marked)
    marks = [i for i, item in enumerate(items) if item == "\x00"]
    if len(items) - len(marks) != n_tokens:
        return None
    if not n_tokens:
        return np.zeros(0, dtype=np.int32)
    at = np.unique(np.append(np.array(marks, dtype=np.int64) - np.arange(len(marks)), 0))
    return at[at < n_tokens].astype(np.int32)


def _anchor_bigrams(anchors: list[str]) -> np.ndarray:
    bigrams = {f"{a} {b}" for a, b in zip(anchors, anchors[1:], strict=False)} or set(anchors)
    return _unique([hash32(g) for g in bigrams])


def anchor_bigrams(match_text: str, numbers: bool = False) -> np.ndarray:
    """The ``anchors`` view of a text on its own: sorted unique hashes of consecutive pairs of its names
    and numbers (:func:`view_anchors`); with ``numbers``, together with its ``numbers`` view (the bigrams
    counted for ``common_anchors``, which leave both views' signatures)."""
    anchors, inside = _anchor_scan(match_text)
    bigrams = _anchor_bigrams(view_anchors(anchors, inside))
    if numbers:
        bigrams = sorted_unique(np.concatenate((bigrams, _number_bigrams(anchors))))
    return bigrams


# A text quoting fewer numbers than this has no ``numbers`` view: one or two bigrams would pair it with
# every text that happens to share them.
MIN_NUMBERS = 4


def _number_bigrams(anchors: list[str]) -> np.ndarray:
    """Hashes of consecutive pairs of a text's numbers (every mention, in text order), hashed like the
    ``anchors`` view's bigrams, so that a pair of numbers common in the corpus is one hash in both."""
    numbers = [a for a in anchors if a[0].isdigit()]
    if len(numbers) < MIN_NUMBERS:
        return np.zeros(0, dtype=np.uint32)
    return _unique([hash32(f"{a} {b}") for a, b in {(a, b) for a, b in zip(numbers, numbers[1:])}])


def view_anchors(anchors: list[str], inside: set[str]) -> list[str]:
    """The anchors that are names or numbers (seen capitalised inside a sentence somewhere in the text),
    in text order, repeats and all: what the ``anchors`` view is made of, and (first mentions)
    ``Features.names``. A word capitalised only where it opens a sentence ("Frankly", "Residents") is an
    ordinary word, which a translation renders in its own language; names and numbers it keeps, so
    across languages these line up where all anchors do not."""
    return [a for a in anchors if a in inside]


def common_anchor_limit(n_docs: int, cfg: MatchConfig) -> float:
    """An anchor bigram on more documents than this is common (see ``common_anchors``)."""
    return max(float(cfg.common_anchor_min_docs), cfg.common_anchor_share * n_docs)


def count_hashes(values: np.ndarray, counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct ``values`` and how often each occurs (summing ``counts`` when given, 1 each
    otherwise)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(ordered)) + 1))
    if counts is None:
        return ordered[starts].astype(np.uint32), np.diff(np.concatenate((starts, [len(ordered)])))
    return ordered[starts].astype(np.uint32), np.add.reduceat(counts[order].astype(np.int64), starts)


def common_of_counts(
    values: np.ndarray, counts: np.ndarray, n_docs: int, cfg: MatchConfig, limit=common_anchor_limit
) -> tuple[np.ndarray, np.ndarray]:
    """Of counted hashes (``count_hashes``), those on more than ``limit(n_docs, cfg)`` documents (by
    default ``common_anchor_limit``: anchor bigrams), and their counts."""
    common = counts > limit(n_docs, cfg)
    return values[common].astype(np.uint32), counts[common].astype(np.int64)


def common_anchors(bigrams: np.ndarray, n_docs: int, cfg: MatchConfig) -> tuple[np.ndarray, np.ndarray]:
    """The common anchor bigrams of a corpus and on how many documents each is.

    ``bigrams`` holds every document's ``anchor_bigrams`` concatenated (each document's once). A bigram
    on more than ``common_anchor_limit`` documents names an institution or a place that many stories
    mention ("food drug", "white house"), not a story: two texts sharing it collided in an ``anchors``
    band while sharing nothing else, and the number of such collisions grows faster than the corpus.
    """
    values, counts = count_hashes(bigrams)
    return common_of_counts(values, counts, n_docs, cfg)


def common_gram_limit(n_sampled: int, cfg: MatchConfig) -> float:
    """A character n-gram on more of the sampled documents than this is common (see ``common_grams``);
    with ``common_gram_share`` null none is."""
    if cfg.common_gram_share is None:
        return float("inf")
    return max(float(cfg.common_gram_min_docs), cfg.common_gram_share * n_sampled)


def in_gram_sample(doc_id: str, n_docs: int, cfg: MatchConfig) -> bool:
    """Whether a document is one of the about ``common_gram_sample`` documents of a corpus of ``n_docs``
    whose character n-grams are counted for ``common_grams``: chosen by the crc32 of its id, so the
    sample is the same on every runner and in every order (every document of a smaller corpus)."""
    if cfg.common_gram_share is None:
        return False
    return (zlib.crc32(doc_id.encode("utf-8")) * n_docs) < (cfg.common_gram_sample << 32)


def text_grams(match_text: str, cfg: MatchConfig) -> np.ndarray:
    """A text's distinct character n-grams (the ``chars`` view of ``features``), sorted."""
    return sorted_unique(_ngram_hashes_by_position(squash(match_text), cfg.char_ngram))


def common_grams(grams: np.ndarray, n_sampled: int, cfg: MatchConfig) -> tuple[np.ndarray, np.ndarray]:
    """The common character n-grams of a sample of documents and on how many of them each is.

    ``grams`` holds the sampled documents' ``text_grams`` concatenated. Unrelated news texts share
    about a fifth of their character 5-grams, nearly all of them n-grams of function words and stock
    phrases that half the corpus has (" the ", "of th", "said "); left out, two unrelated texts share a
    few percent, and two copies of one story still most of theirs (their names, numbers and wording).
    Kept in, a view of character n-grams makes a candidate of a fixed share of all pairs of unrelated
    documents: on benchmark corpora of 10,000 and 30,000 documents, 16,351 and 101,079 pairs that only
    the ``chars`` view found and 8 and 27 of them one story.
    """
    values, counts = count_hashes(grams)
    return common_of_counts(values, counts, n_sampled, cfg, common_gram_limit)


# The views signed without the corpus's common anchor bigrams, and without its common character n-grams.
_ANCHOR_VIEWS = ("anchors", "numbers")
_GRAM_VIEWS = ("chars", "lead")


def signed_view(
    feats: Features, name: str, common: np.ndarray | None = None, grams: np.ndarray | None = None
) -> np.ndarray:
    """The shingles of view ``name`` that its MinHash signature is made of: the ``anchors`` and
    ``numbers`` views without the corpus's ``common`` anchor bigrams, the ``chars`` and ``lead`` views
    without its common character n-grams ``grams`` (both sorted uint32), every other view whole."""
    shingles = feats.view(name)
    leave_out = common if name in _ANCHOR_VIEWS else grams if name in _GRAM_VIEWS else None
    if leave_out is None or len(leave_out) == 0 or len(shingles) == 0:
        return shingles
    # Both sorted: a binary search per shingle, not np.isin's sort of both arrays together (the common
    # 5-grams are thousands: 30 against 45 µs for a text's 1,300 5-grams).
    at = np.minimum(np.searchsorted(leave_out, shingles), len(leave_out) - 1)
    return shingles[leave_out[at] != shingles]


TOP_WORDS = 16


def top_words(word_seq: np.ndarray, k: int = TOP_WORDS) -> np.ndarray:
    """The ``k`` most frequent token hashes of a text (ties: the smaller hash), sorted."""
    if len(word_seq) == 0:
        return np.zeros(0, dtype=np.uint32)
    values, counts = np.unique(word_seq, return_counts=True)
    return np.sort(values[np.lexsort((values, -counts))[:k]]).astype(np.uint32)


@dataclass
class _Views:
    """What the signed views of one text are made of, and the steps :func:`features` reuses."""

    toks: list[str]
    anchors: list[str]
    named: list[str]
    chars: np.ndarray
    lead: np.ndarray


def _views(match_text: str, cfg: MatchConfig) -> _Views:
    n = cfg.char_ngram
    squashed = squash(match_text)
    if match_text.isascii() and "_" not in match_text:
        # Without "_" the squashed text is exactly the lowercased \w+ runs joined by single spaces.
        toks = squashed.split(" ") if squashed else []
    else:
        toks = tokens(match_text)
    anchors, inside = _anchor_scan(match_text)
    by_position = _ngram_hashes_by_position(squashed, n)
    lead_squashed = squash(" ".join(toks[: cfg.lead_words]))
    if len(lead_squashed) > n and squashed.startswith(lead_squashed):
        # The lead's n-grams are the text's first ones: no second hashing pass.
        lead = sorted_unique(by_position[: len(lead_squashed) - n + 1])
    else:
        lead = sorted_unique(_ngram_hashes_by_position(lead_squashed, n))
    return _Views(toks, anchors, view_anchors(anchors, inside), sorted_unique(by_position), lead)


def signed_views(match_text: str, cfg: MatchConfig) -> dict[str, np.ndarray]:
    """The shingles of the ``chars``, ``lead``, ``anchors`` and ``numbers`` views only, as :func:`features`
    makes them (not the sequences verification aligns): what the benchmark signs against the datasketch
    loop, which makes these and nothing else."""
    v = _views(match_text, cfg)
    return {
        "chars": v.chars,
        "lead": v.lead,
        "anchors": _anchor_bigrams(v.named),
        "numbers": _number_bigrams(v.anchors),
    }


def features(doc_id: str, match_text: str, cfg: MatchConfig) -> Features:
    """All shingle views of one document's matching text."""
    v = _views(match_text, cfg)
    toks = v.toks
    # Each distinct token is hashed once (a news text repeats most of its words), without a Python frame
    # per token.
    distinct = list(set(toks))
    token_hash = dict(zip(distinct, map(xxhash.xxh32_intdigest, map(str.encode, distinct)), strict=False))
    content = [h for t, h in token_hash.items() if t not in STOPWORDS and len(t) > 1]
    anchors, named = v.anchors, v.named
    word_seq = np.fromiter(map(token_hash.__getitem__, toks), dtype=np.uint32, count=len(toks))
    at = _ascii_tokens(match_text) if match_text.isascii() else None
    return Features(
        doc_id=doc_id,
        chars=v.chars,
        words=_unique(content),
        anchors=_anchor_bigrams(named),
        lead=v.lead,
        numbers=_number_bigrams(anchors),
        word_seq=word_seq,
        anchor_seq=tuple(anchors),
        n_chars=len(match_text),
        english=function_word_share(word_seq),
        quoted=quoted_tokens(match_text, len(toks), at=at),
        sentences=sentence_starts(match_text, len(toks), at=at),
        names=first_mentions(named),
        top_words=top_words(word_seq),
    )


def view_shingles(match_text: str, view: str, cfg: MatchConfig) -> list[str]:
    """The shingle strings of one view (what datasketch would be fed), for interchange and tests."""
    if view == "chars":
        return sorted(set(char_ngrams(match_text, cfg.char_ngram)))
    if view == "words":
        return sorted({t for t in tokens(match_text) if t not in STOPWORDS and len(t) > 1})
    if view == "anchors":
        anchors = view_anchors(*_anchor_scan(match_text))
        return sorted({f"{a} {b}" for a, b in zip(anchors, anchors[1:], strict=False)} or set(anchors))
    if view == "lead":
        return sorted(set(char_ngrams(" ".join(tokens(match_text)[: cfg.lead_words]), cfg.char_ngram)))
    if view == "numbers":
        numbers = [a for a in _anchor_scan(match_text)[0] if a[0].isdigit()]
        if len(numbers) < MIN_NUMBERS:
            return []
        return sorted({f"{a} {b}" for a, b in zip(numbers, numbers[1:], strict=False)})
    raise KeyError(view)
