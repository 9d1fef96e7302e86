"""The fast shingling and verification code gives exactly what the straightforward code gave.

The reference functions below are the original implementations, copied verbatim before the fast ones
replaced them (one xxh32 call per shingle, a Python dynamic programme for the LCS, ``np.isin`` for run
coverage). Every hash set, sequence and measure must be bit-identical on realistic and random texts.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
import xxhash
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core import minhash, shingles, verify
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.synth import generate
from transforms.core.text import analyse

CFG = MatchConfig()

# ---------------------------------------------------------------------------------------------------
# Reference implementations (verbatim copies of the originals).

_WORD = re.compile(r"\w+", re.UNICODE)
_SQUASH = re.compile(r"[\W_]+", re.UNICODE)
STOPWORDS = shingles.STOPWORDS


def ref_hash32(token: str) -> int:
    return xxhash.xxh32_intdigest(token.encode("utf-8"))


def ref_unique(hashes: list[int]) -> np.ndarray:
    return np.unique(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))


def ref_squash(text: str) -> str:
    return _SQUASH.sub(" ", text.lower()).strip()


def ref_char_ngrams(text: str, n: int) -> list[str]:
    s = ref_squash(text)
    if len(s) <= n:
        return [s] if s else []
    return [s[i : i + n] for i in range(len(s) - n + 1)]


def ref_tokens(text: str) -> list[str]:
    return [t.lower() for t in _WORD.findall(text)]


def ref_anchor_tokens(text: str) -> list[str]:
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


def ref_names(text: str) -> tuple[str, ...]:
    """Anchors seen capitalised inside a sentence somewhere in the text, and numbers, each once."""
    inside = set()
    for line in text.split("\n"):
        for match in _WORD.finditer(line):
            word = match.group(0)
            before = line[: match.start()].rstrip()
            if word[0].isdigit() or (word[0].isupper() and before and before[-1] not in '.!?:"-'):
                inside.add(word.lower())
    return tuple(dict.fromkeys(a for a in ref_anchor_tokens(text) if a in inside))


def ref_top_words(hashes: list[int], k: int = 16) -> np.ndarray:
    counts: dict[int, int] = {}
    for h in hashes:
        counts[h] = counts.get(h, 0) + 1
    top = sorted(counts, key=lambda h: (-counts[h], h))[:k]
    return np.array(sorted(top), dtype=np.uint32)


def ref_features(doc_id: str, match_text: str, cfg: MatchConfig) -> dict:
    n = cfg.char_ngram
    toks = ref_tokens(match_text)
    content = [t for t in toks if t not in STOPWORDS and len(t) > 1]
    anchors = ref_anchor_tokens(match_text)
    lead_text = " ".join(toks[: cfg.lead_words])
    names = set(ref_names(match_text))
    signed = [a for a in anchors if a in names]  # the view: names in text order, repeats and all
    anchor_bigrams = [f"{a} {b}" for a, b in zip(signed, signed[1:], strict=False)] or signed
    numbers = [a for a in anchors if a[0].isdigit()]  # every mention, in order; none under four
    number_bigrams = (
        [f"{a} {b}" for a, b in zip(numbers, numbers[1:], strict=False)] if len(numbers) >= 4 else []
    )
    return dict(
        doc_id=doc_id,
        chars=ref_unique([ref_hash32(g) for g in ref_char_ngrams(match_text, n)]),
        words=ref_unique([ref_hash32(t) for t in content]),
        anchors=ref_unique([ref_hash32(g) for g in anchor_bigrams]),
        lead=ref_unique([ref_hash32(g) for g in ref_char_ngrams(lead_text, n)]),
        numbers=ref_unique([ref_hash32(g) for g in number_bigrams]),
        top_words=ref_top_words([ref_hash32(t) for t in toks]),
        word_seq=np.fromiter((ref_hash32(t) for t in toks), dtype=np.uint32, count=len(toks)),
        anchor_seq=tuple(anchors),
        n_chars=len(match_text),
        names=ref_names(match_text),
    )


def ref_trigram_keys(seq: np.ndarray) -> np.ndarray:
    if len(seq) < 3:
        return seq.astype(np.uint64)
    s = seq.astype(np.uint64)
    return (s[:-2] * np.uint64(0x9E3779B1) + s[1:-1]) * np.uint64(0x85EBCA77) + s[2:]


def ref_run_coverage(short: np.ndarray, long: np.ndarray) -> float:
    if len(short) < 3 or len(long) < 3:
        return 0.0
    shared = np.isin(ref_trigram_keys(short), ref_trigram_keys(long))
    covered = np.zeros(len(short), dtype=bool)
    for offset in range(3):
        covered[offset : offset + len(shared)] |= shared
    return float(covered.mean())


def ref_ordered_overlap(a: tuple[str, ...], b: tuple[str, ...], cap: int = 300) -> float:
    a, b = a[:cap], b[:cap]
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(a)


_REF_STOPWORD_HASHES = np.array(sorted({ref_hash32(w) for w in STOPWORDS}), dtype=np.uint32)


def ref_english_share(seq: np.ndarray) -> float:
    if len(seq) == 0:
        return 0.0
    return float(np.isin(seq, _REF_STOPWORD_HASHES).mean())


def ref_measures(src: shingles.Features, dst: shingles.Features) -> verify.Measures:
    def overlap(a, b):
        if len(a) == 0 or len(b) == 0:
            return 0
        return int(np.intersect1d(a, b, assume_unique=True).size)

    def ratio(num, den):
        return num / den if den else 0.0

    common_chars = overlap(src.chars, dst.chars)
    common_words = overlap(src.words, dst.words)
    union = len(src.chars) + len(dst.chars) - common_chars
    if len(src.word_seq) == len(dst.word_seq):
        coverage = max(
            ref_run_coverage(src.word_seq, dst.word_seq), ref_run_coverage(dst.word_seq, src.word_seq)
        )
    else:
        short, long = sorted((src.word_seq, dst.word_seq), key=len)
        coverage = ref_run_coverage(short, long)
    lengths = sorted((src.n_chars, dst.n_chars))
    english = ref_english_share(src.word_seq), ref_english_share(dst.word_seq)
    # weighed as a possible translation: across languages, or neither text English and few of their
    # most frequent words shared
    shared_top = len(set(src.top_words.tolist()) & set(dst.top_words.tolist()))
    cross = abs(english[0] - english[1]) >= 0.2 or (max(english) < 0.2 and shared_top <= 5)
    # across scripts (Latin and Cyrillic or Greek) the names are compared by their keys
    attr = verify.name_attr(src, dst)
    names_a, names_b = getattr(src, attr), getattr(dst, attr)
    return verify.Measures(
        char_jaccard=ratio(common_chars, union),
        char_contain_src=ratio(common_chars, len(src.chars)),
        char_contain_dst=ratio(common_chars, len(dst.chars)),
        word_contain_src=ratio(common_words, len(src.words)),
        word_contain_dst=ratio(common_words, len(dst.words)),
        run_coverage=coverage,
        anchor_overlap=ref_ordered_overlap(
            shingles.first_mentions(src.anchor_seq), shingles.first_mentions(dst.anchor_seq)
        ),
        len_ratio=ratio(lengths[0], lengths[1]),
        english_src=ref_english_share(src.word_seq),
        english_dst=ref_english_share(dst.word_seq),
        number_agreement=verify.number_agreement(src.anchor_seq, dst.anchor_seq),
        numbers_compared=verify.numbers_compared(src.anchor_seq, dst.anchor_seq),
        name_overlap=ref_ordered_overlap(names_a, names_b) if cross else None,
        n_names=min(len(names_a), len(names_b)) if cross else None,
        shared_names=len(set(names_a) & set(names_b)) if cross else None,
        translating=cross,
        name_entities=ref_name_runs(src, dst) if cross and attr == "names" else None,
    )


def ref_name_runs(src: shingles.Features, dst: shingles.Features) -> int | None:
    """Runs of adjacent first mentions of the names of the text with fewer, the fewer of both texts',
    when every one of them is in the other in order (else None)."""
    a, b = src.names[:300], dst.names[:300]
    shorter = a if len(a) <= len(b) else b
    if not shorter or ref_ordered_overlap(a, b) < 1.0 - 1e-9:
        return None

    def runs(f):
        seq = f.word_seq.tolist()
        hashes = [xxhash.xxh32_intdigest(n.encode()) for n in shorter]
        pos = sorted({seq.index(h) for h in hashes if h in seq})
        return sum(1 for i, p in enumerate(pos) if i == 0 or p != pos[i - 1] + 1)

    return min(runs(src), runs(dst))


# ---------------------------------------------------------------------------------------------------
# Inputs: realistic match texts from the labelled generator (every rewrite kind, translations included),
# plus hand-written awkward strings and hypothesis-generated Unicode.

AWKWARD = [
    "",
    "a",
    "abcd",
    "abcde",
    "abcdef",
    "  ...  ",
    "___",
    "Ünïcödé Straße in Köln: 12 Menschen, 3,5 Mio. €.",
    "東京で会議が開かれた。Tokyo 2024 サミット",
    "Emoji 🎉🎉 party 🎉 at Café Zürich 😀!",
    "İstanbul İSTANBUL ǅemal ﬁnance ß ẞ ΣΑΣ σας",
    'Line one.\nThe Second line\n- Dr Who\n"Quoted Start" and Mid Word',
    "x" * 200,
    "mixed_under_score words_and 99_bottles",
    'Ab Cd. Ef gh? Ij Kl! Mn: Op - Qr "St',
]


@pytest.fixture(scope="module")
def realistic_texts() -> list[str]:
    docs, _ = generate(60, seed=5)
    registry = load_registry()
    return [analyse(d["text"], registry).match_text for d in docs]


def assert_features_equal(new: shingles.Features, ref: dict) -> None:
    for name in ("chars", "words", "anchors", "lead", "numbers", "top_words", "word_seq"):
        got, want = getattr(new, name), ref[name]
        assert got.dtype == np.uint32, name
        np.testing.assert_array_equal(got, want, err_msg=name)
    assert new.anchor_seq == ref["anchor_seq"]
    assert new.names == ref["names"]
    assert new.n_chars == ref["n_chars"]
    assert new.doc_id == ref["doc_id"]


def test_features_equal_reference_on_realistic_texts(realistic_texts):
    assert len(realistic_texts) > 200
    for i, text in enumerate(realistic_texts):
        assert_features_equal(shingles.features(str(i), text, CFG), ref_features(str(i), text, CFG))


@pytest.mark.parametrize("text", AWKWARD)
@pytest.mark.parametrize("n", [2, 3, 5, 12])
def test_features_equal_reference_on_awkward_texts(text, n):
    cfg = MatchConfig(char_ngram=n)
    assert_features_equal(shingles.features("d", text, cfg), ref_features("d", text, cfg))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from([2, 4, 5, 7, 12]))
def test_features_equal_reference_on_random_unicode(text, n):
    cfg = MatchConfig(char_ngram=n)
    try:
        ref = ref_features("r", text, cfg)
    except UnicodeEncodeError:  # lone surrogates cannot be hashed by either implementation
        with pytest.raises(UnicodeEncodeError):
            shingles.features("r", text, cfg)
        return
    assert_features_equal(shingles.features("r", text, cfg), ref)


WORDY = st.lists(
    st.sampled_from(
        [
            "The",
            "river",
            "Marlow",
            "2.4",
            "bridge",
            "said",
            "Okafor",
            "é",
            "Ünï",
            "a",
            ".",
            "\n",
            '"',
            "US",
            "Up",
            "EU",
            "-",
            "\t",
            "foo_bar",
            "_",
            "__x",
            "İ",
            "?",
        ]
    ),
    max_size=120,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(WORDY)
def test_features_equal_reference_on_word_soup(text):
    assert_features_equal(shingles.features("w", text, CFG), ref_features("w", text, CFG))


def test_signed_views_are_the_features_views_on_realistic_texts(realistic_texts):
    """The benchmark signs ``signed_views`` against the datasketch loop; the pipeline signs ``features``."""
    for text in realistic_texts:
        feats, views = shingles.features("d", text, CFG), shingles.signed_views(text, CFG)
        assert set(views) == {"chars", "lead", "anchors", "numbers"}
        for name, got in views.items():
            np.testing.assert_array_equal(got, feats.view(name), err_msg=name)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from([2, 5, 12]))
def test_signed_views_are_the_features_views_on_random_unicode(text, n):
    cfg = MatchConfig(char_ngram=n)
    try:
        feats = shingles.features("r", text, cfg)
    except UnicodeEncodeError:
        return
    for name, got in shingles.signed_views(text, cfg).items():
        np.testing.assert_array_equal(got, feats.view(name), err_msg=name)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_xxh32_vectorised_equals_xxhash(data):
    buf = np.frombuffer(data, dtype=np.uint8)
    starts = np.arange(len(data) + 1, dtype=np.int64)
    lengths = len(data) - starts  # every suffix, empty included
    got = shingles.xxh32_segments(buf, starts, lengths)
    want = [xxhash.xxh32_intdigest(data[s:]) for s in starts]
    assert got.dtype == np.uint32
    assert got.tolist() == want


def test_hash_shingle_is_xxh32():
    for s in ("", "a", "hello", "ünïcödé", "x" * 40):
        assert shingles.hash_shingle(s.encode()) == xxhash.xxh32_intdigest(s.encode())


def test_view_shingles_still_give_our_hash_sets(realistic_texts):
    """datasketch fed ``view_shingles`` with ``hash_shingle`` sees exactly our hash sets and signatures."""
    texts = realistic_texts[:40]
    feats = [shingles.features(str(i), t, CFG) for i, t in enumerate(texts)]
    for view in CFG.views:
        sigs = minhash.signatures([f.view(view.name) for f in feats], view.num_perm, CFG.seed)
        for text, f, sig in zip(texts, feats, sigs, strict=False):
            strings = shingles.view_shingles(text, view.name, CFG)
            hashes = np.unique(
                np.array([shingles.hash_shingle(s.encode()) for s in strings], dtype=np.uint32)
            )
            np.testing.assert_array_equal(f.view(view.name), hashes)
            m = MinHash(
                num_perm=view.num_perm, seed=CFG.seed, hashfunc=shingles.hash_shingle, scheme="affine32"
            )
            m.update_batch([s.encode("utf-8") for s in strings])
            np.testing.assert_array_equal(sig, m.hashvalues)


# ---------------------------------------------------------------------------------------------------
# Verification measures.

ANCHOR_SEQ = st.lists(st.sampled_from(list("abcdefgh") + ["2.4", "marlow"]), max_size=60).map(tuple)


@settings(max_examples=400, deadline=None)
@given(ANCHOR_SEQ, ANCHOR_SEQ, st.sampled_from([300, 5, 1, 0]))
def test_ordered_overlap_equals_reference(a, b, cap):
    assert verify.ordered_overlap(a, b, cap) == ref_ordered_overlap(a, b, cap)


@settings(max_examples=400, deadline=None)
@given(ANCHOR_SEQ, ANCHOR_SEQ, st.sampled_from([300, 5, 1]))
def test_shared_first_mentions_bound_the_anchor_order(a, b, cap):
    # cannot_be_kept's set bound: first mentions are distinct, so their common subsequence is at most
    # the anchors both share (over the shorter list, capped like ordered_overlap).
    fa, fb = shingles.first_mentions(a), shingles.first_mentions(b)
    if fa and fb:
        bound = min(1.0, len(set(fa) & set(fb)) / min(len(fa), len(fb), cap))
        assert verify.ordered_overlap(fa, fb, cap) <= bound


def _anchored(doc_id: str, names: tuple[str, ...]) -> shingles.Features:
    empty = np.zeros(0, dtype=np.uint32)
    return shingles.Features(doc_id, empty, empty, empty, empty, empty, names, 0, names=names)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANCHOR_SEQ.map(shingles.first_mentions), min_size=2, max_size=5), st.data())
def test_feature_order_with_cached_match_vectors_equals_reference(seqs, data):
    # Each document's match vectors are computed once and reused with every other document, whichever
    # of a pair is the longer; the result is the plain alignment's, in any order of calls.
    feats = [_anchored(f"d{i}", s) for i, s in enumerate(seqs)]
    pairs = [(i, j) for i in range(len(feats)) for j in range(len(feats)) if i != j]
    for i, j in data.draw(st.permutations(pairs)):
        for attr in ("first_anchors", "names"):
            want = ref_ordered_overlap(getattr(feats[i], attr), getattr(feats[j], attr), 300)
            assert verify.feature_order(feats[i], feats[j], attr) == want


def test_ordered_overlap_long_sequences_equal_reference():
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(40)]
    for _ in range(30):
        a = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 400)))
        b = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 400)))
        assert verify.ordered_overlap(a, b) == ref_ordered_overlap(a, b)


SEQ = st.lists(st.integers(0, 5), max_size=40).map(lambda v: np.array(v, dtype=np.uint32))


@settings(max_examples=400, deadline=None)
@given(SEQ, SEQ)
def test_run_coverage_equals_reference(short, long):
    assert verify.run_coverage(short, long) == ref_run_coverage(short, long)


def test_measures_equal_reference_on_realistic_pairs(realistic_texts):
    feats = [shingles.features(str(i), t, CFG) for i, t in enumerate(realistic_texts)]
    rng = random.Random(7)
    # Neighbours in generator order are mostly a story and its derived copies; random pairs are not.
    pairs = [(i, i + 1) for i in range(len(feats) - 1)] + [
        (rng.randrange(len(feats)), rng.randrange(len(feats))) for _ in range(200)
    ]
    for i, j in pairs:
        assert verify.measures(feats[i], feats[j]) == ref_measures(feats[i], feats[j])
        assert verify.english_share(feats[i].word_seq) == ref_english_share(feats[i].word_seq)
