"""``provenance trace``: where a document, or a new text, comes from, read from a finished run.

* ``provenance trace DOC_ID --run OUT``: the chain from the root to the document; each step with its
  outlet, url, title, date, relation, confidence and evidence, and for each parent -> child pair the
  two texts aligned passage by passage (kept words plain, changes as ``[-old-]{+new+}``).
* ``provenance trace --url URL --run OUT``: the same, for the document with that url.
* ``provenance trace --text FILE --run OUT``: a text that is not in the run is analysed, left without
  the run's site template lines (``templates`` table) and signed with the run's own config, matched
  against the stored signatures by LSH band keys (or against every document of a small run) and
  verified like a pipeline edge; the likely sources are listed by score, each with its chain and its
  alignment with the new text.

``--json`` prints one JSON object instead. Nothing is re-run: everything is read from the run's tables.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from transforms.core.alignment import ADDED, CHANGED, DROPPED, KEPT, Alignment, Passage, align, informative
from transforms.core.text import CREDITING_KINDS

EXTERNAL_PREFIX = "outlet:"
# Below this many documents, comparing a new text with every document is cheaper than banding.
SMALL_RUN = 2_000
NEW_TEXT_ID = "(new text)"
DEFAULT_PASSAGES = 4
# Cue kinds in the order they are worth quoting as the credit of an external root.
CREDIT_ORDER = (
    "originally_published",
    "republished_from",
    "first_appeared",
    "like_this_story",
    "via",
    "dateline",
    "house_style",
    "credit",
    "byline",
    "plug",
    "photo_credit",
)
DOC_COLUMNS = ["doc_id", "url", "outlet", "outlet_canonical", "title", "published_at", "match_text", "cues"]
PAGE_DATE_COLUMNS = ["published_ts", "page_date", "page_date_line"]


class TraceError(Exception):
    """A problem the user can fix (unknown id, not a run directory): one line to stderr, exit code 2."""


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="provenance trace",
        description="Show the provenance chain of a document of a run, or the likely sources of a new text.",
    )
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("doc_id", nargs="?", help="id of a document of the run")
    what.add_argument("--url", help="look the document up by its url")
    what.add_argument("--text", metavar="FILE", help="a new text (not in the run): find its likely sources")
    ap.add_argument("--run", required=True, help="run directory written by 'provenance run --out'")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ap.add_argument("--top", type=int, default=5, help="with --text: how many likely sources (default 5)")
    ap.add_argument(
        "--full", action="store_true", help="show every aligned passage, not only the telling ones"
    )
    ap.add_argument(
        "--layout",
        choices=("auto", "inline", "columns"),
        default="auto",
        help="passages as one column with [-old-]{+new+} marks, or side by side (auto: side by side "
        "when the terminal is at least 110 columns wide)",
    )
    ap.add_argument("--width", type=int, help="wrap to this many columns (default: the terminal's width)")
    return ap


# --- reading the run ----------------------------------------------------------------------------------


@dataclass
class Run:
    """The parts of a run that tracing reads: documents and provenance rows by id, edges by pair."""

    path: Path
    manifest: dict
    documents: dict[str, dict]
    provenance: dict[str, dict]
    edges: dict[tuple[str, str], dict]


def _read_columns(run_dir: Path, name: str, columns: list[str]) -> list[dict]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.tables import table_files
    from schemas import TABLES

    schema = TABLES[name]
    wanted = pa.schema([schema.field(c) for c in columns])
    parts = [pq.read_table(f, columns=columns, schema=wanted) for f in table_files(run_dir, name)]
    return pa.concat_tables(parts).to_pylist() if parts else []


def load_run(run_dir: str) -> Run:
    """Read what tracing needs from a finished run; TraceError if ``run_dir`` is not one."""
    from pipeline.tables import read_manifest

    path = Path(run_dir)
    if not path.is_dir():
        raise TraceError(f"--run {run_dir}: no such directory")
    try:
        manifest = read_manifest(path)
        try:
            doc_rows = _read_columns(path, "documents", DOC_COLUMNS + PAGE_DATE_COLUMNS)
        except (KeyError, ValueError):  # a run of an older release: no page dates stored
            doc_rows = _read_columns(path, "documents", DOC_COLUMNS)
        documents = {d["doc_id"]: d for d in doc_rows}
        provenance = {r["doc_id"]: r for r in _read_columns(path, "provenance", PROVENANCE_COLUMNS)}
        try:
            edge_rows = _read_columns(path, "edges", EDGE_COLUMNS + SENTENCE_COLUMNS)
        except (KeyError, ValueError):  # a run of an older release: its edges have no sentence counts
            edge_rows = _read_columns(path, "edges", EDGE_COLUMNS)
        edges = {(e["src_id"], e["dst_id"]): e for e in edge_rows}
    except FileNotFoundError as err:
        raise TraceError(f"--run {run_dir}: {err}") from err
    return Run(path, manifest, documents, provenance, edges)


PROVENANCE_COLUMNS = ["doc_id", "cluster_id", "parent_id", "relation", "root_id", "root_outlet", "chain"]
PROVENANCE_COLUMNS += ["depth", "confidence", "evidence"]
# Sentence counts of edges, written since schema version 8 (read when present).
SENTENCE_COLUMNS = ["sentences_matched", "sentences_displaced"]
EDGE_COLUMNS = ["src_id", "dst_id", "kind", "score", "kept", "dropped_by", "decided_by", "char_jaccard"]
EDGE_COLUMNS += [
    "run_coverage",
    "anchor_overlap",
    "word_contain_src",
    "word_contain_dst",
    "char_contain_src",
    "char_contain_dst",
]


def _column_if_written(run: Run, name: str, column: str) -> list:
    """One column of a table that older runs did not write (none there)."""
    try:
        return [r[column] for r in _read_columns(run.path, name, [column])]
    except FileNotFoundError:
        return []


def template_set(run: Run) -> set[int]:
    """The line hashes of every site template the run found (none for a run written before schema 3,
    which has no ``templates`` table)."""
    return set(_column_if_written(run, "templates", "line_hash"))


def common_anchor_hashes(run: Run):
    """The anchor bigrams the run left out of its ``anchors`` signatures, sorted (none for a run written
    before schema 4, which has no ``common_anchors`` table)."""
    import numpy as np

    return np.array(sorted(_column_if_written(run, "common_anchors", "anchor_hash")), dtype=np.uint32)


def common_gram_hashes(run: Run):
    """The character n-grams the run left out of its ``chars`` and ``lead`` signatures, sorted (none for
    a run written before schema 9, which has no ``common_grams`` table)."""
    import numpy as np

    return np.array(sorted(_column_if_written(run, "common_grams", "gram_hash")), dtype=np.uint32)


def rejected_reason(run: Run, doc_id: str) -> str | None:
    for r in _read_columns(run.path, "rejects", ["doc_id", "reason", "detail"]):
        if r["doc_id"] == doc_id:
            return f"{r['reason']}: {r['detail']}"
    return None


# Query parameters that say how a reader came to a page, not which page it is.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|smid|ref|ref_src|taid|guccounter)$"
)


def url_key(url: str) -> str:
    """A page's address as auditors paste it in any of its forms: scheme, "www."/"m."/"amp." host
    prefixes, the host's case, a fragment, tracking parameters, an AMP suffix and a trailing slash left
    out ("http://WWW.Example.com/a/b/amp/?utm_source=x#top" -> "example.com/a/b")."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)
    path = re.sub(r"/amp/?$|\.amp$|/+$", "", parts.path)
    query = "&".join(
        sorted(
            q
            for q in parts.query.split("&")
            if q
            and not _TRACKING.match(q.split("=", 1)[0].lower())
            and q.lower() not in ("amp", "amp=1", "outputtype=amp")
        )
    )
    return host + path + ("?" + query if query else "")


