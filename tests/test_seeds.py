"""The real republished seeds (../shared/seeds): credited roots. Skips cleanly when they are absent."""

from __future__ import annotations

import textwrap

import pytest
from conftest import SEEDS, rows, run_cli

from transforms.core.outlets import load_registry
from transforms.core.text import analyse

REGISTRY = load_registry()

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")

EXPECTED = {
    "000_48e6010674940696": ("Axios", "like_this_story"),
    "001_7072df8804a34c19": ("Los Angeles Times", "first_appeared"),
    "002_0f68f1a38a8ac23a": ("AP", "dateline"),
}


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "run"
    run_cli("run", str(SEEDS), "--out", str(out), "-q")
    return out


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_credited_seed_roots(seeds_run, doc_id):
    outlet, cue_kind = EXPECTED[doc_id]
    prov = {r["doc_id"]: r for r in rows(seeds_run, "provenance")}[doc_id]
    assert prov["root_outlet"] == outlet
    assert prov["chain"] == [f"outlet:{outlet}", doc_id]
    assert any(e["kind"] == "attribution" and cue_kind in e["detail"] for e in prov["evidence"]), prov[
        "evidence"
    ]
    doc = {r["doc_id"]: r for r in rows(seeds_run, "documents")}[doc_id]
    assert any(c["kind"] == cue_kind and c["outlet"] == outlet for c in doc["cues"])
    assert "Source link" in doc["chrome_lines"]
    assert "Source link" not in doc["match_text"]


def test_seeds_are_five_distinct_stories(seeds_run):
    # Same event, independent texts: no two of the five seeds are one story.
    assert len({r["cluster_id"] for r in rows(seeds_run, "documents")}) == 5


def _flattened(text: str) -> str:
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def _hard_wrapped(text: str, width: int = 72) -> str:
    return "\n\n".join("\n".join(textwrap.wrap(line, width)) for line in text.split("\n") if line.strip())


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
@pytest.mark.parametrize("form", [_flattened, _hard_wrapped])
def test_seed_credits_survive_lost_line_structure(doc_id, form):
    """The same seed run into one line (a CSV cell) or hard-wrapped at 72 columns credits the same outlet
    with the same cue, and its story text keeps nearly all its words."""
    text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    original = analyse(text, REGISTRY)
    reformed = analyse(form(text), REGISTRY)
    outlet, cue_kind = EXPECTED[doc_id]
    assert reformed.credited_outlets == original.credited_outlets == [outlet]
    assert any(c.kind == cue_kind and c.outlet == outlet for c in reformed.cues)
    assert any(c.kind == "source_link" for c in reformed.cues)
    words, kept = original.match_text.split(), reformed.match_text.split()
    assert abs(len(kept) - len(words)) <= 0.05 * len(words)
