"""Golden end-to-end: hand-made corpora through the real command line, exact clusters, parents, rejects."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import GOLDEN, SAMPLES, canonical, rows, run_cli

from pipeline.tables import read_manifest
from schemas import TABLES


def truth_clusters(docs: list[dict]) -> set[frozenset[str]]:
    by_story = defaultdict(set)
    for d in docs:
        by_story[d["story"]].add(d["id"])
    return {frozenset(s) for s in by_story.values()}


def run_clusters(run_dir: Path) -> set[frozenset[str]]:
    by_cluster = defaultdict(set)
    for d in rows(run_dir, "documents"):
        by_cluster[d["cluster_id"]].add(d["doc_id"])
    return {frozenset(s) for s in by_cluster.values()}


ABSENT = GOLDEN.parent / "absent"
WIRELINES = GOLDEN.parent / "wirelines"
SCRIPTS = GOLDEN.parent / "scripts"


def run_against_truth(corpus: Path, out: Path) -> dict[str, dict]:
    """Run a hand-made corpus with its truth.json beside it; check its clusters and each document's
    parent, root and root outlet against the truth, and return the provenance rows by id."""
    run_cli("run", str(corpus), "--out", str(out), "-q")
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))["documents"]
    assert run_clusters(out) == truth_clusters(truth)
    prov = {r["doc_id"]: r for r in rows(out, "provenance")}
    assert {d: (r["parent_id"], r["root_id"], r["root_outlet"]) for d, r in prov.items()} == {
        d["id"]: (d["parent_id"], d["root_id"], d["root_outlet"]) for d in truth
    }
    return prov


def test_copies_of_an_absent_original_are_siblings_unless_one_shows_its_source(tmp_path):
    """Three sites copy an AP story that is not in the corpus: two took it from AP, the third took the
    first site's page (it carries the "Also read:" link that site added)."""
    out = tmp_path / "out"
    prov = run_against_truth(ABSENT, out)
    assert prov["g-b7d2"]["chain"] == ["outlet:AP", "g-b7d2"]
    assert prov["g-c9e4"]["chain"] == ["outlet:AP", "g-a1c3", "g-c9e4"]
    assert "absent_source" in {e["kind"] for e in prov["g-b7d2"]["evidence"]}
    assert "made_from_member" in {e["kind"] for e in prov["g-c9e4"]["evidence"]}
    # The trace of the copy that credits nobody starts at AP and says where that comes from.
    traced = json.loads(run_cli("trace", "g-b7d2", "--run", str(out), "--json").stdout)
    assert traced["root"] == {"id": None, "outlet": "AP", "external": True}
    assert traced["chain"][0]["note"] == "not in this run: see the next document's evidence"
    assert traced["chain"][0]["cue"] is None


def test_agency_copy_credited_only_by_its_closing_lines_traces_to_the_agency(tmp_path):
    """Three agency stories whose originals are absent, each run by two sites that name the agency only
    the way its copy ends or starts: the AP's contributor line and a dash sign-off, PTI's undashed
    datelines (one page with a wire-feed notice), the Canadian Press's "This report by ... was first
    published" line and "With files from". Each pair is two siblings from the agency."""
    out = tmp_path / "out"
    run_against_truth(WIRELINES, out)
    docs = {d["doc_id"]: d for d in rows(out, "documents")}
    assert [c["kind"] for c in docs["w-m2"]["cues"]] == ["dateline", "source_link"]
    # The closing lines are cues, not story text: both pages of a story match on the same text.
    assert docs["w-f1"]["match_text"] == docs["w-f2"]["match_text"]
    assert docs["w-r1"]["match_text"] == docs["w-r2"]["match_text"]
    assert docs["w-m1"]["match_text"] == docs["w-m2"]["match_text"]


def test_a_translation_into_another_script_is_traced_to_its_source(tmp_path):
    out = tmp_path / "out"
    prov = run_against_truth(SCRIPTS, out)
    assert prov["ru-4d2a"]["relation"] == "translation"
    docs = {d["doc_id"]: d for d in rows(out, "documents")}
    # Its dateline, in Cyrillic letters, is read as one: a credit to Reuters, out of the matching text.
    assert docs["ru-4d2a"]["credited_outlets"] == ["Reuters"]