def find_by_url(run: Run, url: str) -> str:
    """The id of the document with ``url``: exact, then as :func:`url_key` reads both; TraceError if none."""
    exact = [d for d, doc in run.documents.items() if doc["url"] == url]
    key = url_key(url)
    loose = (
        [d for d, doc in run.documents.items() if doc["url"] and url_key(doc["url"]) == key]
        if not exact
        else []
    )
    found = exact or loose
    if not found:
        raise TraceError(f"no document with url {url!r} in run {run.path}")
    return sorted(found)[0]


# --- building a trace ---------------------------------------------------------------------------------


def _external_note(cue: dict | None) -> str:
    if cue is None:
        return "see the next document's evidence"
    if cue["kind"] in CREDITING_KINDS:
        return "credited by the next document"
    # A photo credit or a passing mention names the outlet without saying the text is its.
    return "named by the next document"


def _cue_line(cue: dict) -> str:
    verb = "credited by" if cue["kind"] in CREDITING_KINDS else "named by"
    return f'{verb} {cue["kind"]} cue: "{cue["text"]}"'


def credit_cue(doc: dict, outlet: str) -> dict | None:
    """The cue of ``doc`` that credits ``outlet``, the most explicit kind first."""
    cues = [c for c in doc.get("cues") or [] if c["outlet"] == outlet]
    rank = {k: n for n, k in enumerate(CREDIT_ORDER)}
    return min(cues, key=lambda c: rank.get(c["kind"], len(rank))) if cues else None


