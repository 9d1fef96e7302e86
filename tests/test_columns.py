"""A syndicated opinion column run by two sites, each keeping the column's closing lines (a note on the
writer, the owner's disclaimer; one site's spun): written by hand for this project. The column's own page
is not in the corpus, so both copies trace to the credited outlet as an external root, as siblings."""

from __future__ import annotations

import pytest
from conftest import assert_siblings_under, rows, run_pages

BODY = """Europe's gas storage sites entered the winter fuller than at any time in the past decade, and that has made traders complacent about the months ahead.

The cushion looks comfortable on paper. Storage stood at 94% of capacity on Nov. 1, against a five-year average of 88%, and prices for January delivery have fallen by a third since the summer.

But storage is only part of the picture. A cold snap across northern Europe in late January would drain the caverns at a rate of about 0.8 percentage points a day, and the flexible supply that covered such spells in the past, Norwegian pipeline gas and spot cargoes of liquefied natural gas, is already committed.

Norway's fields ran close to their limits for most of last year. Three maintenance outages in the spring showed how little spare capacity remains: each cut flows by roughly 15 million cubic meters a day, and each time prices jumped by more than 10% within hours.

The market for liquefied gas is tighter still. Asian buyers have signed long-term contracts for much of the new supply due in 2025 and 2026, leaving European importers to compete for cargoes at short notice.

Governments should use the calm to agree on how they would share gas in an emergency, rather than hoping the mild weather of the past two winters repeats itself."""
NOTE = "Jane Marlow is a Bloomberg Opinion columnist covering energy and commodities."
DISCLAIMER = "This column does not necessarily reflect the opinion of the editorial board or Bloomberg LP and its owners."
SPUN = "This column doesn't essentially replicate the opinion of the editorial board or Bloomberg LP and its homeowners."
DOCS = {
    "daily-column": (
        "https://harbordaily.example/opinion/gas-storage",
        f"Opinion | Harbor Daily\n\nEurope's Gas Cushion Is Thinner Than It Looks\n\n{BODY}\n\n{NOTE}\n\n"
        f"{DISCLAIMER}\n\nShare this article",
    ),
    "portal-column": (
        "https://newsportal.example/markets/europe-gas",
        f"Markets\n\n{BODY.split(chr(10) * 2, 1)[1]}\n\n{NOTE}\n\n{SPUN}\n\nLeave a Reply",
    ),
}


@pytest.fixture(scope="module")
def column_run(tmp_path_factory):
    return run_pages(tmp_path_factory.mktemp("column"), DOCS)


def test_both_copies_of_the_column_trace_to_its_credited_outlet_as_siblings(column_run):
    assert_siblings_under(column_run, DOCS, "Bloomberg")


def test_the_columns_closing_lines_are_its_cues_not_its_text(column_run):
    for doc in rows(column_run, "documents"):
        closing = {NOTE, DISCLAIMER if doc["doc_id"] == "daily-column" else SPUN}
        assert {c["text"] for c in doc["cues"]} == closing
        assert {(c["kind"], c["outlet"]) for c in doc["cues"]} == {("credit", "Bloomberg")}
        assert doc["match_text"].endswith("repeats itself.")
