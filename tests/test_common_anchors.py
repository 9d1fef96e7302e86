"""Common anchor bigrams: counted over the corpus, left out of the ``anchors`` view's signatures."""

from __future__ import annotations

import collections

import apache_beam as beam
import numpy as np
import pyarrow.parquet as pq
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to
from conftest import parsed_record, run_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tables import read_table
from transforms.core import minhash, shingles
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.documents import CommonHashes, NormaliseDocuments

# Every story names the same agency ("Harbour Safety Board") beside names of its own.
AGENCY = "the Harbour Safety Board"
STORIES = [
    f"Inspector {first} Okonkwo-{i} of {AGENCY} said the {place} pier at Marrowgate would close for {i + 3} "
    f"weeks while divers from Pellucid Marine check its piles. Councillor {first} Abernathy-{i} asked "
    f"{AGENCY} to publish the survey."
    for i, (first, place) in enumerate(
        [("Ada", "north"), ("Bram", "south"), ("Cleo", "east"), ("Dov", "west"), ("Esme", "old")]
    )
]


def test_common_anchors_counts_each_document_once_and_keeps_those_above_the_limit():
    cfg = MatchConfig(common_anchor_share=0.5, common_anchor_min_docs=1)
    docs = [np.array(x, dtype=np.uint32) for x in ([1, 2, 3], [2, 3], [3, 9], [3])]
    hashes, counts = shingles.common_anchors(np.concatenate(docs), len(docs), cfg)
    # limit max(1, 0.5 * 4) = 2: more than two documents.
    assert hashes.tolist() == [3] and counts.tolist() == [4]
    assert shingles.common_anchor_limit(1000, MatchConfig()) == 50.0
    assert shingles.common_anchor_limit(100_000, MatchConfig()) == 500.0
    empty = shingles.common_anchors(np.zeros(0, dtype=np.uint32), 0, cfg)
    assert [len(x) for x in empty] == [0, 0]


@pytest.mark.parametrize("kind", ["anchor", "gram"])
@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 40), max_size=12), max_size=30),
    st.floats(0.01, 1.0),
    st.integers(1, 6),
)
def test_common_anchors_and_grams_equal_a_counter(kind, docs, share, min_docs):
    """The common anchor bigrams of a corpus and the common 5-grams of a sample are counted alike."""
    cfg = MatchConfig(**{f"common_{kind}_share": share, f"common_{kind}_min_docs": min_docs})
    arrays = [np.array(sorted(d), dtype=np.uint32) for d in docs]
    joined = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint32)
    common = shingles.common_anchors if kind == "anchor" else shingles.common_grams
    hashes, counts = common(joined, len(docs), cfg)
    counter = collections.Counter(x for d in docs for x in d)
    limit = max(min_docs, share * len(docs))
    expected = sorted((h, n) for h, n in counter.items() if n > limit)
    assert list(zip(hashes.tolist(), counts.tolist(), strict=True)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Ana", "Bo", "Cyr", "Dag", "Eli", "Fen", "Gus"]), max_size=12), st.data())
def test_signed_view_is_the_anchors_view_without_the_common_bigrams(names, data):
    feats = shingles.features("x", " and ".join(f"Mayor {n}" for n in names) + ".", MatchConfig())
    anchors = feats.anchors.tolist()
    dropped = data.draw(st.sets(st.sampled_from(anchors)) if anchors else st.just(set()))
    common = np.array(sorted(dropped | {7, 11}), dtype=np.uint32)  # and two hashes of no bigram here
    signed = shingles.signed_view(feats, "anchors", common)
    assert signed.tolist() == [h for h in anchors if h not in dropped]
    assert signed.dtype == np.uint32
    assert shingles.signed_view(feats, "chars", common) is feats.chars
    assert shingles.signed_view(feats, "anchors", None) is feats.anchors


@pytest.mark.parametrize(("join_every", "shards", "chunk"), [(3, 5, 2), (4096, 64, 1 << 15)])
def test_sharded_counts_over_split_bundles_equal_one_count(monkeypatch, join_every, shards, chunk):
    # join_every 3: the counters count their pending arrays in many times before they send them;
    # chunk 2: every shard's counts leave in several chunks.
    from transforms.core import counts as C

    monkeypatch.setattr(C.HashCounts, "JOIN_EVERY", join_every)
    monkeypatch.setattr(C, "CHUNK", chunk)
    cfg = MatchConfig(common_anchor_share=0.1, common_anchor_min_docs=1)
    rng = np.random.default_rng(3)
    docs = [np.unique(rng.integers(0, 30, size=rng.integers(0, 10))).astype(np.uint32) for _ in range(50)]
    by_shard: dict[int, list] = {}
    for start, stop in ((0, 17), (17, 33), (33, 50)):  # three bundles
        counter = C.HashCounts(shards)
        for d in docs[start:stop]:
            counter.add(d)
        for shard, (values, counts) in counter.chunks():
            assert 0 <= shard < shards and len(values) <= chunk
            assert set((values % shards).tolist()) == {shard}
            by_shard.setdefault(shard, []).append((values, counts))
    common = [
        shingles.common_of_counts(*C.HashCounts.merge(parts), len(docs), cfg) for parts in by_shard.values()
    ]
    got = sorted(
        (h, n) for hashes, counts in common for h, n in zip(hashes.tolist(), counts.tolist(), strict=True)
    )
    hashes, counts = shingles.common_anchors(np.concatenate(docs), len(docs), cfg)
    assert got == list(zip(hashes.tolist(), counts.tolist(), strict=True))


def test_common_anchors_of_no_documents():
    with test_pipeline.TestPipeline() as p:
        out = p | beam.Create([], reshuffle=False) | CommonHashes(MatchConfig())
        assert_that(
            out | beam.Map(lambda c: (c["n_docs"], len(c["hashes"]), len(c["counts"]))), equal_to([(0, 0, 0)])
        )


def test_normalise_documents_counts_the_common_anchor_bigrams():
    cfg = MatchConfig(common_anchor_share=0.5, common_anchor_min_docs=3)
    agency = shingles.anchor_bigrams("by the Harbour Safety Board")  # "harbour safety", "safety board"
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([parsed_record(i, s, f"https://site{i}.example/a") for i, s in enumerate(STORIES)])
            | NormaliseDocuments(cfg, load_registry())
        )
        # On all five documents (> max(3, 2.5)); "pellucid marine" and "marrowgate" too.
        expected_hashes = set(agency.tolist()) | set(shingles.anchor_bigrams("by Pellucid Marine").tolist())
        assert_that(
            out["common_anchor_rows"] | beam.Map(lambda r: (r["anchor_hash"], r["docs"])),
            lambda rows: _contains(rows, expected_hashes, 5),
            label="Rows",
        )


