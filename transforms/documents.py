"""Records -> normalised ``documents`` rows (one per id) and rejects."""

from __future__ import annotations

import apache_beam as beam

from transforms.core import documents, templates
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


def _site_page(doc: dict):
    site = templates.site_of(doc)
    if site is not None:
        yield (site, templates.page_lines(doc["match_text"]))


def _site_template(keyed, cfg: MatchConfig):
    site, pages = keyed
    for line in templates.template_hashes(pages, cfg.template_min_pages, cfg.template_min_share):
        yield {"site": site, "line_hash": line}


def _strip_template(doc: dict, template: set[int], cfg: MatchConfig, count: BeamCounter):
    """Move every site's template lines out of the document's matching text; a document left with less
    than ``min_chars`` of story text is rejected (``template_only``)."""
    row, moved = templates.strip_template(doc, template)
    if not moved:
        yield row
        return
    count("template_lines_removed", moved)
    if row["n_chars"] < cfg.min_chars:
        count("rejected.template_only")
        yield beam.pvalue.TaggedOutput(
            REJECT,
            reject(
                doc["source_file"],
                doc["source_row"],
                "template_only",
                f"{row['n_chars']} characters of story text once {moved} line(s) that sites repeat on "
                f"many pages are removed < min_chars {cfg.min_chars}",
                doc["doc_id"],
                doc["text"],
            )[1],
        )
        return
    count("documents_with_template_lines")
    yield row


class NormaliseDocuments(beam.PTransform):
    """PCollection[(kind, record)] -> {"docs": documents rows without cluster, "rejects": reject rows,
    "templates": one {site, line_hash} per site template line}.

    Each document is normalised on its own; then the lines a site repeats on many of its pages (its
    template, in any language) move from the matching text to ``chrome_lines`` (see core.templates)."""

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
        # Lines a site repeats beside different stories are its template: found per site, then
        # removed from every document.
        site_lines = (
            unique[DOC]
            | "SitePages" >> beam.FlatMap(_site_page).with_output_types(tuple[str, list[int]])
            | "GroupBySite" >> beam.GroupByKey()
            | "SiteTemplates" >> beam.FlatMap(_site_template, self._cfg)
        )
        template = (
            site_lines
            | "TemplateLines" >> beam.Map(lambda row: row["line_hash"]).with_output_types(int)
            | "TemplateSet" >> beam.combiners.ToSet()
        )
        stripped = unique[DOC] | "StripTemplates" >> beam.FlatMap(
            _strip_template, beam.pvalue.AsSingleton(template), self._cfg, count
        ).with_outputs(REJECT, main=DOC)
        rejects = (
            split[REJECT],
            normalised[REJECT],
            unique[REJECT],
            stripped[REJECT],
        ) | "AllRejects" >> beam.Flatten()
        return {"docs": stripped[DOC], "rejects": rejects, "templates": site_lines}
