"""Records -> normalised ``documents`` rows (one per id) and rejects."""

from __future__ import annotations

import apache_beam as beam
import numpy as np

from transforms.core import documents, shingles, templates
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
    than ``min_chars`` of story text (``min_chars_credited`` if it credits an outlet) is rejected
    (``template_only``)."""
    row, moved = templates.strip_template(doc, template)
    if not moved:
        yield row
        return
    count("template_lines_removed", moved)
    which, least = cfg.least_chars(bool(row.get("credited_outlets")))
    if row["n_chars"] < least:
        count("rejected.template_only")
        yield beam.pvalue.TaggedOutput(
            REJECT,
            reject(
                doc["source_file"],
                doc["source_row"],
                "template_only",
                f"{row['n_chars']} characters of story text once {moved} line(s) that sites repeat on "
                f"many pages are removed < {which} {least}",
                doc["doc_id"],
                doc["text"],
            )[1],
        )
        return
    count("documents_with_template_lines")
    yield row


class CommonAnchors(beam.CombineFn):
    """Every document's anchor bigrams -> ``{"n_docs", "hashes", "counts"}``: the corpus's common anchor
    bigrams (sorted uint32) and on how many documents each is (see core.shingles.common_anchors).

    An accumulator is ``[n_docs, values, counts, pending, n_pending]``: the distinct bigrams counted so
    far (sorted, with their counts) and the hash arrays of the documents added since. Pending arrays are
    counted into the rest once there are ``_JOIN_EVERY`` of them and they hold as many hashes as the
    counted ones: each hash is re-sorted a logarithmic number of times, and the accumulator's size
    follows the corpus's distinct bigrams, not its documents."""

    _JOIN_EVERY = 4096

    def __init__(self, cfg: MatchConfig) -> None:
        self._cfg = cfg

    def create_accumulator(self):
        return [0, np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64), [], 0]

    @staticmethod
    def _counted(acc):
        """``acc`` with its pending arrays counted in."""
        n_docs, values, counts, pending, _ = acc
        if not pending:
            return acc
        more = np.concatenate(pending)
        values, counts = shingles.count_hashes(
            np.concatenate((values, more)), np.concatenate((counts, np.ones(len(more), dtype=np.int64)))
        )
        return [n_docs, values, counts, [], 0]

    def add_input(self, acc, bigrams):
        acc[0] += 1
        acc[3].append(bigrams)
        acc[4] += len(bigrams)
        if len(acc[3]) >= self._JOIN_EVERY and acc[4] >= len(acc[1]):
            acc = self._counted(acc)
        return acc

    def merge_accumulators(self, accs):
        counted = [self._counted(acc) for acc in accs]
        if not counted:
            return self.create_accumulator()
        values, counts = shingles.count_hashes(
            np.concatenate([acc[1] for acc in counted]), np.concatenate([acc[2] for acc in counted])
        )
        return [sum(acc[0] for acc in counted), values, counts, [], 0]

    def extract_output(self, acc):
        n_docs, values, counts, _, _ = self._counted(acc)
        hashes, common_counts = shingles.common_of_counts(values, counts, n_docs, self._cfg)
        return {"n_docs": n_docs, "hashes": hashes, "counts": common_counts}


_NO_BIGRAMS = np.zeros(0, dtype=np.uint32)


def _anchor_bigrams(doc: dict, signs_anchors: bool):
    return shingles.anchor_bigrams(doc["match_text"]) if signs_anchors else _NO_BIGRAMS


def _common_anchor_rows(common: dict):
    for h, n in zip(common["hashes"].tolist(), common["counts"].tolist(), strict=True):
        yield {"anchor_hash": h, "docs": n}


class NormaliseDocuments(beam.PTransform):
    """PCollection[(kind, record)] -> {"docs": documents rows without cluster, "rejects": reject rows,
    "templates": one {site, line_hash} per site template line, "common_anchors": one element, the
    corpus's common anchor bigrams (``CommonAnchors``), "common_anchor_rows": one {anchor_hash, docs}
    per common bigram}.

    Each document is normalised on its own; then the lines a site repeats on many of its pages (its
    template, in any language) move from the matching text to ``chrome_lines`` (see core.templates).
    Anchor bigrams are counted over the documents as normalised, before template lines leave them (so
    ``n_docs`` includes pages later rejected as ``template_only``): the count is a corpus-wide side
    input of signing, and this way it is ready when the template is, without holding the stripped
    documents for a stage of their own."""

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
        # Without an ``anchors`` view nothing is signed from anchor bigrams: none is counted as common.
        signs_anchors = any(v.name == "anchors" for v in self._cfg.views)
        common = (
            unique[DOC]
            | "AnchorBigrams" >> beam.Map(_anchor_bigrams, signs_anchors)
            | "CommonAnchors" >> beam.CombineGlobally(CommonAnchors(self._cfg))
        )
        rejects = (
            split[REJECT],
            normalised[REJECT],
            unique[REJECT],
            stripped[REJECT],
        ) | "AllRejects" >> beam.Flatten()
        return {
            "docs": stripped[DOC],
            "rejects": rejects,
            "templates": site_lines,
            "common_anchors": common,
            "common_anchor_rows": common | "CommonAnchorRows" >> beam.FlatMap(_common_anchor_rows),
        }
