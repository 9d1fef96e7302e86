"""Band entries -> candidate pairs: documents sharing at least one LSH band in some view.

Both steps move chunks, not single elements (see ``banding.PARTITIONS``): band entries arrive grouped by
partition, each partition's buckets are paired, and the pairs are regrouped by their first id so that a
pair found in several bands or views comes out once.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.core import banding
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter

# Pair chunks are flushed at this many entries, so a partition never holds all its pairs at once.
_PAIR_CHUNK = 20_000


def _bucket_pairs(keyed, cfg: MatchConfig, count: BeamCounter):
    _, chunks = keyed
    out: dict[int, list] = {}
    for entry in banding.partition_pairs(chunks, cfg, count):
        target = banding.pair_partition(entry[0])
        chunk = out.setdefault(target, [])
        chunk.append(entry)
        if len(chunk) >= _PAIR_CHUNK:
            yield (target, out.pop(target))
    yield from out.items()


def _with_views(keyed, cfg: MatchConfig, count: BeamCounter):
    _, chunks = keyed
    merged = banding.merge_pairs(chunks)
    count("candidate_pairs", len(merged))
    names: dict[int, list[str]] = {}  # view bits -> names: a handful of combinations
    for pair, bits in merged.items():
        found = names.get(bits)
        if found is None:
            found = names[bits] = sorted(cfg.views[i].name for i in banding.view_bits(bits))
        yield (pair, found)


class CandidatePairs(beam.PTransform):
    """PCollection[(partition, BandChunk)] -> PCollection[((a, b), [views])], a < b, each pair once."""

    def __init__(self, cfg: MatchConfig) -> None:
        super().__init__()
        self._cfg = cfg

    def expand(self, bands):
        count = BeamCounter()
        return (
            bands
            | "GroupByPartition" >> beam.GroupByKey()
            | "BucketPairs"
            >> beam.FlatMap(_bucket_pairs, self._cfg, count).with_output_types(
                tuple[int, list[tuple[str, str, int]]]
            )
            | "GroupPairs" >> beam.GroupByKey()
            | "PairViews"
            >> beam.FlatMap(_with_views, self._cfg, count).with_output_types(
                tuple[tuple[str, str], list[str]]
            )
        )
