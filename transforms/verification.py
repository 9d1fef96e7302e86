"""Candidate pairs + features -> verified ``edges`` rows (with the measures that decided them)."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import verify
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter


def _send_left(keyed):
    """Join step 1: attach the left document's features to each of its pairs, re-keyed by the right id."""
    _, grouped = keyed
    features = grouped["features"]
    if not features:
        return
    left = features[0]
    for right_id, views in grouped["pairs"]:
        yield (right_id, (left, views))


def _verify_right(keyed, cfg: MatchConfig, count: BeamCounter):
    _, grouped = keyed
    features = grouped["features"]
    if not features:
        return
    right = features[0]
    for left, views in grouped["lefts"]:
        edge = verify.edge_record(left, right, views, cfg)
        count("pairs_verified")
        if edge is not None:
            count(f"edges.{edge['kind']}")
            yield edge


class VerifyPairs(beam.PTransform):
    """(features: (doc_id, Features), pairs: ((a, b), views)) -> PCollection[edges row].

    Two keyed joins bring both documents' features to the pair; each document's features travel once
    per pair it is in, never the whole corpus to one worker.
    """

    def __init__(self, cfg: MatchConfig) -> None:
        super().__init__()
        self._cfg = cfg

    def expand(self, inputs):
        features, pairs = inputs
        count = BeamCounter()
        by_left = pairs | "KeyByLeft" >> beam.Map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        lefts = (
            {"features": features, "pairs": by_left}
            | "JoinLeft" >> beam.CoGroupByKey()
            | "SendLeft" >> beam.FlatMap(_send_left)
        )
        return (
            {"features": features, "lefts": lefts}
            | "JoinRight" >> beam.CoGroupByKey()
            | "Verify" >> beam.FlatMap(_verify_right, self._cfg, count)
        )
