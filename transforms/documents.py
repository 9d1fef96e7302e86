"""Records -> normalised ``documents`` rows (one per id) and rejects."""

from __future__ import annotations

import apache_beam as beam
import numpy as np

from transforms.core import documents, shingles, templates
from transforms.core.config import MatchConfig
from transforms.core.counts import HashCounts
from transforms.core.outlets import Registry
from transforms.core.records import reject
from transforms.counting import BeamCounter
from transforms.grouping import grouped_in_parts, in_parts
from transforms.sharded import ShardedCounts
from transforms.workfiles import BlobReader, WriteBlobs

DOC, REJECT = "doc", "reject"

# Where a document's original text was set aside in a work file (see _SetTextsAside): its ``text`` is
# None until ``WithOriginalText`` puts it back for the ``documents`` table.
TEXT_AT = "text_at"
# Documents per text file (about 3 KB each in the bench's corpus).
TEXT_FILE_DOCS = 5000


def original_text(doc: dict) -> str:
    """The document's original text, read back from its work file if it was set aside."""
    if doc.get("text") is None and doc.get(TEXT_AT):
        reader = BlobReader()
        try:
            return reader.read(doc[TEXT_AT])
        finally:
            reader.close()
    return doc["text"]


class WithOriginalText(beam.DoFn):
    """Document -> the same row with its original text back in ``text`` (a document whose text was not
    set aside passes as it is)."""

    def start_bundle(self) -> None:
        self._reader = BlobReader()

    def process(self, doc: dict):
        location = doc.get(TEXT_AT)
        if location:
            doc = {k: v for k, v in doc.items() if k != TEXT_AT}
            doc["text"] = self._reader.read(location)
        yield doc

    def finish_bundle(self) -> None:
        self._reader.close()


def _text_apart(doc: dict) -> tuple[dict, str]:
    """A document without its original text, and the text (to be set aside in a work file)."""
    return dict(doc, text=None), doc["text"]


def _with_text_at(located: tuple[dict, tuple]) -> dict:
    doc, location = located
    return dict(doc, **{TEXT_AT: location})


class _SetTextsAside(beam.PTransform):
    """Document -> the same row with ``text`` None and ``TEXT_AT`` where the text is: the largest field,
    read by nothing between normalising and the ``documents`` table, so on one machine it waits in work
    files (transforms.workfiles) instead of passing through every stage's buffers."""

    def __init__(self, directory: str, per_file: int) -> None:
        super().__init__()
        self._directory = directory
        self._per_file = per_file

    def expand(self, docs):
        return (
            docs
            | "TextApart" >> beam.Map(_text_apart)
            | "WriteTexts" >> beam.ParDo(WriteBlobs(self._directory, "texts", self._per_file))
            | "WithTextAt" >> beam.Map(_with_text_at)
        )


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


class _FirstOfId(beam.PTransform):
    """(doc_id, [records]) -> {DOC: the first record of each id, REJECT: the others}, the texts set aside
    in ``text_dir`` if given."""

    def __init__(self, count: BeamCounter, text_dir: str | None) -> None:
        super().__init__()
        self._count = count
        self._text_dir = text_dir

    def expand(self, grouped):
        first = grouped | "First" >> beam.FlatMap(_first_of_id, self._count).with_outputs(REJECT, main=DOC)
        docs = first[DOC]
        if self._text_dir:
            docs = docs | "SetTextsAside" >> _SetTextsAside(self._text_dir, TEXT_FILE_DOCS)
        return {DOC: docs, REJECT: first[REJECT]}


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
                original_text(doc),
            )[1],
        )
        return
    count("documents_with_template_lines")
    yield row


def _common_of_shard(shard_counts, n_docs: int, cfg: MatchConfig, limit):
    _, (values, counts) = shard_counts
    hashes, common = shingles.common_of_counts(values, counts, n_docs, cfg, limit)
    if len(hashes):
        yield hashes, common


def _all_common(pieces: list, n_docs: int) -> dict:
    if not pieces:
        return {
            "n_docs": n_docs,
            "hashes": np.zeros(0, dtype=np.uint32),
            "counts": np.zeros(0, dtype=np.int64),
        }
    hashes = np.concatenate([h for h, _ in pieces])
    counts = np.concatenate([c for _, c in pieces])
    order = np.argsort(hashes)
    return {"n_docs": n_docs, "hashes": hashes[order], "counts": counts[order]}