def _joined_page(golden_run: Path, first: str, second: str) -> dict:
    """A page carrying the whole of ``first``'s text with ``second``'s under it ("Next article")."""
    docs = {d["doc_id"]: d for d in rows(golden_run, "documents")}
    a, b = docs[first], docs[second]
    return {
        "id": "j-0001",
        "url": "https://coastline-digest.example/2025/02/05/j-0001",
        "outlet": "Coastline Digest",
        "title": f"{a['title']} | Coastline Digest",
        "published_at": "2025-02-05T09:00:00+00:00",
        "lang": "en",
        "text": f"{a['text']}\n\nNext article\n\n{b['title']}\n\n{b['text']}",
    }


@pytest.mark.parametrize("joined_pages", [True, False])
def test_a_page_of_two_stories_does_not_merge_them(golden_run, tmp_path, joined_pages):
    """A page with the tea-auction story and, under it, the ferry story: linked to both, it merged them.
    It stays with the story whose headline it has, and its links to the other are dropped as a joined
    page's; switched off, the two stories are one cluster (what the rule prevents)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN, corpus)
    page = _joined_page(golden_run, "k-17a2", "m-4c11")
    (corpus / "joined.jsonl").write_text(json.dumps(page) + "\n", encoding="utf-8")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"joined_pages": joined_pages}))
    out = tmp_path / "out"
    run_cli("run", str(corpus), "--out", str(out), "--config", str(config), "-q")
    truth = json.loads((GOLDEN / "truth.json").read_text())["documents"]
    story_of = {d["id"]: d["story"] for d in truth}
    clusters = run_clusters(out)
    page_cluster = next(c for c in clusters if "j-0001" in c)
    stories = {story_of[d] for d in page_cluster if d != "j-0001"}
    if not joined_pages:
        assert stories == {"mombasa-tea-prices", "gull-island-ferry"}
        return
    # It stays with the story its headline is (the tea auctions), the ferry story having come under it.
    assert stories == {"mombasa-tea-prices"}
    kept = stories.pop()
    expected = {c for c in truth_clusters(truth) if not any(story_of[d] == kept for d in c)}
    expected.add(frozenset({d for d, s in story_of.items() if s == kept} | {"j-0001"}))
    assert clusters == expected
    dropped = [e for e in rows(out, "edges") if "j-0001" in (e["src_id"], e["dst_id"]) and not e["kept"]]
    assert dropped and all(e["dropped_by"] == "joined_page" for e in dropped)
    assert {story_of[e["src_id"] if e["dst_id"] == "j-0001" else e["dst_id"]] for e in dropped} == (
        {"mombasa-tea-prices", "gull-island-ferry"} - {kept}
    )


@pytest.mark.parametrize("corpus", ["golden", "samples"])
def test_exact_clusters_parents_and_roots(corpus, golden_run, samples_run):
    run_dir, truth_path = (
        (golden_run, GOLDEN / "truth.json") if corpus == "golden" else (samples_run, SAMPLES / "truth.json")
    )
    truth = json.loads(truth_path.read_text())
    docs = truth["documents"] if isinstance(truth, dict) else truth
    assert run_clusters(run_dir) == truth_clusters(docs)
    prov = {r["doc_id"]: r for r in rows(run_dir, "provenance")}
    got = {d: (r["parent_id"], r["root_id"], r["root_outlet"]) for d, r in prov.items()}
    want = {d["id"]: (d["parent_id"], d["root_id"], d["root_outlet"]) for d in docs}
    assert got == want


def test_golden_rejects_have_file_row_and_reason(golden_run):
    truth = json.loads((GOLDEN / "truth.json").read_text())
    got = sorted(
        (Path(r["source_file"]).name, r["source_row"], r["reason"]) for r in rows(golden_run, "rejects")
    )
    want = sorted((r["source"], r["row"], r["reason"]) for r in truth["rejects"])
    assert got == want


def test_every_record_is_in_documents_or_rejects_exactly_once(golden_run):
    docs = rows(golden_run, "documents")
    rejects = rows(golden_run, "rejects")
    seen = [(Path(r["source_file"]).name, r["source_row"]) for r in docs + rejects]
    assert len(seen) == len(set(seen))
    # golden: 4 text files + wire.csv (2) + feed.jsonl (2) + bad.jsonl (4) + bad.csv (1) + cyrillic_cp1251.txt (1)
    assert len(seen) == 14
    assert len({d["doc_id"] for d in docs}) == len(docs)


def test_tables_match_their_schemas(golden_run):
    for name, schema in TABLES.items():
        for f in sorted((golden_run / name).glob("*.parquet")):
            assert pq.read_schema(f).remove_metadata().equals(schema), name
    manifest = json.loads((golden_run / "manifest.json").read_text())
    assert manifest["counts"]["tables"]["documents"] == 9
    assert manifest["counts"]["tables"]["rejects"] == 5
    assert manifest["config_fingerprint"] == rows(golden_run, "documents")[0]["config_fingerprint"]
    assert {"apache_beam", "datasketch", "pyarrow"} <= set(manifest["versions"])
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])


def test_provenance_evidence_names_the_cue(samples_run):
    prov = {r["doc_id"]: r for r in rows(samples_run, "provenance")}
    axios = prov["f-8d44"]
    assert axios["chain"] == ["outlet:Axios", "f-8d44"]
    assert any(e["kind"] == "attribution" and "Like this story" in e["detail"] for e in axios["evidence"])
    spun_copy = prov["001_b3f2"]
    assert spun_copy["chain"] == ["w-5e1a", "004_51c8", "001_b3f2"]
    assert any(e["kind"] == "inherited_chrome" for e in spun_copy["evidence"])


def test_rerun_with_the_shuffle_join_gives_identical_tables(golden_run, tmp_path):
    """A second run is identical, also with the cluster joins (shuffle: features and component labels
    joined by key, components in distributed rounds) instead of the side inputs and the one union-find
    the direct runner picks. ``--verify-join`` is still accepted as the option's older name."""
    assert read_manifest(golden_run)["runner"]["join"] == "side_input"
    again = tmp_path / "again"
    run_cli("run", str(GOLDEN), "--out", str(again), "-q", "--verify-join", "shuffle")
    assert read_manifest(again)["runner"]["join"] == "shuffle"
    for name in TABLES:
        assert canonical(rows(again, name), drop=("source_file",)) == canonical(
            rows(golden_run, name), drop=("source_file",)
        ), name


