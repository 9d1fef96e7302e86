"""Documents + verified edges + component labels -> clustered documents, edges, clusters, provenance."""

from __future__ import annotations

from collections import Counter

import apache_beam as beam
import numpy as np

from transforms.components import ComponentLabels, ConnectedComponents
from transforms.core.clustering import resolve_component
from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry
from transforms.core.provenance import WordRarity, content_of_tokens, small_word_pairs
from transforms.core.shingles import tokens
from transforms.counting import BeamCounter
from transforms.verification import JOINS

TABLES = ("documents", "edges", "clusters", "provenance")


def _component_of_doc(keyed):
    doc_id, grouped = keyed
    label = grouped["label"][0] if grouped["label"] else doc_id
    for doc in grouped["docs"]:
        yield (label, doc)


def _component_of_edge(keyed):
    _, grouped = keyed
    if not grouped["label"]:
        return
    label = grouped["label"][0]
    for edge in grouped["edges"]:
        yield (label, edge)


# Pending small-word-pair slots an accumulator holds before it adds them up (a few MB).
_PAIRS_PENDING = 1 << 18


def _sum_slots(chunks: list[tuple[np.ndarray, np.ndarray | None]]) -> tuple[np.ndarray, np.ndarray]:
    """Chunks of (sorted unique slots, their counts or None for one each) -> one (slots, counts)."""
    if not chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    slots = np.concatenate([c[0] for c in chunks])
    counts = np.concatenate([np.ones(len(c[0]), dtype=np.int64) if c[1] is None else c[1] for c in chunks])
    unique, inverse = np.unique(slots, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)


class WordFrequencies(beam.CombineFn):
    """Documents -> :class:`WordRarity`: in how many documents each content word occurs, and each
    small-word pair's table slot (one pass; no element per word). The accumulator is a ``Counter`` of
    words, the document count, and chunks of pair slots that are added up (sorted slots and counts) once
    they pile up, when the accumulator is sent on, and at the end."""

    def create_accumulator(self):
        return Counter(), 0, []

    def add_input(self, acc, doc):
        df, n, chunks = acc
        toks = tokens(doc.get("match_text") or "")
        df.update(content_of_tokens(toks))
        chunks.append((small_word_pairs(toks), None))
        # Checked every 64 documents; only the chunks not yet added up count (those with counts None),
        # else a large added-up chunk would be re-sorted every 64 documents.
        if len(chunks) % 64 == 0 and sum(len(s) for s, c in chunks if c is None) >= _PAIRS_PENDING:
            chunks[:] = [_sum_slots(chunks)]
        return df, n + 1, chunks

    def compact(self, acc):
        df, n, chunks = acc
        return df, n, [_sum_slots(chunks)] if len(chunks) > 1 else chunks

    def merge_accumulators(self, accumulators):
        accumulators = iter(accumulators)
        df, n, chunks = next(accumulators)
        chunks = list(chunks)
        for other, m, other_chunks in accumulators:
            df.update(other)
            chunks += other_chunks
            n += m
        return df, n, [_sum_slots(chunks)] if len(chunks) > 1 else chunks

    def extract_output(self, acc):
        df, n, chunks = acc
        slots, counts = _sum_slots(chunks)
        return WordRarity(dict(df), n, slots, counts)


class _Resolve(beam.DoFn):
    def __init__(self, cfg: MatchConfig, registry: Registry) -> None:
        self._cfg = cfg
        self._registry = registry
        self._count = BeamCounter()

    def process(self, keyed, rarity=None):
        _, grouped = keyed
        rows = resolve_component(
            list(grouped["docs"]), list(grouped["edges"]), self._cfg, self._registry, self._count, rarity
        )
        for name in TABLES[1:]:
            for row in getattr(rows, name):
                yield beam.pvalue.TaggedOutput(name, row)
        yield from rows.documents


def _label_docs(doc: dict, labels: dict):
    return (labels.get(doc["doc_id"], doc["doc_id"]), doc)


def _label_edges(edge: dict, labels: dict):
    return (labels[edge["src_id"]], edge)


class ClusterAndTrace(beam.PTransform):
    """(docs, edges) -> {"documents", "edges", "clusters", "provenance"} rows.

    Linked documents get the label of their connected component (``join`` says how, the labels are the
    same either way); each component is grouped on one worker (its size is bounded: a component above
    ``giant_cluster`` documents is flagged and counted as a failure to report), split at weak bridges,
    and traced with the corpus's word frequencies as a side input (one dictionary of content words).

    - ``shuffle`` (cluster runners): ``cc_rounds`` distributed rounds (:class:`ConnectedComponents`), then
      documents and edges are joined with their labels by key; no worker holds the graph.
    - ``side_input`` (one machine): one union-find over the verified edges (:class:`ComponentLabels`),
      looked up by every document and edge as a side input: no rounds, no joins.
    """

    def __init__(self, cfg: MatchConfig, registry: Registry, join: str = "shuffle") -> None:
        super().__init__()
        if join not in JOINS:
            raise ValueError(f"join must be one of {', '.join(JOINS)}, got {join!r}")
        self._cfg = cfg
        self._registry = registry
        self._join = join

    def expand(self, inputs):
        docs, edges = inputs
        rarity = docs | "WordFrequencies" >> beam.CombineGlobally(WordFrequencies())
        ends = edges | "EdgeEnds" >> beam.Map(lambda e: (e["src_id"], e["dst_id"]))
        if self._join == "side_input":
            labels = beam.pvalue.AsSingleton(ends | "Components" >> beam.CombineGlobally(ComponentLabels()))
            docs_by_component = docs | "DocComponent" >> beam.Map(_label_docs, labels)
            edges_by_component = edges | "EdgeComponent" >> beam.Map(_label_edges, labels)
        else:
            labels = ends | "Components" >> ConnectedComponents(self._cfg.cc_rounds)
            docs_by_component = (
                {"docs": docs | "KeyDocs" >> beam.Map(lambda d: (d["doc_id"], d)), "label": labels}
                | "JoinDocLabels" >> beam.CoGroupByKey()
                | "DocComponent" >> beam.FlatMap(_component_of_doc)
            )
            edges_by_component = (
                {"edges": edges | "KeyEdges" >> beam.Map(lambda e: (e["src_id"], e)), "label": labels}
                | "JoinEdgeLabels" >> beam.CoGroupByKey()
                | "EdgeComponent" >> beam.FlatMap(_component_of_edge)
            )
        resolved = (
            {"docs": docs_by_component, "edges": edges_by_component}
            | "GroupComponents" >> beam.CoGroupByKey()
            | "Resolve"
            >> beam.ParDo(_Resolve(self._cfg, self._registry), beam.pvalue.AsSingleton(rarity)).with_outputs(
                *TABLES[1:], main="documents"
            )
        )
        return {name: resolved[name] for name in TABLES}
