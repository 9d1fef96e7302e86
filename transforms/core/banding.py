"""LSH banding: band keys of a signature, and candidate pairs from one band bucket (capped)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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

BandEntry = tuple[int, str, int]  # (band key, doc id, view index)
PairEntry = tuple[str, str, int]  # (a, b, view index), a < b


def partition_of(key: int) -> int:
    """The partition of a band key (keys are already uniform 63-bit hashes)."""
    return key % PARTITIONS


def pair_partition(a: str) -> int:
    """The partition of a pair, by its first id: stable across processes and machines."""
    return xxhash.xxh32_intdigest(a.encode("utf-8")) % PARTITIONS


def partition_pairs(
    chunks: Iterable[list[BandEntry]], cfg: MatchConfig, counter: Counter = _no_count
) -> Iterator[PairEntry]:
    """Every bucket of one partition's band entries -> its candidate pairs, with the bucket's view."""
    buckets: dict[int, list[tuple[str, int]]] = {}
    for chunk in chunks:
        for key, doc_id, view_index in chunk:
            members = buckets.get(key)
            if members is None:
                buckets[key] = [(doc_id, view_index)]
            else:
                members.append((doc_id, view_index))
    for members in buckets.values():
        if len(members) < 2:
            continue
        view_index = members[0][1]
        for a, b in bucket_pairs((doc_id for doc_id, _ in members), cfg, counter):
            yield (a, b, view_index)


def merge_pairs(chunks: Iterable[list[PairEntry]]) -> dict[tuple[str, str], set[int]]:
    """One partition's pair entries -> each pair once, with every view it was found in."""
    views: dict[tuple[str, str], set[int]] = {}
    for chunk in chunks:
        for a, b, view_index in chunk:
            found = views.get((a, b))
            if found is None:
                views[(a, b)] = {view_index}
            else:
                found.add(view_index)
    return views
