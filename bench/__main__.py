"""``python -m bench --docs N [--scenario S] [--runner PRESET]``: whole pipeline and signature stage vs the
plain datasketch loop, on the same documents, in one process run. The last line printed is JSON.

The datasketch loop is the baseline measured in BEAM_NOTES (template ``copy()`` + ``update_batch``), fed
the same shingle strings of the same views, with the same ``num_perm`` and seed and ``hashfunc=
shingles.hash_shingle`` (xxh32, the function our vectorised shingle hashing computes), so the two signature
rates compare like for like; a check asserts that both produce identical signatures.

``--compare text-dedup`` also runs text-dedup's documented MinHash recipe (``python -m text_dedup.minhash``,
defaults: word 5-grams, 256 permutations, threshold 0.7) on the same JSONL, in its own environment (it pins
packages this project's environment cannot have): ``bench/text_dedup_env.sh`` creates it, and
``TEXT_DEDUP_PYTHON`` (default ``.venv-text-dedup/bin/python``) names its interpreter. It is timed as a
whole command (wall), like the pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from datasketch import MinHash

from bench.corpus import SCENARIOS, documents, read_jsonl, write_jsonl
from transforms.core import minhash, shingles
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.text import analyse


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def largest_cluster(run_dir: Path) -> int:
    """Documents in the run's largest cluster (a chaining run shows here first)."""
    from pipeline.tables import read_table

    sizes = read_table(run_dir, "clusters").column("size").to_pylist()
    return max(sizes, default=0)


def match_texts(docs: Iterable[dict]) -> list[str]:
    registry = load_registry()
    return [analyse(d["text"], registry).match_text for d in docs]


def our_signatures(
    texts: list[str], cfg: MatchConfig, batch: int = 256, all_features: bool = False
) -> tuple[float, dict]:
    """Shingling + MinHash for every view, batched as the pipeline's Sign stage does (every view's shingles
    whole: the comparison with datasketch is on the same shingle sets, so the run's common anchor bigrams
    are not left out here). Only the signed views' shingles (``shingles.signed_views``), as the loop makes
    nothing else; with ``all_features`` every feature the pipeline's Sign stage makes for verification too
    (``shingles.features``: word sequences, quotations, sentence starts, names)."""
    signed = {"chars", "lead", "anchors", "numbers"}
    whole = all_features or not {v.name for v in cfg.views} <= signed
    t0 = time.perf_counter()
    out = {}
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        if whole:
            feats = [shingles.features(str(i), t, cfg).view for i, t in enumerate(chunk, start)]
        else:
            feats = [shingles.signed_views(t, cfg).__getitem__ for t in chunk]
        for view in cfg.views:
            sigs = minhash.signatures([f(view.name) for f in feats], view.num_perm, cfg.seed)
            if start == 0:
                out[view.name] = sigs[0]
    return time.perf_counter() - t0, out


def datasketch_loop(texts: list[str], cfg: MatchConfig) -> tuple[float, dict]:
    """The plain loop: per document and view, shingle, ``template.copy()``, ``update_batch``."""
    templates = {
        v.name: MinHash(num_perm=v.num_perm, seed=cfg.seed, hashfunc=shingles.hash_shingle, scheme="affine32")
        for v in cfg.views
    }
    t0 = time.perf_counter()
    out = {}
    for i, text in enumerate(texts):
        for view in cfg.views:
            m = templates[view.name].copy()
            m.update_batch([s.encode("utf-8") for s in shingles.view_shingles(text, view.name, cfg)])
            if i == 0:
                out[view.name] = m.hashvalues
    return time.perf_counter() - t0, out


def run_pipeline(
    corpus: Path, out: Path, runner: str, join: str, extra: list[str], config: str | None = None
) -> tuple[float, dict]:
    from pipeline import run_command

    argv = [str(corpus), "--out", str(out), "--runner", runner, "--join", join, "-q"]
    args = run_command.parser().parse_args(argv + (["--config", config] if config else []))
    run_command.setup_logging(True)
    t0 = time.perf_counter()
    manifest = run_command.run(args, extra)
    return time.perf_counter() - t0, manifest


TEXT_DEDUP_PYTHON = os.environ.get(
    "TEXT_DEDUP_PYTHON", str(Path(__file__).resolve().parent.parent / ".venv-text-dedup" / "bin" / "python")
)


