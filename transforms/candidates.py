"""Band entries -> candidate pairs: documents sharing at least one LSH band in some view.

Both steps move chunks, not single elements (see ``banding.PARTITIONS``): band entries arrive grouped by
partition, each partition's buckets are paired, and the pairs are regrouped by their first id (for one
machine's verification: by the blocks of their two documents) so that a pair found in several bands or
views comes out once.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.core import banding
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter

# Pair chunks are flushed at this many entries, so a partition never holds all its pairs at once.
_PAIR_CHUNK = 20_000


def _bucket_pairs(keyed, cfg: MatchConfig, count: BeamCounter, by_blocks: bool):
    _, chunks = keyed
    out: dict[int, list] = {}
    block: dict[str, int] = {}  # doc id -> its block, hashed once per partition
    for entry in banding.partition_pairs(chunks, cfg, count):
        if by_blocks:
            a, b = entry[0], entry[1]
            i = block.get(a)
            if i is None:
                i = block[a] = banding.doc_block(a)
            j = block.get(b)
            if j is None:
                j = block[b] = banding.doc_block(b)
            target = banding.block_pair(i, j)
        else:
            target = banding.pair_partition(entry[0])
        chunk = out.setdefault(target, [])
        chunk.append(entry)
        if len(chunk) >= _PAIR_CHUNK:
            yield (target, out.pop(target))
    yield from out.items()


def _pairs_with_views(chunks, cfg: MatchConfig, count: BeamCounter):
    merged = banding.merge_pairs(chunks)
    count("candidate_pairs", len(merged))
    names: dict[int, list[str]] = {}  # view bits -> names: a handful of combinations
    for pair, bits in merged.items():
        found = names.get(bits)
        if found is None:
            found = names[bits] = sorted(cfg.views[i].name for i in banding.view_bits(bits))
        yield (pair, found)


def _with_views(keyed, cfg: MatchConfig, count: BeamCounter):
    _, chunks = keyed
    yield from _pairs_with_views(chunks, cfg, count)


def _block_with_views(keyed, cfg: MatchConfig, count: BeamCounter):
    key, chunks = keyed
    yield (key, list(_pairs_with_views(chunks, cfg, count)))


class CandidatePairs(beam.PTransform):
    """PCollection[(partition, BandChunk)] -> PCollection[((a, b), [views])], a < b, each pair once.

    With ``by_blocks``, the pairs come out as one element per pair of document blocks
    (``banding.VERIFY_BLOCKS``): ``(block_pair, [((a, b), [views]), ...])``, what one machine's
    verification takes (``VerifyPairs`` with the side-input join)."""

    def __init__(self, cfg: MatchConfig, by_blocks: bool = False) -> None:
        super().__init__()
        self._cfg = cfg
        self._by_blocks = by_blocks

    def expand(self, bands):
        count = BeamCounter()
        grouped = (
            bands
            | "GroupByPartition" >> beam.GroupByKey()
            | "BucketPairs"
            >> beam.FlatMap(_bucket_pairs, self._cfg, count, self._by_blocks).with_output_types(
                tuple[int, list[tuple[str, str, int]]]
            )
            | "GroupPairs" >> beam.GroupByKey()
        )
        if self._by_blocks:
            return grouped | "PairViews" >> beam.FlatMap(
                _block_with_views, self._cfg, count
            ).with_output_types(tuple[int, list[tuple[tuple[str, str], list[str]]]])
        return grouped | "PairViews" >> beam.FlatMap(_with_views, self._cfg, count).with_output_types(
            tuple[tuple[str, str], list[str]]
        )
