"""``python -m bench.calibrate``: fit the provenance confidence calibration on the labelled generator.

Generates two corpora (seed 31 with publication dates, seed 32 without; 200 stories each), runs the
pipeline on each, and for every provenance row records its claim (original root, external root, child
with or without date evidence, unlinked child), its raw score and whether the claim is right. Per claim,
raw scores are binned (width 0.1) and the accuracy per bin is made non-decreasing by pool-adjacent-
violators, with a Beta(1, 1) prior so small bins shrink towards 0.5. The step function is written to
``transforms/data/confidence_calibration.json``. Evaluate on other seeds (``bench.calibrate --check``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from pipeline.tables import read_table
from transforms.core.scoring import _norm_outlet
from transforms.core.synth import generate

OUT = Path(__file__).resolve().parent.parent / "transforms" / "data" / "confidence_calibration.json"
RAW = re.compile(r"claim (\w+), raw=([0-9.]+)")


def labelled_rows(seed: int, stories: int, with_dates: bool, workdir: Path) -> list[tuple[str, float, bool]]:
    from pipeline import run_command

    docs, truth = generate(stories, seed=seed, with_dates=with_dates)
    corpus = workdir / f"c{seed}.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs))
    run_dir = workdir / f"r{seed}"
    args = run_command.parser().parse_args([str(corpus), "--out", str(run_dir), "-q"])
    run_command.setup_logging(True)
    run_command.run(args, [])
    truth_by_id = {t["id"]: t for t in truth}
    prov = {r["doc_id"]: r for r in read_table(run_dir, "provenance").to_pylist()}
    out = []
    for doc_id, row in prov.items():
        t = truth_by_id[doc_id]
        match = next(RAW.search(e["detail"]) for e in row["evidence"] if e["kind"] == "calibration")
        claim, raw = match.group(1), float(match.group(2))
        if claim in ("external", "absent_source"):
            ok = t["root_id"] is None and _norm_outlet(row["root_outlet"]) == _norm_outlet(t["root_outlet"])
            if claim == "absent_source":  # made from the absent original, not from a member
                ok = ok and t["parent_id"] is None
        elif claim in ("original", "original_on_republisher"):
            ok = t["parent_id"] is None or t["parent_id"] not in prov
        else:
            ok = row["parent_id"] == t["parent_id"]
        out.append((claim, raw, ok))
    return out


def fit(rows: list[tuple[str, float, bool]]) -> dict[str, list[list[float]]]:
    """Per claim: [[upper raw bound, calibrated accuracy], ...], non-decreasing in accuracy."""
    table = {}
    by_claim: dict[str, dict[int, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for claim, raw, ok in rows:
        by_claim[claim][min(int(raw * 10), 9)].append(ok)
    for claim, bins in by_claim.items():
        blocks = [[b, sum(v) + 1, len(v) + 2] for b, v in sorted(bins.items())]  # [bin, hits, n] with prior
        merged: list[list] = []
        for block in blocks:  # pool adjacent violators on hits/n
            merged.append(block)
            while len(merged) > 1 and merged[-2][1] / merged[-2][2] > merged[-1][1] / merged[-1][2]:
                last = merged.pop()
                merged[-1] = [last[0], merged[-1][1] + last[1], merged[-1][2] + last[2]]
        table[claim] = [[round((b + 1) / 10, 1) if b < 9 else 1.0, round(h / n, 4)] for b, h, n in merged]
    return table


def reliability(rows: list[tuple[str, float, bool]], table: dict) -> dict:
    """Expected calibration error (10 bins) of raw and calibrated confidence on ``rows``."""
    from transforms.core import provenance

    def ece(values: list[tuple[float, bool]]) -> float:
        bins: dict[int, list] = defaultdict(list)
        for c, ok in values:
            bins[min(int(c * 10), 9)].append((c, ok))
        return sum(
            abs(sum(c for c, _ in v) / len(v) - sum(o for _, o in v) / len(v)) * len(v) for v in bins.values()
        ) / len(values)

    calibrated = [(provenance.calibrate(claim, raw), ok) for claim, raw, ok in rows]
    return {
        "n": len(rows),
        "ece_raw": round(ece([(raw, ok) for _, raw, ok in rows]), 4),
        "ece_calibrated": round(ece(calibrated), 4),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.calibrate", description=__doc__)
    ap.add_argument(
        "--check", nargs="*", type=int, metavar="SEED", help="only report reliability on these seeds"
    )
    ap.add_argument("--stories", type=int, default=200)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        work = Path(tmp)
        if args.check is not None:
            rows = []
            for seed in args.check or [21, 22]:
                rows += labelled_rows(seed, args.stories, seed % 2 == 1, work)
            print(json.dumps(reliability(rows, None)))
            return 0
        rows = labelled_rows(31, args.stories, True, work) + labelled_rows(32, args.stories, False, work)
    table = {
        "fitted_on": f"generator seeds 31 (dated) and 32 (undated), {args.stories} stories each",
        "claims": fit(rows),
    }
    OUT.write_text(json.dumps(table, indent=1) + "\n")
    print(json.dumps({"rows": len(rows), "table": str(OUT)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
