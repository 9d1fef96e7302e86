"""``provenance synth``: write a labelled synthetic corpus (JSONL) and its ground truth beside it."""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from transforms.core import synth


def truth_path(corpus: str | Path) -> Path:
    """``corpus.jsonl`` -> ``corpus.truth.jsonl`` (same folder, same stem)."""
    corpus = Path(corpus)
    stem = corpus.name[: -len(".jsonl")] if corpus.name.endswith(".jsonl") else corpus.stem
    return corpus.with_name(f"{stem}.truth.jsonl")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="provenance synth", description=synth.__doc__.splitlines()[0])
    p.add_argument("--stories", type=int, required=True, help="number of stories (about 5.5 documents each)")
    p.add_argument("--out", required=True, help="corpus path (.jsonl); truth goes to STEM.truth.jsonl")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--spin-rate", type=float, default=0.2, help="synonym swaps per word in spun copies")
    p.add_argument("--no-dates", action="store_true", help="leave published_at null")
    p.add_argument(
        "--partial-rate",
        type=float,
        default=0.0,
        help="share of stories that also get a 'partial' document: a newspaper story using part of the "
        "original's paragraphs between its own (default 0: off, the corpus of a seed unchanged)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also print median similarities of copies to their parents, by kind",
    )
    return p


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        docs, truth = synth.generate(
            args.stories,
            args.seed,
            spin_rate=args.spin_rate,
            with_dates=not args.no_dates,
            partial_rate=args.partial_rate,
        )
    except ValueError as err:
        print(f"provenance synth: {err}")
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_jsonl(out, docs)
    _write_jsonl(truth_path(out), truth)
    kinds = Counter(row["kind"] for row in truth)
    summary = ", ".join(f"{k} {kinds[k]}" for k in synth.KINDS if kinds[k])
    print(
        f"wrote {len(docs)} documents ({args.stories} stories; {summary}) to {out} and "
        f"{truth_path(out)} in {time.perf_counter() - started:.1f}s"
    )
    if args.profile:
        print(f"{'pair':32} {'n':>5} {'word5 J':>8} {'char5 J':>8} {'char5 C':>8}")
        for name, row in sorted(synth.difficulty_profile(docs, truth).items()):
            print(
                f"{name:32} {row['n']:>5} {row['word5_jaccard']:>8.2f} {row['char5_jaccard']:>8.2f} "
                f"{row['char5_containment']:>8.2f}"
            )
    return 0