def _contains(rows, hashes, docs):
    found = {h: n for h, n in rows}
    missing = [h for h in hashes if found.get(h) != docs]
    if missing:
        raise AssertionError(f"{missing} not counted on {docs} documents: {found}")


def test_config_validates_the_common_anchor_limits():
    with pytest.raises(ValueError, match="common_anchor_share"):
        MatchConfig(common_anchor_share=0.0)
    with pytest.raises(ValueError, match="common_anchor_min_docs"):
        MatchConfig(common_anchor_min_docs=0)


# The stories of one run, with a limit low enough for the agency's name to be common.
LOW_LIMIT = {"common_anchor_share": 0.5, "common_anchor_min_docs": 3}


@pytest.fixture(scope="module")
def common_run(tmp_path_factory):
    return run_texts(tmp_path_factory.mktemp("common_anchors"), STORIES, LOW_LIMIT, "h")


def test_a_run_signs_anchors_without_its_common_bigrams(common_run):
    out = common_run
    cfg = MatchConfig(**LOW_LIMIT)
    table = read_table(out, "common_anchors").to_pylist()
    common = np.array(sorted(r["anchor_hash"] for r in table), dtype=np.uint32)
    assert set(shingles.anchor_bigrams("by the Harbour Safety Board").tolist()) <= set(common.tolist())
    assert all(r["docs"] == 5 for r in table) and len({r["config_fingerprint"] for r in table}) == 1
    docs = {d["doc_id"]: d["match_text"] for d in read_table(out, "documents").to_pylist()}
    view = cfg.view("anchors")
    for row in read_table(out, "signatures").to_pylist():
        if row["view"] != "anchors":
            continue
        feats = shingles.features(row["doc_id"], docs[row["doc_id"]], cfg)
        expected = minhash.signatures(
            [shingles.signed_view(feats, "anchors", common)], view.num_perm, cfg.seed
        )
        assert row["hashvalues"] == expected[0].tolist()
        unfiltered = minhash.signatures([feats.anchors], view.num_perm, cfg.seed)
        assert row["hashvalues"] != unfiltered[0].tolist()
    # The table is plain Parquet.
    assert pq.read_table(next((out / "common_anchors").glob("*.parquet"))).num_rows == len(table)


def test_trace_text_signs_with_the_runs_common_bigrams(common_run, tmp_path, monkeypatch):
    from pipeline import trace_command

    out = common_run
    run = trace_command.load_run(str(out))
    common = trace_command.common_anchor_hashes(run)
    assert common.tolist() == sorted(r["anchor_hash"] for r in read_table(out, "common_anchors").to_pylist())
    # A new text is signed as the run signed its documents: the same text gives the stored signature.
    cfg = MatchConfig(**LOW_LIMIT)
    stored = {
        r["view"]: r["hashvalues"] for r in read_table(out, "signatures").to_pylist() if r["doc_id"] == "h2"
    }
    text = {d["doc_id"]: d["match_text"] for d in read_table(out, "documents").to_pylist()}["h2"]
    feats = shingles.features("new", text, cfg)
    for view in cfg.views:
        assert trace_command.query_signature(feats, view, cfg, common).tolist() == stored[view.name]
    unfiltered = trace_command.query_signature(feats, cfg.view("anchors"), cfg, common[:0])
    assert unfiltered.tolist() != stored["anchors"]
    monkeypatch.setattr(trace_command, "SMALL_RUN", 0)
    ids, how = trace_command.candidate_ids(run, feats, cfg)
    assert "h2" in ids and "sharing an LSH band" in how
    # A run written before the table existed has none: nothing is left out.
    import shutil

    old = tmp_path / "schema3"
    shutil.copytree(out, old)
    shutil.rmtree(old / "common_anchors")
    assert len(trace_command.common_anchor_hashes(trace_command.load_run(str(old)))) == 0


def test_without_an_anchors_view_no_bigram_is_common():
    cfg = MatchConfig(views=(MatchConfig().view("chars"),), common_anchor_share=0.5, common_anchor_min_docs=1)
    with test_pipeline.TestPipeline() as p:
        out = (
            p
            | beam.Create([parsed_record(i, s, f"https://site{i}.example/a") for i, s in enumerate(STORIES)])
            | NormaliseDocuments(cfg, load_registry())
        )
        assert_that(out["common_anchor_rows"], lambda rows: _empty(rows), label="Rows")


def _empty(rows):
    if list(rows):
        raise AssertionError(f"expected no common anchor bigrams, got {list(rows)}")
