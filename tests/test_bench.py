"""bench/: the JSON contract of ``python -m bench`` and the text-dedup log parsing (no timings asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

import bench.__main__ as bench_main

TEXT_DEDUP_TAIL = """\
                    INFO     Total                           : 3.59s timer.py:65
                    INFO     Before                          :    minhash.py:308
                             2000
                    INFO     After                           :    minhash.py:309
                             1969
"""


def test_text_dedup_before_and_after_counts_are_read():
    assert bench_main._after_before(TEXT_DEDUP_TAIL) == ["2000", "1969"]
    assert bench_main._after_before("no counts here") == []


def test_missing_text_dedup_interpreter_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(bench_main, "TEXT_DEDUP_PYTHON", str(tmp_path / "nope" / "python"))
    with pytest.raises(SystemExit, match="bench/text_dedup_env.sh"):
        bench_main.run_text_dedup(tmp_path / "corpus.jsonl", tmp_path)


def test_last_line_is_json_with_the_signature_figures():
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--docs", "40", "--skip-pipeline"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["docs"] == 40
    for key in (
        "signature_docs_per_s",
        "datasketch_loop_docs_per_s",
        "signature_speedup",
        "sign_stage_docs_per_s",
        "sign_stage_speedup",
        "peak_rss_mb",
    ):
        assert result[key] > 0, key


def test_pipeline_figures_include_pairs_and_largest_cluster():
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--docs", "60"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["docs"] == 60 and result["pipeline_wall_s"] > 0
    assert result["candidate_pairs"] > 0 and result["edges"] > 0
    # The generator's stories have at most 7 documents; 60 documents cannot chain into more than that.
    assert 2 <= result["largest_cluster"] <= 7
    assert result["giant_clusters"] == 0


def test_pairs_outside_beam_equal_the_pipelines_candidate_pairs(tmp_path):
    """``bench.pairs`` (for corpora too large for the in-memory runner) counts exactly the candidate
    pairs the pipeline generates, on the same benchmark corpus."""

    def last_json(*args: str) -> dict:
        proc = subprocess.run(
            [sys.executable, "-m", *args], capture_output=True, text=True, check=True, cwd=ROOT
        )
        return json.loads(proc.stdout.strip().splitlines()[-1])

    # A low common-bigram limit, so that both leave common anchor bigrams out of their signatures.
    config = tmp_path / "cfg.json"
    config.write_text(json.dumps({"common_anchor_min_docs": 5}))
    pipeline = last_json("bench", "--docs", "400", "--config", str(config))
    outside = last_json("bench.pairs", "--docs", "400", "--seeds", "11", "--config", str(config))
    assert pipeline["docs"] == 400 and 390 <= outside["docs"] <= 400  # less the rejected records
    assert outside["common_anchor_bigrams"] > 0
    assert outside["candidate_pairs"] == pipeline["candidate_pairs"] > 0
    assert outside["oversized_buckets"] == pipeline["oversized_buckets"]


def test_stage_labels_name_the_first_and_last_pipeline_steps():
    from bench.stages import stage_label

    name = (
        "(((Candidates/GroupPairs/Read)+(ref_AppliedPTransform_Candidates-PairViews_97))"
        "+(ref_AppliedPTransform_Verify-VerifyLookedUp_99))+(ref_PCollection_PCollection_68/Write)"
    )
    assert stage_label(name) == "Candidates/GroupPairs/Read … Verify-VerifyLookedUp"
    assert stage_label("(ref_PCollection_PCollection_18/Read)") == "PCollection_18/Read"
    assert stage_label("Normalise/GroupById/Read") == "Normalise/GroupById/Read"


@pytest.mark.parametrize("source", [[str(ROOT / "samples")], ["--docs", "40"]])
def test_stages_times_every_fused_stage_of_a_real_run(tmp_path, source):
    out = tmp_path / "run"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.stages", *source, "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (out / "manifest.json").exists()
    names = [s["stage"] for s in result["stages"]]
    assert any("Resolve" in n or "GroupComponents" in n for n in names)
    assert 0 < sum(s["seconds"] for s in result["stages"]) <= result["wall_s"]
    assert result["peak_rss_mb"] >= max(s["rss_end_mb"] for s in result["stages"]) * 0.9
    for s in result["stages"]:
        # The stage's own peak (here, where the high-water mark can be reset) is at least where it
        # ended and no more than the run's peak so far.
        assert s["rss_end_mb"] * 0.99 <= s["stage_peak_rss_mb"] <= s["peak_rss_mb"] <= result["peak_rss_mb"]


def test_stages_refuses_other_runners(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.stages",
            str(ROOT / "samples"),
            "--out",
            str(tmp_path / "o"),
            "--runner",
            "flink",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and "direct runner only" in proc.stderr


def test_generator_scores_a_corpus_and_compares_two_codes_side_by_side(tmp_path, monkeypatch, capsys):
    """bench.generator on a small labelled corpus: the corpus is written once and reused, each tag's
    scores land in WORK/TAG, bench.reprovenance re-infers a tag's provenance to the same figures, and
    --compare prints both tags' figures for the corpus."""
    import bench.generator as gen

    monkeypatch.setitem(gen.CORPORA, "tiny", (12, 5, 0.3, True, 0.0))
    assert gen.main(["--work", str(tmp_path), "--corpora", "tiny", "--tag", "a", "--jobs", "1"]) == 0
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["tiny"]
    assert set(first) == {
        "f1",
        "merged",
        "tree_parent",
        "parent",
        "external_parent",
        "root",
        "recall_by_kind",
    }
    assert 0.0 <= first["f1"] <= 1.0 and first["merged"] >= 0
    written = (tmp_path / "corpus-tiny.jsonl").stat().st_mtime_ns
    # bench.reprovenance re-infers the stored run's provenance outside the pipeline: the same rows.
    import bench.reprovenance as rep

    assert rep.main(["--work", str(tmp_path), "--tag", "a", "--check", "--explain"]) == 0
    again = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["tiny"]
    lost_at = again.pop("lost_at")
    assert again == {
        "tree_parent": first["tree_parent"],
        "parent": first["parent"],
        "external_parent": first["external_parent"],
        "root": first["root"],
        "differing": 0,
    }
    # --explain places every wrong parent at one step
    rows, _ = rep.reinfer(tmp_path / "a" / "tiny")
    scores = rep.accuracy(rep._read_jsonl(tmp_path / "corpus-tiny.truth.jsonl"), rows)
    assert sum(lost_at.values()) == round((1 - scores["parent_accuracy"]) * scores["parent_n"])
    # the same code under another tag (as --code ROOT would run it): the same corpus, the same scores
    assert gen.main(["--work", str(tmp_path), "--corpora", "tiny", "--tag", "b", "--code", str(ROOT)]) == 0
    assert (tmp_path / "corpus-tiny.jsonl").stat().st_mtime_ns == written
    capsys.readouterr()
    assert gen.main(["--work", str(tmp_path), "--corpora", "tiny", "--compare", "a,b"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "| corpus | a | b |"
    compared = json.loads(lines[-1])["tiny"]
    assert compared["a"] == compared["b"] == first


def test_generator_refuses_unknown_corpora(tmp_path):
    import bench.generator as gen

    with pytest.raises(SystemExit):
        gen.main(["--work", str(tmp_path), "--corpora", "nope"])
