"""Common character n-grams: counted on a sample of the corpus, left out of the ``chars`` and ``lead``
views' signatures, so that unrelated texts stop pairing through function words and stock phrases."""

from __future__ import annotations

import itertools
import shutil
import zlib

import numpy as np
import pytest
from conftest import run_texts

from pipeline.tables import read_table
from transforms.core import documents, minhash, shingles, verify
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.synth import generate


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = verify._overlap(a, b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def test_common_grams_keeps_those_on_more_than_the_limit_of_the_sample():
    cfg = MatchConfig(common_gram_share=0.5, common_gram_min_docs=1)
    docs = [np.array(x, dtype=np.uint32) for x in ([1, 2, 3], [2, 3], [3, 9], [3])]
    hashes, counts = shingles.common_grams(np.concatenate(docs), len(docs), cfg)
    # limit max(1, 0.5 * 4) = 2: more than two of the four sampled documents.
    assert hashes.tolist() == [3] and counts.tolist() == [4]
    assert shingles.common_gram_limit(1_000, MatchConfig()) == 50.0
    assert shingles.common_gram_limit(5_000, MatchConfig()) == 250.0
    # Off: nothing is common, however many documents have it.
    off = MatchConfig(common_gram_share=None)
    assert shingles.common_gram_limit(5_000, off) == float("inf")
    assert [len(x) for x in shingles.common_grams(np.concatenate(docs * 100), 400, off)] == [0, 0]


def test_the_sample_is_every_document_of_a_small_corpus_and_about_common_gram_sample_of_a_large_one():
    cfg = MatchConfig(common_gram_sample=500)
    ids = [f"doc-{i}" for i in range(20_000)]
    assert all(shingles.in_gram_sample(i, 500, cfg) for i in ids[:500])
    sampled = [i for i in ids if shingles.in_gram_sample(i, len(ids), cfg)]
    assert 400 <= len(sampled) <= 600
    # Chosen by the id's crc32 alone: the same in any order, on any runner, in any process.
    assert sampled == [i for i in ids if zlib.crc32(i.encode()) * len(ids) < 500 << 32]
    # A larger corpus samples a subset of what a smaller one would.
    assert set(i for i in ids if shingles.in_gram_sample(i, 40_000, cfg)) <= set(sampled)
    assert not any(shingles.in_gram_sample(i, 10, MatchConfig(common_gram_share=None)) for i in ids[:100])


def test_signed_view_leaves_common_grams_out_of_the_character_views_only():
    cfg = MatchConfig()
    feats = shingles.features(
        "a", "The council said on Monday that the 14 bridges of Varnholm would close.", cfg
    )
    grams = np.sort(np.concatenate((feats.chars[::3], feats.lead[::2])))
    grams = np.unique(grams)
    for name in ("chars", "lead"):
        signed = shingles.signed_view(feats, name, None, grams)
        assert set(signed.tolist()) == set(feats.view(name).tolist()) - set(grams.tolist())
    for name in ("anchors", "numbers", "words"):
        assert shingles.signed_view(feats, name, None, feats.view(name)).tolist() == feats.view(name).tolist()
    assert shingles.signed_view(feats, "chars", None, None) is feats.chars
    assert (
        shingles.text_grams(
            "The council said on Monday that the 14 bridges of Varnholm would close.", cfg
        ).tolist()
        == feats.chars.tolist()
    )


def test_config_validates_the_common_gram_settings():
    with pytest.raises(ValueError, match="common_gram_share"):
        MatchConfig(common_gram_share=0.0)
    with pytest.raises(ValueError, match="common_gram_min_docs"):
        MatchConfig(common_gram_min_docs=0)
    with pytest.raises(ValueError, match="common_gram_sample"):
        MatchConfig(common_gram_sample=0)
    assert MatchConfig.from_dict({"common_gram_share": None}).common_gram_share is None


@pytest.fixture(scope="module")
def generated():
    """Matching texts of a labelled generator corpus (seed 57, not one the settings were chosen on)."""
    cfg, registry = MatchConfig(), load_registry()
    raw, truth = generate(80, seed=57)
    texts = {}
    for i, r in enumerate(raw):
        record = {
            "doc_id": r["id"],
            "text": r["text"],
            "url": r.get("url"),
            "source_file": "g.jsonl",
            "source_row": i + 1,
        }
        kind, row = documents.document(record, cfg, registry)
        if kind != "reject":
            texts[row["doc_id"]] = row["match_text"]
    return texts, {t["id"]: t for t in truth}


def test_unrelated_texts_share_few_character_5grams_once_the_common_ones_are_out(generated):
    texts, truth = generated
    cfg = MatchConfig(common_gram_min_docs=10)
    feats = {i: shingles.features(i, t, cfg) for i, t in texts.items()}
    grams, _ = shingles.common_grams(np.concatenate([f.chars for f in feats.values()]), len(feats), cfg)
    assert 1_000 < len(grams) < 20_000
    originals = sorted(i for i in feats if i.endswith("-o"))
    unrelated = list(itertools.combinations(originals, 2))
    before = np.median([_jaccard(feats[a].chars, feats[b].chars) for a, b in unrelated])
    after = np.median(
        [
            _jaccard(
                shingles.signed_view(feats[a], "chars", None, grams),
                shingles.signed_view(feats[b], "chars", None, grams),
            )
            for a, b in unrelated
        ]
    )
    # Unrelated stories share ~0.1 of all their 5-grams, almost none of the rest.
    assert before > 0.08 and after < 0.02
    copies = [
        (t["parent_id"], i) for i, t in truth.items() if t["kind"] == "copy" and t["parent_id"] in feats
    ]
    copies = [(a, b) for a, b in copies if b in feats]
    assert len(copies) >= 10
    kept = np.median(
        [
            _jaccard(
                shingles.signed_view(feats[a], "chars", None, grams),
                shingles.signed_view(feats[b], "chars", None, grams),
            )
            for a, b in copies
        ]
    )
    # A copy and its source still share most of their story's 5-grams.
    assert kept > 0.5


# A limit low enough for five short stories to have common n-grams.
LOW_LIMIT = {"common_gram_share": 0.5, "common_gram_min_docs": 2}
STORIES = [
    f"Inspector {name} of the Harbour Safety Board said on {day} that the {place} pier would close for "
    f"{n} weeks while divers check its piles, and that the board would publish the survey."
    for name, day, place, n in [
        ("Ada Okonkwo", "Monday", "north", 3),
        ("Bram Ilesanmi", "Tuesday", "south", 5),
        ("Cleo Varga", "Friday", "east", 7),
        ("Dov Rasku", "Sunday", "west", 9),
        ("Esme Tallo", "Thursday", "old", 11),
    ]
]


@pytest.fixture(scope="module")
def gram_run(tmp_path_factory):
    return run_texts(tmp_path_factory.mktemp("common_grams"), STORIES, LOW_LIMIT, "g")


def test_a_run_signs_the_character_views_without_its_common_grams(gram_run):
    out = gram_run
    cfg = MatchConfig(**LOW_LIMIT)
    table = read_table(out, "common_grams").to_pylist()
    grams = np.array(sorted(r["gram_hash"] for r in table), dtype=np.uint32)
    # "harbour safety board" is in every story: its 5-grams are common, each counted on all five.
    assert set(shingles.text_grams("harbour safety board", cfg).tolist()) <= set(grams.tolist())
    assert {(r["docs"] > 2, r["sampled"]) for r in table} == {(True, 5)}
    docs = {d["doc_id"]: d["match_text"] for d in read_table(out, "documents").to_pylist()}
    checked = 0
    for row in read_table(out, "signatures").to_pylist():
        if row["view"] not in ("chars", "lead"):
            continue
        view = cfg.view(row["view"])
        feats = shingles.features(row["doc_id"], docs[row["doc_id"]], cfg)
        signed = shingles.signed_view(feats, row["view"], None, grams)
        assert 0 < len(signed) < len(feats.view(row["view"]))
        assert row["hashvalues"] == minhash.signatures([signed], view.num_perm, cfg.seed)[0].tolist()
        checked += 1
    assert checked == 10


def test_trace_text_signs_with_the_runs_common_grams(gram_run, tmp_path):
    from pipeline import trace_command

    out = gram_run
    run = trace_command.load_run(str(out))
    grams = trace_command.common_gram_hashes(run)
    assert grams.tolist() == sorted(r["gram_hash"] for r in read_table(out, "common_grams").to_pylist())
    cfg = MatchConfig(**LOW_LIMIT)
    common = trace_command.common_anchor_hashes(run)
    stored = {
        r["view"]: r["hashvalues"] for r in read_table(out, "signatures").to_pylist() if r["doc_id"] == "g3"
    }
    text = {d["doc_id"]: d["match_text"] for d in read_table(out, "documents").to_pylist()}["g3"]
    feats = shingles.features("new", text, cfg)
    for view in cfg.views:
        assert trace_command.query_signature(feats, view, cfg, common, grams).tolist() == stored[view.name]
    assert trace_command.query_signature(feats, cfg.view("chars"), cfg, common).tolist() != stored["chars"]
    # A run written before the table existed has none: nothing is left out.
    old = tmp_path / "schema8"
    shutil.copytree(out, old)
    shutil.rmtree(old / "common_grams")
    assert len(trace_command.common_gram_hashes(trace_command.load_run(str(old)))) == 0
