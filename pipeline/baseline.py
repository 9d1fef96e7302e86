"""The textbook near-duplicate recipe, as a yardstick for the pipeline.

Word 5-gram shingles, datasketch ``MinHash(num_perm=128)`` and ``MinHashLSH(threshold=0.7)``; a
candidate pair is kept when the MinHash Jaccard estimate is >= 0.7; union-find turns kept pairs into
clusters. Nothing else: no normalisation beyond lower-casing, no chrome removal, no provenance.
"""

from __future__ import annotations

import re

import xxhash
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
THRESHOLD = 0.7
SHINGLE_WORDS = 5
# datasketch 2.x: the default scheme is affine32, whose hash must be 32 bits wide.
SCHEME = "affine32"


def _hash32(data: bytes) -> int:
    return xxhash.xxh32_intdigest(data)


def word_shingles(text: str, n: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams of ``text`` (the whole text as one shingle when shorter than n words)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def textbook_clusters(docs: list[dict]) -> dict[str, str]:
    """``{doc id: cluster label}`` for documents ``{"id", "text", ...}``; a label is its smallest member id."""
    ids = [str(d["id"]) for d in docs]
    template = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_hash32)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sketches: dict[str, MinHash] = {}
    for doc_id, doc in zip(ids, docs, strict=True):
        m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=_hash32, permutations=template.permutations)
        m.update_batch(list(word_shingles(doc.get("text") or "")))
        sketches[doc_id] = m
        lsh.insert(doc_id, m)
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, m in sketches.items():
        for other in lsh.query(m):
            if other != doc_id and m.jaccard(sketches[other]) >= THRESHOLD:
                a, b = find(doc_id), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in ids}
