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


def _verified(left, right, views, cfg: MatchConfig, count: BeamCounter):
    """The edge of one candidate pair, if it is one story (counted either way)."""
    edge = verify.edge_record(left, right, views, cfg)
    count("pairs_verified")
    if edge is not None:
        count(f"edges.{edge['kind']}")
        yield edge


def _verify_right(keyed, cfg: MatchConfig, count: BeamCounter):
    _, grouped = keyed
    features = grouped["features"]
    if not features:
        return
    right = features[0]
    for left, views in grouped["lefts"]:
        yield from _verified(left, right, views, cfg, count)


def _verify_looked_up(pair, features: dict, cfg: MatchConfig, count: BeamCounter):
    (a, b), views = pair
    left, right = features.get(a), features.get(b)
    if left is not None and right is not None:
        yield from _verified(left, right, views, cfg, count)


JOINS = ("shuffle", "side_input")


class VerifyPairs(beam.PTransform):
    """(features: (doc_id, Features), pairs: ((a, b), views)) -> PCollection[edges row].

    ``join`` says how both documents' features reach a pair; the edges are the same either way:

    - ``shuffle`` (cluster runners): two keyed joins; each document's features travel once per pair
      it is in, never the whole corpus to one worker. Shuffled bytes grow with candidate pairs.
    - ``side_input`` (one machine): the features are one side input, materialised once, and each
      pair looks both documents up. Memory grows with documents, not pairs; every worker holds
      all features, so it is for corpora that fit one machine.
    """

    def __init__(self, cfg: MatchConfig, join: str = "shuffle") -> None:
        super().__init__()
        if join not in JOINS:
            raise ValueError(f"verification join must be one of {', '.join(JOINS)}, got {join!r}")
        self._cfg = cfg
        self._join = join

    def expand(self, inputs):
        features, pairs = inputs
        count = BeamCounter()
        if self._join == "side_input":
            return pairs | "VerifyLookedUp" >> beam.FlatMap(
                _verify_looked_up, beam.pvalue.AsDict(features), self._cfg, count
            )
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
