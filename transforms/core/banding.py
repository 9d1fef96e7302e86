"""LSH banding: band keys of a signature, and candidate pairs from one band bucket (capped)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import xxhash

from transforms.core.config import MatchConfig

Counter = Callable[[str, int], None]


def _no_count(name: str, value: int = 1) -> None:
    return None


def band_keys(view_index: int, hashvalues: np.ndarray, bands: int, rows: int) -> list[int]:
    """One 64-bit key per band: view, band number and the band's ``rows`` hash values, hashed together."""
    values = np.ascontiguousarray(hashvalues[: bands * rows], dtype=np.uint32).reshape(bands, rows)
    # An all-empty band (a document with no shingles in this view) would pair every such document.
    empty = (values == 0xFFFFFFFF).all(axis=1).tolist()
    raw, step, seed = values.tobytes(), rows * 4, view_index * 1024
    return [
        xxhash.xxh64_intdigest(raw[band * step : (band + 1) * step], seed=seed + band)
        & 0x7FFF_FFFF_FFFF_FFFF  # Beam int keys are signed 64-bit
        for band in range(bands)
        if not empty[band]
    ]


def bucket_pairs(
    members: Iterable[str], cfg: MatchConfig, counter: Counter = _no_count
) -> Iterator[tuple[str, str]]:
    """Sorted id pairs ``(a, b)``, ``a < b``, of one band bucket.

    A bucket larger than ``cfg.max_bucket`` is not paired: its members share a band because of
    boilerplate or mass duplication, and pairing it would be quadratic. It is counted instead, and its
    members are chained in id order (``n - 1`` pairs), so exact copies still meet in verification.
    """
    ids = sorted(set(members))
    if len(ids) < 2:
        return
    if len(ids) > cfg.max_bucket:
        counter("oversized_buckets", 1)
        counter("oversized_bucket_members", len(ids))
        yield from zip(ids, ids[1:])
        return
    yield from combinations(ids, 2)


# Band entries and candidate pairs travel in chunks keyed by one of this many partitions, not one element
# per band key and per pair: at 10,000 documents that is ~800,000 band keys, almost all in buckets of
# one, and Beam's per-element cost was most of candidate generation. A partition holds every entry of
# its keys, so it decides whole buckets; pairs are re-partitioned by their first id to be deduplicated.
PARTITIONS = 64


@dataclass(frozen=True)
class BandChunk:
    """Band entries of one batch of documents for one partition, as parallel arrays: entry i is document
    ``docs[i]`` in the bucket of band key ``keys[i]`` of view ``views[i]`` (an index into the config's
    views). Arrays rather than one tuple per entry: pairing a partition is a sort, not a Python loop
    over every entry (11 million entries at 100,000 documents)."""

    keys: np.ndarray  # uint64
    docs: list[str]
    views: np.ndarray  # uint8

    @classmethod
    def of(cls, entries: Iterable[tuple[int, str, int]]) -> BandChunk:
        """A chunk of ``(band key, doc id, view index)`` entries."""
        keys, docs, views = zip(*entries, strict=True) if entries else ((), (), ())
        return cls(np.array(keys, dtype=np.uint64), list(docs), np.array(views, dtype=np.uint8))


PairEntry = tuple[str, str, int]  # (a, b, views), a < b; views: bit i set when found in view i


def view_bits(views: int) -> list[int]:
    """The view indexes set in a ``PairEntry``'s bit mask."""
    return [i for i in range(views.bit_length()) if views >> i & 1]


def partition_of(key: int) -> int:
    """The partition of a band key (keys are already uniform 63-bit hashes)."""
    return key % PARTITIONS


def pair_partition(a: str) -> int:
    """The partition of a pair, by its first id: stable across processes and machines."""
    return xxhash.xxh32_intdigest(a.encode("utf-8")) % PARTITIONS


# One machine's verification (the side-input join) takes the candidate pairs a pair of document blocks
# at a time, blocks by id hash, and holds the features of those two blocks only: at most half the
# corpus's with four blocks, where it held every document's it had read (about 20 KB each with what
# verification computes on them: 2 GB at 100,000 documents). A document is read again for each pair
# of blocks it is in, unless the one before held its block too.
VERIFY_BLOCKS = 4


