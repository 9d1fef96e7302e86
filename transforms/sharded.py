"""Corpus-wide counts as elements that stay small on any runner (see core.counts for why)."""

from __future__ import annotations

from collections.abc import Callable

import apache_beam as beam
from apache_beam.transforms.window import GlobalWindows


class _CountBundle(beam.DoFn):
    """Elements -> ``(shard, chunk)``: one counter per bundle, its counts sent when the bundle ends."""

    def __init__(self, make_counter: Callable) -> None:
        self._make_counter = make_counter

    def start_bundle(self) -> None:
        self._counter = self._make_counter()
        self._seen = False

    def process(self, element):
        self._counter.add(element)
        self._seen = True

    def finish_bundle(self):
        if self._seen:
            for shard, chunk in self._counter.chunks():
                yield GlobalWindows.windowed_value((shard, chunk))
        self._counter = None


class ShardedCounts(beam.PTransform):
    """PCollection[element] -> PCollection[(shard, merged)]: what ``make_counter()`` counts over the whole
    collection, one element per shard of the key space (``counter.merge`` of that shard's chunks).

    Like a ``CombinePerKey`` over shards with the combine lifted into each bundle, but no element holds
    more than one chunk of one bundle's counts, or one shard's counts: a global combine's accumulator
    grows with the corpus, and a runner that sorts it in a fixed buffer fails (Flink, see core.counts).
    For the global window of a batch pipeline (the counts leave when the bundle ends)."""

    def __init__(self, make_counter: Callable) -> None:
        super().__init__()
        self._make_counter = make_counter

    def expand(self, elements):
        merge = self._make_counter().merge
        return (
            elements
            | "CountBundle" >> beam.ParDo(_CountBundle(self._make_counter))
            | "GroupByShard" >> beam.GroupByKey()
            | "AddUpShard" >> beam.MapTuple(lambda shard, chunks: (shard, merge(chunks)))
        )
