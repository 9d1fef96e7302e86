"""Scoring a clustering and its provenance against ground truth: pure functions over ``{id: label}``.

Pair counts come from the contingency table (``n_ij`` = documents with truth label i and predicted
label j), never from enumerating pairs: same-cluster pairs are ``sum C(n, 2)`` over the cells, rows or
columns, which is O(documents).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def aligned(truth: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, str]:
    """Predicted labels for every truth id; an id the prediction lacks becomes its own singleton."""
    return {i: (pred[i] if i in pred and pred[i] is not None else f"\0missing:{i}") for i in truth}


def contingency(truth: Mapping[str, str], pred: Mapping[str, str]) -> Counter:
    """``Counter({(truth label, predicted label): n})`` over the truth ids."""
    p = aligned(truth, pred)
    return Counter((truth[i], p[i]) for i in truth)


def pair_counts(truth: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, int]:
    """Same-cluster pair counts: ``together_both`` (true positives), ``together_truth``, ``together_pred``, ``n``."""
    table = contingency(truth, pred)
    rows: Counter = Counter()
    cols: Counter = Counter()
    for (t, p), n in table.items():
        rows[t] += n
        cols[p] += n
    return {
        "together_both": sum(_pairs(n) for n in table.values()),
        "together_truth": sum(_pairs(n) for n in rows.values()),
        "together_pred": sum(_pairs(n) for n in cols.values()),
        "n": sum(rows.values()),
    }


def pairwise_scores(truth: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 over same-cluster pairs.

    Precision is 1 when the prediction puts no two documents together, recall is 1 when the truth has
    no same-cluster pair; F1 is 0 when both precision and recall are 0.
    """
    c = pair_counts(truth, pred)
    precision = c["together_both"] / c["together_pred"] if c["together_pred"] else 1.0
    recall = c["together_both"] / c["together_truth"] if c["together_truth"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(truth: Mapping[str, str], pred: Mapping[str, str]) -> float:
    """Hubert and Arabie's adjusted Rand index from the contingency table.

    ARI = (index - expected) / (max - expected), with index = sum C(n_ij, 2), expected =
    sum C(a_i, 2) * sum C(b_j, 2) / C(n, 2) and max = (sum C(a_i, 2) + sum C(b_j, 2)) / 2.
    When max equals expected (both labellings all singletons, or both one cluster) the labellings agree
    and the result is 1.0.
    """
    c = pair_counts(truth, pred)
    total = _pairs(c["n"])
    if total == 0:
        return 1.0
    expected = c["together_truth"] * c["together_pred"] / total
    maximum = (c["together_truth"] + c["together_pred"]) / 2
    if maximum == expected:
        return 1.0
    return (c["together_both"] - expected) / (maximum - expected)


def cluster_sizes(pred: Mapping[str, str]) -> Counter:
    return Counter(pred.values())


def merged_clusters(truth: Mapping[str, str], pred: Mapping[str, str]) -> int:
    """Predicted clusters that hold documents of two or more truth stories."""
    stories: dict[str, set[str]] = defaultdict(set)
    for i, label in aligned(truth, pred).items():
        stories[label].add(truth[i])
    return sum(1 for s in stories.values() if len(s) > 1)


def recall_by_kind(truth_rows: Iterable[Mapping], pred: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """Per derivation kind, the share of derived documents the prediction keeps with their source.

    A derived document (kind not ``original`` or ``negative``) counts as recalled when it is in the same
    predicted cluster as its truth parent; when its parent is not in the corpus (the original is
    external), when it shares a predicted cluster with any other document of its truth story. Documents
    whose story has no other document in the corpus are not counted. Hard negatives are reported under
    ``negative`` as the share kept apart from their same-event original (when that original is in the
    corpus): there, higher is better too.

    Returns ``{kind: {"n": count, "recall": share}}``.
    """
    rows = list(truth_rows)
    by_story: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r["id"])
    p = aligned({r["id"]: r["story"] for r in rows}, pred)
    hits: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        kind, doc = r["kind"], r["id"]
        if kind == "original":
            continue
        if kind == "negative":
            other = r.get("same_event")
            if other in p:
                hits[kind].append(p[doc] != p[other])
            continue
        parent = r.get("parent_id")
        if parent in p:
            hits[kind].append(p[doc] == p[parent])
        elif len(by_story[r["story"]]) > 1:
            hits[kind].append(any(p[o] == p[doc] for o in by_story[r["story"]] if o != doc))
    return {k: {"n": len(v), "recall": sum(v) / len(v)} for k, v in sorted(hits.items())}


def _norm_outlet(name: str | None) -> str | None:
    """Outlet names compared through the outlet registry ("Associated Press" and "AP" are one outlet),
    then case-insensitively, ignoring punctuation and a leading "The"."""
    if name is None:
        return None
    name = _registry().canonical(name) or name
    text = "".join(c for c in name.lower() if c.isalnum() or c == " ").strip()
    return text.removeprefix("the ").strip()


@lru_cache(maxsize=1)
def _registry():
    from transforms.core.outlets import load_registry

    return load_registry()


PARENT_ERRORS = ("reversed", "ancestor", "sibling", "unlinked", "other_story")


def parent_error(rows: Mapping[str, Mapping], doc_id: str, predicted: str | None) -> str:
    """What a wrong predicted parent is to the document in its truth derivation tree.

    ``reversed``: one of the document's own descendants (the direction of a step was turned round);
    ``ancestor``: an ancestor above its parent (a step was skipped); ``sibling``: another document of
    the same story that is neither (siblings or cousins taken for a chain); ``unlinked``: no parent
    (the document was made a root); ``other_story``: a document of another story. ``rows``: truth rows
    by id.
    """
    if predicted is None:
        return "unlinked"
    if predicted not in rows or rows[predicted]["story"] != rows[doc_id]["story"]:
        return "other_story"

    def ancestors(i: str) -> list[str]:
        out, seen = [], {i}
        while (p := rows[i]["parent_id"]) in rows and p not in seen:
            out.append(p)
            seen.add(p)
            i = p
        return out

    if predicted in ancestors(doc_id):
        return "ancestor"
    if doc_id in ancestors(predicted):
        return "reversed"
    return "sibling"


def provenance_accuracy(
    truth_rows: Iterable[Mapping],
    parents: Mapping[str, str | None],
    roots: Mapping[str, str | None],
    root_outlets: Mapping[str, str | None],
) -> dict[str, float]:
    """Parent and root accuracy of predicted provenance.

    * parent accuracy, over derived documents whose truth parent is in the corpus: predicted parent_id
      equals the truth parent_id; also by derivation kind, and the wrong ones by what the predicted
      parent is in the truth tree (:func:`parent_error`).
    * external parent accuracy, over derived documents whose truth parent is the external source (the
      original is not in the corpus, and the document was made from it, not from another member): no
      parent given, and an external root (not the document itself). Siblings copied from one absent source are siblings, not a chain; parent accuracy
      above cannot see a chain made of them.
    * tree parent accuracy, over every derived document of the truth's derivation trees: the two above
      together.
    * root accuracy, over all documents: predicted root_id equals the truth root_id when the truth root
      is in the corpus; otherwise the predicted root_outlet equals the truth root_outlet (compared
      case-insensitively, ignoring punctuation and a leading "The"). Hard negatives are their own root.
    """
    rows = list(truth_rows)
    in_corpus = {r["id"] for r in rows}
    judged = [r for r in rows if r["kind"] not in ("original", "negative") and r["parent_id"] in in_corpus]
    parent_hits = [parents.get(r["id"]) == r["parent_id"] for r in judged]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r, hit in zip(judged, parent_hits):
        by_kind[r["kind"]].append(hit)
    by_id = {r["id"]: r for r in rows}
    errors = Counter(
        parent_error(by_id, r["id"], parents.get(r["id"])) for r, hit in zip(judged, parent_hits) if not hit
    )
    # Derived straight from the absent original: the truth gives them no parent, and their root is the
    # absent original's outlet (a document made its own original, e.g. one left out of its story's
    # cluster, is wrong).
    from_external = [
        r["id"] in parents and parents[r["id"]] is None and roots.get(r["id"]) is None
        for r in rows
        if r["kind"] not in ("original", "negative") and r["parent_id"] is None
    ]
    root_hits, external_hits = [], []
    for r in rows:
        if r["root_id"] in in_corpus:
            root_hits.append(roots.get(r["id"]) == r["root_id"])
        else:
            hit = _norm_outlet(root_outlets.get(r["id"])) == _norm_outlet(r["root_outlet"])
            root_hits.append(hit)
            external_hits.append(hit)

    def share(v: list[bool]) -> float:
        return sum(v) / len(v) if v else float("nan")

    return {
        "parent_accuracy": share(parent_hits),
        "parent_n": len(parent_hits),
        "parent_by_kind": {k: {"n": len(v), "accuracy": share(v)} for k, v in sorted(by_kind.items())},
        "parent_errors": dict(sorted(errors.items())),
        "external_parent_accuracy": share(from_external),
        "external_parent_n": len(from_external),
        "tree_parent_accuracy": share(parent_hits + from_external),
        "tree_parent_n": len(parent_hits) + len(from_external),
        "root_accuracy": share(root_hits),
        "root_n": len(root_hits),
        "external_root_accuracy": share(external_hits),
        "external_root_n": len(external_hits),
    }


def cluster_report(truth_rows: Iterable[Mapping], pred: Mapping[str, str]) -> dict:
    """Every clustering score at once (see the functions above)."""
    rows = list(truth_rows)
    truth = {r["id"]: r["story"] for r in rows}
    p = aligned(truth, pred)
    sizes = cluster_sizes(p)
    return {
        **pairwise_scores(truth, p),
        "ari": adjusted_rand_index(truth, p),
        "documents": len(truth),
        "truth_clusters": len(set(truth.values())),
        "pred_clusters": len(sizes),
        "largest_cluster": max(sizes.values()) if sizes else 0,
        "merged_clusters": merged_clusters(truth, p),
        "recall_by_kind": recall_by_kind(rows, p),
    }