# Why clustering dropped a verified link (edges.dropped_by), as the trace explains it.
DROPPED_BECAUSE = {
    "displaced_rewording": "sentences reworded and out of place: another story of the event",
    "relative_strength": "far weaker than the best links of both ends",
    "short_hub": "a short text's link to a group it is less strongly linked to than its own",
    "part_hub": "a part of a story linked to a longer text of another story that holds it less",
    "joined_page": "a page carrying two stories, kept with the other one (its headline's, or the larger)",
    "weak_bridge": "a weak link, the only one between two groups",
}


def edge_between(run: Run, a: str, b: str) -> dict | None:
    edge = run.edges.get((min(a, b), max(a, b)))
    return dict(edge) if edge else None


def doc_step(run: Run, doc_id: str) -> dict:
    doc = run.documents[doc_id]
    prov = run.provenance.get(doc_id) or {}
    return {
        "id": doc_id,
        "external": False,
        "outlet": doc["outlet_canonical"] or doc["outlet"],
        "url": doc["url"],
        "title": doc["title"],
        "published_at": doc["published_at"],
        # The day its page's header states, when the record gives no date it could read (what provenance
        # weighed: "2 hours ago" is no date).
        "page_date": (
            f"{doc['page_date'].isoformat()} (its page: {doc['page_date_line']!r})"
            if doc.get("page_date") and doc.get("published_ts") is None
            else None
        ),
        "parent_id": prov.get("parent_id"),
        "relation": prov.get("relation"),
        "confidence": prov.get("confidence"),
        "evidence": prov.get("evidence") or [],
    }


def chain_steps(run: Run, doc_id: str, with_alignment: bool = True) -> list[dict]:
    """The steps from the root to ``doc_id``; a document step after a document carries ``link``: the
    edge between the two (if verified) and the alignment of the parent's text with the child's."""
    prov = run.provenance.get(doc_id)
    chain = list(prov["chain"]) if prov and prov["chain"] else [doc_id]
    steps: list[dict] = []
    for position, node in enumerate(chain):
        if node.startswith(EXTERNAL_PREFIX):
            outlet = node[len(EXTERNAL_PREFIX) :]
            child = chain[position + 1] if position + 1 < len(chain) else doc_id
            cue = credit_cue(run.documents.get(child, {}), outlet)
            steps.append(
                {
                    "id": node,
                    "external": True,
                    "outlet": outlet,
                    # A copy made from an absent original need not credit it (the cluster's first member
                    # or its photos did): the next document's evidence says why.
                    "note": "not in this run: " + _external_note(cue),
                    "cue": cue,
                }
            )
            continue
        step = doc_step(run, node)
        if position > 0:
            step["parent_id"] = chain[position - 1]
        parent = chain[position - 1] if position > 0 else None
        if with_alignment and parent and not parent.startswith(EXTERNAL_PREFIX):
            alignment = align(run.documents[parent]["match_text"], run.documents[node]["match_text"])
            step["link"] = {"edge": edge_between(run, parent, node), "alignment": alignment}
        steps.append(step)
    return steps


