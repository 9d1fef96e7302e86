"""Verification of a candidate pair from exact shingle sets: the measures, the decision, the edge record.

Why these measures (see README "Matching"): Jaccard punishes any length difference, so a truncated
excerpt or a copy wrapped in chrome scores low against its source although every sentence of it comes
from there. Spinning breaks word n-grams but keeps words in order and keeps names and numbers. So the
same-story score combines three order- or containment-aware measures: *run coverage* (the share of the
shorter text's words that sit in a word trigram also found in the other text), *anchor order* (the
longest common subsequence of the first mentions of names and numbers, over the shorter list) and the
smaller content-word containment. Independent stories of the same event share names, numbers and a quote
or two, which is little of any of them. Character-shingle Jaccard and containment are recorded too (they
say near copy or excerpt). Translations share almost no shingles; they are linked by anchor order and
number agreement, only across languages and only with enough names and numbers to be evidence.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from transforms.core.config import MatchConfig, VerifyConfig
from transforms.core.shingles import STOPWORD_HASHES, Features, function_word_share, hash32


@dataclass(frozen=True)
class Measures:
    char_jaccard: float
    char_contain_src: float  # share of src's char shingles found in dst
    char_contain_dst: float
    word_contain_src: float
    word_contain_dst: float
    run_coverage: float
    anchor_overlap: float
    len_ratio: float  # shorter / longer, in matching characters
    english_src: float  # share of function words among src tokens (an English-text indicator)
    english_dst: float
    number_agreement: float = 1.0
    numbers_compared: int = 2  # how many numbers number_agreement compared
    # Across languages only (None otherwise): the names' order agreement, how many names the text with
    # fewer has (Features.names), and how many names the two have in common.
    name_overlap: float | None = None
    n_names: int | None = None
    shared_names: int | None = None
    # Weighed as a possible translation (:func:`weighs_translation`).
    translating: bool = False
    # Runs of adjacent names when every name of the text with fewer is in the other in order
    # (:func:`translation_by_entities`); None otherwise.
    name_entities: int | None = None

    @property
    def cross_language(self) -> bool:
        """One of the pair reads as English (many function words) and the other does not."""
        return crosses_language(self.english_src, self.english_dst)


def crosses_language(english_a: float, english_b: float) -> bool:
    """Whether two texts' function-word shares say one reads as English and the other does not."""
    return abs(english_a - english_b) >= 0.2


# A text with fewer English function words than this among its tokens does not read as English (English
# news prose has 0.4-0.5).
ENGLISH_SHARE = 0.2
# Two texts sharing more than this many of their TOP_WORDS most frequent words are in one language: on
# hand-written news texts two in one language (English, German) shared 8-10 of 16, a Spanish, a French
# and an Italian text 4 of 16 with one another, Germanic and Romance ones 0-1.
SAME_LANGUAGE_TOP = 5


def may_translate(english_a: float, english_b: float, shared_top: int) -> bool:
    """Whether a pair is weighed by the translation rules: one text reads as English and the other does
    not, or neither does and they share at most ``SAME_LANGUAGE_TOP`` of their most frequent words (two
    translations of one source into two other languages; two texts in one language other than English
    are weighed like two English ones)."""
    if crosses_language(english_a, english_b):
        return True
    return max(english_a, english_b) < ENGLISH_SHARE and shared_top <= SAME_LANGUAGE_TOP


def weighs_translation(src: Features, dst: Features) -> bool:
    """:func:`may_translate` of two documents (their most frequent words compared only where that can
    decide: when neither reads as English; most pairs are two English texts)."""
    english_src, english_dst = _english(src), _english(dst)
    both_other = max(english_src, english_dst) < ENGLISH_SHARE
    shared = _overlap(src.top_words, dst.top_words) if both_other else 0
    return may_translate(english_src, english_dst, shared)


def _overlap(a: np.ndarray, b: np.ndarray) -> int:
    """Size of the intersection of two unique arrays (Features views): a value in both sits twice, side by
    side, in the sorted concatenation. Timsort (``kind="stable"``) merges the two sorted runs in linear
    time, 2-3x faster than ``np.intersect1d`` or a binary search per element."""
    if len(a) == 0 or len(b) == 0:
        return 0
    both = np.concatenate((a, b))
    both.sort(kind="stable")
    return int(np.count_nonzero(both[1:] == both[:-1]))


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _trigram_keys(seq: np.ndarray) -> np.ndarray:
    if len(seq) < 3:
        return seq.astype(np.uint64)
    s = seq.astype(np.uint64)
    return (s[:-2] * np.uint64(0x9E3779B1) + s[1:-1]) * np.uint64(0x85EBCA77) + s[2:]


