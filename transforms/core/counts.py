"""Corpus-wide counts kept in pieces that stay small: each counter adds up what one worker saw, then hands
its counts on by shard of the key space, in chunks of at most ``CHUNK`` entries, and one shard's chunks
add up to that shard's counts.

Why pieces: a corpus-wide count sent as one record grows with the corpus. On Flink, a 3.5 MB accumulator
(the anchor-bigram counts of 50,000 documents) failed the 100,000-document run: "Cannot write record to
fresh sort buffer. Record too large." (the combine's sort buffer is a share of managed memory), and
an 8 MB record closed the SDK harness's data channel before. Shards bound every record by the corpus's
distinct keys over ``SHARDS``, chunks bound them outright.

A counter has ``add(element)``, ``chunks()`` -> ``(shard, chunk)`` pairs and a static ``merge(chunks)``
that adds up chunks of one shard (also chunks already merged).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import xxhash

from transforms.core.provenance import WordRarity, content_of_tokens, small_word_pairs
from transforms.core.shingles import count_hashes, tokens

SHARDS = 64
CHUNK = 1 << 15


def _split(keys: np.ndarray, counts: np.ndarray, shards: int) -> Iterator[tuple[int, tuple]]:
    """Sorted ``keys`` and their counts -> ``(shard, (keys, counts))``, shard = key mod ``shards``, each
    chunk sorted and at most ``CHUNK`` long."""
    shard_of = (keys % shards).astype(np.int64)
    order = np.argsort(shard_of, kind="stable")  # stable: keys stay sorted within a shard
    bounds = np.searchsorted(shard_of[order], np.arange(shards + 1))
    for s in range(shards):
        at = order[bounds[s] : bounds[s + 1]]
        for start in range(0, len(at), CHUNK):
            part = at[start : start + CHUNK]
            yield s, (keys[part], counts[part])


def _add_sorted(chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    chunks = list(chunks)
    if not chunks:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    return count_hashes(np.concatenate([k for k, _ in chunks]), np.concatenate([c for _, c in chunks]))


class HashCounts:
    """On how many elements each uint32 hash occurs; an element is an array of distinct hashes.

    Holds the distinct hashes counted so far (sorted, with their counts) and the arrays added since; the
    pending arrays are counted in once there are ``JOIN_EVERY`` of them and they hold as many hashes as
    the counted ones, so each hash is re-sorted a logarithmic number of times and the counter's size
    follows the distinct hashes, not the elements."""

    JOIN_EVERY = 4096

    def __init__(self, shards: int = SHARDS) -> None:
        self._shards = shards
        self._values = np.zeros(0, dtype=np.uint32)
        self._counts = np.zeros(0, dtype=np.int64)
        self._pending: list[np.ndarray] = []
        self._n_pending = 0

    def add(self, hashes: np.ndarray) -> None:
        self._pending.append(hashes)
        self._n_pending += len(hashes)
        if len(self._pending) >= self.JOIN_EVERY and self._n_pending >= len(self._values):
            self._count_pending()

    def _count_pending(self) -> None:
        if not self._pending:
            return
        more = np.concatenate(self._pending)
        self._values, self._counts = count_hashes(
            np.concatenate((self._values, more)),
            np.concatenate((self._counts, np.ones(len(more), dtype=np.int64))),
        )
        self._pending, self._n_pending = [], 0

    def counted(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct hashes so far (sorted uint32) and their counts."""
        self._count_pending()
        return self._values, self._counts

    def chunks(self) -> Iterator[tuple[int, tuple[np.ndarray, np.ndarray]]]:
        values, counts = self.counted()
        yield from _split(values, counts, self._shards)

    @staticmethod
    def merge(chunks: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """Chunks of one shard -> its distinct hashes (sorted uint32) and their counts."""
        return _add_sorted(chunks)


# Pending small-word-pair slots a WordCounts holds before it adds them up (a few MB).
PAIRS_PENDING = 1 << 18


def sum_slots(chunks: list[tuple[np.ndarray, np.ndarray | None]]) -> tuple[np.ndarray, np.ndarray]:
    """Chunks of (sorted unique slots, their counts or None for one each) -> one (slots, counts)."""
    if not chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    slots = np.concatenate([c[0] for c in chunks])
    counts = np.concatenate([np.ones(len(c[0]), dtype=np.int64) if c[1] is None else c[1] for c in chunks])
    unique, inverse = np.unique(slots, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)


def word_shard(word: str, shards: int = SHARDS) -> int:
    """The shard of a word: the same in every process (``hash()`` of a str is salted per process)."""
    return xxhash.xxh32_intdigest(word.encode()) % shards


class WordCounts:
    """In how many documents each content word occurs, and each small-word pair's table slot (what
    :class:`~transforms.core.provenance.WordRarity` is made of); an element is a ``documents`` row.

    Pair slots are kept as chunks of (sorted slots, counts or None for one each), added up once the
    chunks not yet added up hold ``PAIRS_PENDING`` slots (checked every 64 documents; the added-up chunk
    grows with the corpus and is not counted, else it would be re-sorted ever more often)."""

    def __init__(self, shards: int = SHARDS) -> None:
        self._shards = shards
        self.df: Counter = Counter()
        self.n_docs = 0
        self._slots: list[tuple[np.ndarray, np.ndarray | None]] = []

    def add(self, doc: dict) -> None:
        toks = tokens(doc.get("match_text") or "")
        self.df.update(content_of_tokens(toks))
        self._slots.append((small_word_pairs(toks), None))
        self.n_docs += 1
        if len(self._slots) % 64 == 0 and sum(len(s) for s, c in self._slots if c is None) >= PAIRS_PENDING:
            self._slots[:] = [sum_slots(self._slots)]

    def pair_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """The pair slots so far (sorted) and in how many documents each occurs."""
        self._slots[:] = [sum_slots(self._slots)]
        return self._slots[0]

    def chunks(self) -> Iterator[tuple[int, tuple]]:
        """``(shard, ("words", [(word, count), ...]))`` and ``(shard, ("pairs", (slots, counts)))``."""
        by_shard: dict[int, list[tuple[str, int]]] = {}
        for word, n in self.df.items():
            by_shard.setdefault(word_shard(word, self._shards), []).append((word, n))
        for s, items in sorted(by_shard.items()):
            for start in range(0, len(items), CHUNK):
                yield s, ("words", items[start : start + CHUNK])
        slots, counts = self.pair_counts()
        for s, part in _split(slots, counts, self._shards):
            yield s, ("pairs", part)

    @staticmethod
    def merge(chunks: Iterable[tuple]) -> tuple[dict[str, int], tuple[np.ndarray, np.ndarray]]:
        """Chunks of one shard -> ``(words -> documents, (pair slots sorted, documents))``."""
        df: Counter = Counter()
        pairs: list[tuple[np.ndarray, np.ndarray]] = []
        for kind, part in chunks:
            if kind == "words":
                df.update(dict(part))
            else:
                pairs.append(part)
        return dict(df), sum_slots(pairs)


def word_rarity(shards: Iterable[tuple[int, tuple]], n_docs: int) -> WordRarity:
    """The :class:`WordRarity` of a corpus of ``n_docs`` documents from every shard's merged
    :class:`WordCounts` (``(shard, merged)`` pairs, in any order)."""
    df: dict[str, int] = {}
    slots, counts = [], []
    for _, (words, (shard_slots, shard_counts)) in shards:
        df.update(words)
        slots.append(shard_slots)
        counts.append(shard_counts)
    if not slots:
        return WordRarity(df, n_docs, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    slots, counts = np.concatenate(slots), np.concatenate(counts)
    order = np.argsort(slots, kind="stable")
    return WordRarity(df, n_docs, slots[order], counts[order])
