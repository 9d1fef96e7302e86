"""A wire story run by three sites whose page headers credit the agency only in their byline blocks: a
line of bar-separated fields, the agency's name over a date line, a byline over the agency's name (one page
also keeps the agency's closing line). Written by hand for this project. The agency's own page is not in
the corpus, so all three trace to it as an external root, as siblings."""

from __future__ import annotations

import pytest
from conftest import assert_siblings_under, rows, run_pages

BODY = """The port authority in Valdmar said on Wednesday it would close two of its four container berths for six weeks from March to replace cranes that have been in service since 1989.

Shipping lines using the port were told to expect waits of up to three days for a berth during the works, and some have already moved calls to the neighbouring port of Orrin.

The authority's chief executive, Tomas Reyes, said the old cranes were breaking down about once a week and that spare parts now had to be made to order. "We cannot keep patching machines that are older than most of the people driving them," he told reporters.

The four new cranes, built in South Korea, cost 62 million euros and will lift containers about 40% faster, the authority said. They are due to arrive by sea in late February.

Freight forwarders said the timing was awkward because March is usually one of the busiest months for fruit imports through Valdmar. One forwarder, who asked not to be named, said several clients were already looking at routing cargo by rail from Orrin."""
DOCS = {
    "fields-page": (
        "https://harbordaily.example/business/valdmar-cranes",
        "Harbor Daily\nHome | Business | Markets\n\nValdmar port to shut two berths for crane works\n\n"
        f"By Jane Marlow | Reuters | Updated: Jun 05, 2024, 10:41 IST\n\n{BODY}\n\nShare this article",
    ),
    "masthead-page": (
        "https://newsportal.example/world/valdmar-port",
        f"Valdmar port to shut two berths for crane works\n\nReuters\nJun 5, 2024 10:41 AM\n\n{BODY}\n\n"
        "Leave a Reply",
    ),
    "two-line-page": (
        "https://tradebrief.example/2024/06/05/valdmar-berths",
        f"Valdmar port to shut two berths\n\nBy Jane Marlow\nReuters\n\n{BODY}\n\n"
        "Our Standards: The Thomson Reuters Trust Principles.",
    ),
}


@pytest.fixture(scope="module")
def header_run(tmp_path_factory):
    return run_pages(tmp_path_factory.mktemp("headers"), DOCS)


def test_all_three_copies_trace_to_the_agency_in_their_headers_as_siblings(header_run):
    assert_siblings_under(header_run, DOCS, "Reuters")


def test_the_header_lines_are_cues_and_the_story_is_the_text(header_run):
    for doc in rows(header_run, "documents"):
        assert "Reuters" in {c["outlet"] for c in doc["cues"] if c["kind"] == "byline"}
        assert doc["match_text"].startswith("The port authority in Valdmar")
        assert doc["match_text"].endswith("by rail from Orrin.")
