"""``python -m bench.reprovenance --work DIR --tag TAG [--corpora 21,22,...] [--check] [--explain]``: parent
and root accuracy of this checkout's provenance code on runs ``bench.generator`` already made, in seconds.

Provenance reads a run's ``documents`` (each with its cluster), its kept ``edges`` and the corpus's word
frequencies (counted over the same ``documents`` rows, as the pipeline counts them), so re-inferring
every cluster of a stored run with the current code gives the rows the pipeline would write, as long as
only provenance changed: about 2 s a corpus instead of a pipeline run, which is what trying a parent rule
needs. ``--check`` first compares the re-inferred parents and roots with the run's stored
``provenance`` table (zero differences when the run was made by the same code). A change to matching
(edges, clusters) needs ``bench.generator``. ``--explain`` also says, for every wrong parent, at which
step of the choice the true parent was lost (``provenance.PARENT_STAGES``; "outside the cluster": a
recall miss; "tie-break": it was among the last candidates). Prints one row per corpus (stored
accuracy → now) and a JSON line last.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from bench.generator import CORPORA
from pipeline.eval_command import _read_jsonl


def reinfer(run: Path, stages: dict | None = None) -> tuple[list[dict], list[dict]]:
    """``(provenance rows by this code, the run's stored provenance rows)`` of one run directory;
    ``stages`` receives each document's candidates step by step (``provenance.infer``)."""
    from transforms.core import provenance
    from transforms.core.config import MatchConfig
    from transforms.core.counts import WordCounts
    from transforms.core.outlets import load_registry

    manifest = json.loads((run / "manifest.json").read_text())
    cfg = MatchConfig.from_dict(manifest["config"])
    registry = load_registry(manifest.get("outlet_registry"))
    docs = pq.read_table(run / "documents").to_pylist()
    edges = [e for e in pq.read_table(run / "edges").to_pylist() if e["kept"]]
    stored = pq.read_table(run / "provenance").to_pylist()
    counts = WordCounts()
    for d in docs:
        counts.add(d)
    slots, freq = counts.pair_counts()
    rarity = provenance.WordRarity(dict(counts.df), counts.n_docs, slots, freq)
    members, linked = defaultdict(list), defaultdict(list)
    for d in docs:
        members[d["cluster_id"]].append(d)
    for e in edges:
        linked[e["cluster_id"]].append(e)
    rows: list[dict] = []
    for cid in sorted(members):
        rows += provenance.infer(
            members[cid], linked[cid], cid, registry, str(cfg), rarity, cfg.verify.strong_score, stages
        )
    return rows, stored


def lost_at(truth_rows: list[dict], rows: list[dict], stages: dict) -> dict[str, int]:
    """For each document given a wrong parent (of those whose true parent is in the corpus): the step at
    which its true parent left the candidates (``stages`` of :func:`reinfer`), counted."""
    from transforms.core.provenance import PARENT_STAGES

    clusters = {r["doc_id"]: r["cluster_id"] for r in rows}
    in_corpus = {r["id"] for r in truth_rows}
    given = {r["doc_id"]: r["parent_id"] for r in rows}
    out = {name: 0 for name in ("outside the cluster", *PARENT_STAGES, "tie-break")}
    for r in truth_rows:
        d, parent = r["id"], r["parent_id"]
        if r["kind"] in ("original", "negative") or parent not in in_corpus or d not in given:
            continue
        if given[d] == parent:
            continue
        if clusters.get(d) != clusters.get(parent):
            out["outside the cluster"] += 1
            continue
        left = stages.get(d, {})
        out[next((s for s in PARENT_STAGES if parent not in left.get(s, ())), "tie-break")] += 1
    return out


def accuracy(truth_rows: list[dict], rows: list[dict]) -> dict:
    """Parent and root accuracy of provenance ``rows`` against a generator truth file's rows."""
    from transforms.core.scoring import provenance_accuracy

    return provenance_accuracy(
        truth_rows,
        {r["doc_id"]: r["parent_id"] for r in rows},
        {r["doc_id"]: r["root_id"] for r in rows},
        {r["doc_id"]: r["root_outlet"] for r in rows},
    )


def differences(rows: list[dict], stored: list[dict]) -> int:
    """Documents whose parent or root differs between two sets of provenance rows."""
    old = {r["doc_id"]: (r["parent_id"], r["root_id"]) for r in stored}
    return sum(1 for r in rows if old.get(r["doc_id"]) != (r["parent_id"], r["root_id"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reprovenance", description=__doc__)
    ap.add_argument("--work", required=True, help="bench.generator's folder of corpora and runs")
    ap.add_argument("--tag", required=True, help="the runs to re-infer (a --tag of bench.generator)")
    ap.add_argument("--corpora", help="comma-separated names (default: every run of the tag)")
    ap.add_argument("--check", action="store_true", help="count rows that differ from the stored ones")
    ap.add_argument("--explain", action="store_true", help="where each wrong parent's true parent was lost")
    args = ap.parse_args(argv)
    work, runs = Path(args.work), Path(args.work) / args.tag
    names = args.corpora.split(",") if args.corpora else [n for n in CORPORA if (runs / n).is_dir()]
    out = {}
    print(
        "| corpus | parent, whole trees: stored → now | parent in the corpus | no parent (absent original) "
        "| root |" + (" rows differing |" if args.check else "")
    )
    print("|---|---|---|---|---|" + ("---|" if args.check else ""))
    explained: dict[str, dict[str, int]] = {}
    for name in names:
        stages: dict = {}
        rows, stored = reinfer(runs / name, stages)
        truth = _read_jsonl(work / f"corpus-{name}.truth.jsonl")
        before, now = accuracy(truth, stored), accuracy(truth, rows)
        out[name] = {
            "tree_parent": round(now["tree_parent_accuracy"], 4),
            "parent": round(now["parent_accuracy"], 4),
            "external_parent": round(now["external_parent_accuracy"], 4),
            "root": round(now["root_accuracy"], 4),
        }
        cells = [
            name,
            f"{before['tree_parent_accuracy']:.4f} → {now['tree_parent_accuracy']:.4f}",
            f"{before['parent_accuracy']:.4f} → {now['parent_accuracy']:.4f}",
            f"{before['external_parent_accuracy']:.4f} → {now['external_parent_accuracy']:.4f}",
            f"{before['root_accuracy']:.4f} → {now['root_accuracy']:.4f}",
        ]
        if args.check:
            out[name]["differing"] = differences(rows, stored)
            cells.append(str(out[name]["differing"]))
        print("| " + " | ".join(cells) + " |", flush=True)
        if args.explain:
            explained[name] = out[name]["lost_at"] = lost_at(truth, rows, stages)
    if explained:
        steps = list(next(iter(explained.values())))
        print("\n| wrong parents: true parent lost at | " + " | ".join(explained) + " | all |")
        print("|---|" + "---|" * (len(explained) + 1))
        for step in steps:
            counts = [explained[n][step] for n in explained]
            print(f"| {step} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
