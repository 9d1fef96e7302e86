"""Band keys -> candidate pairs: documents sharing at least one LSH band in some view."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import banding
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter


def _bucket_pairs(keyed, cfg: MatchConfig, count: BeamCounter):
    _, members = keyed
    members = list(members)
    view_index = members[0][1]
    for pair in banding.bucket_pairs((doc_id for doc_id, _ in members), cfg, count):
        yield (pair, view_index)


def _with_views(keyed, cfg: MatchConfig, count: BeamCounter):
    pair, view_indexes = keyed
    count("candidate_pairs")
    yield (pair, sorted({cfg.views[i].name for i in view_indexes}))


class CandidatePairs(beam.PTransform):
    """PCollection[(band key, (doc_id, view))] -> PCollection[((a, b), [views])], a < b, each pair once."""

    def __init__(self, cfg: MatchConfig) -> None:
        super().__init__()
        self._cfg = cfg

    def expand(self, bands):
        count = BeamCounter()
        return (
            bands
            | "GroupByBand" >> beam.GroupByKey()
            | "BucketPairs"
            >> beam.FlatMap(_bucket_pairs, self._cfg, count).with_output_types(tuple[tuple[str, str], int])
            | "GroupByPair" >> beam.GroupByKey()
            | "PairViews" >> beam.FlatMap(_with_views, self._cfg, count)
        )
