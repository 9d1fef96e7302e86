"""Documents + verified edges + component labels -> clustered documents, edges, clusters, provenance."""

from __future__ import annotations

import apache_beam as beam

from transforms.core.clustering import resolve_component
from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry
from transforms.core.provenance import WordRarity, content_words
from transforms.counting import BeamCounter

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


class WordFrequencies(beam.CombineFn):
    """Documents -> :class:`WordRarity`: in how many documents each content word occurs (one pass, one
    dictionary per bundle; no element per word)."""

    def create_accumulator(self):
        return {}, 0

    def add_input(self, acc, doc):
        df, n = acc
        for word in content_words(doc.get("match_text") or ""):
            df[word] = df.get(word, 0) + 1
        return df, n + 1

    def merge_accumulators(self, accumulators):
        accumulators = iter(accumulators)
        df, n = next(accumulators)
        for other, m in accumulators:
            for word, k in other.items():
                df[word] = df.get(word, 0) + k
            n += m
        return df, n

    def extract_output(self, acc):
        df, n = acc
        return WordRarity(df, n)


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


class ClusterAndTrace(beam.PTransform):
    """(docs, edges, labels) -> {"documents", "edges", "clusters", "provenance"} rows.

    Each component is grouped on one worker (its size is bounded: a component above ``giant_cluster``
    documents is flagged and counted as a failure to report), split at weak bridges, and traced with
    the corpus's word frequencies as a side input (one dictionary of content words).
    """

    def __init__(self, cfg: MatchConfig, registry: Registry) -> None:
        super().__init__()
        self._cfg = cfg
        self._registry = registry

    def expand(self, inputs):
        docs, edges, labels = inputs
        rarity = docs | "WordFrequencies" >> beam.CombineGlobally(WordFrequencies())
        docs_by_id = docs | "KeyDocs" >> beam.Map(lambda d: (d["doc_id"], d))
        edges_by_src = edges | "KeyEdges" >> beam.Map(lambda e: (e["src_id"], e))
        docs_by_component = (
            {"docs": docs_by_id, "label": labels}
            | "JoinDocLabels" >> beam.CoGroupByKey()
            | "DocComponent" >> beam.FlatMap(_component_of_doc)
        )
        edges_by_component = (
            {"edges": edges_by_src, "label": labels}
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
