"""The real republished seeds (../shared/seeds): credited roots. Skips cleanly when they are absent."""

from __future__ import annotations

import pytest
from conftest import SEEDS, rows, run_cli

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