class CommonHashes(beam.PTransform):
    """PCollection[each document's distinct hashes] -> one element ``{"n_docs", "hashes", "counts"}``:
    the hashes on more than ``limit(n_docs, cfg)`` of the ``n_docs`` documents (sorted uint32) and on how
    many documents each is. ``shingles.common_anchor_limit`` gives the corpus's common anchor bigrams
    (core.shingles.common_anchors), ``shingles.common_gram_limit`` over a sample's character n-grams
    its common n-grams (core.shingles.common_grams).

    The hashes are counted by shard of the hash space (``ShardedCounts``), each shard keeps its common
    ones, and only those meet in one element: no element grows with the corpus's distinct hashes."""

    def __init__(self, cfg: MatchConfig, limit=shingles.common_anchor_limit) -> None:
        super().__init__()
        self._cfg = cfg
        self._limit = limit

    def expand(self, hashes):
        n_docs = beam.pvalue.AsSingleton(hashes | "CountDocuments" >> beam.combiners.Count.Globally())
        return (
            hashes
            | "CountHashes" >> ShardedCounts(HashCounts)
            | "CommonOfShard" >> beam.FlatMap(_common_of_shard, n_docs, self._cfg, self._limit)
            | "AllShards" >> beam.combiners.ToList()
            | "Common" >> beam.Map(_all_common, n_docs)
        )


def _sampled_grams(doc: dict, n_docs: int, cfg: MatchConfig):
    """A document's character n-grams, if it is one of those sampled for ``common_grams``."""
    if shingles.in_gram_sample(doc["doc_id"], n_docs, cfg):
        yield shingles.text_grams(doc["match_text"], cfg)


_NO_BIGRAMS = np.zeros(0, dtype=np.uint32)


def _anchor_bigrams(doc: dict, signs_anchors: bool, signs_numbers: bool):
    if not (signs_anchors or signs_numbers):
        return _NO_BIGRAMS
    return shingles.anchor_bigrams(doc["match_text"], numbers=signs_numbers)


def _common_anchor_rows(common: dict):
    for h, n in zip(common["hashes"].tolist(), common["counts"].tolist(), strict=True):
        yield {"anchor_hash": h, "docs": n}


def _common_gram_rows(common: dict):
    for h, n in zip(common["hashes"].tolist(), common["counts"].tolist(), strict=True):
        yield {"gram_hash": h, "docs": n, "sampled": common["n_docs"]}


class NormaliseDocuments(beam.PTransform):
    """PCollection[(kind, record)] -> {"docs": documents rows without cluster, "rejects": reject rows,
    "templates": one {site, line_hash} per site template line, "common_anchors": one element, the
    corpus's common anchor bigrams (``CommonHashes``), "common_anchor_rows": one {anchor_hash, docs}
    per common bigram, "common_grams": one element, the common character n-grams of a sample of the
    documents, "common_gram_rows": one {gram_hash, docs, sampled} per common n-gram}.

    Each document is normalised on its own; then the lines a site repeats on many of its pages (its
    template, in any language) move from the matching text to ``chrome_lines`` (see core.templates).
    Anchor bigrams are counted over the documents as normalised, before template lines leave them (so
    ``n_docs`` includes pages later rejected as ``template_only``): the count is a corpus-wide side
    input of signing, and this way it is ready when the template is, without holding the stripped
    documents for a stage of their own.

    Records are grouped by id in ``parts`` groupings (see transforms.grouping): several on one
    machine, one on a cluster. With ``text_dir`` (one machine) each document's original text is then
    set aside in work files there (``TEXT_AT``; ``WithOriginalText`` puts it back)."""

    def __init__(
        self, cfg: MatchConfig, registry: Registry, parts: int = 1, text_dir: str | None = None
    ) -> None:
        super().__init__()
        self._cfg = cfg
        self._registry = registry
        self._parts = parts
        self._text_dir = text_dir

    def expand(self, parsed):
        count = BeamCounter()
        split = parsed | "SplitRejects" >> beam.FlatMap(_split, count).with_outputs(REJECT, main=DOC)
        normalised = split[DOC] | "Normalise" >> beam.FlatMap(
            _normalise, self._cfg, self._registry, count
        ).with_outputs(REJECT, main=DOC)
        by_id = normalised[DOC] | "KeyById" >> beam.Map(lambda r: (r["doc_id"], r)).with_output_types(
            tuple[str, dict]
        )
        unique = in_parts(
            grouped_in_parts(by_id, self._parts, "GroupById"),
            "FirstOfId",
            lambda: _FirstOfId(count, self._text_dir),
            (DOC, REJECT),
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
        # Without an ``anchors`` or ``numbers`` view nothing is signed from anchor bigrams: none is
        # counted as common.
        signs = {v.name for v in self._cfg.views}
        common = (
            unique[DOC]
            | "AnchorBigrams" >> beam.Map(_anchor_bigrams, "anchors" in signs, "numbers" in signs)
            | "CommonAnchors" >> CommonHashes(self._cfg)
        )
        # The character n-grams of about common_gram_sample documents, chosen by id (before template
        # lines leave them, like the anchor bigrams).
        n_docs = beam.pvalue.AsSingleton(unique[DOC] | "CountUnique" >> beam.combiners.Count.Globally())
        grams = (
            unique[DOC]
            | "SampledGrams" >> beam.FlatMap(_sampled_grams, n_docs, self._cfg)
            | "CommonGrams" >> CommonHashes(self._cfg, shingles.common_gram_limit)
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
            "common_grams": grams,
            "common_gram_rows": grams | "CommonGramRows" >> beam.FlatMap(_common_gram_rows),
        }
