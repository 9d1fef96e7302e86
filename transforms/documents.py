"""Records -> normalised ``documents`` rows (one per id) and rejects."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import documents
from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry
from transforms.core.records import reject
from transforms.counting import BeamCounter

DOC, REJECT = "doc", "reject"


def _split(element, count: BeamCounter):
    kind, record = element
    if kind == REJECT:
        yield beam.pvalue.TaggedOutput(REJECT, record)
    else:
        yield record


def _normalise(record: dict, cfg: MatchConfig, registry: Registry, count: BeamCounter):
    kind, row = documents.document(record, cfg, registry)
    if kind == REJECT:
        count(f"rejected.{row['reason']}")
        yield beam.pvalue.TaggedOutput(REJECT, row)
    else:
        count("documents_normalised")
        yield row


def _first_of_id(keyed, count: BeamCounter):
    """Keep the record of an id that comes first by (file, row); the others are duplicate_id rejects."""
    doc_id, rows = keyed
    rows = sorted(rows, key=lambda r: (r["source_file"], r["source_row"]))
    yield rows[0]
    for dup in rows[1:]:
        count("rejected.duplicate_id")
        first = rows[0]
        yield beam.pvalue.TaggedOutput(
            REJECT,
            reject(
                dup["source_file"],
                dup["source_row"],
                "duplicate_id",
                f"id {doc_id!r} already used by {first['source_file']} row {first['source_row']}",
                doc_id,
                dup["text"],
            )[1],
        )


class NormaliseDocuments(beam.PTransform):
    """PCollection[(kind, record)] -> {"docs": documents rows without cluster, "rejects": reject rows}."""

    def __init__(self, cfg: MatchConfig, registry: Registry) -> None:
        super().__init__()
        self._cfg = cfg
        self._registry = registry

    def expand(self, parsed):
        count = BeamCounter()
        split = parsed | "SplitRejects" >> beam.FlatMap(_split, count).with_outputs(REJECT, main=DOC)
        normalised = split[DOC] | "Normalise" >> beam.FlatMap(
            _normalise, self._cfg, self._registry, count
        ).with_outputs(REJECT, main=DOC)
        unique = (
            normalised[DOC]
            | "KeyById" >> beam.Map(lambda r: (r["doc_id"], r)).with_output_types(tuple[str, dict])
            | "GroupById" >> beam.GroupByKey()
            | "FirstOfId" >> beam.FlatMap(_first_of_id, count).with_outputs(REJECT, main=DOC)
        )
        rejects = (split[REJECT], normalised[REJECT], unique[REJECT]) | "AllRejects" >> beam.Flatten()
        return {"docs": unique[DOC], "rejects": rejects}
