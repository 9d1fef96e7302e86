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
