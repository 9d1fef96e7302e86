"""Candidate pairs + features -> verified ``edges`` rows (with the measures that decided them)."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import verify
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter
from transforms.memory import release_after_bundle
from transforms.workfiles import BlobReader, WriteBlobs


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


class FeatureReader:
    """Features by doc id from the feature files (``where``: doc id -> location), each read at its first
    use and kept until :meth:`close`.

    The anchors (names, numbers, capitalised words) that documents share are held once: unpickled, each
    document's anchor sequence is a tuple of strings of its own, and the stories of one event name the
    same people, places and figures."""

    def __init__(self, where: dict) -> None:
        self._where = where
        self._blobs = BlobReader()
        self._features: dict = {}
        self._anchors: dict = {}

    def _shared(self, strings: tuple) -> tuple:
        known = self._anchors
        return tuple([known.setdefault(s, s) for s in strings])

    def get(self, doc_id: str):
        found = self._features.get(doc_id)
        if found is None and doc_id in self._where:
            found = self._blobs.read(self._where[doc_id])
            found.anchor_seq = self._shared(found.anchor_seq)
            found.names = self._shared(found.names)
            self._features[doc_id] = found
        return found

    @property
    def read(self) -> int:
        """Documents read since the last :meth:`close`."""
        return len(self._features)

    def close(self) -> None:
        self._blobs.close()
        self._features, self._anchors = {}, {}


class _VerifyLookedUp(beam.DoFn):
    """((a, b), views) -> edge rows, both documents' features read from the feature files.

    The side input says only where each document's features are; a document's features are read at
    the first pair of a bundle that needs them and dropped at the bundle's end. As a side input the
    features themselves would stay decoded in the worker, and encoded in the direct runner, until the
    pipeline ends, together with what verification caches on each document; this way the later stages
    run without them. The direct runners verify in one bundle per worker, so each document is read
    once per worker."""

    def __init__(self, cfg: MatchConfig) -> None:
        self._cfg = cfg
        self._count = BeamCounter()

    def start_bundle(self) -> None:
        self._reader = None

    def process(self, pair, where: dict):
        if self._reader is None:
            self._reader = FeatureReader(where)
        (a, b), views = pair
        left, right = self._reader.get(a), self._reader.get(b)
        if left is not None and right is not None:
            yield from _verified(left, right, views, self._cfg, self._count)

    def finish_bundle(self) -> None:
        if self._reader is not None:
            read = self._reader.read
            self._reader.close()
            self._reader = None
            release_after_bundle(read)


JOINS = ("shuffle", "side_input")

# Documents per feature file (about 9 KB each).
FEATURE_FILE_DOCS = 5000


class VerifyPairs(beam.PTransform):
    """(features: (doc_id, Features), pairs: ((a, b), views)) -> PCollection[edges row].

    ``join`` says how both documents' features reach a pair; the edges are the same either way:

    - ``shuffle`` (cluster runners): two keyed joins; each document's features travel once per pair
      it is in, never the whole corpus to one worker. Shuffled bytes grow with candidate pairs.
    - ``side_input`` (one machine): the features are written once to files under ``feature_dir``;
      where each document's are is the side input, and a pair's documents are read from the files
      (once per bundle). Memory grows with documents, not pairs, and only while pairs are verified;
      every worker must be able to read the directory (one machine's runners can). The caller
      removes it after the run.
    """

    def __init__(self, cfg: MatchConfig, join: str = "shuffle", feature_dir: str | None = None) -> None:
        super().__init__()
        if join not in JOINS:
            raise ValueError(f"verification join must be one of {', '.join(JOINS)}, got {join!r}")
        if join == "side_input" and not feature_dir:
            raise ValueError("the side_input join needs a feature_dir for the feature files")
        self._cfg = cfg
        self._join = join
        self._feature_dir = feature_dir

    def expand(self, inputs):
        features, pairs = inputs
        count = BeamCounter()
        if self._join == "side_input":
            where = features | "WriteFeatureFiles" >> beam.ParDo(
                WriteBlobs(self._feature_dir, "features", FEATURE_FILE_DOCS)
            )
            return pairs | "VerifyLookedUp" >> beam.ParDo(
                _VerifyLookedUp(self._cfg), beam.pvalue.AsDict(where)
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
