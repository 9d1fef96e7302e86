"""``python -m bench --docs N [--scenario S] [--runner PRESET]``: whole pipeline and signature stage vs the
plain datasketch loop, on the same documents, in one process run. The last line printed is JSON.

The datasketch loop is the baseline measured in BEAM_NOTES (template ``copy()`` + ``update_batch``), fed
the same shingle strings of the same views, with the same ``num_perm`` and seed and ``hashfunc=
shingles.hash_shingle`` (xxh32, the function our vectorised shingle hashing computes), so the two signature
rates compare like for like; a check asserts that both produce identical signatures.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash

from bench.corpus import SCENARIOS, documents, write_jsonl
from transforms.core import minhash, shingles
from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.text import analyse


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def match_texts(docs: list[dict]) -> list[str]:
    registry = load_registry()
    return [analyse(d["text"], registry).match_text for d in docs]


def our_signatures(texts: list[str], cfg: MatchConfig, batch: int = 256) -> tuple[float, dict]:
    """Shingling + MinHash for every view, batched as the pipeline's Sign stage does."""
    t0 = time.perf_counter()
    out = {}
    for start in range(0, len(texts), batch):
        feats = [shingles.features(str(i), t, cfg) for i, t in enumerate(texts[start : start + batch], start)]
        for view in cfg.views:
            sigs = minhash.signatures([f.view(view.name) for f in feats], view.num_perm, cfg.seed)
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


def run_pipeline(corpus: Path, out: Path, runner: str, join: str, extra: list[str]) -> tuple[float, dict]:
    from pipeline import run_command

    args = run_command.parser().parse_args(
        [str(corpus), "--out", str(out), "--runner", runner, "--verify-join", join, "-q"]
    )
    run_command.setup_logging(True)
    t0 = time.perf_counter()
    manifest = run_command.run(args, extra)
    return time.perf_counter() - t0, manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--scenario", choices=SCENARIOS, default="default")
    ap.add_argument("--runner", default="direct")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--verify-join", default="auto", choices=("auto", "side_input", "shuffle"))
    ap.add_argument("--skip-pipeline", action="store_true", help="only the signature comparison")
    args, extra = ap.parse_known_args(argv)
    extra = [x for x in extra if x != "--"]
    cfg = MatchConfig()
    t0 = time.perf_counter()
    docs = documents(args.docs, args.scenario, args.seed)
    gen_s = time.perf_counter() - t0
    print(f"generated {len(docs)} documents ({args.scenario}) in {gen_s:.1f} s", file=sys.stderr)
    result: dict = {"docs": len(docs), "scenario": args.scenario, "runner": args.runner}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        corpus = write_jsonl(docs, Path(tmp) / "corpus.jsonl")
        if not args.skip_pipeline:
            wall, manifest = run_pipeline(corpus, Path(tmp) / "run", args.runner, args.verify_join, extra)
            stages = manifest["counts"]["stages"]
            result.update(
                verify_join=manifest["runner"]["verify_join"],
                pipeline_wall_s=round(wall, 2),
                pipeline_docs_per_s=round(len(docs) / wall, 1),
                candidate_pairs=stages.get("candidate_pairs"),
                edges=manifest["counts"]["tables"]["edges"],
                clusters=manifest["counts"]["tables"]["clusters"],
                oversized_buckets=stages.get("oversized_buckets", 0),
                giant_clusters=stages.get("giant_clusters", 0),
            )
            print(f"pipeline: {wall:.1f} s", file=sys.stderr)
    texts = match_texts(docs)
    ours_s, ours = our_signatures(texts, cfg)
    loop_s, theirs = datasketch_loop(texts, cfg)
    for view in ours:
        if not np.array_equal(ours[view], theirs[view]):
            raise SystemExit(f"signature mismatch with datasketch in view {view}")
    result.update(
        signature_docs_per_s=round(len(texts) / ours_s, 1),
        datasketch_loop_docs_per_s=round(len(texts) / loop_s, 1),
        signature_speedup=round(loop_s / ours_s, 2),
        views=[v.name for v in cfg.views],
        num_perm_total=sum(v.num_perm for v in cfg.views),
        peak_rss_mb=peak_rss_mb(),
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
