"""One connected component -> final clusters (weak bridges split), provenance, and its output rows."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from transforms.core import provenance, verify
from transforms.core.components import (
    split_joined_pages,
    split_part_hubs,
    split_short_hubs,
    split_weak_bridges,
)
from transforms.core.config import MatchConfig
from transforms.core.outlets import Registry
from transforms.core.shingles import STOPWORDS

Counter = Callable[[str, int], None]


_WORD = re.compile(r"[^\W\d_]+|\d+")
# A headline's site suffix: "Bridge reopens | Harbor Ledger", "… - Reuters".
_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]*$")
# Pages of one article: "(page 2)", "page 2 of 3", "part 2", "2/3".
_PAGE_MARK = re.compile(r"\b(?:page|part|pt)\.?\s*\d+(?:\s*(?:of|/)\s*\d+)?\b|\b\d+\s*(?:of|/)\s*\d+\b", re.I)


def headline_words(title: str | None) -> frozenset[str]:
    """The words of a headline without its site suffix and page marks, lower-cased, function words left
    out (figures kept: "25,654 refugees affected" is another story's headline than "Border Guard
    struck border deployment"); a headline written without spaces (Chinese, Japanese) by pairs of
    characters."""
    if not title:
        return frozenset()
    title = _PAGE_MARK.sub(" ", _SITE_SUFFIX.sub("", title.strip()))
    if " " not in title.strip() and len(title.strip()) > 4:
        chars = [c for c in title if c.isalnum()]
        return frozenset(a + b for a, b in zip(chars, chars[1:], strict=False))
    words = (m.lower() for m in _WORD.findall(title))
    return frozenset(w for w in words if w not in STOPWORDS)


def cluster_id(members: list[str]) -> str:
    """Stable across runs: derived from the smallest member id only."""
    return "cl_" + hashlib.sha1(min(members).encode("utf-8")).hexdigest()[:12]


@dataclass
class ComponentRows:
    documents: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    clusters: list[dict] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)


def strength(edge: dict, cfg: MatchConfig) -> float:
    """An edge's score on a logit scale; translation edges on their own scale (they are compared only
    with each other: an anchor-order score is not a text score)."""
    if edge["kind"] == "translation":
        return 10.0 * (edge["score"] - cfg.verify.translation_anchor_overlap)
    p = min(max(edge["score"], 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def bridge_strength(edge: dict, cfg: MatchConfig, strong: float) -> float:
    """``strength`` as the weak-bridge rule reads it: a link with enough sentences reworded in place
    (``sentences_in_order`` set: the sentence-order rule holds) counts as ``strong`` whatever its score.
    An aggressively spun copy that has copies of its own is two documents on its side of the link; two
    stories of one event do not have ten sentences in the same order."""
    s = strength(edge, cfg)
    minimum = cfg.verify.sentence_min_covered
    in_order = edge.get("sentences_in_order")
    if edge["kind"] != "translation" and minimum is not None and in_order is not None and in_order >= minimum:
        return max(s, strong)
    return s


def relatively_weak(edges: list[dict], cfg: MatchConfig) -> set[tuple[str, str]]:
    """Edges far weaker than the best edge of both their ends (same kind family): a short text's link to
    a same-topic story is weak next to its link to its source, so it is dropped. Off (nothing dropped)
    when ``relative_margin`` is None, the default."""
    weak: set[tuple[str, str]] = set()
    if cfg.verify.relative_margin is None:
        return weak
    for translation in (False, True):
        family = [e for e in edges if (e["kind"] == "translation") == translation]
        best: dict[str, float] = {}
        for e in family:
            s = strength(e, cfg)
            for end in (e["src_id"], e["dst_id"]):
                best[end] = max(best.get(end, -math.inf), s)
        margin = cfg.verify.relative_margin
        for e in family:
            s = strength(e, cfg)
            if s < best[e["src_id"]] - margin and s < best[e["dst_id"]] - margin:
                weak.add((e["src_id"], e["dst_id"]))
    return weak


def resolve_component(
    docs: list[dict],
    edges: list[dict],
    cfg: MatchConfig,
    registry: Registry,
    counter: Counter,
    rarity: provenance.WordRarity | None = None,
) -> ComponentRows:
    """Split one component at weak bridges, then infer provenance within each resulting cluster."""
    out = ComponentRows()
    nodes = sorted(d["doc_id"] for d in docs)
    by_id = {d["doc_id"]: d for d in docs}
    edges = sorted(edges, key=lambda e: (e["src_id"], e["dst_id"]))
    strong_score = cfg.verify.strong_score
    displaced = {(e["src_id"], e["dst_id"]) for e in edges if verify.displaced(e, cfg.verify)}
    if displaced:
        counter("displaced_rewording_edges_dropped", len(displaced))
    pruned = relatively_weak([e for e in edges if (e["src_id"], e["dst_id"]) not in displaced], cfg)
    if pruned:
        counter("relatively_weak_edges_dropped", len(pruned))
    dropped = pruned | displaced
    candidates = [e for e in edges if (e["src_id"], e["dst_id"]) not in dropped]
    short = {n for n in nodes if (by_id[n].get("n_words") or 0) < cfg.hub_max_words}
    hubs = split_short_hubs(nodes, [(e["src_id"], e["dst_id"], strength(e, cfg)) for e in candidates], short)
    if hubs:
        counter("short_hub_edges_dropped", len(hubs))
        candidates = [e for e in candidates if frozenset((e["src_id"], e["dst_id"])) not in hubs]
    parts: set[frozenset[str]] = set()
    if cfg.part_hub_gap is not None:
        words = {n: by_id[n].get("n_words") or 0 for n in nodes}
        links = [
            (
                e["src_id"],
                e["dst_id"],
                e["char_contain_src"],
                e["char_contain_dst"],
                e["score"] < strong_score,
            )
            for e in candidates
            if e["kind"] != "translation"
        ]
        parts = split_part_hubs(nodes, links, words, cfg.part_hub_gap)
        if parts:
            counter("part_hub_edges_dropped", len(parts))
            candidates = [e for e in candidates if frozenset((e["src_id"], e["dst_id"])) not in parts]
    joined: set[frozenset[str]] = set()
    if cfg.joined_pages:
        joined = split_joined_pages(
            nodes,
            [
                (
                    e["src_id"],
                    e["dst_id"],
                    e["char_contain_src"],
                    e["char_contain_dst"],
                    e["kind"] == "translation",
                )
                for e in candidates
            ],
            {n: by_id[n].get("n_words") or 0 for n in nodes},
            lambda n: headline_words(by_id[n].get("title")),
        )
        if joined:
            counter("joined_page_edges_dropped", len(joined))
            candidates = [e for e in candidates if frozenset((e["src_id"], e["dst_id"])) not in joined]
    strong = strength({"kind": "text", "score": strong_score}, cfg)
    groups, removed = split_weak_bridges(
        nodes, [(e["src_id"], e["dst_id"], bridge_strength(e, cfg, strong)) for e in candidates], strong
    )
    if removed:
        counter("weak_bridges_removed", len(removed))
    fingerprint = str(cfg)
    group_of = {}
    for group in groups:
        cid = cluster_id(group)
        for n in group:
            group_of[n] = cid
    for e in edges:
        pair = (e["src_id"], e["dst_id"])
        key = frozenset(pair)
        dropped_by = (
            "displaced_rewording"
            if pair in displaced
            else "relative_strength"
            if pair in pruned
            else "short_hub"
            if key in hubs
            else "part_hub"
            if key in parts
            else "joined_page"
            if key in joined
            else "weak_bridge"
            if key in removed
            else None
        )
        out.edges.append(
            dict(e, cluster_id=group_of[e["src_id"]], kept=dropped_by is None, dropped_by=dropped_by)
        )
    kept_by_cluster: dict[str, list[dict]] = {}
    for e in out.edges:
        if e["kept"]:
            kept_by_cluster.setdefault(e["cluster_id"], []).append(e)
    for group in groups:
        cid = group_of[group[0]]
        members = set(group)
        kept = kept_by_cluster.get(cid, [])
        rows = provenance.infer(
            [by_id[n] for n in group], kept, cid, registry, fingerprint, rarity, cfg.verify.strong_score
        )
        out.provenance.extend(rows)
        giant = len(group) > cfg.giant_cluster
        if giant:
            counter("giant_clusters", 1)
        heads = sorted(
            (r for r in rows if r["parent_id"] is None), key=lambda r: (r["depth"] != 0, r["doc_id"])
        )
        head = heads[0]
        out.clusters.append(
            {
                "cluster_id": cid,
                "size": len(group),
                "member_ids": group,
                "n_edges": len(kept),
                "removed_bridges": sum(1 for key in removed | hubs | parts | joined if members & key),
                "root_id": head["root_id"],
                "root_outlet": head["root_outlet"],
                "giant": giant,
                "config_fingerprint": fingerprint,
            }
        )
        counter("clusters", 1)
        if len(group) > 1:
            counter("clusters_multi", 1)
        counter(
            "derived_documents", sum(1 for r in rows if r["parent_id"] is not None or r["root_id"] is None)
        )
        for n in group:
            out.documents.append(dict(by_id[n], cluster_id=cid))
    return out
