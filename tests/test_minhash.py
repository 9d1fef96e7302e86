"""transforms.core.minhash: batch signatures bit-identical to datasketch's affine32 MinHash."""

from __future__ import annotations

import numpy as np
import pytest
import xxhash
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core import minhash
from transforms.core.minhash import fmix32, jaccard_estimate, signatures, to_datasketch
from transforms.core.shingles import hash32


def reference(shingles: set[str], num_perm: int, seed: int) -> np.ndarray:
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=xxhash.xxh32_intdigest, scheme="affine32")
    m.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return m.hashvalues


def hashes(shingles: set[str]) -> np.ndarray:
    return np.unique(np.array([hash32(s) for s in shingles], dtype=np.uint32))


SHINGLE_SETS = st.lists(st.sets(st.text(min_size=1, max_size=8), max_size=40), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(SHINGLE_SETS, st.sampled_from([16, 64, 128]), st.sampled_from([1, 7]))
def test_signatures_equal_datasketch(sets, num_perm, seed):
    ours = signatures([hashes(s) for s in sets], num_perm, seed)
    assert ours.shape == (len(sets), num_perm)
    assert ours.dtype == np.uint32
    for row, shingles in zip(ours, sets):
        np.testing.assert_array_equal(row, reference(shingles, num_perm, seed))


@settings(max_examples=30, deadline=None)
@given(SHINGLE_SETS, st.sampled_from([16, 64]))
def test_small_blocks_give_the_same_signatures(sets, num_perm):
    hash_sets = [hashes(s) for s in sets]
    whole = signatures(hash_sets, num_perm, 1)
    saved = minhash._BLOCK_CELLS
    minhash._BLOCK_CELLS = num_perm * 3  # at most three shingle rows per block
    try:
        blocked = signatures(hash_sets, num_perm, 1)
    finally:
        minhash._BLOCK_CELLS = saved
    np.testing.assert_array_equal(blocked, whole)


def test_fixed_example_matches_datasketch():
    shingles = {"the q", "he qu", "e qui", " quic", "quick"}
    ours = signatures([hashes(shingles)], 128, 1)[0]
    np.testing.assert_array_equal(ours, reference(shingles, 128, 1))


def test_duplicate_hashes_do_not_change_the_signature():
    h = hashes({"alpha", "beta", "gamma"})
    np.testing.assert_array_equal(signatures([np.concatenate([h, h])], 32, 1), signatures([h], 32, 1))


def test_empty_set_is_all_max_like_an_empty_minhash():
    sig = signatures([np.array([], dtype=np.uint32), hashes({"x"})], 64, 1)
    empty = MinHash(num_perm=64, seed=1, hashfunc=xxhash.xxh32_intdigest, scheme="affine32").hashvalues
    np.testing.assert_array_equal(sig[0], empty)
    assert np.all(sig[0] == 0xFFFFFFFF)
    assert not np.all(sig[1] == 0xFFFFFFFF)


def test_no_documents_gives_empty_matrix():
    assert signatures([], 16, 1).shape == (0, 16)


def test_fmix32_known_values():
    # MurmurHash3 fmix32: 0 stays 0; values computed by hand from the reference constants.
    out = fmix32(np.array([0, 1, 0xFFFFFFFF], dtype=np.uint32))
    expected = []
    for h in (0, 1, 0xFFFFFFFF):
        h ^= h >> 16
        h = (h * 0x85EBCA6B) & 0xFFFFFFFF
        h ^= h >> 13
        h = (h * 0xC2B2AE35) & 0xFFFFFFFF
        h ^= h >> 16
        expected.append(h)
    assert out.tolist() == expected
    assert expected[0] == 0


def test_to_datasketch_is_a_lean_minhash_with_our_values():
    shingles = {"alpha", "beta", "gamma", "delta"}
    sig = signatures([hashes(shingles)], 64, 7)[0]
    lean = to_datasketch(sig, seed=7)
    assert isinstance(lean, LeanMinHash)
    assert lean.seed == 7
    np.testing.assert_array_equal(lean.hashvalues, sig)
    m = MinHash(num_perm=64, seed=7, hashfunc=xxhash.xxh32_intdigest, scheme="affine32")
    m.update_batch([s.encode() for s in shingles])
    assert lean.jaccard(LeanMinHash(m)) == 1.0


@pytest.mark.parametrize("num_perm", [16, 128])
def test_to_datasketch_works_in_minhash_lsh(num_perm):
    words = [f"w{i}" for i in range(60)]
    a = set(words[:50])
    b = set(words[5:55])  # Jaccard 45/55
    c = {f"z{i}" for i in range(50)}
    sigs = signatures([hashes(a), hashes(b), hashes(c)], num_perm, 1)
    lsh = MinHashLSH(threshold=0.5, num_perm=num_perm)
    for key, sig in zip("abc", sigs):
        lsh.insert(key, to_datasketch(sig, seed=1))
    assert set(lsh.query(to_datasketch(sigs[0], seed=1))) >= {"a"}
    assert "c" not in lsh.query(to_datasketch(sigs[0], seed=1))
    assert lsh.query(to_datasketch(sigs[2], seed=1)) == ["c"]
    # datasketch's own sketch of the same shingles finds our entry.
    own = MinHash(num_perm=num_perm, seed=1, hashfunc=xxhash.xxh32_intdigest, scheme="affine32")
    own.update_batch([s.encode() for s in a])
    assert "a" in lsh.query(own)


def test_jaccard_estimate():
    a = np.array([1, 2, 3, 4], dtype=np.uint32)
    assert jaccard_estimate(a, np.array([1, 2, 9, 9], dtype=np.uint32)) == 0.5
    assert jaccard_estimate(a, a) == 1.0
    with pytest.raises(ValueError):
        jaccard_estimate(a, a[:3])
