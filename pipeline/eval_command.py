"""``provenance eval``: score a run (and optionally the textbook baseline) against ground truth.

Scores (definitions in :mod:`transforms.core.scoring`): pairwise precision / recall / F1 over
same-cluster pairs, adjusted Rand index, recall per derivation kind (a derived document is recalled when
it shares a predicted cluster with its truth parent, or with another document of its story when the
parent is external; for hard negatives the share kept apart from their same-event original), largest
cluster, predicted clusters merging two truth stories, parent accuracy (also by derivation kind, and
the wrong parents by what they are in the truth tree: a descendant, an ancestor above the parent, a
sibling or cousin, none, another story) and root accuracy.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from transforms.core import scoring


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def default_corpus(truth: str | Path) -> Path:
    """``x.truth.jsonl`` -> ``x.jsonl``."""
    truth = Path(truth)
    name = truth.name
    return truth.with_name(name[: -len(".truth.jsonl")] + ".jsonl" if name.endswith(".truth.jsonl") else name)


def score_run(run_dir: str | Path, truth_rows: list[dict]) -> dict:
    """Clustering and provenance scores of a run directory's ``documents`` and ``provenance`` tables."""
    from pipeline.tables import read_table  # pyarrow only when scoring a run

    docs = read_table(run_dir, "documents").select(["doc_id", "cluster_id"]).to_pylist()
    pred = {d["doc_id"]: d["cluster_id"] for d in docs}
    report = scoring.cluster_report(truth_rows, pred)
    try:
        prov = (
            read_table(run_dir, "provenance")
            .select(["doc_id", "parent_id", "root_id", "root_outlet"])
            .to_pylist()
        )
    except FileNotFoundError:
        prov = []
    parents = {r["doc_id"]: r["parent_id"] for r in prov}
    roots = {r["doc_id"]: r["root_id"] for r in prov}
    outlets = {r["doc_id"]: r["root_outlet"] for r in prov}
    report.update(scoring.provenance_accuracy(truth_rows, parents, roots, outlets))
    return report


def score_baseline(corpus: Path, truth_rows: list[dict]) -> dict:
    """Clustering scores of the textbook recipe (no provenance) on the corpus."""
    from pipeline.baseline import textbook_clusters

    return scoring.cluster_report(truth_rows, textbook_clusters(_read_jsonl(corpus)))


_ROWS = (
    ("pairwise precision", "precision", "{:.3f}"),
    ("pairwise recall", "recall", "{:.3f}"),
    ("pairwise F1", "f1", "{:.3f}"),
    ("adjusted Rand index", "ari", "{:.3f}"),
    ("documents", "documents", "{}"),
    ("truth clusters", "truth_clusters", "{}"),
    ("predicted clusters", "pred_clusters", "{}"),
    ("largest cluster", "largest_cluster", "{}"),
    ("clusters merging stories", "merged_clusters", "{}"),
    ("parent accuracy, whole derivation trees", "tree_parent_accuracy", "{:.3f}"),
    ("  parent in the corpus", "parent_accuracy", "{:.3f}"),
    ("  made from an absent original: no parent", "external_parent_accuracy", "{:.3f}"),
    ("root accuracy", "root_accuracy", "{:.3f}"),
    ("  of which external roots", "external_root_accuracy", "{:.3f}"),
)


def _cell(report: dict, key: str, fmt: str) -> str:
    value = report.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return fmt.format(value)


def _by_kind(reports: dict[str, dict], key: str, value: str, title: str) -> list[str]:
    """Rows of a per-kind breakdown (``key``: {kind: {"n", value}}) side by side."""
    kinds = sorted({k for r in reports.values() for k in r.get(key, {})})
    if not kinds:
        return []
    lines = [title]
    for kind in kinds:
        cells = []
        for report in reports.values():
            entry = report.get(key, {}).get(kind)
            cells.append(f"{entry[value]:.3f} ({entry['n']})" if entry else "-")
        label = f"  {kind}" + (" (kept apart)" if kind == "negative" and key == "recall_by_kind" else "")
        lines.append(f"{label:28}" + "".join(f"{c:>12}" for c in cells))
    return lines


def format_table(reports: dict[str, dict]) -> str:
    """Side-by-side human-readable table of one or more reports."""
    names = list(reports)
    lines = [f"{'':28}" + "".join(f"{n:>12}" for n in names)]
    for label, key, fmt in _ROWS:
        lines.append(f"{label:28}" + "".join(f"{_cell(reports[n], key, fmt):>12}" for n in names))
    lines += _by_kind(reports, "recall_by_kind", "recall", "recall by kind (n)")
    lines += _by_kind(reports, "parent_by_kind", "accuracy", "parent accuracy by kind (n)")
    if any(r.get("parent_errors") for r in reports.values()):
        lines.append("wrong parents: the parent given is")
        for error in scoring.PARENT_ERRORS:
            cells = [
                str(reports[n]["parent_errors"].get(error, 0)) if "parent_errors" in reports[n] else "-"
                for n in names
            ]
            lines.append(f"{'  ' + error:28}" + "".join(f"{c:>12}" for c in cells))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="provenance eval", description=__doc__.splitlines()[0])
    p.add_argument("--truth", required=True, help="ground truth JSONL (from provenance synth)")
    p.add_argument("--run", required=True, help="run output directory")
    p.add_argument("--baseline", action="store_true", help="also score the textbook MinHash recipe")
    p.add_argument(
        "--corpus", help="corpus JSONL for --baseline (default: TRUTH with .truth.jsonl -> .jsonl)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    return p


def _json_safe(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    truth_rows = _read_jsonl(Path(args.truth))
    try:
        reports = {"run": score_run(args.run, truth_rows)}
    except FileNotFoundError as err:
        print(f"provenance eval: {err}")
        return 2
    if args.baseline:
        corpus = Path(args.corpus) if args.corpus else default_corpus(args.truth)
        if not corpus.is_file():
            print(f"provenance eval: corpus {corpus} not found (pass --corpus)")
            return 2
        reports["textbook"] = score_baseline(corpus, truth_rows)
    if args.json:
        print(json.dumps(_json_safe(reports if args.baseline else reports["run"]), sort_keys=True))
    else:
        print(format_table(reports))
    return 0