def test_multiprocessing_direct_runner_gives_identical_tables(golden_run, tmp_path):
    out = tmp_path / "mp"
    run_cli(
        "run",
        str(GOLDEN),
        "--out",
        str(out),
        "-q",
        "--",
        "--direct_num_workers=2",
        "--direct_running_mode=multi_processing",
    )
    for name in TABLES:
        assert canonical(rows(out, name)) == canonical(rows(golden_run, name)), name


def test_duckdb_and_pandas_read_the_tables(golden_run):
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    n = duckdb.sql(f"select count(*) from read_parquet('{golden_run}/documents/*.parquet')").fetchall()[0][0]
    assert n == 9
    frame = pandas.read_parquet(golden_run / "provenance")
    assert len(frame) == 9


@pytest.mark.parametrize(
    "title, words",
    [
        ("Bridge reopens, page 2 of 3 | Harbor Ledger", {"bridge", "reopens"}),  # page marks and site out
        ("Bridge reopens (Part 2)", {"bridge", "reopens"}),
        ("83,938 households affected", {"83", "938", "households", "affected"}),  # figures kept
        ("港口大桥开放", {"港口", "口大", "大桥", "桥开", "开放"}),  # no spaces: pairs of characters
        (None, set()),
    ],
)
def test_headline_words(title, words):
    from transforms.core.clustering import headline_words

    assert headline_words(title) == words