def trace(run: Run, doc_id: str) -> dict:
    """Everything ``provenance trace DOC_ID`` shows, as plain data (alignments as objects)."""
    if doc_id not in run.documents:
        reason = rejected_reason(run, doc_id)
        if reason:
            raise TraceError(f"document {doc_id!r} was rejected by run {run.path} ({reason})")
        raise TraceError(f"no document {doc_id!r} in run {run.path}")
    prov = run.provenance.get(doc_id) or {}
    return {
        "doc_id": doc_id,
        "run": str(run.path),
        "config_fingerprint": run.manifest.get("config_fingerprint"),
        "cluster_id": prov.get("cluster_id"),
        "relation": prov.get("relation"),
        "depth": prov.get("depth"),
        "root": {
            "id": prov.get("root_id"),
            "outlet": prov.get("root_outlet"),
            "external": bool(prov.get("chain")) and prov["chain"][0].startswith(EXTERNAL_PREFIX),
        },
        "chain": chain_steps(run, doc_id),
        "dropped_links": dropped_links(run, doc_id),
    }


def dropped_links(run: Run, doc_id: str) -> list[dict]:
    """The verified links of ``doc_id`` that clustering dropped, strongest first, with the reason."""
    out = []
    for (a, b), e in run.edges.items():
        if doc_id in (a, b) and not e["kept"]:
            out.append(
                {
                    "doc_id": b if a == doc_id else a,
                    "kind": e["kind"],
                    "score": e["score"],
                    "dropped_by": e["dropped_by"],
                    "because": DROPPED_BECAUSE.get(e["dropped_by"], e["dropped_by"]),
                    **{c: e.get(c) for c in SENTENCE_COLUMNS},
                }
            )
    return sorted(out, key=lambda d: (-d["score"], d["doc_id"]))


# --- a new text ---------------------------------------------------------------------------------------


def query_signature(feats, view, cfg, common, grams=None):
    """A new text's signature in one view, made as the run made its documents': the ``anchors`` and
    ``numbers`` views without the run's ``common`` anchor bigrams, the ``chars`` and ``lead`` views
    without its common character n-grams ``grams``."""
    from transforms.core import minhash, shingles

    signed = shingles.signed_view(feats, view.name, common, grams)
    return minhash.signatures([signed], view.num_perm, cfg.seed)[0]


def candidate_ids(run: Run, feats, cfg) -> tuple[list[str], str]:
    """Documents sharing an LSH band with ``feats`` in some view (as the pipeline pairs them), or every
    document of a small run; and how they were found."""
    if len(run.documents) < SMALL_RUN:
        return sorted(run.documents), f"all {len(run.documents)} documents (run under {SMALL_RUN})"
    import numpy as np

    from transforms.core import banding

    sigs = _read_columns(run.path, "signatures", ["doc_id", "view", "hashvalues"])
    common, grams = common_anchor_hashes(run), common_gram_hashes(run)
    found: set[str] = set()
    for view_index, view in enumerate(cfg.views):
        query = query_signature(feats, view, cfg, common, grams)
        keys = set(banding.band_keys(view_index, query, view.bands, view.rows))
        rows = [r for r in sigs if r["view"] == view.name and r["doc_id"] in run.documents]
        if not rows or not keys:
            continue
        stored = np.array([r["hashvalues"][: view.num_perm] for r in rows], dtype=np.uint32)
        bands = stored.reshape(len(rows), view.bands, view.rows)
        target = query[: view.num_perm].reshape(view.bands, view.rows)
        # Equal band values give equal keys; band_keys then confirms each hit exactly as the pipeline.
        hits = np.flatnonzero(np.any(np.all(bands == target[None], axis=2), axis=1))
        for k in hits:
            if keys & set(banding.band_keys(view_index, stored[k], view.bands, view.rows)):
                found.add(rows[k]["doc_id"])
    return sorted(found), f"{len(found)} documents sharing an LSH band"


