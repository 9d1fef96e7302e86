"""pyarrow schemas: the single source of truth for every Parquet table a run writes.

Every writer passes its schema explicitly, and :func:`conform` checks a record against it before the sink
(Beam's ``WriteToParquet`` silently turns a missing key into null and drops extra keys).
Bump ``SCHEMA_VERSION`` on any change; it is recorded in the manifest.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 11

CUE = pa.struct(
    [
        (
            "kind",
            pa.string(),
        ),  # dateline | first_appeared | originally_published | republished_from | like_this_story | byline | credit | house_style | via | plug | photo_credit | source_link
        ("outlet", pa.string()),  # canonical outlet name, or null when the cue names none we know
        ("text", pa.string()),  # the line or phrase the cue was read from
    ]
)

EVIDENCE = pa.struct([("kind", pa.string()), ("detail", pa.string()), ("weight", pa.float64())])

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("cluster_id", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int64()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("outlet_canonical", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.string()),
        ("published_ts", pa.timestamp("us", tz="UTC")),
        # The day the page's own header states ("Posted by Staff | May 6, 2024"), and that line: what
        # provenance weighs, at a day's precision, when the record gives no date.
        ("page_date", pa.date32()),
        ("page_date_line", pa.string()),
        ("lang", pa.string()),
        ("text", pa.string()),
        ("match_text", pa.string()),
        ("chrome_lines", pa.list_(pa.string())),
        ("cues", pa.list_(CUE)),
        ("credited_outlets", pa.list_(pa.string())),
        ("n_chars", pa.int64()),
        ("n_words", pa.int64()),
        ("config_fingerprint", pa.string()),
    ]
)

EDGES = pa.schema(
    [
        ("src_id", pa.string()),  # src_id < dst_id: edges are undirected here; direction is in provenance
        ("dst_id", pa.string()),
        ("cluster_id", pa.string()),
        ("kind", pa.string()),  # near_copy | rewrite | translation
        ("score", pa.float64()),
        ("kept", pa.bool_()),  # false: verified, but dropped by clustering (see dropped_by)
        # null | displaced_rewording | relative_strength | short_hub | part_hub | joined_page | weak_bridge
        ("dropped_by", pa.string()),
        ("decided_by", pa.string()),
        ("views", pa.list_(pa.string())),
        ("char_jaccard", pa.float64()),
        ("char_contain_src", pa.float64()),  # share of src's char shingles found in dst
        ("char_contain_dst", pa.float64()),
        ("word_contain_src", pa.float64()),
        ("word_contain_dst", pa.float64()),
        ("run_coverage", pa.float64()),
        ("anchor_overlap", pa.float64()),
        ("number_agreement", pa.float64()),
        ("cross_language", pa.bool_()),
        ("n_anchors", pa.int64()),  # distinct names and numbers of the shorter text
        # weighed as a possible translation only (across languages, or neither text English; else null):
        # order agreement of the names alone (words capitalised inside a sentence, and numbers;
        # decided_by name_order when it kept the pair), how many names the text with fewer has, and how
        # many names both have (decided_by shared_name_order: those line up in one order)
        ("name_overlap", pa.float64()),
        ("n_names", pa.int64()),
        ("shared_names", pa.int64()),
        # every name of the text with fewer in the other in one order (else null): into how many runs of
        # adjacent names they fall, the fewer of the two texts' (decided_by name_runs when it kept the pair)
        ("name_runs", pa.int64()),
        ("short_words", pa.int64()),  # words of the shorter text
        # words of the shorter text in 16-word runs shared outside quotes (20-word runs when decided_by
        # long_passage kept the pair); null unless the score alone fell short of min_score and the pair
        # was checked for a shared passage (decided_by shared_passage), or its sentences are displaced
        # (below)
        ("passage_words", pa.int64()),
        # sentences of the text with fewer in the same order as sentences of the other that share 0.3 of
        # their content words, when the sentence-order rule holds: it kept the pair (decided_by
        # sentence_order) or, for a pair kept on a score under strong_score, it makes the link strong
        # for the weak-bridge rule, or it explains a link whose sentences are displaced (below); else null
        ("sentences_in_order", pa.int64()),
        # rewrite edges (else null): sentences of the text with fewer that have a partner sharing 0.3 of
        # their content words; and, only when too many of them are both out of the partners' order and
        # reworded (VerifyConfig.displaced_min) and neither a shared passage (passage_words then
        # recorded too) nor the sentence-order rule explains the pair, how many: the edge is dropped_by
        # displaced_rewording
        ("sentences_matched", pa.int64()),
        ("sentences_displaced", pa.int64()),
        ("len_ratio", pa.float64()),
        ("config_fingerprint", pa.string()),
    ]
)

CLUSTERS = pa.schema(
    [
        ("cluster_id", pa.string()),
        ("size", pa.int64()),
        ("member_ids", pa.list_(pa.string())),
        ("n_edges", pa.int64()),
        ("removed_bridges", pa.int64()),
        ("root_id", pa.string()),
        ("root_outlet", pa.string()),
        ("giant", pa.bool_()),
        ("config_fingerprint", pa.string()),
    ]
)

PROVENANCE = pa.schema(
    [
        ("doc_id", pa.string()),
        ("cluster_id", pa.string()),
        ("parent_id", pa.string()),
        ("relation", pa.string()),  # original | copy | excerpt | spin | translation | rewrite
        ("root_id", pa.string()),
        ("root_outlet", pa.string()),
        ("chain", pa.list_(pa.string())),
        ("depth", pa.int32()),
        ("confidence", pa.float64()),
        ("evidence", pa.list_(EVIDENCE)),
        ("config_fingerprint", pa.string()),
    ]
)

REJECTS = pa.schema(
    [
        ("source_file", pa.string()),
        ("source_row", pa.int64()),
        ("doc_id", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("excerpt", pa.string()),
        ("config_fingerprint", pa.string()),
    ]
)

SIGNATURES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("view", pa.string()),
        ("hashvalues", pa.list_(pa.uint32())),
        ("config_fingerprint", pa.string()),
    ]
)

TEMPLATES = pa.schema(
    [
        ("site", pa.string()),  # URL host without www., else the canonical outlet (templates.site_of)
        ("line_hash", pa.int64()),  # templates.line_hash of the stripped line (the line is in chrome_lines)
        ("config_fingerprint", pa.string()),
    ]
)

COMMON_ANCHORS = pa.schema(
    [
        ("anchor_hash", pa.int64()),  # xxh32 of the bigram "a b" of two consecutive anchors (core.shingles)
        ("docs", pa.int64()),  # on how many documents it is
        ("config_fingerprint", pa.string()),
    ]
)

COMMON_GRAMS = pa.schema(
    [
        ("gram_hash", pa.int64()),  # xxh32 of a character n-gram of the squashed text (core.shingles)
        ("docs", pa.int64()),  # on how many of the sampled documents it is
        ("sampled", pa.int64()),  # how many documents were sampled (core.shingles.in_gram_sample)
        ("config_fingerprint", pa.string()),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "edges": EDGES,
    "clusters": CLUSTERS,
    "provenance": PROVENANCE,
    "rejects": REJECTS,
    "signatures": SIGNATURES,
    "templates": TEMPLATES,
    "common_anchors": COMMON_ANCHORS,
    "common_grams": COMMON_GRAMS,
}

REJECT_REASONS = (
    "malformed_json",
    "malformed_csv",
    "malformed_record",
    "undecodable",
    "missing_text",
    "empty_text",
    "near_empty_text",
    "template_only",
    "too_long",
    "duplicate_id",
    "unreadable_file",
)


class SchemaMismatch(ValueError):
    pass


def conform(record: dict, schema: pa.Schema) -> dict:
    """Return ``record`` if it has exactly the schema's fields with convertible values; raise otherwise."""
    names = set(schema.names)
    keys = set(record)
    if keys != names:
        raise SchemaMismatch(
            f"record fields differ from schema: missing {sorted(names - keys)}, extra {sorted(keys - names)}"
        )
    try:
        pa.Table.from_pylist([record], schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError) as err:
        raise SchemaMismatch(f"record does not match schema: {err}") from err
    return record