def run_text_dedup(corpus: Path, work: Path) -> dict:
    """text-dedup's MinHash recipe on ``corpus``: wall seconds and how many documents it removed."""
    if not Path(TEXT_DEDUP_PYTHON).exists():
        raise SystemExit(
            f"text-dedup interpreter {TEXT_DEDUP_PYTHON} not found: run bench/text_dedup_env.sh "
            "or set TEXT_DEDUP_PYTHON"
        )
    out = work / "text-dedup"
    command = [
        TEXT_DEDUP_PYTHON, "-m", "text_dedup.minhash",
        "--path", "json", "--data_files", str(corpus), "--split", "train",
        "--cache_dir", str(work / "text-dedup-cache"), "--output", str(out),
        "--column", "text", "--batch_size", "10000",
    ]  # fmt: skip
    env = dict(os.environ, HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1")
    t0 = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"text-dedup failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    counts = [int(x) for x in _after_before(proc.stderr + proc.stdout)]
    result = {"text_dedup_wall_s": round(wall, 2)}
    if len(counts) == 2:
        result["text_dedup_removed_docs"] = counts[0] - counts[1]
    return result


def _after_before(log: str) -> list[str]:
    """The "Before" and "After" document counts text-dedup logs (each number on the line after)."""
    lines = [line.strip() for line in log.splitlines()]
    found = []
    for label in ("Before", "After"):
        for i, line in enumerate(lines[:-1]):
            if line.startswith("INFO") and line.split()[1:2] == [label] and lines[i + 1].isdigit():
                found.append(lines[i + 1])
                break
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--scenario", choices=SCENARIOS, default="default")
    ap.add_argument("--runner", default="direct")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument(
        "--join", "--verify-join", dest="join", default="auto", choices=("auto", "side_input", "shuffle")
    )
    ap.add_argument("--config", help="a match config JSON file, as `provenance run --config`")
    ap.add_argument("--skip-pipeline", action="store_true", help="only the signature comparison")
    ap.add_argument("--compare", choices=("text-dedup",), help="also time another tool on the same corpus")
    args, extra = ap.parse_known_args(argv)
    extra = [x for x in extra if x != "--"]
    cfg = MatchConfig.from_dict(json.loads(Path(args.config).read_text())) if args.config else MatchConfig()
    t0 = time.perf_counter()
    docs = documents(args.docs, args.scenario, args.seed)
    gen_s = time.perf_counter() - t0
    print(f"generated {len(docs)} documents ({args.scenario}) in {gen_s:.1f} s", file=sys.stderr)
    result: dict = {"docs": len(docs), "scenario": args.scenario, "runner": args.runner}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        corpus = write_jsonl(docs, Path(tmp) / "corpus.jsonl")
        # Nothing of the corpus is held through the pipeline run, whose peak is the run's: the generated
        # documents put 0.5 GB on it at 100,000 documents (5.06 against 4.57 GB), their matching texts
        # for the signature comparison 0.2 GB. The texts are read back from the corpus afterwards.
        n_docs = len(docs)
        del docs
        if not args.skip_pipeline:
            wall, manifest = run_pipeline(
                corpus, Path(tmp) / "run", args.runner, args.join, extra, args.config
            )
            stages = manifest["counts"]["stages"]
            result.update(
                join=manifest["runner"]["join"],
                pipeline_wall_s=round(wall, 2),
                pipeline_docs_per_s=round(n_docs / wall, 1),
                candidate_pairs=stages.get("candidate_pairs"),
                edges=manifest["counts"]["tables"]["edges"],
                clusters=manifest["counts"]["tables"]["clusters"],
                oversized_buckets=stages.get("oversized_buckets", 0),
                giant_clusters=stages.get("giant_clusters", 0),
                largest_cluster=largest_cluster(Path(tmp) / "run"),
            )
            print(f"pipeline: {wall:.1f} s", file=sys.stderr)
        if args.compare == "text-dedup":
            result.update(run_text_dedup(corpus, Path(tmp)))
            if "pipeline_wall_s" in result:
                result["text_dedup_speed_ratio"] = round(
                    result["text_dedup_wall_s"] / result["pipeline_wall_s"], 2
                )
        texts = match_texts(read_jsonl(corpus))
    ours_s, ours = our_signatures(texts, cfg)
    loop_s, theirs = datasketch_loop(texts, cfg)
    whole_s, whole = our_signatures(texts, cfg, all_features=True)
    for view in ours:
        if not (np.array_equal(ours[view], theirs[view]) and np.array_equal(whole[view], theirs[view])):
            raise SystemExit(f"signature mismatch with datasketch in view {view}")
    result.update(
        signature_docs_per_s=round(len(texts) / ours_s, 1),
        datasketch_loop_docs_per_s=round(len(texts) / loop_s, 1),
        signature_speedup=round(loop_s / ours_s, 2),
        # (the Sign stage as the pipeline runs it: the signatures and the features verification reads)
        sign_stage_docs_per_s=round(len(texts) / whole_s, 1),
        sign_stage_speedup=round(loop_s / whole_s, 2),
        views=[v.name for v in cfg.views],
        num_perm_total=sum(v.num_perm for v in cfg.views),
        peak_rss_mb=peak_rss_mb(),
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