def _contained(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``np.isin(keys, sorted_keys)`` for an already sorted, non-empty ``sorted_keys``."""
    return sorted_keys[np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)] == keys


def _coverage(short_keys: np.ndarray, long_sorted: np.ndarray, n_short: int) -> float:
    shared = _contained(short_keys, long_sorted)
    covered = np.zeros(n_short, dtype=bool)
    for offset in range(3):
        covered[offset : offset + len(shared)] |= shared
    return float(covered.mean())


def run_coverage(short: np.ndarray, long: np.ndarray) -> float:
    """Share of ``short``'s tokens inside a word trigram that also occurs in ``long``."""
    if len(short) < 3 or len(long) < 3:
        return 0.0
    return _coverage(_trigram_keys(short), np.sort(_trigram_keys(long)), len(short))


def _window_keys(seq: np.ndarray, k: int) -> np.ndarray:
    """A uint64 key for every run of ``k`` consecutive tokens (a polynomial hash, wrapping)."""
    s = seq.astype(np.uint64)
    n = len(s) - k + 1
    keys = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            keys = keys * np.uint64(0x100000001B3) + s[j : j + n]
    return keys


def _window_keys_outside(seq: np.ndarray, mask: np.ndarray | None, k: int) -> np.ndarray:
    """``_window_keys`` with the runs that touch a token of ``mask`` set to 0 (no key)."""
    keys = _window_keys(seq, k)
    if mask is not None:
        inside = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        keys[(inside[k:] - inside[:-k]) != 0] = 0
    return keys


def _prose_window_keys(f: Features, k: int) -> np.ndarray:
    """The keys of ``f``'s runs of ``k`` tokens, with runs that touch a quotation set to 0 (no key)."""
    return _window_keys_outside(f.word_seq, f.quoted, k)


def _prose_keys(f: Features, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``_prose_window_keys`` in text order and sorted, computed once per document and run length (a
    document meets many candidates in one worker; the shared-passage rules ask for two lengths)."""
    by_length = f.__dict__.setdefault("_prose_keys", {})
    cached = by_length.get(k)
    if cached is None:
        keys = _prose_window_keys(f, k)
        cached = by_length[k] = (keys, np.sort(keys))
    return cached


@dataclass(frozen=True)
class Passage:
    """What two texts share outside quotations in runs of ``k`` words (:func:`shared_passage`)."""

    words: int  # words of the shorter text inside such a run
    share: float  # ... over the shorter text's words
    runs: int  # separate stretches of such words (a run of 30 shared words is one stretch)

    def keeps(self, v: VerifyConfig) -> bool:
        """Enough for a shared-passage edge: several passages, not one shared paragraph."""
        return (
            self.words >= v.passage_min_words
            and self.share >= v.passage_min_share
            and self.runs >= v.passage_min_runs
        )

    def keeps_long(self, v: VerifyConfig) -> bool:
        """Enough for a long-passage edge (runs of ``long_passage_run`` words): several such passages,
        whatever their share of the text."""
        return self.words >= v.passage_min_words and self.runs >= v.passage_min_runs


NO_PASSAGE = Passage(0, 0.0, 0)


def _covered(keys: np.ndarray, other_sorted: np.ndarray, k: int) -> np.ndarray:
    """Per token: inside a run of ``k`` (key ``keys[i]`` at start ``i``) that the other text has too."""
    shared = _contained(keys, other_sorted) & (keys != 0)
    n = len(keys) + k - 1
    if not shared.any():
        return np.zeros(n, dtype=bool)
    # A run starting at i covers i .. i+k-1: a difference array, then a running sum.
    delta = np.zeros(n + 1, dtype=np.int64)
    starts = np.flatnonzero(shared)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + k, -1)
    return np.cumsum(delta[:n]) > 0


def _stretches(covered: np.ndarray) -> int:
    return int(covered[0]) + int(np.count_nonzero(covered[1:] & ~covered[:-1])) if len(covered) else 0


def _passage(short: Features, long: Features, k: int) -> Passage:
    short_keys, short_sorted = _prose_keys(short, k)
    long_keys, long_sorted = _prose_keys(long, k)
    covered = _covered(short_keys, long_sorted, k)
    words = int(np.count_nonzero(covered))
    if not words:
        return NO_PASSAGE
    # Stretches in either text: two paragraphs adjacent in the agency copy sit apart in the newspaper's.
    runs = max(_stretches(covered), _stretches(_covered(long_keys, short_sorted, k)))
    return Passage(words, words / len(short.word_seq), runs)


def shared_passage(a: Features, b: Features, k: int) -> Passage:
    """Words of the shorter text inside a run of ``k`` tokens that the other text has too, leaving out
    runs that touch a quotation in either text (independent stories quote the same people verbatim),
    their share of the shorter text's words and how many separate stretches they form (when both texts
    are equally long, the way with more words)."""
    if len(a.word_seq) < k or len(b.word_seq) < k:
        return NO_PASSAGE
    if len(a.word_seq) == len(b.word_seq):
        return max(_passage(a, b, k), _passage(b, a, k), key=lambda p: (p.words, p.runs))
    short, long = (a, b) if len(a.word_seq) < len(b.word_seq) else (b, a)
    return _passage(short, long, k)


# A sentence takes part in sentence order with at least this many content words outside quotation marks.
SENTENCE_MIN_WORDS = 4


def _sentence_words(f: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``f``'s sentences that take part in sentence order, as (content-word hashes sorted, the sentence
    of each, each sentence's number of distinct content words); computed once per document. Function
    words and words inside quotation marks are left out, and so are sentences mostly inside quotation
    marks (independent stories quote the same people) and sentences left with too few words."""
    if "_sentence_words" in f.__dict__:
        return f.__dict__["_sentence_words"]
    found = None
    words = f.word_seq
    if f.sentences is not None and len(words) and len(f.sentences):
        lengths = np.diff(np.append(f.sentences, len(words)))
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        keep = ~np.isin(words, STOPWORD_HASHES)
        if f.quoted is not None:
            mostly_quoted = 2 * np.add.reduceat(f.quoted.astype(np.int64), f.sentences) > lengths
            keep &= ~f.quoted & ~mostly_quoted[sentence]
        # Distinct (sentence, word) pairs, then sentences with enough words, numbered anew.
        keys = np.unique((sentence[keep].astype(np.uint64) << np.uint64(32)) | words[keep].astype(np.uint64))
        of = (keys >> np.uint64(32)).astype(np.int64)
        sizes = np.bincount(of, minlength=len(lengths))
        counted = sizes >= SENTENCE_MIN_WORDS
        kept = counted[of]
        of = (np.cumsum(counted) - 1)[of[kept]]
        hashes = (keys[kept] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        order = np.argsort(hashes, kind="stable")
        found = (hashes[order], of[order].astype(np.int32), sizes[counted].astype(np.int32))
    f.__dict__["_sentence_words"] = found
    return found


def _sentence_count(f: Features) -> int:
    found = _sentence_words(f)
    return 0 if found is None else len(found[2])


def _sentence_partners(a: Features, b: Features, match: float) -> tuple[np.ndarray, np.ndarray, int]:
    """For the text with fewer (counted) sentences: the position in the other text of each of its
    sentences' partner, the partner's content-word Jaccard, and how many sentences it has. A sentence's
    partner is the other text's sentence it shares most with (the first of equals); sentences whose
    partner shares less than ``match`` have none and are left out."""
    if _sentence_count(a) > _sentence_count(b):
        a, b = b, a
    short, long = _sentence_words(a), _sentence_words(b)
    none = np.zeros(0, dtype=np.int64), np.zeros(0)
    if short is None or long is None or not len(short[2]):
        return *none, 0
    (words_a, of_a, size_a), (words_b, of_b, size_b) = short, long
    n_a, n_b = len(size_a), len(size_b)
    # Every (sentence of a, sentence of b) pair sharing a word, once per shared word.
    lo = np.searchsorted(words_b, words_a, "left")
    hits = np.searchsorted(words_b, words_a, "right") - lo
    total = int(hits.sum())
    if total == 0:
        return *none, n_a
    offsets = np.concatenate(([0], np.cumsum(hits)[:-1]))
    at_b = np.repeat(lo - offsets, hits) + np.arange(total)
    shared = np.bincount(np.repeat(of_a, hits) * n_b + of_b[at_b], minlength=n_a * n_b).reshape(n_a, n_b)
    jaccard = shared / (size_a[:, None] + size_b[None, :] - shared)
    best = jaccard.argmax(axis=1)
    best_jaccard = jaccard[np.arange(n_a), best]
    found = best_jaccard >= match
    return best[found], best_jaccard[found], n_a


def sentence_order(a: Features, b: Features, match: float) -> tuple[int, int]:
    """How many sentences of the text with fewer (counted) sentences have, in the same order, a sentence
    of the other text sharing at least ``match`` of their content words (Jaccard), and how many it has.

    Each sentence's partner is the other text's sentence it shares most with (the first of equals);
    the partners' positions must rise, so what counts is the longest increasing run of them. A spun or
    machine-translated text rewords every sentence where it stands; independent stories of one event
    share a quote or a stock phrase here and there, in their own order.
    """
    partners, _, counted = _sentence_partners(a, b, match)
    return len(_increasing_members(partners.tolist())), counted


def _increasing_members(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence of ``values`` (the one patience sorting
    with back-pointers finds)."""
    tails: list[int] = []
    at: list[int] = []
    back = [-1] * len(values)
    for i, x in enumerate(values):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            at.append(i)
        else:
            tails[k] = x
            at[k] = i
        back[i] = at[k - 1] if k else -1
    members: set[int] = set()
    i = at[-1] if at else -1
    while i >= 0:
        members.add(i)
        i = back[i]
    return members


def displaced_rewording(a: Features, b: Features, match: float, verbatim: float) -> tuple[int, int]:
    """(sentences with a partner, sentences both reworded and out of place) of the text with fewer
    counted sentences; partners as in :func:`sentence_order`.

    A sentence is out of place when its partner is not on the longest run of rising partner positions,
    and reworded when it shares less than ``verbatim`` of its content words with its partner. One
    rewriting step does one or the other: a spun, translated or OCR'd copy rewords sentences where they
    stand, an edited copy moves paragraphs without rewording them. Independent stories of one event
    written from the same stock sentences do both.
    """
    partners, jaccards, _ = _sentence_partners(a, b, match)
    placed = _increasing_members(partners.tolist())
    displaced = sum(1 for i, j in enumerate(jaccards.tolist()) if i not in placed and j < verbatim)
    return len(partners), displaced


def sentences_keep(a: Features, b: Features, v: VerifyConfig) -> tuple[bool, int]:
    """Whether the sentence-order rule keeps a pair (``VerifyConfig.sentence_min_covered``), and how many
    sentences it found in order."""
    if v.sentence_min_covered is None:
        return False, 0
    if min(_sentence_count(a), _sentence_count(b)) < v.sentence_min_covered:
        return False, 0  # too few sentences to have enough in order
    covered, counted = sentence_order(a, b, v.sentence_match)
    return covered >= v.sentence_min_covered and covered >= v.sentence_min_share * counted, covered


_ORDER_CAP = 300


def ordered_overlap(a: tuple[str, ...], b: tuple[str, ...], cap: int = _ORDER_CAP) -> float:
    """Longest common subsequence of two anchor sequences over the shorter one's length.

    Bit-parallel LCS (Allison-Dix / Hyyrö: one big-integer add per element of ``a`` instead of a row of
    the dynamic programme): bit j of ``v`` is 0 where the LCS row steps up at ``b[j]``, so the LCS length
    is the number of zero bits. It was the hottest function of the whole pipeline as a Python DP.
    """
    a, b = a[:cap], b[:cap]
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return _lcs(a, len(b), _lcs_masks(b)) / len(a)


def _lcs_masks(seq: tuple[str, ...]) -> dict[str, int]:
    """Per token of ``seq``, the bit mask of the positions where it stands (the LCS's match vectors)."""
    masks: dict[str, int] = {}
    for j, y in enumerate(seq):
        masks[y] = masks.get(y, 0) | (1 << j)
    return masks


def _lcs(a: tuple[str, ...], n_b: int, masks_b: dict[str, int]) -> int:
    """Length of the longest common subsequence of ``a`` and a sequence of ``n_b`` tokens whose
    :func:`_lcs_masks` are ``masks_b``."""
    full = (1 << n_b) - 1
    v = full
    for x in a:
        m = masks_b.get(x)
        if m:
            u = v & m
            v = ((v + u) | (v - u)) & full
    return n_b - v.bit_count()


def feature_order(fa: Features, fb: Features, attr: str) -> float:
    """:func:`ordered_overlap` of two documents' ``attr`` sequences (``first_anchors`` or ``names``),
    with the longer one's match vectors computed once per document (a document meets many candidates
    in one worker) instead of once per pair."""
    a, b = getattr(fa, attr)[:_ORDER_CAP], getattr(fb, attr)[:_ORDER_CAP]
    if not a or not b:
        return 0.0
    longer = fb
    if len(a) > len(b):
        a, b, longer = b, a, fa
    key = "_lcs_masks_" + attr
    masks = longer.__dict__.get(key)
    if masks is None:
        masks = longer.__dict__[key] = _lcs_masks(b)
    return _lcs(a, len(b), masks) / len(a)


def number_check(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int]:
    """``(number_agreement, numbers_compared)`` of two anchor sequences, in one pass over them."""
    return _number_check({x for x in a if x[0].isdigit()}, {x for x in b if x[0].isdigit()})


def _numbers(f: Features) -> frozenset[str]:
    """The distinct numbers of a document's anchors, computed once per document."""
    numbers = f.__dict__.get("_numbers")
    if numbers is None:
        numbers = f.__dict__["_numbers"] = frozenset(x for x in f.anchor_seq if x[0].isdigit())
    return numbers


def _number_check(na: Set[str], nb: Set[str]) -> tuple[float, int]:
    fewer = na if len(na) <= len(nb) else nb
    if len(fewer) < 2:
        return 1.0, len(fewer)
    return len(na & nb) / len(fewer), len(fewer)


def number_agreement(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Share of the numbers of the text quoting fewer numbers that the other text also has (1.0 when that
    text has fewer than two): an excerpt keeps some of its source's figures, and all of them are right."""
    return number_check(a, b)[0]


def numbers_compared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many numbers ``number_agreement`` compared: those of the text quoting fewer."""
    return number_check(a, b)[1]


def translation_evidence(
    n_anchors: int, anchor_order: float, agreement: float, compared: int, cfg, least: float | None = None
) -> bool:
    """Whether names and numbers line up well enough for a cross-language pair to be a translation
    (order agreement at least ``least``, by default ``translation_anchor_overlap``).

    Same-topic stories share a small cast of names, so when the numbers cannot corroborate (the text
    quoting fewer of them quotes fewer than two) the order of more names must: on four generator
    corpora all 13 translation edges between different stories were of that kind, with 10-15 anchors.
    """
    v = cfg.verify
    return (
        n_anchors >= v.translation_min_anchors
        and anchor_order >= (v.translation_anchor_overlap if least is None else least)
        and agreement >= v.translation_number_agreement
        and (compared >= 2 or n_anchors >= v.translation_min_anchors_uncorroborated)
    )


def translation_by_names(n_names: int, name_order: float, agreement: float, compared: int, cfg) -> bool:
    """:func:`translation_evidence` over the names alone (``translation_name_overlap``; off when null)."""
    least = cfg.verify.translation_name_overlap
    return least is not None and translation_evidence(n_names, name_order, agreement, compared, cfg, least)


def translation_by_shared_names(
    n_names: int, name_order: float, shared: int, agreement: float, compared: int, cfg
) -> bool:
    """The names rule over the names both texts have: at least ``translation_min_shared`` of them,
    ``translation_shared_share`` of the names of the text with fewer, in the same order
    (``translation_shared_order`` of them on the longest common subsequence), numbers agreeing.

    A real translation renders the words a language capitalises that are not names (German capitalises
    every noun; English its weekdays, months and institutions: "Harbour Authority", "Norwegian Institute
    for Marine Research") and gives places their own names (Ukraine, Ucraina, Ukrainien): measured over
    the shorter list, the names it keeps line up at 0.6-0.8. Over the names both have, a translation
    lines them up almost perfectly, where an independent story of the same event mentions its cast in
    its own order. Off when ``translation_shared_order`` is null."""
    v = cfg.verify
    if v.translation_shared_order is None or shared < v.translation_min_shared or n_names == 0:
        return False
    in_order = name_order * n_names  # the longest common subsequence: names in both, in one order
    return (
        in_order >= v.translation_shared_order * shared
        and shared >= v.translation_shared_share * n_names
        and agreement >= v.translation_number_agreement
        and (compared >= 2 or shared >= v.translation_min_anchors_uncorroborated)
    )


def name_entities(f: Features, names: tuple[str, ...]) -> int:
    """Into how many separate runs of adjacent tokens ``names`` fall in ``f``'s text at their first
    mentions: "Digital Rights Group" is three names and one run. Names not found among its tokens (a
    name of several words joined by a hyphen) are left out."""
    hashes = np.fromiter(map(hash32, names), dtype=np.uint32, count=len(names))
    first = np.sort(f.first_positions(hashes))
    if not len(first):
        return 0
    return 1 + int(np.count_nonzero(np.diff(first) != 1))


def translation_by_entities(
    n_entities: int | None, n_names: int, name_order: float, agreement: float, anchor_order: float, cfg
) -> bool:
    """A short translation: every name of the text with fewer (at least ``translation_min_entities``
    separate runs of them in both texts) in the other, in one order, all anchors in order at least
    ``translation_anchor_overlap``, numbers agreeing (when compared). Off when
    ``translation_min_entities`` is null.

    A translated excerpt or short copy names too few people, places and figures for the counts above,
    and its numbers are often one or none. Same-topic stories of one town share its officials and
    bodies, and a body's name is several names in a row ("Johannesburg Federal Trade Commission"), so
    the names are counted as runs: on the 19 generator corpora no pair of different stories with every
    name in order had more than 5 runs; 41 translations and their sources had 6 or more (and 246 other
    pairs of one story)."""
    v = cfg.verify
    least = v.translation_min_entities
    return (
        least is not None
        and n_entities is not None
        and n_names >= least
        and n_entities >= least
        and name_order >= 1.0 - 1e-9
        and anchor_order >= v.translation_anchor_overlap
        and agreement >= v.translation_number_agreement
    )


def name_attr(src: Features, dst: Features) -> str:
    """Which names a pair's names rules compare: ``names`` as written, or, when the two texts write
    most of their names in different scripts (Latin and Cyrillic or Greek), their ``name_keys``
    (:func:`shingles.name_key`: "Zelensky" and "Зеленский" are both "zlnsk")."""
    a, b = src.name_script, dst.name_script
    return "name_keys" if a is not None and b is not None and a != b else "names"


def _name_counts(src: Features, dst: Features, attr: str) -> tuple[int, int]:
    """``(n_names, shared_names)`` over ``attr`` (:func:`name_attr`): how many names the text with fewer
    has, and how many both have. One definition for ``measures`` and ``cannot_be_kept``."""
    a, b = getattr(src, attr), getattr(dst, attr)
    return min(len(a), len(b)), len(set(a) & set(b))


def _entities_in_order(src: Features, dst: Features, name_order: float | None) -> int | None:
    """The fewer of the two texts' runs of the names of the text with fewer names, when every one of
    them is in the other in one order (else None: the run rule cannot apply)."""
    if name_order is None or name_order < 1.0 - 1e-9:
        return None
    a, b = src.names[:_ORDER_CAP], dst.names[:_ORDER_CAP]
    shorter = a if len(a) <= len(b) else b
    if not shorter:
        return None
    return min(name_entities(src, shorter), name_entities(dst, shorter))


def english_share(seq: np.ndarray) -> float:
    """Share of function words among a text's token hashes."""
    return function_word_share(seq)


def _english(f: Features) -> float:
    return f.english if f.english is not None else english_share(f.word_seq)


def _pair_coverage(a: np.ndarray, b: np.ndarray) -> float:
    """Run coverage of the shorter sequence in the longer one (the larger of both ways if equally long)."""
    if len(a) < 3 or len(b) < 3:
        return 0.0
    keys_a, keys_b = _trigram_keys(a), _trigram_keys(b)
    if len(a) == len(b):
        return max(_coverage(keys_a, np.sort(keys_b), len(a)), _coverage(keys_b, np.sort(keys_a), len(b)))
    if len(a) > len(b):
        a, keys_a, keys_b = b, keys_b, keys_a
    return _coverage(keys_a, np.sort(keys_b), len(a))


def measures(src: Features, dst: Features) -> Measures:
    """Every similarity measure of a pair; symmetric up to swapping the ``_src``/``_dst`` fields."""
    common_chars = _overlap(src.chars, dst.chars)
    common_words = _overlap(src.words, dst.words)
    union = len(src.chars) + len(dst.chars) - common_chars
    coverage = _pair_coverage(src.word_seq, dst.word_seq)
    lengths = sorted((src.n_chars, dst.n_chars))
    agreement, compared = _number_check(_numbers(src), _numbers(dst))
    english_src, english_dst = _english(src), _english(dst)
    names = weighs_translation(src, dst)
    attr = name_attr(src, dst) if names else "names"
    name_overlap = feature_order(src, dst, attr) if names else None
    n_names, shared_names = _name_counts(src, dst, attr) if names else (None, None)
    return Measures(
        char_jaccard=_ratio(common_chars, union),
        char_contain_src=_ratio(common_chars, len(src.chars)),
        char_contain_dst=_ratio(common_chars, len(dst.chars)),
        word_contain_src=_ratio(common_words, len(src.words)),
        word_contain_dst=_ratio(common_words, len(dst.words)),
        run_coverage=coverage,
        anchor_overlap=feature_order(src, dst, "first_anchors"),
        len_ratio=_ratio(lengths[0], lengths[1]),
        english_src=english_src,
        english_dst=english_dst,
        number_agreement=agreement,
        numbers_compared=compared,
        name_overlap=name_overlap,
        n_names=n_names,
        shared_names=shared_names,
        translating=names,
        name_entities=_entities_in_order(src, dst, name_overlap) if names and attr == "names" else None,
    )


@dataclass(frozen=True)
class Decision:
    keep: bool
    kind: str  # near_copy | rewrite | translation
    score: float
    decided_by: str
    passage_words: int | None = None  # shared_passage words, when the score alone fell short
    sentences_in_order: int | None = None  # sentence_order, when the passage fell short too


def same_story_score(m: Measures, n_anchors: int, cfg: MatchConfig) -> tuple[float, str]:
    """The logistic same-story score and the measure that contributed most to it."""
    v = cfg.verify
    anchors = m.anchor_overlap if n_anchors >= v.min_anchors else m.run_coverage
    words = min(m.word_contain_src, m.word_contain_dst)
    terms = {
        "run_coverage": v.run_weight * m.run_coverage,
        "anchor_order": v.anchor_weight * anchors,
        "word_containment": v.word_weight * words,
    }
    z = sum(terms.values()) + v.bias
    return 1.0 / (1.0 + math.exp(-z)), max(terms, key=terms.get)


def decide(
    m: Measures,
    n_anchors: int,
    cfg: MatchConfig,
    passage: Callable[[], Passage] | None = None,
    sentences: Callable[[], tuple[bool, int]] | None = None,
    long_passage: Callable[[], Passage] | None = None,
) -> Decision:
    """Whether a pair is one story, what kind of link it is, and which measure decided it.

    ``passage`` (the pair's :func:`shared_passage`, computed only when asked) lets a same-language pair
    scoring between ``passage_min_score`` and ``min_score`` through on a shared passage, and
    ``sentences`` (:func:`sentences_keep`, likewise) on its sentences reworded in place;
    ``long_passage`` (its shared passage in runs of ``long_passage_run`` words) one scoring from
    ``long_passage_min_score`` on passages of whole sentences.
    """
    v = cfg.verify
    text_score, decided_by = same_story_score(m, n_anchors, cfg)
    if text_score >= v.min_score:
        kind = "near_copy" if m.char_jaccard >= 0.8 else "rewrite"
        return Decision(True, kind, text_score, decided_by)
    passage_words = in_order = None
    if v.passage_min_score is not None and text_score >= v.passage_min_score and not m.cross_language:
        if passage is not None:
            shared = passage()
            passage_words = shared.words
            if shared.keeps(v):
                return Decision(True, "rewrite", text_score, "shared_passage", passage_words)
        if sentences is not None and v.sentence_min_covered is not None:
            keep, in_order = sentences()
            if keep:
                return Decision(True, "rewrite", text_score, "sentence_order", passage_words, in_order)
    if long_passage is not None and _long_floor(text_score, v) and not m.cross_language:
        shared = long_passage()
        if shared.keeps_long(v):
            return Decision(True, "rewrite", text_score, "long_passage", shared.words)
    # Different languages: one of the pair reads as English and the other does not, or neither does.
    # Names and numbers must line up in order, and the numbers must agree (same-topic stories share
    # names, not figures).
    translating = m.translating
    if translating and translation_evidence(
        n_anchors, m.anchor_overlap, m.number_agreement, m.numbers_compared, cfg
    ):
        return Decision(True, "translation", m.anchor_overlap, "anchor_order")
    if translating and m.name_overlap is not None:
        n_names = m.n_names or 0
        if translation_by_names(n_names, m.name_overlap, m.number_agreement, m.numbers_compared, cfg):
            return Decision(True, "translation", m.name_overlap, "name_order")
        if translation_by_shared_names(
            n_names, m.name_overlap, m.shared_names or 0, m.number_agreement, m.numbers_compared, cfg
        ):
            return Decision(True, "translation", m.name_overlap, "shared_name_order")
        if translation_by_entities(
            m.name_entities, n_names, m.name_overlap, m.number_agreement, m.anchor_overlap, cfg
        ):
            return Decision(True, "translation", m.name_overlap, "name_runs")
    score = max(text_score, m.anchor_overlap if translating else 0.0)
    return Decision(False, "none", score, decided_by, passage_words, in_order)


def _displaced_sentences(
    src: Features, dst: Features, decision: Decision, v: VerifyConfig
) -> tuple[int | None, int | None]:
    """A `rewrite` edge's sentences with a partner, and the displaced ones' count when they are too many
    (``VerifyConfig.displaced_min``; else None)."""
    if decision.kind != "rewrite" or v.displaced_min is None:
        return None, None
    matched, count = displaced_rewording(src, dst, v.sentence_match, v.verbatim_sentence)
    if count >= v.displaced_min and count >= v.displaced_share * matched:
        return matched, count
    return matched, None


def displaced(edge: dict, v: VerifyConfig) -> bool:
    """Whether verification found an edge's sentences reworded out of place, with no shared passage:
    two stories of one event, not a copy. Clustering drops such an edge first."""
    return v.displaced_min is not None and edge.get("sentences_displaced") is not None


@lru_cache(maxsize=8)
def _fingerprint(cfg: MatchConfig) -> str:
    # str(cfg) serialises and hashes the whole config: it cost as much as the measures of a kept edge.
    return str(cfg)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _long_floor(score: float, v: VerifyConfig) -> bool:
    """Whether a same-story score reaches the long-passage rule (``long_passage_min_score``), which
    only keeps pairs the score alone does not."""
    floor = v.long_passage_min_score
    return floor is not None and floor < v.min_score and score >= floor


def cannot_be_kept(src: Features, dst: Features, cfg: MatchConfig) -> bool:
    """True when ``decide`` would reject the pair whatever the measures not computed here turn out to be.

    An exact shortcut, not a filter: from the two cheap measures (content-word containment and anchor
    order) it bounds the same-story score with run coverage at its maximum 1, then computes the score
    itself where the bound does not decide, and checks the translation rule in full. Most candidate
    pairs are same-topic stories that fail both, and skip the character-shingle overlaps (and the
    shared passage and sentence order, which only a score of ``passage_min_score`` reaches).
    """
    v = cfg.verify
    if not 0.0 < v.min_score < 1.0 or min(v.run_weight, v.anchor_weight, v.word_weight) < 0:
        return False
    common_words = _overlap(src.words, dst.words)
    words = min(_ratio(common_words, len(src.words)), _ratio(common_words, len(dst.words)))
    n_anchors = min(len(src.first_anchors), len(dst.first_anchors))
    # The lowest score that can still keep a same-language pair: a shared passage lets one through from
    # passage_min_score, a long one from long_passage_min_score.
    floors = (v.min_score, v.passage_min_score, v.long_passage_min_score)
    lowest = min(f for f in floors if f is not None)
    needed = _logit(lowest) - 1e-9
    without_order = v.run_weight + v.word_weight * words + v.bias
    english_src, english_dst = _english(src), _english(dst)
    same_language = not crosses_language(english_src, english_dst)
    translating = weighs_translation(src, dst)
    if same_language and not translating and n_anchors >= v.min_anchors:
        # The anchors are first mentions, each once: their common subsequence is at most the anchors
        # both share, a set intersection instead of the alignment. Same-language pairs that fail even
        # with that bound are rejected without aligning (most same-topic pairs).
        shared = len(src.anchor_set & dst.anchor_set)
        bound = min(1.0, shared / min(n_anchors, _ORDER_CAP))
        if without_order + v.anchor_weight * bound < needed:
            return True
    anchor_order = feature_order(src, dst, "first_anchors")
    anchors = anchor_order if n_anchors >= v.min_anchors else 1.0  # else run coverage stands in
    upper = without_order + v.anchor_weight * anchors
    if upper >= _logit(v.min_score) - 1e-9:
        return False
    if same_language:
        if upper >= needed:
            # The score itself, with the run coverage (cheaper than the shared passage and the sentence
            # order, which only a pair scoring passage_min_score reaches: most same-topic pairs that get
            # this far score far below it).
            coverage = _pair_coverage(src.word_seq, dst.word_seq)
            score = v.run_weight * coverage + v.word_weight * words + v.bias
            score += v.anchor_weight * (anchor_order if n_anchors >= v.min_anchors else coverage)
            if score >= _logit(v.min_score) - 1e-9:
                return False
            # Only a shared passage or the sentence order can keep it: checked first (cheaper than
            # the measures they skip).
            p = 1.0 / (1.0 + math.exp(-score))
            if (
                v.passage_min_score is not None
                and p >= v.passage_min_score - 1e-12
                and (shared_passage(src, dst, v.passage_run).keeps(v) or sentences_keep(src, dst, v)[0])
            ):
                return False
            if _long_floor(p + 1e-12, v) and shared_passage(src, dst, v.long_passage_run).keeps_long(v):
                return False
        if not translating:
            return True
    agreement, compared = _number_check(_numbers(src), _numbers(dst))
    if translation_evidence(n_anchors, anchor_order, agreement, compared, cfg):
        return False
    attr = name_attr(src, dst)
    n_names, shared = _name_counts(src, dst, attr)
    # Fewer names than every names rule needs (the shared-names rule: shared names, at most n_names).
    fewest = min(v.translation_min_anchors, v.translation_min_shared)
    if v.translation_min_entities is not None:
        fewest = min(fewest, v.translation_min_entities)
    if n_names < fewest:
        return True
    name_order = feature_order(src, dst, attr)
    runs = _entities_in_order(src, dst, name_order) if attr == "names" else None
    return not (
        translation_by_names(n_names, name_order, agreement, compared, cfg)
        or translation_by_shared_names(n_names, name_order, shared, agreement, compared, cfg)
        or translation_by_entities(runs, n_names, name_order, agreement, anchor_order, cfg)
    )


def _cut_if_short(src: Features, dst: Features, m: Measures, v: VerifyConfig) -> bool:
    """False for a same-language pair whose shorter text (under ``short_words`` words) is not a verbatim
    cut of the other (``short_containment`` of its character 5-grams there): a teaser's one sentence."""
    if m.cross_language or min(len(src.word_seq), len(dst.word_seq)) >= v.short_words:
        return True
    short = m.char_contain_src if len(src.word_seq) <= len(dst.word_seq) else m.char_contain_dst
    return short >= v.short_containment


# Two reports of one event may both print the same statement, quoted at length (a police or company
# statement): the words they share are then inside quotation marks, and their own words differ. A pair
# kept on its score as a rewrite is scored again without the words either text quotes (run coverage and
# content-word containment; the names' order as it was): when that score fails, the pair shares
# quotations, not a story. The quoted words are pooled from both texts, so that a copy whose quotation
# marks were lost (OCR) or an excerpt cut inside a quotation (its marks paired the wrong way) loses the
# same words as its source. Only where both texts keep this many content words, and the quoted words
# are at least this share of the shorter text's content words (below, a quotation cannot carry the
# score).
PROSE_MIN_WORDS = 30
PROSE_QUOTED_SHARE = 0.2
# ... and only where they share next to no runs outside quotations: a copy, an excerpt or a spin keeps
# some of its source's narration word for word (0.33 or more of the shorter text's unquoted words on the
# generator's weakest true pairs that lean on quotations; two reports printing one statement 0.08-0.10).
PROSE_MAX_RUN = 0.2


def _quoted_words(f: Features) -> np.ndarray:
    """The distinct content words ``f`` has inside quotation marks (sorted)."""
    if f.quoted is None or not f.quoted.any() or not len(f.words):
        return np.zeros(0, dtype=np.uint32)
    return np.unique(f.word_seq[f.quoted & _contained(f.word_seq, f.words)])


def _without(f: Features, quoted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``f``'s tokens are words of ``quoted``, and its distinct content words not in ``quoted``."""
    words = f.words[~_contained(f.words, quoted)] if len(f.words) else f.words
    return _contained(f.word_seq, quoted), words


def _prose_coverage(
    short: Features, long: Features, short_inside: np.ndarray, long_inside: np.ndarray
) -> float:
    """Run coverage (the share of the shorter text's tokens inside a word trigram the other has too)
    over the tokens outside the quoted words, counting only trigrams that hold none of them."""
    if len(short_inside) < 3 or len(long_inside) < 3 or short_inside.all():
        return 0.0
    keys = _window_keys_outside(short.word_seq, short_inside, 3)
    covered = _covered(keys, np.sort(_window_keys_outside(long.word_seq, long_inside, 3)), 3)
    return float(covered[~short_inside].mean())


def quoted_only(src: Features, dst: Features, m: Measures, n_anchors: int, cfg: MatchConfig) -> bool:
    """Whether a pair's score rests on the quotations the two texts print: scored without the words
    either quotes, it fails ``min_score`` (see ``PROSE_MIN_WORDS``)."""
    quoted = np.union1d(_quoted_words(src), _quoted_words(dst))
    if not len(quoted):
        return False
    short, long = (src, dst) if len(src.word_seq) <= len(dst.word_seq) else (dst, src)
    if _overlap(short.words, quoted) < PROSE_QUOTED_SHARE * len(short.words):
        return False
    short_inside, short_words = _without(short, quoted)
    long_inside, long_words = _without(long, quoted)
    if min(len(short_words), len(long_words)) < PROSE_MIN_WORDS:
        return False
    common = _overlap(short_words, long_words)
    words = min(_ratio(common, len(short_words)), _ratio(common, len(long_words)))
    coverage = _prose_coverage(short, long, short_inside, long_inside)
    if coverage >= PROSE_MAX_RUN:
        return False
    v = cfg.verify
    anchors = m.anchor_overlap if n_anchors >= v.min_anchors else coverage
    z = v.run_weight * coverage + v.anchor_weight * anchors + v.word_weight * words + v.bias
    return 1.0 / (1.0 + math.exp(-z)) < v.min_score


def edge_record(
    src: Features, dst: Features, views: list[str], cfg: MatchConfig, shortcut: bool = True
) -> dict | None:
    """The ``edges`` row for a verified pair (``src_id < dst_id``), or None if it is not one story.

    ``shortcut`` skips the expensive measures of pairs that ``cannot_be_kept``; the result is the same.
    """
    if src.doc_id > dst.doc_id:
        src, dst = dst, src
    if shortcut and cannot_be_kept(src, dst, cfg):
        return None
    m = measures(src, dst)
    n_anchors = min(len(src.first_anchors), len(dst.first_anchors))
    # Each computed at most once, whichever of the rules below asks first.
    passage = cache(lambda: shared_passage(src, dst, cfg.verify.passage_run))
    sentences = cache(lambda: sentences_keep(src, dst, cfg.verify))
    long_passage = cache(lambda: shared_passage(src, dst, cfg.verify.long_passage_run))
    decision = decide(m, n_anchors, cfg, passage, sentences, long_passage)
    if not decision.keep or not _cut_if_short(src, dst, m, cfg.verify):
        return None
    if (
        decision.kind == "rewrite"
        and decision.decided_by in ("run_coverage", "anchor_order", "word_containment")
        and quoted_only(src, dst, m, n_anchors, cfg)
    ):
        return None
    in_order = decision.sentences_in_order
    if (
        decision.kind == "rewrite"
        and decision.decided_by != "sentence_order"
        and decision.score < cfg.verify.strong_score
    ):
        # A link kept on its score but below strong_score may be cut as a weak bridge; its sentences
        # reworded in place, when the sentence-order rule holds, let it stand (see clustering).
        keep, covered = sentences()
        in_order = covered if keep else None
    passage_words = decision.passage_words
    matched, displaced = _displaced_sentences(src, dst, decision, cfg.verify)
    if displaced is not None:
        # Asked only when the sentences are displaced: a paper that wove paragraphs of the copy between
        # its own reporting shares a passage with it, or, when one of the two is OCR'd or spun, keeps
        # ten or more of its sentences in order; two stories written afresh do neither.
        shared = passage()
        if decision.decided_by != "long_passage":
            passage_words = shared.words
        if shared.keeps(cfg.verify) or (
            cfg.verify.long_passage_min_score is not None and long_passage().keeps_long(cfg.verify)
        ):
            displaced = None
        else:
            keep, covered = sentences()
            if keep:
                displaced, in_order = None, covered
    return {
        "src_id": src.doc_id,
        "dst_id": dst.doc_id,
        "cluster_id": None,
        "kind": decision.kind,
        "score": round(decision.score, 6),
        "kept": True,
        "dropped_by": None,
        "decided_by": decision.decided_by,
        "views": sorted(views),
        "char_jaccard": round(m.char_jaccard, 6),
        "char_contain_src": round(m.char_contain_src, 6),
        "char_contain_dst": round(m.char_contain_dst, 6),
        "word_contain_src": round(m.word_contain_src, 6),
        "word_contain_dst": round(m.word_contain_dst, 6),
        "run_coverage": round(m.run_coverage, 6),
        "anchor_overlap": round(m.anchor_overlap, 6),
        "name_overlap": None if m.name_overlap is None else round(m.name_overlap, 6),
        "name_runs": m.name_entities,
        "n_names": m.n_names,
        "shared_names": m.shared_names,
        "number_agreement": round(m.number_agreement, 6),
        "cross_language": m.cross_language,
        "n_anchors": n_anchors,
        "short_words": min(len(src.word_seq), len(dst.word_seq)),
        "passage_words": passage_words,
        "sentences_in_order": in_order,
        "sentences_matched": matched,
        "sentences_displaced": displaced,
        "len_ratio": round(m.len_ratio, 6),
        "config_fingerprint": _fingerprint(cfg),
    }
