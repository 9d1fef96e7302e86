"""Candidate pairs + features -> verified ``edges`` rows (with the measures that decided them)."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import banding, verify
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
    use and kept, by its block (``banding.doc_block``), until :meth:`keep_blocks` drops its block or
    :meth:`close`.

    The anchors (names, numbers, capitalised words) that documents share are held once: unpickled, each
    document's anchor sequence is a tuple of strings of its own, and the stories of one event name the
    same people, places and figures."""

    def __init__(self, where: dict) -> None:
        self._where = where
        self._blobs = BlobReader()
        self._blocks: dict[int, dict] = {}  # block -> doc id -> Features
        self._anchors: dict = {}
        self._read = 0

    def _shared(self, strings: tuple) -> tuple:
        known = self._anchors
        return tuple([known.setdefault(s, s) for s in strings])

    def get(self, doc_id: str):
        # (At most two blocks are held: looking in each costs less than hashing the id for its block, which
        # is done only to read a document.)
        for held in self._blocks.values():
            found = held.get(doc_id)
            if found is not None:
                return found
        if doc_id not in self._where:
            return None
        found = self._blobs.read(self._where[doc_id])
        found.anchor_seq = self._shared(found.anchor_seq)
        found.names = self._shared(found.names)
        self._blocks.setdefault(banding.doc_block(doc_id), {})[doc_id] = found
        self._read += 1
        return found

    def keep_blocks(self, blocks: frozenset[int]) -> None:
        """Drop the features of documents in other blocks (read again if asked for again)."""
        for block in [b for b in self._blocks if b not in blocks]:
            del self._blocks[block]

    @property
    def held(self) -> int:
        """Documents whose features are held now."""
        return sum(map(len, self._blocks.values()))

    @property
    def read(self) -> int:
        """Documents read since the last :meth:`close` (one read again counts again)."""
        return self._read

    def close(self) -> None:
        self._blobs.close()
        self._blocks, self._anchors, self._read = {}, {}, 0


class _VerifyLookedUp(beam.DoFn):
    """(block pair, [((a, b), views), ...]) -> edge rows, both documents' features read from the feature
    files (``CandidatePairs(by_blocks=True)``'s elements).

    The side input says only where each document's features are. A document's features are read at the
    first pair of an element that needs them and held while the elements that follow are of its block
    too: only two blocks' at a time (``banding.VERIFY_BLOCKS``). As a side input the features themselves
    would stay decoded in the worker, and encoded in the direct runner, until the pipeline ends,
    together with what verification caches on each document; this way verification holds part of them
    and the later stages run without them."""

    def __init__(self, cfg: MatchConfig) -> None:
        self._cfg = cfg
        self._count = BeamCounter()

    def start_bundle(self) -> None:
        self._reader = None

    def process(self, block_pairs, where: dict):
        if self._reader is None:
            self._reader = FeatureReader(where)
        key, pairs = block_pairs
        self._reader.keep_blocks(banding.blocks_of_pair(key))
        for (a, b), views in pairs:
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
    """(features: (doc_id, Features), pairs) -> PCollection[edges row]. ``pairs`` are ``((a, b), views)``
    with the shuffle join, ``(block pair, [((a, b), views), ...])`` with the side-input join
    (``CandidatePairs(by_blocks=join == "side_input")``).

    ``join`` says how both documents' features reach a pair; the edges are the same either way:

    - ``shuffle`` (cluster runners): two keyed joins; each document's features travel once per pair
      it is in, never the whole corpus to one worker. Shuffled bytes grow with candidate pairs.
    - ``side_input`` (one machine): the features are written once to files under ``feature_dir``;
      where each document's are is the side input, and a pair's documents are read from the files,
      two blocks of documents held at a time. Memory grows with documents, not pairs, and only while
      pairs are verified;
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