def match_text(run: Run, path: str, top: int = 5) -> dict:
    """The ``top`` likely sources of the text in ``path`` among the run's documents, best first (all verified)."""
    from transforms.core import shingles, verify
    from transforms.core.config import MatchConfig
    from transforms.core.outlets import load_registry
    from transforms.core.records import Decoding, Undecodable, declared_charset, input_kind
    from transforms.core.templates import strip_template
    from transforms.core.text import analyse

    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise TraceError(f"--text {path}: {err.strerror or err}") from err
    # Read as the run read its input (a saved page by the charset it declares); what even that cannot
    # read is still matched, its bad bytes as U+FFFD.
    declared = declared_charset(data) if input_kind(path) == "html" else None
    undecodable = None
    try:
        raw = Decoding(run.manifest.get("encoding", "auto")).decode(data, declared)
    except Undecodable as err:
        raw, undecodable = data.decode("utf-8", errors="replace"), err
    try:
        cfg = MatchConfig.from_dict(run.manifest["config"])
        registry = load_registry(run.manifest.get("outlet_registry"))
    except (KeyError, TypeError, ValueError, FileNotFoundError) as err:
        raise TraceError(
            f"--run {run.path}: cannot rebuild the run's config or outlet registry ({err})"
        ) from err
    analysis = analyse(raw, registry)
    # The run's documents matched without their sites' template lines; so does the new text.
    new_text, template_lines = strip_template(
        {"match_text": analysis.match_text, "chrome_lines": []}, template_set(run)
    )
    text = new_text["match_text"]
    which, least = cfg.least_chars(bool(analysis.credited_outlets))
    if len(text) < least:
        left = " once the run's site template lines are removed" if template_lines else ""
        if undecodable is not None:  # what the run would have rejected as undecodable: say so
            raise TraceError(f"--text {path}: undecodable ({undecodable})")
        raise TraceError(f"--text {path}: {len(text)} characters of story text{left} < {which} {least}")
    feats = shingles.features(NEW_TEXT_ID, text, cfg)
    ids, how = candidate_ids(run, feats, cfg)
    sources, best_rejected, displaced = [], 0.0, []
    for doc_id in ids:
        other = shingles.features(doc_id, run.documents[doc_id]["match_text"], cfg)
        edge = verify.edge_record(feats, other, [], cfg)
        if edge is not None and verify.displaced(edge, cfg.verify):
            # Its sentences reworded out of place: another story of the event, as clustering decides.
            displaced.append(doc_id)
            continue
        if edge is None:
            m = verify.measures(feats, other)
            n_anchors = min(len(feats.first_anchors), len(other.first_anchors))
            best_rejected = max(best_rejected, verify.same_story_score(m, n_anchors, cfg)[0])
            continue
        sources.append((doc_id, _oriented(edge, doc_id)))
    sources.sort(key=lambda s: (-s[1]["score"], -s[1]["run_coverage"], -s[1]["char_jaccard"], s[0]))
    return {
        "text_file": str(path),
        "run": str(run.path),
        "config_fingerprint": run.manifest.get("config_fingerprint") or str(cfg),
        "candidates": how,
        "verified": len(sources),
        "best_rejected_score": round(best_rejected, 4),
        "displaced_rewording": sorted(displaced),
        "credited_outlets": analysis.credited_outlets,
        "template_lines_removed": new_text["chrome_lines"],
        "sources": [
            {
                "doc_id": doc_id,
                "rank": rank,
                "edge": edge,
                "trace": trace(run, doc_id),
                "alignment": align(run.documents[doc_id]["match_text"], text),
            }
            for rank, (doc_id, edge) in enumerate(sources[: max(top, 0)], 1)
        ],
    }


