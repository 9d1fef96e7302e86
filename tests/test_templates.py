"""transforms.core.templates: lines a site repeats beside different stories (hand-made pages)."""

from __future__ import annotations

import apache_beam as beam
import pytest
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to
from conftest import parsed_record
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.core.config import MatchConfig
from transforms.core.outlets import load_registry
from transforms.core.templates import line_hash, page_lines, site_of, strip_template, template_hashes
from transforms.documents import TEXT_AT, NormaliseDocuments, WithOriginalText

# A standing line in a made-up language, as a foreign site repeats it under every article.
PLUG = "Vela moru tanis kavo: lirem Ostra Dalen pumi soraven kel tamu vori. Nesta pura."
STORIES = [
    "The harbour board approved a new ferry timetable on Monday after months of complaints from commuters.",
    "A regional court fined the waste contractor for missing collection targets in three districts.",
    "Volunteers planted four hundred trees along the river path, the parks department said on Sunday.",
    "The city library will extend its opening hours during the exam season, officials announced.",
]


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def test_site_is_url_host_else_outlet():
    assert site_of({"url": "https://www.Example.org/a/b", "outlet_canonical": "X"}) == "example.org"
    assert site_of({"url": None, "outlet_canonical": "Reuters"}) == "Reuters"
    assert site_of({"url": "not a url", "outlet_canonical": None}) is None
    assert site_of({}) is None


def test_line_beside_different_stories_is_template():
    pages = [page_lines(page(story, PLUG)) for story in STORIES]
    assert template_hashes(pages, 3, 0.1) == [line_hash(PLUG)]


def test_a_story_published_again_and_again_is_not_a_template():
    # Three copies of one story and one other page: its lines are on 3 of 4 pages, but never beside a
    # line of their own, so they stay story text.
    pages = [page_lines(page(STORIES[0], STORIES[1])) for _ in range(3)] + [page_lines(STORIES[2])]
    assert template_hashes(pages, 3, 0.1) == []


def test_thresholds_pages_and_share():
    pages = [page_lines(page(story, PLUG)) for story in STORIES[:2]] + [page_lines(s) for s in STORIES[2:]]
    assert template_hashes(pages, 3, 0.1) == []  # on 2 pages only
    assert template_hashes(pages, 2, 0.5) == [line_hash(PLUG)]
    assert template_hashes(pages, 2, 0.6) == []  # 2 of 4 pages is under 60 %


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), max_size=8), max_size=12), st.integers(2, 4), st.floats(0, 1))
def test_template_lines_are_frequent_and_beside_a_page_of_its_own(pages, min_pages, share):
    found = template_hashes(pages, min_pages, share)
    for h in found:
        carriers = [set(p) for p in pages if h in p]
        assert len(carriers) >= max(min_pages, share * len(pages))
        others = [set(p) for p in pages]
        own = [p for p in carriers if any(sum(x in o for o in others) == 1 for x in p)]
        assert len(own) >= max(min_pages, share * len(pages))


def test_strip_moves_template_lines_to_chrome():
    doc = {
        "match_text": page(STORIES[0], PLUG, STORIES[1]),
        "chrome_lines": ["Home | News"],
        "n_chars": 0,
        "n_words": 0,
    }
    row, moved = strip_template(doc, {line_hash(PLUG)})
    assert moved == 1
    assert row["match_text"] == page(STORIES[0], STORIES[1])
    assert row["chrome_lines"] == ["Home | News", PLUG]
    assert row["n_chars"] == len(row["match_text"]) and row["n_words"] == len(row["match_text"].split())
    assert strip_template(doc, set()) == (doc, 0)


@pytest.mark.parametrize("aside", [False, True])
def test_normalise_documents_removes_site_templates_everywhere_and_rejects_template_only_pages(
    aside, tmp_path
):
    site = "https://ostradalen.example/news/{}"
    records = [parsed_record(i, page(story, PLUG), site.format(i)) for i, story in enumerate(STORIES)]
    # Another site carries the same line (scraped with it) and a page carries nothing else.
    records.append(parsed_record(10, page(STORIES[0], PLUG), "https://copier.example/x"))
    records.append(
        parsed_record(11, page(PLUG, "Pages like this one load slowly."), "https://copier.example/y")
    )
    cfg = MatchConfig()
    texts = {r["doc_id"]: r["text"] for _, r in records}
    # With a text directory (one machine) the original texts wait in work files: the documents carry
    # where, the template_only reject still quotes its page, and WithOriginalText puts them back.
    parts, text_dir = (3, str(tmp_path / "texts")) if aside else (1, None)
    with test_pipeline.TestPipeline() as p:
        out = p | beam.Create(records) | NormaliseDocuments(cfg, load_registry(), parts, text_dir)
        assert_that(
            out["docs"] | beam.Map(lambda r: (r["text"] is None, bool(r.get(TEXT_AT)))),
            equal_to([(aside, aside)] * 5),
            label="Aside",
        )
        assert_that(
            out["docs"]
            | beam.ParDo(WithOriginalText())
            | beam.Map(lambda r: (r["doc_id"], r["text"], TEXT_AT in r)),
            equal_to([(doc_id, text, False) for doc_id, text in texts.items() if doc_id != "d11"]),
            label="Texts",
        )
        assert_that(
            out["rejects"] | beam.Map(lambda r: r["excerpt"] and texts["d11"].startswith(r["excerpt"][:40])),
            equal_to([True]),
            label="Excerpt",
        )
        assert_that(
            out["docs"] | beam.Map(lambda r: (r["doc_id"], r["match_text"], PLUG in r["chrome_lines"])),
            equal_to([(f"d{i}", s, True) for i, s in enumerate(STORIES)] + [("d10", STORIES[0], True)]),
            label="Docs",
        )
        assert_that(
            out["rejects"] | beam.Map(lambda r: (r["doc_id"], r["reason"])),
            equal_to([("d11", "template_only")]),
            label="Rejects",
        )
        # copier.example's two pages are too few to show a template of its own.
        assert_that(
            out["templates"],
            equal_to([{"site": "ostradalen.example", "line_hash": line_hash(PLUG)}]),
            label="Templates",
        )