def doc_block(doc_id: str, blocks: int = VERIFY_BLOCKS) -> int:
    """The block of a document, by its id: stable across processes and machines."""
    return xxhash.xxh32_intdigest(doc_id.encode("utf-8"), seed=1) % blocks


def block_pair(i: int, j: int, blocks: int = VERIFY_BLOCKS) -> int:
    """The key of the pair of blocks ``i`` and ``j`` (either order)."""
    return min(i, j) * blocks + max(i, j)


def blocks_of_pair(key: int, blocks: int = VERIFY_BLOCKS) -> frozenset[int]:
    """The blocks a :func:`block_pair` key stands for (one when both are the same)."""
    return frozenset(divmod(key, blocks))


def partition_pairs(
    chunks: Iterable[BandChunk], cfg: MatchConfig, counter: Counter = _no_count
) -> Iterator[PairEntry]:
    """Every bucket of one partition's band entries -> its candidate pairs (:func:`bucket_pairs` of each
    bucket), each pair once with the views of every bucket it came from.

    Vectorised: entries are sorted by (key, document), documents numbered in id order so that a
    bucket's members come out sorted; buckets of each size are paired at once with one index table, an
    oversized bucket chained; pairs are deduplicated on one integer code, their view bits OR-ed.
    """
    chunks = [c for c in chunks if len(c.docs)]
    if not chunks:
        return
    keys = np.concatenate([c.keys for c in chunks])
    views = np.concatenate([c.views for c in chunks])
    docs = [d for c in chunks for d in c.docs]
    ids = sorted(set(docs))
    number = {d: i for i, d in enumerate(ids)}
    codes = np.fromiter((number[d] for d in docs), dtype=np.int64, count=len(docs))
    order = np.lexsort((codes, keys))
    keys, codes, views = keys[order], codes[order], views[order]
    # A document twice in one bucket is one member.
    first = np.ones(len(keys), dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (codes[1:] != codes[:-1])
    keys, codes, views = keys[first], codes[first], views[first]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, len(keys)))
    found_a, found_b, found_views = [], [], []
    oversized = np.flatnonzero(sizes > cfg.max_bucket)
    if len(oversized):
        counter("oversized_buckets", len(oversized))
        counter("oversized_bucket_members", int(sizes[oversized].sum()))
    for b in oversized.tolist():  # chained in id order: exact copies still meet in verification
        lo, hi = starts[b], starts[b] + sizes[b]
        found_a.append(codes[lo : hi - 1])
        found_b.append(codes[lo + 1 : hi])
        found_views.append(np.full(hi - lo - 1, views[lo], dtype=np.uint8))
    paired = (sizes >= 2) & (sizes <= cfg.max_bucket)
    for size in np.unique(sizes[paired]).tolist():
        at = starts[paired & (sizes == size)]
        members = codes[at[:, None] + np.arange(size)]  # one row per bucket, in id order
        left, right = np.triu_indices(size, 1)
        found_a.append(members[:, left].ravel())
        found_b.append(members[:, right].ravel())
        found_views.append(np.repeat(views[at], len(left)))
    if not found_a:
        return
    a, b = np.concatenate(found_a), np.concatenate(found_b)
    bits = np.left_shift(np.int64(1), np.concatenate(found_views).astype(np.int64))
    pair = a * len(ids) + b
    order = np.argsort(pair, kind="stable")
    pair, bits = pair[order], bits[order]
    cuts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    merged = np.bitwise_or.reduceat(bits, cuts)
    for code, mask in zip(pair[cuts].tolist(), merged.tolist(), strict=True):
        yield (ids[code // len(ids)], ids[code % len(ids)], mask)


def merge_pairs(chunks: Iterable[list[PairEntry]]) -> dict[tuple[str, str], int]:
    """One partition's pair entries -> each pair once, with the bits of every view it was found in."""
    views: dict[tuple[str, str], int] = {}
    for chunk in chunks:
        for a, b, bits in chunk:
            views[(a, b)] = views.get((a, b), 0) | bits
    return views
