"""Each composite PTransform with TestPipeline + assert_that (small inputs, exact expected outputs)."""

from __future__ import annotations

import json
import pickle
import random

import apache_beam as beam
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import verification
from transforms.candidates import CandidatePairs
from transforms.clusters import ClusterAndTrace
from transforms.components import ComponentLabels, ConnectedComponents
from transforms.core import banding, components, documents, shingles, verify
from transforms.core.clustering import resolve_component
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.documents import NormaliseDocuments
from transforms.io import ReadCorpus
from transforms.signatures import Sign
from transforms.verification import FeatureReader, VerifyPairs

CFG = MatchConfig()
REGISTRY = load_registry()
STORY = (
    "BRUSSELS (AP) - Transport ministers from eleven countries agreed on Tuesday to pool 4.2 billion euros "
    "for a night train network linking Lisbon, Vienna and Warsaw by 2031, officials said.\n\n"
    'Minister Ilse Varga told reporters the plan would cut flights on short routes. "We rebuild them higher," '
    "she said, adding that 1,300 kilometres of track would be electrified first."
)
OTHER = (
    "A lighthouse on the island of Tarn was repainted by volunteers over the weekend, the parish council said.\n\n"
    "The tower, built in 1874, had not been painted for thirty years, and forty people took part in the work."
)


def record(doc_id: str, text: str, row: int = 1) -> dict:
    return {
        "doc_id": doc_id,
        "text": text,
        "source_file": "mem.jsonl",
        "source_row": row,
        "url": None,
        "outlet": None,
        "title": None,
        "published_at": None,
        "lang": None,
    }


def doc(doc_id: str, text: str) -> dict:
    kind, row = documents.document(record(doc_id, text), CFG, REGISTRY)
    assert kind == "doc"
    return row


def test_misread_title_is_repaired():
    """A title whose UTF-8 was read as Windows-1252 upstream is repaired as its text is."""
    title = "Caf\u00e9 owners\u2019 \u201crow\u201d \u2014 harbour wall"
    misread = title.encode("utf-8").decode("cp1252", errors="replace")
    kind, row = documents.document(dict(record("t1", STORY), title=misread), CFG, REGISTRY)
    assert kind == "doc" and row["title"] == 'Cafe owners\' "row" - harbour wall'.replace("Cafe", "Caf\u00e9")


