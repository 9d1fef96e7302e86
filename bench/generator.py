"""``python -m bench.generator [--corpora 21,92,...] [--config F] [--code DIR] --work DIR``: the matching
figures of the README's generator tables, reproduced.

Writes each labelled corpus once (``provenance synth`` with the settings below, reused when already in
``--work``), runs the pipeline on it (``provenance run``, with ``--config`` if given) and scores the run
(``provenance eval --json``), two corpora at a time (``--jobs``). ``--code DIR`` runs another checkout's
code (``PYTHONPATH=DIR``) on the same corpora, so that the code before and after a change are compared
on one machine: run once with ``--code OLD --tag before`` and once with ``--tag after``, then
``--compare before,after`` prints both side by side, corpus by corpus. The last line is JSON: for each
corpus, pairwise F1, clusters merging two stories, parent accuracy (whole derivation trees ``t``, parents in
the corpus ``p``, documents made from an absent original given none ``e``), root accuracy, and recall by
kind.

Corpora (name: stories, seed, spin rate, dated, partial rate): the eight usual seeds (21, 22, 41, 42,
71, 72, 81, 82), four more (91-94), the issue's size (101-104, 400 stories), partial use added to 21 and
22 (``p21``, ``p22``) and one of about 9,800 documents (``9``). Named only, not in the default 19:
``flat21`` and ``flat22``, corpora 21 and 22 with every document's text run into one line (as a CSV or
JSONL cell that lost its line breaks keeps a page), the same truth.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# name -> (stories, seed, spin rate, dated, partial rate)
CORPORA: dict[str, tuple[int, int, float, bool, float]] = {
    **{str(s): (370, s, 0.3, True, 0.0) for s in (21, 41, 71, 81, 91, 93)},
    **{str(s): (370, s, 0.2, False, 0.0) for s in (22, 42, 72, 82, 92, 94)},
    **{str(s): (400, s, 0.3, True, 0.0) for s in (101, 103)},
    **{str(s): (400, s, 0.2, False, 0.0) for s in (102, 104)},
    "p21": (370, 21, 0.3, True, 0.5),
    "p22": (370, 22, 0.2, False, 0.5),
    "9": (1835, 9, 0.3, True, 0.0),
}


# Named corpora made from another by running each text into one line.
FLATTENED = {"flat21": "21", "flat22": "22"}


def _provenance(args: list[str], code: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = code + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    # From the other checkout's folder: ``python -m`` puts the working directory before PYTHONPATH.
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        env=env,
        cwd=code,
        capture_output=True,
        text=True,
        check=True,
    )


def corpus(name: str, work: Path, spec: tuple[int, int, float, bool, float] | None = None) -> Path:
    """The corpus file of ``name`` in ``work``, written by ``provenance synth`` if not there yet."""
    if name in FLATTENED:
        return flattened(name, corpus(FLATTENED[name], work))
    stories, seed, spin, dated, partial = spec or CORPORA[name]
    path = work / f"corpus-{name}.jsonl"
    if not path.exists() or not path.with_suffix(".truth.jsonl").exists():
        args = [
            "synth",
            "--stories",
            str(stories),
            "--seed",
            str(seed),
            "--spin-rate",
            str(spin),
            "--out",
            str(path),
        ]
        args += [] if dated else ["--no-dates"]
        args += ["--partial-rate", str(partial)] if partial else []
        _provenance(args, None)  # the corpus is always this checkout's generator's
    return path


def flattened(name: str, source: Path) -> Path:
    """``source``'s documents with each text run into one line (line breaks and the spaces around them
    one space), beside it as ``corpus-NAME.jsonl`` with the same truth."""
    path = source.with_name(f"corpus-{name}.jsonl")
    if not path.exists() or not path.with_suffix(".truth.jsonl").exists():
        with source.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        for row in rows:
            row["text"] = re.sub(r"\s*\n\s*", " ", row["text"]).strip()
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        truth = source.with_suffix(".truth.jsonl").read_text(encoding="utf-8")
        path.with_suffix(".truth.jsonl").write_text(truth, encoding="utf-8")
    return path


def score(name: str, work: Path, tag: str, config: str | None, code: str | None, spec=None) -> dict:
    """Run and score one corpus; the eval JSON, also written to ``work/TAG/NAME.json``."""
    path = corpus(name, work, spec)
    out = work / tag / name
    run = ["run", str(path), "--out", str(out), "--quiet"]
    run += ["--config", str(Path(config).resolve())] if config else []
    _provenance(run, code)
    truth = path.with_suffix(".truth.jsonl")
    result = json.loads(
        _provenance(["eval", "--truth", str(truth), "--run", str(out), "--json"], code).stdout
    )
    (work / tag / f"{name}.json").write_text(json.dumps(result))
    return result


def summary(result: dict) -> dict:
    return {
        "f1": round(result["f1"], 4),
        "merged": result["merged_clusters"],
        "parent": round(result["parent_accuracy"], 4),
        # None in results stored before they were measured.
        **{
            key: round(result[f"{key}_accuracy"], 4) if f"{key}_accuracy" in result else None
            for key in ("external_parent", "tree_parent")
        },
        "root": round(result["root_accuracy"], 4),
        "recall_by_kind": {k: round(v["recall"], 3) for k, v in result["recall_by_kind"].items()},
    }


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def row(name: str, results: list[dict | None]) -> str:
    cells = [
        f"{r['f1']:.4f} m{r['merged']} t{_figure(r['tree_parent'])} p{r['parent']:.4f} "
        f"e{_figure(r['external_parent'])} r{r['root']:.4f}"
        if r
        else "-"
        for r in results
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generator", description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", required=True, help="folder for corpora and runs (corpora are reused)")
    ap.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated names (default: all 19)")
    ap.add_argument("--tag", default="run", help="subfolder of --work for this code's runs")
    ap.add_argument("--config", help="a match config JSON file, as `provenance run --config`")
    ap.add_argument("--code", help="run this checkout's code instead (PYTHONPATH)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--compare", help="comma-separated tags already run: print them side by side, run nothing"
    )
    args = ap.parse_args(argv)
    work = Path(args.work).resolve()
    names = [n for n in args.corpora.split(",") if n]
    unknown = [n for n in names if n not in CORPORA and n not in FLATTENED]
    if unknown:
        ap.error(f"unknown corpora {unknown}; known: {', '.join([*CORPORA, *FLATTENED])}")
    if args.compare:
        tags = args.compare.split(",")
        out: dict = {}
        print("| corpus | " + " | ".join(tags) + " |")
        print("|---|" + "---|" * len(tags))
        for name in names:
            found = [work / t / f"{name}.json" for t in tags]
            results = [summary(json.loads(p.read_text())) if p.exists() else None for p in found]
            out[name] = dict(zip(tags, results, strict=True))
            print(row(name, results))
        print(json.dumps(out))
        return 0
    (work / args.tag).mkdir(parents=True, exist_ok=True)
    for name in names:  # written one at a time, before the parallel runs
        corpus(name, work)
    code = str(Path(args.code).resolve()) if args.code else None
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(lambda n: summary(score(n, work, args.tag, args.config, code)), names))
    print(f"| corpus | {args.tag} |\n|---|---|")
    for name, result in zip(names, results, strict=True):
        print(row(name, [result]))
    print(json.dumps(dict(zip(names, results, strict=True))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
