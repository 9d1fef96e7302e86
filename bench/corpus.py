"""Benchmark corpora: the labelled generator's stories and derived copies, plus hostile scenarios."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from transforms.core.synth import generate

SCENARIOS = ("default", "boilerplate", "duplicates")
# The generator yields about 5.4 documents per story (original, derived copies, negatives).
DOCS_PER_STORY = 5.0


def documents(n: int, scenario: str = "default", seed: int = 11) -> list[dict]:
    """Exactly ``n`` synthetic articles for ``scenario``.

    * ``boilerplate``: 10% of documents carry the same long unrecognised site text (a paragraph no chrome
      rule knows), so their shingles overlap heavily.
    * ``duplicates``: 1,000 documents (or n/2 if fewer) are identical copies of one text.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    docs: list[dict] = []
    round_seed = seed
    while len(docs) < n:
        batch, _ = generate(max(1, int((n - len(docs)) / DOCS_PER_STORY) + 1), seed=round_seed)
        docs += [dict(d, id=f"r{round_seed}-{d['id']}") for d in batch]
        round_seed += 1
    docs = docs[:n]
    rng = random.Random(seed)
    if scenario == "boilerplate":
        block = (
            "About this site: the regional desk gathers reports from partner newsrooms, local councils, courts "
            "and sports clubs every morning, checks them against public records where it can, and publishes "
            "corrections at the foot of each page within one working day of a reader's message to the desk."
        )
        for i in rng.sample(range(n), n // 10):
            docs[i] = dict(
                docs[i], text=docs[i]["text"] + "\n\n" + block + "\n\n" + block.replace("morning", "evening")
            )
    elif scenario == "duplicates":
        copies = min(1000, n // 2)
        template = docs[0]
        for i in range(1, copies + 1):
            docs[i] = dict(template, id=f"dup-{i:05d}")
    return docs


def write_jsonl(docs: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: Path) -> Iterator[dict]:
    """The documents :func:`write_jsonl` wrote, one at a time, in order."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