def test_read_corpus_keeps_file_and_row(tmp_path):
    (tmp_path / "a.txt").write_text("Title A\n\n" + STORY)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b1", "text": OTHER}) + "\n{broken\n")
    (tmp_path / "skip.png").write_bytes(b"\x89PNG")
    with test_pipeline.TestPipeline() as p:
        parsed = p | ReadCorpus([str(tmp_path / "*")], {})
        keys = parsed | beam.Map(
            lambda kv: (kv[0], kv[1]["source_file"].rsplit("/", 1)[-1], kv[1]["source_row"])
        )
        assert_that(keys, equal_to([("doc", "a.txt", 1), ("doc", "b.jsonl", 1), ("reject", "b.jsonl", 2)]))


@pytest.mark.parametrize("parts", [1, 3])
def test_normalise_documents_rejects_and_dedupes(parts):
    inputs = [
        ("doc", record("x", STORY, 1)),
        ("doc", record("x", STORY, 2)),
        ("doc", record("e", "   ", 3)),
        ("doc", record("n", "Source link\n\nShort.", 4)),
        (
            "reject",
            {
                "source_file": "mem.jsonl",
                "source_row": 5,
                "doc_id": None,
                "reason": "malformed_json",
                "detail": "",
                "excerpt": "",
            },
        ),
    ]
    with test_pipeline.TestPipeline() as p:
        out = p | beam.Create(inputs) | NormaliseDocuments(CFG, REGISTRY, parts)
        assert_that(
            out["docs"] | beam.Map(lambda d: (d["doc_id"], d["source_row"])),
            equal_to([("x", 1)]),
            label="Docs",
        )
        assert_that(
            out["rejects"] | beam.Map(lambda r: (r["source_row"], r["reason"])),
            equal_to([(2, "duplicate_id"), (3, "empty_text"), (4, "near_empty_text"), (5, "malformed_json")]),
            label="Rejects",
        )


def test_sign_matches_the_pure_functions():
    docs = [doc("a", STORY), doc("b", OTHER)]
    expected = {}
    from transforms.core import minhash

    for d in docs:
        f = shingles.features(d["doc_id"], d["match_text"], CFG)
        for view in CFG.views:
            expected[(d["doc_id"], view.name)] = minhash.signatures(
                [f.view(view.name)], view.num_perm, CFG.seed
            )[0].tolist()
    with test_pipeline.TestPipeline() as p:
        signed = p | beam.Create(docs) | Sign(CFG)
        assert_that(
            signed["signatures"] | beam.Map(lambda r: ((r["doc_id"], r["view"]), r["hashvalues"])),
            equal_to(list(expected.items())),
            label="Signatures",
        )
        assert_that(signed["features"] | beam.Map(lambda kv: kv[0]), equal_to(["a", "b"]), label="Features")


def test_candidate_pairs_from_shared_bands():
    entries = [(1, "a", 0), (1, "b", 0), (1, "c", 0), (2, "a", 1), (2, "b", 1), (3, "d", 2), (65, "d", 1)]
    # As Sign emits them: per batch, one chunk per partition; key 1's bucket is split across two batches.
    batches = [entries[:2], entries[2:]]
    bands = [
        (p, banding.BandChunk.of([e for e in batch if banding.partition_of(e[0]) == p]))
        for batch in batches
        for p in sorted({banding.partition_of(e[0]) for e in batch})
    ]
    assert len(bands) == 4
    with test_pipeline.TestPipeline() as p:
        pairs = p | beam.Create(bands) | CandidatePairs(CFG)
        assert_that(
            pairs,
            equal_to([(("a", "b"), ["anchors", "chars"]), (("a", "c"), ["chars"]), (("b", "c"), ["chars"])]),
        )


def by_blocks(pairs: list) -> list:
    """Flat candidate pairs as ``CandidatePairs(by_blocks=True)`` hands them to the side-input join."""
    groups: dict[int, list] = {}
    for (a, b), views in pairs:
        key = banding.block_pair(banding.doc_block(a), banding.doc_block(b))
        groups.setdefault(key, []).append(((a, b), views))
    return sorted(groups.items())


def test_candidate_pairs_by_blocks_are_the_pairs_grouped_by_their_documents_blocks():
    """The side-input join's form: every pair once, in the element of its two documents' blocks."""
    rng = random.Random(3)
    entries = [(rng.randrange(1, 40), f"d{rng.randrange(60):02d}", rng.randrange(2)) for _ in range(400)]
    partitions = sorted({banding.partition_of(e[0]) for e in entries})
    bands = [
        (q, banding.BandChunk.of([e for e in entries if banding.partition_of(e[0]) == q])) for q in partitions
    ]
    with test_pipeline.TestPipeline() as p:
        created = p | beam.Create(bands)
        flat = created | "Flat" >> CandidatePairs(CFG)
        grouped = created | "Grouped" >> CandidatePairs(CFG, by_blocks=True)
        both = (
            {
                "flat": flat | "KeyFlat" >> beam.Map(lambda x: (0, x)),
                "grouped": grouped | "KeyGrouped" >> beam.Map(lambda x: (0, x)),
            }
            | beam.CoGroupByKey()
            | beam.Map(
                lambda kv: (_sorted_groups(by_blocks(list(kv[1]["flat"]))), _sorted_groups(kv[1]["grouped"]))
            )
        )
        assert_that(both, _same_groups)


def _sorted_groups(groups) -> list:
    return sorted((key, sorted(pairs)) for key, pairs in groups)


def _same_groups(elements: list) -> None:
    [(expected, got)] = elements
    assert got == expected
    assert len(got) > 3  # the pairs spread over several pairs of blocks
    for key, pairs in got:
        blocks = banding.blocks_of_pair(key)
        assert all({banding.doc_block(a), banding.doc_block(b)} <= blocks for (a, b), _ in pairs)


@pytest.mark.parametrize("join", ["shuffle", "side_input"])
def test_verify_pairs_equals_edge_record(join, tmp_path):
    copy = "Home | World | Politics\n\n" + STORY + "\n\nSource link"
    feats = {
        d: shingles.features(d, doc(d, t)["match_text"], CFG)
        for d, t in (("a", STORY), ("b", copy), ("c", OTHER))
    }
    expected = [verify.edge_record(feats["a"], feats["b"], ["chars"], CFG)]
    with test_pipeline.TestPipeline() as p:
        f = p | "Features" >> beam.Create(list(feats.items()))
        candidates = [(("a", "b"), ["chars"]), (("a", "c"), ["words"]), (("a", "gone"), ["chars"])]
        pairs = p | "Pairs" >> beam.Create(candidates if join == "shuffle" else by_blocks(candidates))
        edges = (f, pairs) | VerifyPairs(CFG, join, str(tmp_path / "features"))
        assert_that(edges, equal_to(expected))


def test_side_input_join_reads_features_from_files(tmp_path, monkeypatch):
    """Two documents per feature file: three documents make two files, and every pair finds both of
    its documents wherever they were written."""
    monkeypatch.setattr(verification, "FEATURE_FILE_DOCS", 2)
    copy = "Home | World | Politics\n\n" + STORY + "\n\nSource link"
    excerpt = STORY.split("\n\n")[0]
    feats = {
        d: shingles.features(d, doc(d, t)["match_text"], CFG)
        for d, t in (("a", STORY), ("b", copy), ("c", excerpt))
    }
    pairs = [(("a", "b"), ["chars"]), (("a", "c"), ["lead"]), (("b", "c"), ["lead"])]
    expected = [e for (x, y), v in pairs if (e := verify.edge_record(feats[x], feats[y], v, CFG))]
    assert len(expected) >= 2
    with test_pipeline.TestPipeline() as p:
        f = p | "Features" >> beam.Create(list(feats.items()))
        edges = (f, p | "Pairs" >> beam.Create(by_blocks(pairs))) | VerifyPairs(
            CFG, "side_input", str(tmp_path / "f")
        )
        assert_that(edges, equal_to(expected))
    assert len(list((tmp_path / "f").iterdir())) == 2


def test_feature_reader_reads_each_document_once_and_forgets_at_close(tmp_path):
    texts = (("a", STORY), ("b", OTHER), ("c", "Home | World\n\n" + STORY))
    feats = [shingles.features(d, doc(d, t)["match_text"], CFG) for d, t in texts]
    path, where, offset = tmp_path / "features.pkl", {}, 0
    with open(path, "wb") as out:
        for f in feats:
            blob = pickle.dumps(f)
            out.write(blob)
            where[f.doc_id] = (str(path), offset, len(blob))
            offset += len(blob)
    reader = FeatureReader(where)
    b = reader.get("b")
    assert b.doc_id == "b" and (b.chars == feats[1].chars).all() and b.anchor_seq == feats[1].anchor_seq
    assert reader.get("b") is b
    a, c = reader.get("a"), reader.get("c")
    assert (a.doc_id, c.doc_id) == ("a", "c")
    assert (a.anchor_seq, a.names, c.anchor_seq) == (feats[0].anchor_seq, feats[0].names, feats[2].anchor_seq)
    # The anchors both copies of the story have are held once, not once per document.
    assert a.anchor_seq and all(x is y for x, y in zip(a.anchor_seq, c.anchor_seq, strict=True))
    assert reader.get("gone") is None
    assert reader.read == reader.held == 3
    # Only the blocks asked for stay held; a dropped document is read again when asked for.
    block_b = banding.doc_block("b")
    reader.keep_blocks(frozenset({block_b}))
    assert reader.held == sum(banding.doc_block(d) == block_b for d in "abc")
    assert reader.get("b") is b
    others = [d for d in "ac" if banding.doc_block(d) != block_b]
    for d in others:
        assert reader.get(d).doc_id == d
    assert reader.read == 3 + len(others)
    reader.close()
    assert reader.read == reader.held == 0
    assert reader.get("b") is not b


def test_side_input_join_needs_a_feature_dir():
    with pytest.raises(ValueError, match="feature_dir"):
        VerifyPairs(CFG, "side_input")


def test_verify_pairs_refuses_an_unknown_join():
    with pytest.raises(ValueError, match="shuffle, side_input"):
        VerifyPairs(CFG, "broadcast")


def _random_graph(seed: int, n: int, m: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    ids = [f"d{i:03d}" for i in range(n)]
    return [tuple(rng.sample(ids, 2)) for _ in range(m)]


@pytest.mark.parametrize("rounds", [1, 6])
def test_connected_components_equal_union_find(rounds):
    # One round cannot converge on a long path: the counted fallback must still give exact components.
    edges = _random_graph(3, 60, 45) + [(f"p{i:02d}", f"p{i + 1:02d}") for i in range(30)]
    uf = components.UnionFind()
    for a, b in edges:
        uf.union(a, b)
    expected = [(n, uf.find(n)) for n in uf.parent]
    with test_pipeline.TestPipeline() as p:
        labels = p | beam.Create(edges) | ConnectedComponents(rounds)
        assert_that(labels, equal_to(expected))


@pytest.mark.parametrize("rounds", [1, 6])
def test_component_labels_equal_connected_components(rounds):
    # The one-machine union-find and the distributed rounds give the same labels, also when the edges
    # arrive in another order (split and flattened again) and for an empty graph. The direct runner
    # combines this small input in one bundle: merge_accumulators is checked on its own below.
    edges = _random_graph(5, 80, 60) + [(f"q{i:02d}", f"q{i + 1:02d}") for i in range(25)]
    with test_pipeline.TestPipeline() as p:
        e = p | beam.Create(edges, reshuffle=False)
        rounds_labels = e | ConnectedComponents(rounds)
        one = (
            e
            | "Split" >> beam.Partition(lambda edge, n: hash(edge[1]) % n, 3)
            | "Together" >> beam.Flatten()
            | beam.CombineGlobally(ComponentLabels())
            | beam.FlatMap(lambda labels: sorted(labels.items()))
        )
        assert_that(one, equal_to(_expected_labels(edges)), label="UnionFind")
        assert_that(rounds_labels, equal_to(_expected_labels(edges)), label="Rounds")
        empty = p | "None" >> beam.Create([]) | "Empty" >> beam.CombineGlobally(ComponentLabels())
        assert_that(empty, equal_to([{}]), label="Empty")


def test_component_labels_merge_accumulators_directly():
    fn = ComponentLabels()
    left = fn.add_input(fn.add_input(fn.create_accumulator(), ("d", "c")), ("x", "y"))
    right = fn.add_input(fn.add_input(fn.create_accumulator(), ("c", "b")), ("y", "d"))
    merged = fn.merge_accumulators([left, right])
    assert fn.extract_output(merged) == {n: "b" for n in "bcdxy"}


def _expected_labels(edges):
    uf = components.UnionFind()
    for a, b in edges:
        uf.union(a, b)
    return [(n, uf.find(n)) for n in uf.parent]


@pytest.mark.parametrize("join,parts", [("shuffle", 1), ("side_input", 1), ("side_input", 3), ("shuffle", 2)])
def test_cluster_and_trace_equals_resolve_component(join, parts):
    copy = "Home | World | Politics\n\n" + STORY + "\n\nSource link"
    docs = [doc("a", STORY), doc("b", copy), doc("c", OTHER)]
    feats = {d["doc_id"]: shingles.features(d["doc_id"], d["match_text"], CFG) for d in docs}
    edge = verify.edge_record(feats["a"], feats["b"], ["chars"], CFG)
    expected = resolve_component(docs[:2], [edge], CFG, REGISTRY, lambda *_: None)
    lone = resolve_component(docs[2:], [], CFG, REGISTRY, lambda *_: None)
    with test_pipeline.TestPipeline() as p:
        d = p | "Docs" >> beam.Create(docs)
        e = p | "Edges" >> beam.Create([edge])
        out = (d, e) | ClusterAndTrace(CFG, REGISTRY, join, parts)
        assert_that(out["provenance"], equal_to(expected.provenance + lone.provenance), label="Provenance")
        assert_that(out["clusters"], equal_to(expected.clusters + lone.clusters), label="Clusters")
        assert_that(out["edges"], equal_to(expected.edges), label="Edges")
        assert_that(
            out["documents"] | beam.Map(lambda r: (r["doc_id"], r["cluster_id"])),
            equal_to([(r["doc_id"], r["cluster_id"]) for r in expected.documents + lone.documents]),
            label="Docs",
        )


def test_cluster_and_trace_refuses_an_unknown_join():
    with pytest.raises(ValueError, match="shuffle, side_input"):
        ClusterAndTrace(CFG, REGISTRY, "broadcast")


def _word_rarity(p, docs):
    """The pipeline's WordFrequencies of ``docs``, put together as the Resolve step does."""
    from transforms.clusters import WordFrequencies
    from transforms.core.counts import word_rarity

    shards, n_docs = p | beam.Create(docs) | WordFrequencies()
    return (
        p
        | "One" >> beam.Create([None])
        | beam.Map(
            lambda _, s, n: word_rarity(s, n), beam.pvalue.AsList(shards), beam.pvalue.AsSingleton(n_docs)
        )
    )


def test_word_frequencies_count_documents_per_content_word():
    docs = [
        {"doc_id": "a", "match_text": "The council approved the budget. The council met."},
        {"doc_id": "b", "match_text": "Council members rejected 12 roads."},
        {"doc_id": "c", "match_text": ""},
    ]
    with test_pipeline.TestPipeline() as p:
        out = _word_rarity(p, docs) | beam.Map(lambda r: (r.n_docs, sorted(r.df.items())))
        expected = [("approved", 1), ("budget", 1), ("council", 2), ("members", 1), ("met", 1)]
        expected += [("rejected", 1), ("roads", 1)]
        assert_that(out, equal_to([(3, expected)]))


def test_word_frequencies_of_no_documents_are_empty():
    with test_pipeline.TestPipeline() as p:
        out = _word_rarity(p, []) | beam.Map(
            lambda r: (r.n_docs, r.df, len(r.pair_slots), len(r.pair_counts))
        )
        assert_that(out, equal_to([(0, {}, 0, 0)]))


def test_word_frequencies_count_documents_per_small_word_pair():
    from transforms.core.provenance import small_word_pairs
    from transforms.core.shingles import tokens

    texts = ["The council met instead of the board.", "Instead of waiting, the council met.", ""]
    with test_pipeline.TestPipeline() as p:
        out = _word_rarity(p, [{"doc_id": str(i), "match_text": t} for i, t in enumerate(texts)]) | beam.Map(
            lambda r: dict(zip(r.pair_slots.tolist(), r.pair_counts.tolist(), strict=True))
        )
        counts: dict[int, int] = {}
        for t in texts:
            for slot in small_word_pairs(tokens(t)):
                counts[int(slot)] = counts.get(int(slot), 0) + 1
        assert max(counts.values()) == 2  # "instead of", "the council", "of the"/... in both
        assert_that(out, equal_to([counts]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["the", "of", "council", "bridge", "to", "ready", "a", "flood"]), max_size=30
        ),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=4),
)
def test_word_counts_add_up_however_the_documents_are_split(texts, parts, shards, chunk):
    """Bundles of any size, any number of shards, chunks of any length: the same counts as one pass,
    and no chunk longer than CHUNK."""
    from unittest import mock

    from transforms.core import counts as C
    from transforms.core.provenance import content_of_tokens, small_word_pairs

    docs = [{"doc_id": str(i), "match_text": " ".join(t)} for i, t in enumerate(texts)]
    by_shard: dict[int, list] = {}
    with mock.patch.object(C, "CHUNK", chunk):
        for k in range(parts):
            counter = C.WordCounts(shards)
            for doc in docs[k::parts]:
                counter.add(doc)
            for shard, part in counter.chunks():
                assert 0 <= shard < shards and len(part[1] if part[0] == "words" else part[1][0]) <= chunk
                by_shard.setdefault(shard, []).append(part)
    out = C.word_rarity([(s, C.WordCounts.merge(chunks)) for s, chunks in by_shard.items()], len(texts))
    pairs: dict[int, int] = {}
    df: dict[str, int] = {}
    for t in texts:
        for slot in small_word_pairs(t).tolist():
            pairs[slot] = pairs.get(slot, 0) + 1
        for word in content_of_tokens(t):
            df[word] = df.get(word, 0) + 1
    assert out.n_docs == len(texts)
    assert out.df == df
    assert dict(zip(out.pair_slots.tolist(), out.pair_counts.tolist(), strict=True)) == pairs
    assert out.pair_slots.tolist() == sorted(pairs)
