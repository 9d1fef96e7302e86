"""transforms.core.banding: band keys and capped bucket pairs, on tiny fixed signatures."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core.banding import (
    PARTITIONS,
    VERIFY_BLOCKS,
    BandChunk,
    band_keys,
    block_pair,
    blocks_of_pair,
    bucket_pairs,
    doc_block,
    merge_pairs,
    pair_partition,
    partition_of,
    partition_pairs,
    view_bits,
)
from transforms.core.config import MatchConfig

EMPTY = 0xFFFFFFFF


def sig(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint32)


def test_band_key_is_xxh64_of_the_band_seeded_by_view_and_band():
    keys = band_keys(2, sig(1, 2, 3, 4), bands=2, rows=2)
    expected = [
        xxhash.xxh64_intdigest(sig(1, 2).tobytes(), seed=2 * 1024 + 0) & 0x7FFFFFFFFFFFFFFF,
        xxhash.xxh64_intdigest(sig(3, 4).tobytes(), seed=2 * 1024 + 1) & 0x7FFFFFFFFFFFFFFF,
    ]
    assert keys == expected


def test_one_key_per_band_and_extra_values_ignored():
    assert len(band_keys(0, sig(*range(10)), bands=3, rows=3)) == 3


def test_equal_bands_give_equal_keys_and_a_differing_band_a_different_key():
    a = band_keys(0, sig(1, 2, 3, 4, 5, 6), bands=3, rows=2)
    b = band_keys(0, sig(1, 2, 9, 4, 5, 6), bands=3, rows=2)
    assert a[0] == b[0] and a[2] == b[2]
    assert a[1] != b[1]


def test_same_values_in_other_band_or_view_give_other_keys():
    same = sig(7, 7, 7, 7)
    keys = band_keys(0, same, bands=2, rows=2)
    assert keys[0] != keys[1]
    assert band_keys(0, same, 2, 2)[0] != band_keys(1, same, 2, 2)[0]


def test_all_empty_band_gets_no_key():
    assert band_keys(0, sig(EMPTY, EMPTY, 5, 6), bands=2, rows=2) == band_keys(0, sig(1, 1, 5, 6), 2, 2)[1:]
    assert band_keys(0, np.full(8, EMPTY, dtype=np.uint32), bands=4, rows=2) == []


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 8),
    st.integers(1, 5),
    st.integers(0, 3),
    st.data(),
)
def test_band_key_properties(bands, rows, view, data):
    values = data.draw(st.lists(st.integers(0, 0xFFFFFFFE), min_size=bands * rows, max_size=bands * rows))
    keys = band_keys(view, sig(*values), bands, rows)
    assert len(keys) == bands
    assert all(0 <= k < 2**63 for k in keys)
    assert keys == band_keys(view, sig(*values), bands, rows)
    band = data.draw(st.integers(0, bands - 1))
    changed = list(values)
    changed[band * rows] = (changed[band * rows] + 1) % 0xFFFFFFFF
    other = band_keys(view, sig(*changed), bands, rows)
    assert [i for i in range(bands) if keys[i] != other[i]] == [band]


# --- bucket pairs --------------------------------------------------------------------------------------


def counting() -> tuple[dict, callable]:
    counts: dict[str, int] = defaultdict(int)

    def counter(name: str, value: int = 1) -> None:
        counts[name] += value

    return counts, counter


def test_bucket_pairs_are_sorted_unique_pairs():
    counts, counter = counting()
    pairs = list(bucket_pairs(["c", "a", "b", "a"], MatchConfig(), counter))
    assert pairs == [("a", "b"), ("a", "c"), ("b", "c")]
    assert dict(counts) == {}


@pytest.mark.parametrize("members", [[], ["a"], ["a", "a"]])
def test_bucket_of_one_id_gives_no_pairs(members):
    assert list(bucket_pairs(members, MatchConfig())) == []


def test_bucket_at_the_cap_is_paired_in_full():
    counts, counter = counting()
    ids = [f"d{i}" for i in range(4)]
    assert len(list(bucket_pairs(ids, MatchConfig(max_bucket=4), counter))) == 6
    assert dict(counts) == {}


def test_oversized_bucket_is_counted_and_chained():
    counts, counter = counting()
    ids = ["e", "b", "d", "a", "c"]
    pairs = list(bucket_pairs(ids, MatchConfig(max_bucket=4), counter))
    assert pairs == [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]
    assert dict(counts) == {"oversized_buckets": 1, "oversized_bucket_members": 5}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcdef", min_size=1, max_size=3), max_size=30), st.integers(2, 10))
def test_bucket_pairs_property(members, cap):
    counts, counter = counting()
    pairs = list(bucket_pairs(members, MatchConfig(max_bucket=cap), counter))
    n = len(set(members))
    assert all(a < b for a, b in pairs)
    assert len(set(pairs)) == len(pairs)
    assert {x for p in pairs for x in p} == (set(members) if n >= 2 else set())
    if n > cap:
        assert len(pairs) == n - 1
        assert dict(counts) == {"oversized_buckets": 1, "oversized_bucket_members": n}
    else:
        assert len(pairs) == n * (n - 1) // 2
        assert dict(counts) == {}


# --- partitioned candidate generation ------------------------------------------------------------------


def _chunked(entries: list, sizes: list[int]) -> list[list]:
    """``entries`` cut into consecutive chunks (the sizes cycle), as batches of Sign would emit them."""
    chunks, i, k = [], 0, 0
    while i < len(entries):
        size = sizes[k % len(sizes)]
        chunks.append(entries[i : i + size])
        i, k = i + size, k + 1
    return chunks


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.sampled_from("abcdefgh"), st.integers(0, 2)), max_size=60),
    st.lists(st.integers(1, 7), min_size=1, max_size=4),
    st.integers(2, 5),
)
def test_partitioned_pairs_equal_one_bucket_at_a_time(entries, sizes, cap):
    """Cutting a partition's entries into chunks changes nothing: the pairs are those of each bucket
    (grouped by key) on its own, with the bucket's view, and merging yields each pair once with all its
    views."""
    cfg = MatchConfig(max_bucket=cap)
    # A band key belongs to one view (its hash is seeded by the view): make the view follow the key.
    entries = [(key, doc, key % 3) for key, doc, _ in entries]
    got_counts, got_counter = counting()
    chunks = [BandChunk.of(c) for c in _chunked(entries, sizes)]
    got = list(partition_pairs(chunks, cfg, got_counter))
    want_counts, want_counter = counting()
    buckets: dict[int, list[str]] = defaultdict(list)
    for key, doc, _ in entries:
        buckets[key].append(doc)
    want: dict[tuple[str, str], int] = defaultdict(int)
    for key, docs in buckets.items():
        for a, b in bucket_pairs(docs, cfg, want_counter):
            want[(a, b)] |= 1 << (key % 3)
    # Each pair once per partition, with the bits of the views of every bucket it is in.
    assert sorted(got) == sorted((a, b, bits) for (a, b), bits in want.items())
    assert got_counts == want_counts
    # Pairs of several partitions meet by their first id: merging ORs their view bits.
    halves = [[(a, b, bits & 1) for a, b, bits in got], [(a, b, bits & 6) for a, b, bits in got]]
    merged = merge_pairs([[e for e in h if e[2]] for h in halves])
    assert merged == dict(want)
    assert all(view_bits(bits) == [v for v in range(3) if bits >> v & 1] for bits in merged.values())


def test_pair_partition_is_stable_and_in_range():
    assert pair_partition("doc-1") == xxhash.xxh32_intdigest(b"doc-1") % PARTITIONS
    assert {pair_partition(f"d{i}") for i in range(2000)} == set(range(PARTITIONS))
    assert all(0 <= partition_of(k) < PARTITIONS for k in (0, 1, 2**63 - 1))


def test_document_blocks_are_stable_and_spread():
    assert doc_block("doc-1") == xxhash.xxh32_intdigest(b"doc-1", seed=1) % VERIFY_BLOCKS
    sizes = np.bincount([doc_block(f"d{i}") for i in range(4000)], minlength=VERIFY_BLOCKS)
    assert len(sizes) == VERIFY_BLOCKS and sizes.min() > 0.8 * 4000 / VERIFY_BLOCKS


@given(st.integers(0, VERIFY_BLOCKS - 1), st.integers(0, VERIFY_BLOCKS - 1))
def test_a_block_pair_key_stands_for_its_two_blocks_in_either_order(i, j):
    assert block_pair(i, j) == block_pair(j, i)
    assert blocks_of_pair(block_pair(i, j)) == {i, j}
    keys = {block_pair(x, y) for x in range(VERIFY_BLOCKS) for y in range(VERIFY_BLOCKS)}
    assert len(keys) == VERIFY_BLOCKS * (VERIFY_BLOCKS + 1) // 2
