"""The real republished seeds (../shared/seeds): credited roots. Skips cleanly when they are absent."""

from __future__ import annotations

import html
import json
import random
import textwrap

import pytest
from conftest import SEEDS, rows, run_cli

from transforms.core import synth
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


def _html(text: str) -> str:
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav>{body}</body></html>"


@pytest.fixture(scope="module")
def variants_run(tmp_path_factory):
    """Each seed with nine rewrites of it, made with the generator's own operations (spin at 30 % and
    60 %, an MT round trip, OCR noise) and the forms real pages take (first 40 % of the paragraphs, kept
    as HTML, run into one line, wrapped in another site's chrome, spun and run into one line)."""
    out_dir = tmp_path_factory.mktemp("seed_variants")
    records = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        title, body = lines[0], "\n".join(lines[1:])
        rng = random.Random(path.stem[:3])
        paragraphs = [p for p in body.split("\n") if p.strip()]
        forms = {
            "orig": body,
            "spin30": synth.spin_text(body, rng, 0.3),
            "spin60": synth.spin_text(body, rng, 0.6),
            "mt": synth.mt_text(body, rng),
            "ocr": synth.ocr_text(body, rng, 0.02),
            "excerpt": "\n".join(paragraphs[: max(2, int(len(paragraphs) * 0.4))]),
            "html": _html(body),
            "flat": _flattened(body),
            "chrome": "Menu | Home | News | Sport\nAdvertisement\n"
            + body
            + "\nShare this article\nLeave a Reply",
            "flatspin": _flattened(synth.spin_text(body, rng, 0.3)),
        }
        records += [{"id": f"{path.stem[:3]}-{k}", "title": title, "text": v} for k, v in forms.items()]
    corpus = out_dir / "variants.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_cli("run", str(corpus), "--out", str(out_dir / "run"), "-q")
    return out_dir / "run"


def test_seed_rewrites_cluster_with_their_seed_and_nothing_else(variants_run):
    clusters: dict[str, set[str]] = {}
    for r in rows(variants_run, "documents"):
        clusters.setdefault(r["cluster_id"], set()).add(r["doc_id"])
    assert sorted(sorted(c) for c in clusters.values()) == [
        sorted(f"{seed}-{k}" for k in VARIANT_FORMS) for seed in ("000", "001", "002", "003", "004")
    ]


@pytest.mark.parametrize("seed, outlet", [("000", "Axios"), ("001", "Los Angeles Times"), ("002", "AP")])
def test_seed_rewrites_trace_back_to_the_credited_outlet(variants_run, seed, outlet):
    """Every rewrite of a credited seed, including the MT round trip whose credit line was reworded,
    traces back to the outlet the seed credits, outside the corpus."""
    prov = [r for r in rows(variants_run, "provenance") if r["doc_id"].startswith(seed)]
    assert {(r["root_id"], r["root_outlet"]) for r in prov} == {(None, outlet)}
    assert all(r["chain"][0] == f"outlet:{outlet}" for r in prov)


VARIANT_FORMS = ("orig", "spin30", "spin60", "mt", "ocr", "excerpt", "html", "flat", "chrome", "flatspin")
