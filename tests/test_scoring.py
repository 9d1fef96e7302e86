"""Exact small examples and properties of transforms.core.scoring."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from transforms.core import scoring

# Truth: {a,b,c} {d,e}; prediction: {a,b} {c,d,e}.
TRUTH = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
PRED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_pairwise_by_hand():
    # truth pairs: ab ac bc de = 4; predicted pairs: ab cd ce de = 4; both: ab de = 2.
    s = scoring.pairwise_scores(TRUTH, PRED)
    assert s == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_ari_by_hand():
    # index 2, expected 4 * 4 / C(5,2) = 1.6, max 4: ARI = 0.4 / 2.4 = 1/6.
    assert math.isclose(scoring.adjusted_rand_index(TRUTH, PRED), 1 / 6)


def test_ari_worse_than_chance_is_negative():
    truth = {"a": "1", "b": "1", "c": "2", "d": "2"}
    pred = {"a": "x", "b": "y", "c": "x", "d": "y"}
    # index 0, expected 2 * 2 / 6, max 2: ARI = -2/3 / (4/3) = -0.5.
    assert math.isclose(scoring.adjusted_rand_index(truth, pred), -0.5)


def test_missing_predictions_are_singletons():
    s = scoring.pairwise_scores({"a": "1", "b": "1"}, {"a": "x"})
    assert s["recall"] == 0.0 and s["precision"] == 1.0


def test_merged_and_largest():
    report = scoring.cluster_report(
        [{"id": k, "story": v, "kind": "original", "parent_id": None} for k, v in TRUTH.items()], PRED
    )
    assert report["merged_clusters"] == 1
    assert report["largest_cluster"] == 3
    assert report["pred_clusters"] == 2


def test_recall_by_kind_and_provenance():
    rows = [
        {
            "id": "o",
            "story": "s",
            "kind": "original",
            "parent_id": None,
            "root_id": "o",
            "root_outlet": "Reuters",
        },
        {"id": "c", "story": "s", "kind": "copy", "parent_id": "o", "root_id": "o", "root_outlet": "Reuters"},
        {"id": "m", "story": "s", "kind": "spin", "parent_id": "c", "root_id": "o", "root_outlet": "Reuters"},
        {
            "id": "x",
            "story": "t",
            "kind": "copy",
            "parent_id": None,
            "root_id": None,
            "root_outlet": "The Guardian",
        },
        {
            "id": "y",
            "story": "t",
            "kind": "excerpt",
            "parent_id": "x",
            "root_id": None,
            "root_outlet": "The Guardian",
        },
        {
            "id": "n",
            "story": "n",
            "kind": "negative",
            "parent_id": None,
            "root_id": "n",
            "root_outlet": "AFP",
            "same_event": "o",
        },
    ]
    pred = {"o": "A", "c": "A", "m": "B", "x": "C", "y": "C", "n": "A"}
    r = scoring.recall_by_kind(rows, pred)
    assert r["copy"] == {"n": 2, "recall": 1.0}
    assert r["spin"] == {"n": 1, "recall": 0.0}
    assert r["negative"] == {"n": 1, "recall": 0.0}
    parents = {"c": "o", "m": "o", "y": "x"}
    roots = {"o": "o", "c": "o", "m": "o", "n": "n"}
    outlets = {"x": "guardian", "y": "Reuters"}
    acc = scoring.provenance_accuracy(rows, parents, roots, outlets)
    assert acc["parent_n"] == 3 and math.isclose(acc["parent_accuracy"], 2 / 3)
    assert acc["root_n"] == 6 and math.isclose(acc["root_accuracy"], 5 / 6)
    assert acc["external_root_accuracy"] == 0.5
    # x was made from the absent Guardian original: right only when given no parent (a document missing
    # from the run is not).
    assert (acc["external_parent_n"], acc["external_parent_accuracy"]) == (1, 0.0)
    assert acc["tree_parent_n"] == 4 and math.isclose(acc["tree_parent_accuracy"], 2 / 4)
    acc = scoring.provenance_accuracy(rows, dict(parents, x=None), roots, outlets)
    assert acc["external_parent_accuracy"] == 1.0 and math.isclose(acc["tree_parent_accuracy"], 3 / 4)
    # Made its own original (no parent, but rooted at itself): wrong.
    acc = scoring.provenance_accuracy(rows, dict(parents, x=None), dict(roots, x="x"), outlets)
    assert acc["external_parent_accuracy"] == 0.0
    acc = scoring.provenance_accuracy(rows, dict(parents, x="y"), roots, outlets)  # chained to a sibling
    assert acc["external_parent_accuracy"] == 0.0 and acc["parent_accuracy"] == 2 / 3


labellings = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.sampled_from("PQRST"), min_size=1, max_size=30
)


@given(labellings)
def test_ari_of_self_is_one(labels):
    assert math.isclose(scoring.adjusted_rand_index(labels, labels), 1.0)
    assert scoring.pairwise_scores(labels, labels)["f1"] == 1.0


@given(labellings, st.lists(st.sampled_from("xyz"), min_size=30, max_size=30))
def test_symmetry(labels, other_labels):
    other = {k: other_labels[i] for i, k in enumerate(sorted(labels))}
    a, b = scoring.pairwise_scores(labels, other), scoring.pairwise_scores(other, labels)
    assert math.isclose(a["f1"], b["f1"])
    assert math.isclose(a["precision"], b["recall"])
    assert math.isclose(
        scoring.adjusted_rand_index(labels, other), scoring.adjusted_rand_index(other, labels)
    )


@given(labellings, st.lists(st.sampled_from("xyz"), min_size=30, max_size=30))
def test_pair_counts_match_enumeration(labels, other_labels):
    other = {k: other_labels[i] for i, k in enumerate(sorted(labels))}
    ids = sorted(labels)
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    c = scoring.pair_counts(labels, other)
    assert c["together_both"] == sum(labels[a] == labels[b] and other[a] == other[b] for a, b in pairs)
    assert c["together_truth"] == sum(labels[a] == labels[b] for a, b in pairs)
    assert c["together_pred"] == sum(other[a] == other[b] for a, b in pairs)


@given(labellings)
def test_relabelling_does_not_change_scores(labels):
    renamed = {k: "z" + v for k, v in labels.items()}
    assert math.isclose(scoring.adjusted_rand_index(labels, renamed), 1.0)


def test_wrong_parents_are_named_by_what_they_are_in_the_truth_tree():
    # o -> a -> b, o -> c; s is another story's original
    rows = [
        {"id": "o", "story": "t", "kind": "original", "parent_id": None},
        {"id": "a", "story": "t", "kind": "copy", "parent_id": "o"},
        {"id": "b", "story": "t", "kind": "spin", "parent_id": "a"},
        {"id": "c", "story": "t", "kind": "excerpt", "parent_id": "o"},
        {"id": "s", "story": "u", "kind": "original", "parent_id": None},
    ]
    by_id = {r["id"]: r for r in rows}
    assert scoring.parent_error(by_id, "b", "o") == "ancestor"
    assert scoring.parent_error(by_id, "a", "b") == "reversed"
    assert scoring.parent_error(by_id, "b", "c") == "sibling"
    assert scoring.parent_error(by_id, "c", "a") == "sibling"
    assert scoring.parent_error(by_id, "c", None) == "unlinked"
    assert scoring.parent_error(by_id, "c", "s") == "other_story"
    assert scoring.parent_error(by_id, "c", "zz") == "other_story"
    rows = [{**r, "root_id": "o", "root_outlet": None} for r in rows]
    parents = {"a": "b", "b": "a", "c": "a"}
    acc = scoring.provenance_accuracy(rows, parents, {}, {})
    assert acc["parent_by_kind"] == {
        "copy": {"n": 1, "accuracy": 0.0},
        "excerpt": {"n": 1, "accuracy": 0.0},
        "spin": {"n": 1, "accuracy": 1.0},
    }
    assert acc["parent_errors"] == {"reversed": 1, "sibling": 1}