def _oriented(edge: dict, doc_id: str) -> dict:
    """An edge record between the new text and ``doc_id``, with the ``_src`` measures the document's."""
    out = {
        k: edge[k]
        for k in (
            "kind",
            "score",
            "decided_by",
            "char_jaccard",
            "run_coverage",
            "anchor_overlap",
            "name_overlap",
        )
    }
    doc_is_src = edge["src_id"] == doc_id
    for measure in ("char_contain", "word_contain"):
        out[f"{measure}_source"] = edge[f"{measure}_{'src' if doc_is_src else 'dst'}"]
        out[f"{measure}_new"] = edge[f"{measure}_{'dst' if doc_is_src else 'src'}"]
    out["len_ratio"] = edge["len_ratio"]
    return out


# --- output -------------------------------------------------------------------------------------------


def to_json(value):
    """Alignments to records, recursively."""
    if isinstance(value, Alignment):
        return value.as_record()
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


@dataclass(frozen=True)
class Style:
    width: int
    columns: bool
    full: bool
    color: bool

    def mark(self, op: str, words: tuple[str, ...]) -> str:
        text = " ".join(words)
        if not text:
            return ""
        # Colour, if any, is added after wrapping: escape codes would count as width for textwrap.
        if op == DROPPED:
            return f"[-{text}-]"
        if op == ADDED:
            return f"{{+{text}+}}"
        return text

    def wrap(self, text: str, indent: str, width: int | None = None, hang: int = 0) -> list[str]:
        lines = textwrap.wrap(
            text,
            width=width or self.width,
            initial_indent=indent,
            subsequent_indent=indent + " " * hang,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [indent.rstrip()]
        return [self.colour(line) for line in lines] if self.color else lines

    def colour(self, line: str) -> str:
        """Red for [-...-] and green for {+...+}, across wrapped lines too."""
        out, i = [], 0
        while i < len(line):
            if line.startswith("[-", i):
                end = line.find("-]", i)
                end = len(line) if end < 0 else end + 2
                out.append(f"\033[31m{line[i:end]}\033[0m")
                i = end
            elif line.startswith("{+", i):
                end = line.find("+}", i)
                end = len(line) if end < 0 else end + 2
                out.append(f"\033[32m{line[i:end]}\033[0m")
                i = end
            else:
                out.append(line[i])
                i += 1
        return "".join(out)


def _shorten(words: tuple[str, ...], full: bool, what: str, longer_than: int = 24) -> tuple[str, ...]:
    # A long verbatim (or wholly dropped) run says nothing more after its first and last words.
    if full or len(words) <= longer_than:
        return words
    return (*words[:8], f"...({len(words) - 16} {what} words)...", *words[-8:])


def _kept_text(words: tuple[str, ...], full: bool) -> str:
    return " ".join(_shorten(words, full, "kept"))


def inline_passage(p: Passage, style: Style) -> str:
    parts = []
    for s in p.segments:
        if s.op == KEPT:
            parts.append(_kept_text(s.new, style.full))
        elif s.op == CHANGED:
            parts.append(style.mark(DROPPED, s.old) + style.mark(ADDED, s.new))
        else:
            parts.append(style.mark(s.op, _shorten(s.old or s.new, style.full, s.op, 40)))
    return " ".join(x for x in parts if x)


def column_passage(p: Passage, style: Style, indent: str) -> list[str]:
    half = (style.width - len(indent) - 3) // 2
    left, right = [], []
    for s in p.segments:
        if s.op == KEPT:
            left.append(_kept_text(s.old, style.full))
            right.append(_kept_text(s.new, style.full))
        else:
            left.append(style.mark(DROPPED, _shorten(s.old, style.full, DROPPED, 40)))
            right.append(style.mark(ADDED, _shorten(s.new, style.full, ADDED, 40)))
    plain = Style(style.width, style.columns, style.full, False)
    lw = plain.wrap(" ".join(x for x in left if x), "", half)
    rw = plain.wrap(" ".join(x for x in right if x), "", half)
    lines = []
    for n in range(max(len(lw), len(rw))):
        a = lw[n] if n < len(lw) else ""
        b = rw[n] if n < len(rw) else ""
        line = f"{indent}{a:<{half}} | {b}".rstrip()
        lines.append(style.colour(line) if style.color else line)
    return lines


def render_alignment(al: Alignment, style: Style, indent: str, old_label: str, new_label: str) -> list[str]:
    s = al.summary()
    lines = style.wrap(
        f"kept {s['kept_words']} of {s['old_words']} words of {old_label} ({s['kept_share']:.0%}); "
        f"{s['copied_share']:.0%} of {new_label}'s {s['new_words']} words are copied; "
        f"{s['substitutions']} substitutions ({s['substituted_words']} words), "
        f"{s['dropped_words']} words dropped ({s['dropped_paragraphs']} whole paragraphs), "
        f"{s['added_words']} added ({s['added_paragraphs']} whole paragraphs)",
        indent,
    )
    shown = list(al.passages) if style.full else informative(al, DEFAULT_PASSAGES)
    if style.columns:
        head = (style.width - len(indent) - 3) // 2
        lines.append(f"{indent}{old_label[:head]:<{head}} | {new_label}")
    for p in shown:
        where = _where(p)
        lines.append(f"{indent}-- {where}")
        if style.columns:
            lines += column_passage(p, style, indent + "   ")
        else:
            lines += style.wrap(inline_passage(p, style), indent + "   ")
    hidden = len(al.passages) - len(shown)
    if hidden:
        lines.append(f"{indent}... {hidden} more passages ({_census(al, shown)}); --full shows them")
    return lines


def _where(p: Passage) -> str:
    olds = ",".join(str(n + 1) for n in p.old_paragraphs)
    if p.kind == DROPPED:
        return f"dropped: source paragraph{'s' if len(p.old_paragraphs) > 1 else ''} {olds}"
    if p.kind == ADDED:
        return f"added: paragraph {p.new_paragraph + 1} of the copy"
    verdict = "verbatim" if not p.changes else f"{p.changes} change{'s' if p.changes > 1 else ''}"
    return f"paragraph {p.new_paragraph + 1} (source {olds}): {verdict}"


def _census(al: Alignment, shown: list[Passage]) -> str:
    rest = [p for p in al.passages if p not in shown]
    counts = {
        "verbatim": sum(1 for p in rest if p.kind == "shared" and not p.changes),
        "with changes": sum(1 for p in rest if p.kind == "shared" and p.changes),
        "dropped": sum(1 for p in rest if p.kind == DROPPED),
        "added": sum(1 for p in rest if p.kind == ADDED),
    }
    return ", ".join(f"{n} {what}" for what, n in counts.items() if n)


def render_step(step: dict, number: int, style: Style, with_links: bool = True) -> list[str]:
    indent = "    "
    if step["external"]:
        lines = [f"[{number}] {step['outlet']}  (external root: {step['note']})"]
        cue = step.get("cue")
        if cue:
            lines += style.wrap(_cue_line(cue), indent)
        return lines
    lines = []
    if number > 0:
        edge = (step.get("link") or {}).get("edge")
        how = f"; edge {edge['kind']} score {edge['score']:.3f} by {edge['decided_by']}" if edge else ""
        conf = f"confidence {step['confidence']:.2f}" if step["confidence"] is not None else "no confidence"
        parent = step["parent_id"] or ""
        if parent.startswith(EXTERNAL_PREFIX):
            parent = f"{parent[len(EXTERNAL_PREFIX) :]}'s story (external)"
        lines.append(f"  |  {step['relation'] or '?'} of {parent} ({conf}{how})")
        lines.append("  v")
    head = f"[{number}] {step['id']}  {step['outlet'] or '(outlet unknown)'}"
    if number == 0:
        conf = f", confidence {step['confidence']:.2f}" if step["confidence"] is not None else ""
        head += f"  ({step['relation'] or 'root'}{conf})"
    lines.append(head)
    for label in ("title", "url", "published_at", "page_date"):
        if step.get(label):
            lines += style.wrap(f"{label + ':':<14}{step[label]}", indent, hang=14)
    if step["evidence"]:
        lines.append(f"{indent}evidence:")
        for ev in step["evidence"]:
            lines += style.wrap(f"{ev['weight']:+.2f} {ev['kind']}: {ev['detail']}", indent + "  ", hang=6)
    link = step.get("link")
    if with_links and link:
        lines.append(f"{indent}what {step['id']} kept from {step['parent_id']}:")
        lines += render_alignment(link["alignment"], style, indent + "  ", step["parent_id"], step["id"])
    return lines


def render_trace(result: dict, style: Style, with_links: bool = True) -> list[str]:
    root = result["root"]
    root_id = "external" if root["external"] else root["id"] or "?"
    root_text = f"{root_id} ({root['outlet'] or 'outlet unknown'})"
    lines = [
        f"{result['doc_id']}: {result['relation'] or '?'}, depth {result['depth']}, root {root_text}, "
        f"cluster {result['cluster_id']}",
        "",
    ]
    for number, step in enumerate(result["chain"]):
        lines += render_step(step, number, style, with_links)
    dropped = result.get("dropped_links") or []
    if dropped:
        lines += ["", f"verified links of {result['doc_id']} that clustering dropped:"]
        for d in dropped:
            counts = ""
            if d.get("sentences_displaced") is not None:
                counts = (
                    f"; {d['sentences_displaced']} of {d['sentences_matched']} matched sentences displaced"
                )
            lines += style.wrap(
                f"{d['doc_id']}  {d['kind']} score {d['score']:.3f}: {d['because']} ({d['dropped_by']}{counts})",
                "  ",
                hang=4,
            )
    return lines


def render_match(result: dict, style: Style) -> list[str]:
    lines = [
        f"{result['text_file']}: {result['verified']} documents of the run tell the same story "
        f"(compared with {result['candidates']})"
    ]
    if result["credited_outlets"]:
        lines.append(f"the text credits: {', '.join(result['credited_outlets'])}")
    removed = result["template_lines_removed"]
    if removed:
        lines.append(
            f"left out of matching: {len(removed)} line(s) that sites of the run repeat as their template "
            f"(first: {removed[0][:60]!r})"
        )
    if result.get("displaced_rewording"):
        lines.append(
            "not sources, their sentences reworded out of place (another story of the event): "
            + ", ".join(result["displaced_rewording"])
        )
    if not result["sources"]:
        lines.append(
            f"no likely source (best score of a rejected candidate {result['best_rejected_score']:.3f})"
        )
    for src in result["sources"]:
        e = src["edge"]
        lines += [
            "",
            f"#{src['rank']} {src['doc_id']}  score {e['score']:.4f} ({e['kind']} by {e['decided_by']}; "
            f"run coverage {e['run_coverage']:.2f}, char jaccard {e['char_jaccard']:.2f})",
        ]
        lines += [f"  {line}".rstrip() for line in render_trace(src["trace"], style, with_links=style.full)]
        lines.append(f"    what the new text kept from {src['doc_id']}:")
        lines += render_alignment(src["alignment"], style, "      ", src["doc_id"], "the new text")
    return lines


def terminal_style(args: argparse.Namespace) -> Style:
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    width = max(width, 50)
    columns = args.layout == "columns" or (args.layout == "auto" and width >= 110)
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return Style(width=width, columns=columns, full=args.full, color=color)


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        run = load_run(args.run)
        if args.text:
            result = match_text(run, args.text, args.top)
            lines = None if args.json else render_match(result, terminal_style(args))
        else:
            doc_id = find_by_url(run, args.url) if args.url else args.doc_id
            result = trace(run, doc_id)
            lines = None if args.json else render_trace(result, terminal_style(args))
    except TraceError as err:
        print(f"provenance trace: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(result), indent=2, default=str))
    else:
        print("\n".join(lines))
    return 0
