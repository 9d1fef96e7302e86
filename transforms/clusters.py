"""Documents + verified edges + component labels -> clustered documents, edges, clusters, provenance."""

from __future__ import annotations

import pickle

import apache_beam as beam

from transforms.components import ComponentLabels, ConnectedComponents
from transforms.core.clustering import resolve_component
from transforms.core.config import MatchConfig
from transforms.core.counts import WordCounts, word_rarity
from transforms.core.outlets import Registry
from transforms.counting import BeamCounter
from transforms.documents import TEXT_AT, WithOriginalText
from transforms.grouping import grouped_in_parts, in_parts
from transforms.memory import release_after_bundle
from transforms.sharded import ShardedCounts
from transforms.verification import JOINS

TABLES = ("documents", "edges", "clusters", "provenance")


def _pickled(row: dict) -> bytes:
    """A row as one bytes object: the direct runner holds a grouping's values decoded until the
    grouping is read, and one bytes object is a fraction of a decoded dictionary of strings, numbers,
    lists and dictionaries."""
    return pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL)


def resolvable(doc: dict) -> bytes:
    """A document as its component's grouping carries it, pickled: whole, or, where its original text
    waits in a work file (``TEXT_AT``, one machine), without that text.

    Resolving emits the ``documents`` rows (each with its cluster id) from these, and
    ``WithOriginalText`` puts a set-aside text back: the documents travel once, not also whole beside
    the grouping to meet their cluster ids after it (a second copy of the corpus the direct runner
    held from labelling to the end of the run)."""
    if doc.get(TEXT_AT):
        doc = {k: v for k, v in doc.items() if k != "text"}
    return _pickled(doc)


def _component_of_doc(keyed):
    doc_id, grouped = keyed
    label = grouped["label"][0] if grouped["label"] else doc_id
    for doc in grouped["docs"]:
        yield (label, resolvable(doc))


def _component_of_edge(keyed):
    _, grouped = keyed
    if not grouped["label"]:
        return
    label = grouped["label"][0]
    for edge in grouped["edges"]:
        yield (label, _pickled(edge))


class WordFrequencies(beam.PTransform):
    """PCollection[documents row] -> (PCollection[(shard, merged WordCounts)], PCollection[n_docs]): in
    how many documents each content word and each small-word pair's slot occurs, counted by shard
    (``ShardedCounts``), and the number of documents. ``core.counts.word_rarity`` puts them together
    where they are used (a side input of a few shards per element instead of one element that grows
    with the corpus's vocabulary)."""

    def expand(self, docs):
        return (
            docs | "CountWords" >> ShardedCounts(WordCounts),
            docs | "CountDocuments" >> beam.combiners.Count.Globally(),
        )


class _Resolve(beam.DoFn):
    def __init__(self, cfg: MatchConfig, registry: Registry) -> None:
        self._cfg = cfg
        self._registry = registry
        self._count = BeamCounter()

    def setup(self) -> None:
        self._rarity = None

    def start_bundle(self) -> None:
        self._resolved = 0

    def finish_bundle(self) -> None:
        # The corpus's word rarity is rebuilt from the side input by the next bundle, if any: each of
        # the four resolving stages on one machine would otherwise keep its own to the end of the run.
        release_after_bundle(self._resolved, self._forget_rarity)

    def _forget_rarity(self) -> None:
        self._rarity = None

    def process(self, keyed, word_shards=None, n_docs=None):
        _, grouped = keyed
        if self._rarity is None and word_shards is not None:
            # One global window, one batch: the side input is the same for every element.
            self._rarity = word_rarity(word_shards, n_docs)
        rarity = self._rarity
        rows = resolve_component(
            [pickle.loads(d) for d in grouped["docs"]],
            [pickle.loads(e) for e in grouped["edges"]],
            self._cfg,
            self._registry,
            self._count,
            rarity,
        )
        for name in TABLES[1:]:
            for row in getattr(rows, name):
                yield beam.pvalue.TaggedOutput(name, row)
        yield from rows.documents
        self._resolved += len(rows.documents)


def _label_docs(doc: dict, labels: dict):
    return (labels.get(doc["doc_id"], doc["doc_id"]), resolvable(doc))


def _label_edges(edge: dict, labels: dict):
    return (labels[edge["src_id"]], _pickled(edge))


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

    Components are grouped and resolved in ``parts`` groupings (see transforms.grouping): several on
    one machine, one on a cluster.
    """

    def __init__(self, cfg: MatchConfig, registry: Registry, join: str = "shuffle", parts: int = 1) -> None:
        super().__init__()
        if join not in JOINS:
            raise ValueError(f"join must be one of {', '.join(JOINS)}, got {join!r}")
        self._cfg = cfg
        self._registry = registry
        self._join = join
        self._parts = parts

    def expand(self, inputs):
        docs, edges = inputs
        word_shards, n_docs = docs | "WordFrequencies" >> WordFrequencies()
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
        resolved = in_parts(
            grouped_in_parts(
                {"docs": docs_by_component, "edges": edges_by_component}, self._parts, "GroupComponents"
            ),
            "Resolve",
            lambda: beam.ParDo(
                _Resolve(self._cfg, self._registry),
                beam.pvalue.AsList(word_shards),
                beam.pvalue.AsSingleton(n_docs),
            ).with_outputs(*TABLES[1:], main="documents"),
            TABLES,
        )
        documents = resolved["documents"] | "WithOriginalText" >> beam.ParDo(WithOriginalText())
        return {"documents": documents, **{name: resolved[name] for name in TABLES[1:]}}
