"""``python -m bench.pairs --docs N [--seeds 11,12]``: the pipeline's candidate pairs, counted outside Beam.

For corpora the in-memory runner cannot hold (the 1,000,000-document scale of issue 6), this reproduces
the stages that decide candidate pairs with the pipeline's own pure functions, in one worker process per
seed: generate ``N / len(seeds)`` benchmark documents (``bench.corpus.documents``), normalise them, find
the site templates, the common anchor bigrams and the common character n-grams (of the sampled
documents) over all workers' documents, strip the templates, shingle, sign (the ``anchors`` and
``numbers`` views without the common bigrams, ``chars`` and ``lead`` without the common n-grams) and band; then the parent pairs
every band bucket with ``banding.bucket_pairs`` (as the pipeline does) and counts distinct pairs. With one
seed the corpus is exactly ``python -m bench --docs N``'s, and a test checks that the count equals the
pipeline's ``candidate_pairs``. Nothing is verified or clustered. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from array import array

import numpy as np

# Documents of worker k are numbered from k * _STRIDE, so one int64 holds a pair (see _pair_code).
_STRIDE = 1 << 24
_BATCH = 256


def _log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def _normalised(n: int, seed: int, cfg=None) -> list[dict]:
    from bench.corpus import documents
    from transforms.core import documents as docmod
    from transforms.core.config import MatchConfig
    from transforms.core.outlets import load_registry
    from transforms.core.records import canonical_record

    cfg, registry = cfg or MatchConfig(), load_registry()
    rows, seen = [], set()
    for i, raw in enumerate(documents(n, "default", seed)):
        kind, record = canonical_record(raw, {}, "corpus.jsonl", i + 1)
        if kind == "reject":
            continue
        kind, row = docmod.document(record, cfg, registry)
        if kind != "reject" and row["doc_id"] not in seen:  # the first record of an id wins
            seen.add(row["doc_id"])
            rows.append(row)
    return rows


def _worker(conn, n: int, seed: int, offset: int, cfg) -> None:
    from transforms.core import banding, minhash, shingles, templates

    t = time.perf_counter()
    docs = _normalised(n, seed, cfg)
    _log(f"seed {seed}: {len(docs)} documents generated and normalised in {time.perf_counter() - t:.0f} s")
    pages: dict[str, list[list[int]]] = {}
    for d in docs:
        site = templates.site_of(d)
        if site is not None:
            pages.setdefault(site, []).append(templates.page_lines(d["match_text"]))
    numbers = any(v.name == "numbers" for v in cfg.views)
    bigrams = [shingles.anchor_bigrams(d["match_text"], numbers=numbers) for d in docs]
    # Every document that can be in the corpus's n-gram sample (the corpus has at least this worker's).
    sample = [
        (d["doc_id"], shingles.text_grams(d["match_text"], cfg))
        for d in docs
        if shingles.in_gram_sample(d["doc_id"], len(docs), cfg)
    ]
    conn.send(
        (pages, len(bigrams), np.concatenate(bigrams) if bigrams else np.zeros(0, dtype=np.uint32), sample)
    )
    del pages, bigrams, sample
    template, common, grams = conn.recv()
    t = time.perf_counter()
    keys, owners, ids = [], [], []
    for start in range(0, len(docs), _BATCH):
        chunk = docs[start : start + _BATCH]
        docs[start : start + _BATCH] = [None] * len(chunk)  # free each document once it is signed
        feats = []
        for d in chunk:
            row, _ = templates.strip_template(d, template)
            if row["n_chars"] >= cfg.min_chars:  # else a template_only reject
                feats.append(shingles.features(row["doc_id"], row["match_text"], cfg))
        for view_index, view in enumerate(cfg.views):
            shingle_sets = [shingles.signed_view(f, view.name, common, grams) for f in feats]
            sigs = minhash.signatures(shingle_sets, view.num_perm, cfg.seed)
            for j, sig in enumerate(sigs):
                band = banding.band_keys(view_index, sig, view.bands, view.rows)
                keys.append(np.array(band, dtype=np.uint64))
                owners.append(np.full(len(band), offset + len(ids) + j, dtype=np.int64))
        ids += [f.doc_id for f in feats]
    _log(f"seed {seed}: {len(ids)} documents signed and banded in {time.perf_counter() - t:.0f} s")
    empty = np.zeros(0, dtype=np.uint64)
    conn.send((np.concatenate(keys) if keys else empty, np.concatenate(owners) if owners else empty, ids))
    conn.close()


def _pair_code(a: int, b: int) -> int:
    """One int64 per unordered pair of document numbers."""
    return (a << 32) | b if a < b else (b << 32) | a


def candidate_pairs(n: int, seeds: list[int], cfg=None) -> dict:
    """Candidate pairs of ``n`` benchmark documents split over one worker process per seed."""
    from transforms.core import banding, shingles, templates
    from transforms.core.config import MatchConfig

    cfg = cfg or MatchConfig()
    t0 = time.perf_counter()
    conns, procs = [], []
    for k, seed in enumerate(seeds):
        parent, child = mp.Pipe()
        share = n // len(seeds) + (k < n % len(seeds))
        proc = mp.Process(target=_worker, args=(child, share, seed, k * _STRIDE, cfg))
        proc.start()
        conns.append(parent)
        procs.append(proc)
    pages: dict[str, list[list[int]]] = {}
    n_docs, bigrams, sample = 0, [], []
    for conn in conns:
        worker_pages, worker_docs, worker_bigrams, worker_sample = conn.recv()
        sample += worker_sample
        for site, site_pages in worker_pages.items():
            pages.setdefault(site, []).extend(site_pages)
        n_docs += worker_docs
        bigrams.append(worker_bigrams)
    template = set()
    for site_pages in pages.values():
        template.update(templates.template_hashes(site_pages, cfg.template_min_pages, cfg.template_min_share))
    common, _ = shingles.common_anchors(np.concatenate(bigrams), n_docs, cfg)
    sampled = [g for doc_id, g in sample if shingles.in_gram_sample(doc_id, n_docs, cfg)]
    joined = np.concatenate(sampled) if sampled else np.zeros(0, dtype=np.uint32)
    grams, _ = shingles.common_grams(joined, len(sampled), cfg)
    del pages, bigrams, sample, sampled, joined
    for conn in conns:
        conn.send((template, common, grams))
    keys, owners, names = [], [], {}
    for k, conn in enumerate(conns):
        worker_keys, worker_owners, worker_ids = conn.recv()
        keys.append(worker_keys)
        owners.append(worker_owners)
        names.update((k * _STRIDE + j, doc_id) for j, doc_id in enumerate(worker_ids))
    number = {doc_id: i for i, doc_id in names.items()}
    for proc in procs:
        proc.join()
    keys, owners = np.concatenate(keys), np.concatenate(owners)
    order = np.argsort(keys, kind="stable")
    keys, owners = keys[order], owners[order]
    cuts = np.flatnonzero(np.diff(keys)) + 1
    starts, ends = np.concatenate(([0], cuts)), np.concatenate((cuts, [len(keys)]))
    codes, counts = array("q"), {}

    def count(name: str, value: int = 1) -> None:
        counts[name] = counts.get(name, 0) + value

    for b in np.flatnonzero(ends - starts >= 2):
        members = [names[i] for i in owners[starts[b] : ends[b]].tolist()]
        codes.extend(_pair_code(number[x], number[y]) for x, y in banding.bucket_pairs(members, cfg, count))
    oversized = counts.get("oversized_buckets", 0)
    distinct = len(np.unique(np.frombuffer(codes, dtype=np.int64))) if codes else 0
    return {
        "docs": len(names),
        "seeds": seeds,
        "band_entries": int(len(keys)),
        "candidate_pairs": distinct,
        "pairs_per_doc": round(distinct / max(len(names), 1), 2),
        "oversized_buckets": oversized,
        "common_anchor_bigrams": int(len(common)),
        "common_grams": int(len(grams)),
        "wall_s": round(time.perf_counter() - t0, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.pairs", description=__doc__)
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--seeds", default="11", help="one worker process per seed, comma-separated")
    ap.add_argument("--config", help="a match config JSON file, as `provenance run --config`")
    args = ap.parse_args(argv)
    from transforms.core.config import MatchConfig

    cfg = MatchConfig.from_dict(json.loads(open(args.config).read())) if args.config else MatchConfig()
    result = candidate_pairs(args.docs, [int(s) for s in args.seeds.split(",")], cfg)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
