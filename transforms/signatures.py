"""Documents -> shingle features, MinHash signatures per view, and LSH band keys."""

from __future__ import annotations

import dataclasses

import apache_beam as beam
import numpy as np

from transforms.core import banding, minhash, shingles
from transforms.core.config import MatchConfig
from transforms.counting import BeamCounter
from transforms.memory import release_after_bundle

FEATURES, SIGNATURES, BANDS = "features", "signatures", "bands"
_EMPTY = np.zeros(0, dtype=np.uint32)


class _SignBatch(beam.DoFn):
    """A batch of documents -> per document: features, signature rows, (band key, doc id) pairs."""

    def __init__(self, cfg: MatchConfig) -> None:
        self._cfg = cfg
        self._count = BeamCounter()

    def start_bundle(self) -> None:
        self._signed = 0

    def finish_bundle(self) -> None:
        release_after_bundle(self._signed)

    def process(self, batch: list[dict], common: dict | None = None, grams: dict | None = None):
        cfg = self._cfg
        self._signed += len(batch)
        feats = [shingles.features(d["doc_id"], d["match_text"], cfg) for d in batch]
        fingerprint = str(cfg)
        common_hashes = common["hashes"] if common else None
        gram_hashes = grams["hashes"] if grams else None
        chunks: dict[int, list[tuple[int, str, int]]] = {}
        for view_index, view in enumerate(cfg.views):
            shingle_sets = [shingles.signed_view(f, view.name, common_hashes, gram_hashes) for f in feats]
            sigs = minhash.signatures(shingle_sets, view.num_perm, cfg.seed)
            for f, sig in zip(feats, sigs):
                yield beam.pvalue.TaggedOutput(
                    SIGNATURES,
                    {
                        "doc_id": f.doc_id,
                        "view": view.name,
                        "hashvalues": sig.tolist(),
                        "config_fingerprint": fingerprint,
                    },
                )
                for key in banding.band_keys(view_index, sig, view.bands, view.rows):
                    chunks.setdefault(banding.partition_of(key), []).append((key, f.doc_id, view_index))
        for partition, chunk in chunks.items():
            yield beam.pvalue.TaggedOutput(BANDS, (partition, banding.BandChunk.of(chunk)))
        self._count("documents_signed", len(feats))
        self._count(
            "shingles",
            int(
                sum(
                    len(f.chars) + len(f.words) + len(f.anchors) + len(f.lead) + len(f.numbers) for f in feats
                )
            ),
        )
        # Verification reads neither the lead nor the bigram sets (they only make band keys); every
        # candidate pair ships a document's features once, so leave them behind.
        for f in feats:
            yield (f.doc_id, dataclasses.replace(f, lead=_EMPTY, anchors=_EMPTY, numbers=_EMPTY))


class Sign(beam.PTransform):
    """PCollection[documents row] -> {"features": (doc_id, Features), "signatures": rows, "bands": (partition, BandChunk)}.

    Documents are batched so one matrix computes the signatures of many documents (see core.minhash).
    ``common_anchors`` and ``common_grams``, one-element PCollections from NormaliseDocuments, hold the
    anchor bigrams left out of the ``anchors`` and ``numbers`` views' signatures and the character
    n-grams left out of the ``chars`` and ``lead`` views' (none without them).
    """

    def __init__(self, cfg: MatchConfig, common_anchors=None, common_grams=None) -> None:
        super().__init__()
        self._cfg = cfg
        self._common = common_anchors
        self._grams = common_grams

    def expand(self, docs):
        side = {
            name: beam.pvalue.AsSingleton(pcoll)
            for name, pcoll in (("common", self._common), ("grams", self._grams))
            if pcoll is not None
        }
        outputs = (
            docs
            | "Batch" >> beam.BatchElements(min_batch_size=8, max_batch_size=256)
            | "SignBatch"
            >> beam.ParDo(_SignBatch(self._cfg), **side).with_outputs(SIGNATURES, BANDS, main=FEATURES)
        )
        return {
            "features": outputs[FEATURES],
            "signatures": outputs[SIGNATURES],
            "bands": outputs[BANDS]
            | "TypeBands" >> beam.Map(lambda kv: kv).with_output_types(tuple[int, banding.BandChunk]),
        }
