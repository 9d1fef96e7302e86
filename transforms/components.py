"""Verified edges -> a component label per linked document: in a fixed number of distributed rounds
(cluster runners) or by one union-find over the edges (one machine)."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import components
from transforms.counting import BeamCounter

Edge = tuple[str, str]


def _both_ways(edge: Edge):
    a, b = edge
    yield (a, b)
    yield (b, a)


def _large_star(keyed):
    node, nbrs = keyed
    yield from components.large_star(node, nbrs)


def _small_star(keyed):
    node, nbrs = keyed
    yield from components.small_star(node, nbrs)


class _Round(beam.PTransform):
    """One large-star and one small-star step over canonical ``(larger, smaller)`` edges."""

    def expand(self, edges):
        large = (
            edges
            | "BothWays" >> beam.FlatMap(_both_ways).with_output_types(Edge)
            | "GroupLarge" >> beam.GroupByKey()
            | "LargeStar" >> beam.FlatMap(_large_star)
            | "CanonLarge" >> beam.Map(components.canonical_edge).with_output_types(Edge)
            | "DistinctLarge" >> beam.Distinct()
        )
        return (
            large
            | "GroupSmall" >> beam.GroupByKey()
            | "SmallStar" >> beam.FlatMap(_small_star)
            | "CanonSmall" >> beam.Map(components.canonical_edge).with_output_types(Edge)
            | "DistinctSmall" >> beam.Distinct()
        )


def _ends(edge: Edge):
    child, parent = edge
    yield (child, parent)
    yield (parent, None)


def _tentative_label(keyed):
    node, parents = keyed
    yield (node, min([p for p in parents if p is not None] + [node]))


def _label_end(keyed, end: int):
    """Join an edge's ``end`` with its tentative label; re-key the edge by its other end."""
    _, grouped = keyed
    labels = grouped["label"]
    for edge_labels in grouped["edges"]:
        edge, known = edge_labels
        label = labels[0] if labels else edge[end]
        yield (edge[1 - end], (edge, known + (label,)))


def _disagreements(keyed, count: BeamCounter):
    _, grouped = keyed
    labels = grouped["label"]
    for edge, (label_a,) in grouped["edges"]:
        label_b = labels[0] if labels else edge[1]
        if label_a != label_b:
            count("cc_fallback_edges")
            yield (label_a, label_b)


def _final_label(keyed, merged: dict):
    node, label = keyed
    yield (node, merged.get(label, label))


class ConnectedComponents(beam.PTransform):
    """PCollection[(a, b)] -> PCollection[(doc_id, label)]: label = smallest id of the component.

    ``rounds`` large-star/small-star rounds, unrolled. Then every node takes its smallest neighbour as a
    tentative label; edges whose two ends still disagree (none once the rounds have converged) are
    merged by a union-find over their labels, passed as a side input (the counted fallback: its size is
    the number of such edges, reported as ``cc_fallback_edges``).
    """

    def __init__(self, rounds: int) -> None:
        super().__init__()
        self._rounds = rounds

    def expand(self, edges):
        count = BeamCounter()
        current = (
            edges
            | "Canonical" >> beam.Map(components.canonical_edge).with_output_types(Edge)
            | "Distinct" >> beam.Distinct()
        )
        for i in range(self._rounds):
            current = current | f"Round{i + 1}" >> _Round()
        tentative = (
            current
            | "Ends" >> beam.FlatMap(_ends)
            | "ByNode" >> beam.GroupByKey()
            | "TentativeLabel" >> beam.FlatMap(_tentative_label)
        )
        by_first = current | "KeyFirst" >> beam.Map(lambda e: (e[0], (e, ())))
        with_first = (
            {"label": tentative, "edges": by_first}
            | "JoinFirst" >> beam.CoGroupByKey()
            | "LabelFirst" >> beam.FlatMap(_label_end, 0)
        )
        conflicts = (
            {"label": tentative, "edges": with_first}
            | "JoinSecond" >> beam.CoGroupByKey()
            | "Disagreements" >> beam.FlatMap(_disagreements, count)
        )
        merged = (
            conflicts
            | "MergeLabels" >> beam.combiners.ToList()
            | "UnionFind" >> beam.Map(components.merge_labels)
        )
        return tentative | "FinalLabel" >> beam.FlatMap(_final_label, beam.pvalue.AsSingleton(merged))


class ComponentLabels(beam.CombineFn):
    """PCollection[(a, b)] -> one ``{doc_id: label}`` dictionary (label = smallest id of the component),
    by a union-find per bundle, merged.

    The one-machine counterpart of :class:`ConnectedComponents`: it holds every linked document once
    (verified edges grow with documents, not candidate pairs) and needs no rounds; ``ConnectedComponents``
    never brings the graph to one worker."""

    def create_accumulator(self) -> components.UnionFind:
        return components.UnionFind()

    def add_input(self, uf: components.UnionFind, edge: Edge) -> components.UnionFind:
        uf.union(*edge)
        return uf

    def merge_accumulators(self, accumulators) -> components.UnionFind:
        accumulators = iter(accumulators)
        merged = next(accumulators)
        for other in accumulators:
            for node, parent in other.parent.items():
                merged.union(node, parent)
        return merged

    def extract_output(self, uf: components.UnionFind) -> dict[str, str]:
        return uf.labels()
