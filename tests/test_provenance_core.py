"""transforms.core.provenance: parents, roots and chains within one cluster, from hand-made rows."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import schemas
from transforms.core import pagedate, provenance
from transforms.core.outlets import build_registry, load_registry, parse_registry
from transforms.core.provenance import (
    CARRIED_BACK,
    CARRIED_BACK_REWRITE,
    EDIT_CONTEXT,
    EXTERNAL_PREFIX,
    KEPT_WORDS_MIN,
    PAIR_SLOTS,
    PARENT_STAGES,
    WordRarity,
    _carries_changes,
    change_votes,
    consistent_order,
    content_words,
    direction_evidence,
    edit_votes,
    infer,
    made_from_member,
    member,
    names_site,
    order_votes,
    originality_scores,
    relation,
    skipped_words,
    small_edits,
    small_word_pairs,
    title_outlets,
)
from transforms.core.shingles import STOPWORDS, tokens

REGISTRY = load_registry()
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
TEXT = "the council said the old stone bridge reopened on thursday after repairs"


def doc(
    doc_id: str,
    outlet: str | None = None,
    credited: tuple[str, ...] = (),
    hours: float | None = None,
    n_chars: int = 1000,
    text: str = TEXT,
    cues: list[dict] | None = None,
    chrome: tuple[str, ...] = (),
    title: str | None = None,
) -> dict:
    """A ``documents`` row with only the fields provenance reads."""
    if cues is None:
        cues = [
            {"kind": "first_appeared", "outlet": c, "text": f"This story first appeared in {c}."}
            for c in credited
        ]
    return {
        "doc_id": doc_id,
        "outlet_canonical": outlet,
        "credited_outlets": list(credited),
        "cues": cues,
        "published_ts": None if hours is None else T0 + timedelta(hours=hours),
        "n_chars": n_chars,
        "match_text": text,
        "chrome_lines": list(chrome),
        "title": title,
    }


def text_doc(doc_id: str, text: str, **fields) -> dict:
    """:func:`doc` of a given matching text (its length as ``n_chars``)."""
    return doc(doc_id, n_chars=len(text), text=text, **fields)


def edge(
    a: str,
    b: str,
    score: float = 0.9,
    kind: str = "rewrite",
    jaccard: float = 0.6,
    contain_src: float = 0.8,
    contain_dst: float = 0.8,
    run: float = 0.7,
    len_ratio: float = 0.95,
) -> dict:
    """An ``edges`` row (``src_id < dst_id``) with only the fields provenance reads."""
    assert a < b
    return {
        "src_id": a,
        "dst_id": b,
        "kind": kind,
        "score": score,
        "decided_by": "run_coverage",
        "char_jaccard": jaccard,
        "char_contain_src": contain_src,
        "char_contain_dst": contain_dst,
        "run_coverage": run,
        "len_ratio": len_ratio,
    }


def even_edge(a: str, b: str, jaccard: float, contain: float, **fields) -> dict:
    """:func:`edge` between two texts of one length that hold the same share of each other."""
    return edge(a, b, jaccard=jaccard, contain_src=contain, contain_dst=contain, len_ratio=1.0, **fields)


def run(docs: list[dict], edges: list[dict]) -> dict[str, dict]:
    rows = infer(docs, edges, "c1", REGISTRY, "fp1")
    assert [r["doc_id"] for r in rows] == sorted(d["doc_id"] for d in docs)
    check_rows(rows, edges)
    return {r["doc_id"]: r for r in rows}


def check_rows(rows: list[dict], edges: list[dict]) -> None:
    """Invariants of every provenance table: a forest whose chains follow the parent pointers."""
    by_id = {r["doc_id"]: r for r in rows}
    linked = {frozenset((e["src_id"], e["dst_id"])) for e in edges}
    for r in rows:
        assert r["cluster_id"] == "c1" and r["config_fingerprint"] == "fp1"
        assert r["chain"][-1] == r["doc_id"]
        assert len(r["chain"]) == r["depth"] + 1
        assert 0.0 <= r["confidence"] <= 1.0
        for e in r["evidence"]:
            assert set(e) == {"kind", "detail", "weight"}
            assert (
                isinstance(e["kind"], str) and isinstance(e["detail"], str) and isinstance(e["weight"], float)
            )
        if r["parent_id"] is None:
            assert r["depth"] in (0, 1)
            if r["root_id"] is not None:
                assert (r["root_id"], r["chain"], r["depth"], r["relation"]) == (
                    r["doc_id"],
                    [r["doc_id"]],
                    0,
                    "original",
                )
            else:
                assert r["chain"] == [EXTERNAL_PREFIX + r["root_outlet"], r["doc_id"]]
        else:
            parent = by_id[r["parent_id"]]
            # A parent is linked by text, or the row says it is not (attached by cue or cluster order).
            unlinked = any(e["kind"] == "no_text_link" for e in r["evidence"])
            assert (frozenset((r["doc_id"], r["parent_id"])) in linked) != unlinked
            assert r["chain"] == parent["chain"] + [r["doc_id"]]
            assert (r["root_id"], r["root_outlet"]) == (parent["root_id"], parent["root_outlet"])
        # Following parents ends at a root within len(rows) steps: no cycles.
        seen, node = set(), r["doc_id"]
        while by_id[node]["parent_id"] is not None:
            assert node not in seen
            seen.add(node)
            node = by_id[node]["parent_id"]
        assert by_id[node]["chain"][-1] == r["chain"][0] or r["chain"][0].startswith(EXTERNAL_PREFIX)
        schemas.conform(r, schemas.TABLES["provenance"])


def only_evidence(row: dict, kind: str) -> dict:
    """The row's one evidence item of this kind (fails when there is none or more than one)."""
    [ev] = [e for e in row["evidence"] if e["kind"] == kind]
    return ev


# --- parents -------------------------------------------------------------------------------------------


def test_earlier_document_is_the_parent():
    rows = run([doc("a", hours=10), doc("b", hours=0)], [edge("a", "b")])
    assert rows["b"]["parent_id"] is None and rows["b"]["relation"] == "original"
    assert rows["a"]["parent_id"] == "b"
    assert rows["a"]["chain"] == ["b", "a"] and rows["a"]["depth"] == 1
    # Zoned timestamps: near-proof, weight 5 (naive ones weigh 2).
    assert {"kind": "date", "detail": "b published 10.0 h before a", "weight": 5.0} in rows["a"]["evidence"]


def test_dates_within_the_slop_say_nothing():
    # Zoned timestamps: a few minutes apart is clock slop.
    rows = run([doc("a", hours=0.05), doc("b", hours=0)], [edge("a", "b")])
    assert all(e["kind"] != "date" for r in rows.values() for e in r["evidence"])


def test_naive_timestamps_need_more_than_any_zone_offset():
    # Without a zone, 10 h apart may be the same instant in two zones: no date evidence.
    docs = [
        dict(doc("a", hours=10), published_at="2024-01-01T10:00:00"),
        dict(doc("b", hours=0), published_at="2024-01-01T00:00:00"),
    ]
    rows = run(docs, [edge("a", "b")])
    assert all(e["kind"] != "date" for r in rows.values() for e in r["evidence"])


@pytest.mark.parametrize(
    "line, day",
    [
        ("Posted by Staff | September 28, 2024", (2024, 9, 28)),
        ("Published: 6 May 2024", (2024, 5, 6)),
        ("By Jane Roe | May 6, 2024", (2024, 5, 6)),
        ("Posted on Sept. 6, 2024", (2024, 9, 6)),
        ("By Jane Roe, Associated Press | 2024-05-06", (2024, 5, 6)),
        ("Published Monday, May 6, 2024", (2024, 5, 6)),
        ("Published 3:05 PM EDT, May 6, 2024", (2024, 5, 6)),
        ("May 6, 2024 | By Jane Roe", (2024, 5, 6)),
        # A date with no word saying it is the page's may be a related story's.
        ("August 28, 2024 | 3 comments", None),
        ("The council met on May 6, 2024.", None),
    ],
)
def test_page_date(line, day):
    found = pagedate.page_date(["Home | News", line])
    assert (found.timetuple()[:3] if found else None) == day


def test_page_date_line_is_the_line_it_was_read_from():
    lines = ["Home | News", "Updated on May 9, 2024", "  By Jane Roe | May 6, 2024  ", "Share"]
    assert pagedate.page_date_line(lines) == (
        datetime(2024, 5, 6, tzinfo=timezone.utc),
        "By Jane Roe | May 6, 2024",
    )
    assert pagedate.page_date_line(lines[:2]) == (
        datetime(2024, 5, 9, tzinfo=timezone.utc),
        "Updated on May 9, 2024",
    )
    assert pagedate.page_date_line(["Home"]) is None


def test_a_record_date_without_a_time_is_a_whole_day():
    """A copy dated "June 4, 2024" (midnight UTC as parsed) is not older than a source published that
    evening in California (03:30 UTC the next day): a day without a time is compared with a day's slop,
    and says nothing here; two days apart it does."""
    source = dict(doc("src", hours=0, n_chars=1200), published_at="2024-06-04T20:30:00-07:00")
    source["published_ts"] = datetime(2024, 6, 5, 3, 30, tzinfo=timezone.utc)
    copy = dict(doc("copy", hours=0), published_at="June 4, 2024")
    copy["published_ts"] = datetime(2024, 6, 4, tzinfo=timezone.utc)
    rows = run([source, copy], [edge("copy", "src", contain_src=1.0, contain_dst=0.9)])
    assert not any(e["kind"] == "date" for e in rows["src"]["evidence"] + rows["copy"]["evidence"])
    copy["published_ts"] = datetime(2024, 6, 7, tzinfo=timezone.utc)
    copy["published_at"] = "June 7, 2024"
    rows = run([source, copy], [edge("copy", "src", contain_src=1.0, contain_dst=0.9)])
    assert rows["copy"]["parent_id"] == "src"
    assert any(
        e["kind"] == "date" and e["detail"].endswith("(days without a time)")
        for e in rows["copy"]["evidence"]
    )


def test_a_stored_page_date_is_weighed_as_the_page_text_day():
    """The run stores a page's day in ``documents.page_date`` when it normalises the page; provenance
    weighs that column (an older run's rows without it are read from their chrome lines)."""
    from datetime import date

    rows = run(
        [dict(doc("a"), page_date=date(2024, 3, 4)), dict(doc("b"), page_date=date(2024, 3, 1))],
        [edge("a", "b")],
    )
    assert rows["a"]["parent_id"] == "b"
    assert any(e["detail"].endswith("(days from their pages' text)") for e in rows["a"]["evidence"])
    # The column wins over the chrome lines (which a stored row keeps too).
    rows = run(
        [
            dict(doc("a", chrome=("Posted by Staff | March 1, 2024",)), page_date=date(2024, 3, 4)),
            dict(doc("b"), page_date=date(2024, 3, 1)),
        ],
        [edge("a", "b")],
    )
    assert rows["a"]["parent_id"] == "b"
    # A stored null is a page that states no day: its chrome lines are not read again. A row without the
    # field (an older run's, or built by hand) has them read.
    posted = ("Posted by Staff | March 4, 2024",)
    day_evidence = "(days from their pages' text)"
    rows = run(
        [dict(doc("a", chrome=posted), page_date=None), dict(doc("b"), page_date=date(2024, 3, 1))],
        [edge("a", "b")],
    )
    assert not any(e["detail"].endswith(day_evidence) for r in rows.values() for e in r["evidence"])
    rows = run([doc("a", chrome=posted), dict(doc("b"), page_date=date(2024, 3, 1))], [edge("a", "b")])
    assert any(e["detail"].endswith(day_evidence) for e in rows["a"]["evidence"])


def test_updated_line_counts_only_without_a_published_one():
    lines = ["Updated on May 9, 2024", "Posted by admin | May 6, 2024"]
    assert pagedate.page_date(lines).day == 6 and pagedate.page_date(lines[:1]).day == 9


def test_page_date_is_read_in_the_page_head_only():
    """Readers' comments and related stories carry dates of their own; so does a page's foot."""
    assert pagedate.page_date(["Home", "12 Comments", "Posted by harborfan | May 9, 2024"]) is None
    assert pagedate.page_date(["Related stories", "By Jane Roe | Aug 28, 2023"]) is None
    far = ["Home | News"] * pagedate.PAGE_DATE_LINES + ["Posted by admin | May 6, 2024"]
    assert pagedate.page_date(far) is None and pagedate.page_date(far[-3:]) is not None


def test_page_text_day_does_not_order_ties():
    """A day read from a page's text is evidence between two dated members only: between a member with
    such a day and one without any date, ties are ordered as without it (here by id)."""
    docs = [
        doc("b", n_chars=900),
        doc("x", n_chars=900, chrome=("Posted by admin | March 1, 2024",)),
        doc("c", n_chars=500),
    ]
    edges = [
        edge("b", "x", score=0.99, jaccard=0.99, contain_src=0.99, contain_dst=0.99, len_ratio=1.0),
        edge("b", "c", contain_src=0.5, contain_dst=0.95, len_ratio=0.55),
        edge("c", "x", contain_src=0.95, contain_dst=0.5, len_ratio=0.55),
    ]
    rows = run(docs, edges)
    assert rows["b"]["parent_id"] is None and rows["x"]["parent_id"] == "b" and rows["c"]["parent_id"] == "b"


def test_page_text_dates_order_records_without_dates():
    """Records without a date whose pages state their day: three days apart is evidence (a day's
    precision on top of the naive slop), one day apart is not; a record's own date wins over its page's."""
    rows = run(
        [
            doc("a", chrome=("Posted by Staff | March 4, 2024",)),
            doc("b", chrome=("Posted by admin | March 1, 2024",)),
        ],
        [edge("a", "b")],
    )
    assert rows["a"]["parent_id"] == "b"
    assert {
        "kind": "date",
        "detail": "b published 72.0 h before a (days from their pages' text)",
        "weight": 2.0,
    } in rows["a"]["evidence"]
    rows = run(
        [
            doc("a", chrome=("Posted by Staff | March 2, 2024",)),
            doc("b", chrome=("Posted by admin | March 1, 2024",)),
        ],
        [edge("a", "b")],
    )
    assert all(e["kind"] != "date" for r in rows.values() for e in r["evidence"])
    rows = run(
        [doc("a", hours=0, chrome=("Posted by Staff | March 9, 2024",)), doc("b", hours=10)], [edge("a", "b")]
    )
    assert rows["b"]["parent_id"] == "a"


def test_timestamps_with_and_without_a_zone_compare_on_one_clock():
    """Hand-built rows may mix zoned and naive timestamps: a naive one is read as UTC, and a zoned one
    is compared by its instant, not by its wall-clock reading."""
    zoned = T0.replace(tzinfo=timezone(timedelta(hours=5)))  # 5 h before T0 read as UTC
    docs = [
        dict(doc("a"), published_ts=zoned + timedelta(hours=1), published_at="2024-03-01T10:00:00+05:00"),
        dict(doc("b"), published_ts=T0.replace(tzinfo=None), published_at="2024-03-01T09:00:00"),
    ]
    rows = run(docs, [edge("a", "b")])
    # a's instant is 4 h before b's (its wall clock reads 1 h after): a is the source.
    assert rows["b"]["parent_id"] == "a"


def test_crediting_the_others_outlet_makes_the_other_the_parent():
    # "a" is earlier, but it says it first appeared in NPR, which published "b".
    rows = run(
        [doc("a", outlet="Politico", credited=("NPR",), hours=0), doc("b", outlet="NPR", hours=1)],
        [edge("a", "b")],
    )
    assert rows["a"]["parent_id"] == "b"
    assert rows["b"]["root_outlet"] == rows["a"]["root_outlet"] == "NPR"
    kinds = [e["kind"] for e in rows["a"]["evidence"]]
    assert "attribution" in kinds


def test_excerpt_parent_is_the_longer_text():
    e = edge("a", "b", jaccard=0.3, contain_src=1.0, contain_dst=0.3, len_ratio=0.3)
    rows = run([doc("a", n_chars=300), doc("b", n_chars=1000)], [e])
    assert rows["a"]["parent_id"] == "b"
    assert rows["a"]["relation"] == "excerpt"
    assert any(x["kind"] == "containment" and x["weight"] == 1.5 for x in rows["a"]["evidence"])


def test_the_near_copy_that_lost_text_is_the_copy():
    # No dates, no cues: 0.99 of "b" is in "a", 0.95 of "a" in "b": "b" dropped text, so it is the copy.
    e = edge("a", "b", jaccard=0.93, contain_src=0.95, contain_dst=0.99, len_ratio=0.96)
    rows = run([doc("a"), doc("b")], [e])
    assert rows["a"]["parent_id"] is None and rows["b"]["parent_id"] == "a"
    trimmed = [x for x in rows["b"]["evidence"] if x["kind"] == "containment"]
    assert len(trimmed) == 1 and trimmed[0]["weight"] == pytest.approx(1.0)
    assert "b lacks text of a" in trimmed[0]["detail"]
    # The other way round when the measures are swapped; a gap under 0.02 says nothing.
    swapped = edge("a", "b", jaccard=0.93, contain_src=0.99, contain_dst=0.95, len_ratio=0.96)
    assert run([doc("a"), doc("b")], [swapped])["a"]["parent_id"] == "b"
    close = edge("a", "b", jaccard=0.93, contain_src=0.975, contain_dst=0.99, len_ratio=0.96)
    ev = direction_evidence(member(doc("a"), REGISTRY), member(doc("b"), REGISTRY), close, {})
    assert all(x.kind != "containment" for x in ev)
    # Below near-copy Jaccard (a spin) the same gap is not read as trimming.
    spin = edge("a", "b", jaccard=0.5, contain_src=0.55, contain_dst=0.6, len_ratio=0.96)
    ev = direction_evidence(member(doc("a"), REGISTRY), member(doc("b"), REGISTRY), spin, {})
    assert all(x.kind != "containment" for x in ev)


def test_an_excerpt_hangs_from_the_source_not_from_a_shorter_sibling_containing_it():
    # "o" is the source (earliest); "c" a trimmed copy of it; "x" a short excerpt lying wholly in both.
    # "c" is nearer "x" in length (higher Jaccard), but that says nothing about where "x" was cut from.
    docs = [doc("o", hours=0, n_chars=3000), doc("c", hours=2, n_chars=2000), doc("x", hours=4, n_chars=500)]
    edges = [
        edge("c", "o", jaccard=0.66, contain_src=1.0, contain_dst=0.66, len_ratio=0.66),
        edge("c", "x", jaccard=0.25, contain_src=0.25, contain_dst=1.0, len_ratio=0.25),
        edge("o", "x", jaccard=0.17, contain_src=0.17, contain_dst=1.0, len_ratio=0.17),
    ]
    rows = run(docs, edges)
    assert rows["c"]["parent_id"] == "o"
    assert rows["x"]["parent_id"] == "o" and rows["x"]["relation"] == "excerpt"


# Distinct made-up words, so that every word 5-gram of a text built from them is found once.
_SYLLABLES = ("ka", "lo", "mi", "nu", "pe", "ri", "sa", "to", "vu", "ze")
UNIQUE = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]


def paragraphs(n: int, size: int = 20) -> list[str]:
    return [" ".join(UNIQUE[i * size : (i + 1) * size]) for i in range(n)]


def test_an_excerpt_of_a_copy_that_lost_a_paragraph_hangs_from_that_copy():
    # "c" copied "o" but lost its third paragraph; "x" is the first three paragraphs of "c". Both contain
    # "x" whole, but in "o" the stretch "x" covers holds a paragraph "x" lacks: "x" was cut from "c".
    p = paragraphs(6)
    o, c = "\n\n".join(p), "\n\n".join(p[:2] + p[3:])
    x = "\n\n".join(p[:2] + p[3:4])
    docs = [text_doc("o", o), text_doc("c", c), text_doc("x", x)]
    edges = [
        edge("c", "o", jaccard=0.83, contain_src=1.0, contain_dst=0.83, len_ratio=0.83),
        edge("c", "x", jaccard=0.6, contain_src=0.6, contain_dst=1.0, len_ratio=0.6),
        edge("o", "x", jaccard=0.5, contain_src=0.5, contain_dst=1.0, len_ratio=0.5),
    ]
    rows = run(docs, edges)
    assert rows["c"]["parent_id"] == "o"
    assert rows["x"]["parent_id"] == "c" and rows["x"]["relation"] == "excerpt"
    skipped = only_evidence(rows["x"], "skipped_text")
    assert skipped["detail"].startswith("o holds 20 words") and "cut from c, not from o" in skipped["detail"]
    # An excerpt of the part both have whole says nothing: the more source-like "o" keeps it.
    y = "\n\n".join(p[:2])
    docs[2] = text_doc("x", y)
    rows = run(docs, edges)
    assert rows["x"]["parent_id"] == "o"
    assert all(e["kind"] != "skipped_text" for e in rows["x"]["evidence"])
    # Nor does a child that moved paragraphs around: what it left out was its own rewriting.
    z = "\n\n".join([p[3], p[0], p[1]])
    docs[2] = text_doc("x", z)
    assert run(docs, edges)["x"]["parent_id"] == "o"


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(20, 200),
    data=st.data(),
)
def test_skipped_words_counts_the_gap_a_child_leaves_inside_its_stretch(n, data):
    source = UNIQUE[:n]
    lo = data.draw(st.integers(0, n - 15), label="lo")
    hi = data.draw(st.integers(lo + 15, n), label="hi")
    # A contiguous stretch skips nothing.
    assert skipped_words(source, source[lo:hi]) == 0
    # A gap with at least an n-gram on each side is counted word for word.
    a = data.draw(st.integers(lo + 5, hi - 10), label="a")
    b = data.draw(st.integers(a + 1, hi - 5), label="b")
    assert skipped_words(source, source[lo:a] + source[b:hi]) == b - a
    # Two stretches in the other order are a reordering, not a gap.
    assert skipped_words(source, source[a:hi] + source[lo:a]) is None
    # Nothing shared.
    assert skipped_words(source, UNIQUE[n : n + 10]) is None


def _words_member(name: str, words: list[str]):
    """The provenance member of a document whose matching text is ``words``."""
    return member(doc(name, text=" ".join(words)), REGISTRY)


def _changed(words: list[str], at: dict[int, str]) -> list[str]:
    return [at.get(i, w) for i, w in enumerate(words)]


def test_an_excerpt_keeping_the_words_a_copy_changed_hangs_from_the_source():
    # "c" copied "o" with two words of the second paragraph changed (a site's house style); "x" is the
    # first two paragraphs of "o" as "o" has them. The edges make "c" the closer text (coincident edits
    # elsewhere, numbers re-typeset), but "x" keeps the words "c" replaced and carries none of its
    # changes: "c" would have passed them on, so "x" was made from "o".
    words = paragraphs(6)
    p = [w.split() for w in words]
    c_words = [*p[:1], _changed(p[1], {3: UNIQUE[900], 11: UNIQUE[901]}), *p[2:]]
    o = "\n\n".join(" ".join(w) for w in p)
    c = "\n\n".join(" ".join(w) for w in c_words)
    x = "\n\n".join(" ".join(w) for w in p[:2])
    docs = [text_doc("o", o, hours=0), text_doc("c", c, hours=2), text_doc("x", x, hours=4)]
    edges = [
        even_edge("c", "o", 0.95, 0.97),
        edge("c", "x", jaccard=0.33, contain_src=0.33, contain_dst=1.0, len_ratio=0.33),
        edge("o", "x", jaccard=0.32, contain_src=0.32, contain_dst=0.97, len_ratio=0.33),
    ]
    rows = run(docs, edges)
    assert rows["c"]["parent_id"] == "o"
    assert rows["x"]["parent_id"] == "o" and rows["x"]["relation"] == "excerpt"
    kept = only_evidence(rows["x"], "changes_not_carried")
    assert kept["detail"].startswith("c changed words of o inside the stretch this document covers")
    assert "sides with o on 4 of them" in kept["detail"] and "not made from c" in kept["detail"]
    # The same excerpt cut from "c" carries its changes: it hangs from "c", and nothing is ruled out.
    x = "\n\n".join(" ".join(w) for w in c_words[:2])
    docs[2] = text_doc("x", x, hours=4)
    rows = run(docs, edges)
    assert rows["x"]["parent_id"] == "c"
    assert all(e["kind"] != "changes_not_carried" for e in rows["x"]["evidence"])
    # An excerpt of the first paragraph only, which "c" left alone, says nothing: the closer text wins.
    x = " ".join(p[0])
    docs[2] = text_doc("x", x, hours=4)
    assert run(docs, edges)["x"]["parent_id"] == "c"


def test_a_spin_hangs_from_the_source_not_from_a_sibling_spin_that_chose_some_of_its_synonyms():
    # "a" and "b" are two spins of "o" that both swap the same 12 words (a spinner's table), "b" choosing
    # the same synonym as "a" for 4 of them. The edges make "a" the closer text to "b" (their shared
    # synonyms), but a spin of "a" would carry nearly all of a's synonyms: "b" carries 4 of 12.
    p = paragraphs(4)
    words = " ".join(p).split()
    at = list(range(3, 80, 6))[:12]
    a_words = _changed(words, {i: UNIQUE[900 + k] for k, i in enumerate(at)})
    b_words = _changed(words, {i: UNIQUE[900 + k] if k < 4 else UNIQUE[950 + k] for k, i in enumerate(at)})
    o, a, b = (" ".join(w) for w in (words, a_words, b_words))
    docs = [text_doc("a", a, hours=2), text_doc("b", b, hours=4), text_doc("o", o, hours=0)]
    edges = [
        even_edge("a", "b", 0.6, 0.75),
        even_edge("a", "o", 0.5, 0.65),
        even_edge("b", "o", 0.5, 0.65),
    ]
    rows = run(docs, edges)
    assert rows["a"]["parent_id"] == "o" and rows["b"]["parent_id"] == "o"
    ev = only_evidence(rows["b"], "changes_not_carried")
    assert ev["detail"].startswith("carries 4 of the 12 words a brought into o's text")
    # A spin of "a" carries a's synonyms (and swaps others of its own): it hangs from "a".
    c_words = _changed(a_words, {i + 2: UNIQUE[980 + k] for k, i in enumerate(at[:6])})
    c = " ".join(c_words)
    docs[1] = text_doc("b", c, hours=4)
    rows = run(docs, edges)
    assert rows["b"]["parent_id"] == "a"
    assert all(e["kind"] != "changes_not_carried" for e in rows["b"]["evidence"])
    # A sibling that lost text in between is not judged on the share it carries (it lacks the lost
    # part's synonyms too): with 4 of 12 carried but half the stretch gone, "a" stays the closer text.
    short = " ".join(b_words[:40] + b_words[60:])
    docs[1] = text_doc("b", short, hours=4)
    assert run(docs, edges)["b"]["parent_id"] == "a"


FERRY = (
    "The harbour council said on Monday that the old ferry would stop running in March because repairs "
    "had become too expensive. Reporters asked why the decision was made without a public meeting, and "
    "the mayor replied that the budget left no other choice. Local shop owners fear that fewer visitors "
    "will come to the island during the summer months. A new bridge is planned, but work will not start "
    "for at least three years, according to the transport office."
)
FERRY_SPUN = (
    "The harbour council mentioned on Monday that the aged ferry would cease operating in March because "
    "maintenance had turned into too pricey. Newshounds queried why the determination was made without a "
    "communal gathering, and the mayor responded that the finances left no alternative alternative. "
    "Regional storefront proprietors dread that fewer guests will arrive at the isle throughout the "
    "summertime months. A fresh viaduct is envisioned, but labour will not commence for at least three "
    "years, in accordance with the transportation bureau."
)


def test_a_spin_in_a_corpus_too_small_to_count_hangs_from_its_source_by_general_word_rarity():
    # Two texts, no outlet, date or credit: the spinner's synonyms ("newshounds", "viaduct") are rarer
    # English words than those they replace, so the longer spun text is the copy. (Without word
    # frequencies the longer text came first: every such pair of the generator was turned around.)
    pytest.importorskip("wordfreq")
    for source, spin in (("a", "b"), ("b", "a")):
        docs = [text_doc(source, FERRY), text_doc(spin, FERRY_SPUN)]
        rows = run(docs, [even_edge("a", "b", jaccard=0.45, contain=0.6, score=0.9)])
        assert (rows[spin]["parent_id"], rows[source]["parent_id"]) == (source, None)
        ev = only_evidence(rows[spin], "rewrite_artefact")
        assert "general English word frequency" in ev["detail"] and ev["weight"] > 0
    # Words the list lacks count as rarest: two texts of them differ in nothing it reads, so it says
    # nothing and the cluster's members decide.
    reference = provenance.reference_rarity()
    assert reference.mean_idf({"zqvkexw", "xqjwvzp"}) == provenance.ZIPF_TOP
    gibberish = [
        text_doc(d, w)
        for d, w in (
            ("a", "zqvkexw xqjwvzp qzxvkw vxqzjk wqxzvk jxqvzw"),
            ("b", "pzqxvj kzvqxw zxvqjp qwzxkv vjzqxp xkqzvw"),
        )
    ]
    assert provenance._rarity_evidence(*(member(d, REGISTRY) for d in gibberish), reference) == []


def test_order_votes_count_the_moved_passages_a_child_keeps_in_either_order():
    a, b, c, d = paragraphs(4)
    mk = lambda name, *ps: text_doc(name, "\n\n".join(ps))  # noqa: E731
    o, u = member(mk("o", a, b, c, d), REGISTRY), member(mk("u", a, c, b, d), REGISTRY)
    with_copy, with_source = order_votes(o, u, member(mk("x", a, c, b), REGISTRY))
    assert with_copy > 0 and with_source == 0
    with_copy, with_source = order_votes(o, u, member(mk("x", a, b, c), REGISTRY))
    assert with_copy == 0 and with_source > 0
    # Passages the copy left where they were say nothing.
    assert order_votes(o, u, member(mk("x", a, d), REGISTRY)) == (0, 0)
    # Two texts' own edits that happen to make one sentence's words ("... the council said") out of
    # another's are no moved passage: the copy changed "told reporters" in c to "said", words b ends
    # with in the source; a child that lost b and made the same edit in c has them where the copy has.
    said = " a spokesperson for the harbour council "
    c = " ".join(c.split()[:16])  # so that one of the child's passages sampled starts at "for"
    c_told, c_said = (c + said + w for w in ("told reporters", "said"))
    o = member(mk("o", a, b + said + "said", c_told, d), REGISTRY)
    u = member(mk("u", a, b + said + "says", c_said, d), REGISTRY)
    assert order_votes(o, u, member(mk("x", a, c_said, d), REGISTRY)) == (0, 0)
    # ... nor at the start of the source, where a place before it (-1) is what the source lacks.
    f, g = paragraphs(2)
    src = member(mk("o", "a0 a1 a2 a3 A B C D E " + f + " " + g), REGISTRY)
    copy = member(
        mk("u", "a0 a1 a2 a3 Q B C D E " + f + " n1 n2 n3 n4 n5 A B C D E n6 n7 n8 n9 n10 " + g), REGISTRY
    )
    assert order_votes(src, copy, copy) == (0, 0)


def test_a_child_keeps_the_paragraph_order_of_the_text_it_was_made_from():
    # "u" swapped two paragraphs of "o"; "x" dropped the last one. The edges make "o" the closer text.
    a, b, c, d = paragraphs(4)
    o, u = "\n\n".join([a, b, c, d]), "\n\n".join([a, c, b, d])
    x = "\n\n".join([a, c, b])
    docs = [text_doc("o", o, hours=0), text_doc("u", u, hours=1), text_doc("x", x, hours=2)]
    edges = [
        even_edge("o", "u", 0.9, 0.9),
        edge("o", "x", jaccard=0.7, contain_src=0.7, contain_dst=1.0, len_ratio=0.75),
        edge("u", "x", jaccard=0.68, contain_src=0.68, contain_dst=0.98, len_ratio=0.75),
    ]
    rows = run(docs, edges)
    assert rows["u"]["parent_id"] == "o" and rows["x"]["parent_id"] == "u"
    ev = only_evidence(rows["x"], "changes_not_carried")
    assert ev["detail"].startswith("u moved passages of o; this document has ")
    assert ev["detail"].endswith("in u's order and none in o's: made from u or a copy of it, not from o")
    # In the source's order it hangs from the source, however close the edges make "u".
    docs[2] = text_doc("x", "\n\n".join([a, b, c]), hours=2)
    edges[1:] = [
        edge("o", "x", jaccard=0.68, contain_src=0.68, contain_dst=0.98, len_ratio=0.75),
        edge("u", "x", jaccard=0.7, contain_src=0.7, contain_dst=1.0, len_ratio=0.75),
    ]
    rows = run(docs, edges)
    assert rows["x"]["parent_id"] == "o"
    ev = only_evidence(rows["x"], "changes_not_carried")
    assert ev["detail"].endswith("in o's order and none in u's: not made from u")


@settings(max_examples=200, deadline=None)
@given(n=st.integers(30, 200), data=st.data())
def test_change_votes_side_with_the_text_a_stretch_was_cut_from(n, data):
    source = UNIQUE[:n]
    # The copy replaces a few words by words the source does not have.
    where = data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=5), label="where")
    copy = _changed(source, {i: UNIQUE[900 + k] for k, i in enumerate(sorted(where))})
    lo = data.draw(st.integers(0, n - 20), label="lo")
    hi = data.draw(st.integers(lo + 20, n), label="hi")
    in_range = [i for i in where if lo <= i < hi]
    mk = _words_member
    o, c = mk("o", source), mk("c", copy)
    # Cut from the source: the child keeps every replaced word of its stretch and carries no new one
    # (None when the changes leave the copy no 5-word run of the child's, e.g. one every five words).
    votes = change_votes(o, c, mk("x", source[lo:hi]))
    unchanged_run = any(not where & set(range(i, i + 5)) for i in range(lo, hi - 4))
    assert (votes is not None) == unchanged_run
    if votes is not None:
        assert votes.carried == 0 and votes.kept == len(in_range) and votes.removed == len(in_range)
        assert set(votes.examples) <= {source[i] for i in in_range}
    # Cut from the copy: it carries every change of its stretch and keeps none of the replaced words
    # (None: the changes left no word n-gram of the child in the source).
    votes = change_votes(o, c, mk("x", copy[lo:hi]))
    assert votes is None or (votes.carried, votes.added, votes.kept, votes.stretch) == (
        len(in_range),
        len(in_range),
        0,
        hi - lo,
    )
    if votes is not None and in_range:
        assert votes.with_source == 0 < KEPT_WORDS_MIN


def _house_styled() -> tuple[list[str], list[str]]:
    """A source's words and a copy's that changed them in place as a republishing desk does: "told
    reporters" -> "said" and "on monday" -> "monday", words the text has elsewhere too."""
    body = UNIQUE[:120]
    told = [
        *body[:30],
        "told",
        "reporters",
        *body[30:60],
        "on",
        "monday",
        *body[60:90],
        "said",
        "on",
        *body[90:],
    ]
    said = [*body[:30], "said", *body[30:60], "monday", *body[60:90], "said", "on", *body[90:]]
    return told, said


def test_small_edits_are_found_in_place_and_a_child_sides_with_one_text_on_each():
    told, said = _house_styled()
    mk = _words_member
    o, c = mk("o", told), mk("c", said)
    edits = small_edits(o, c)
    assert [(old, new) for _, old, new, _ in edits] == [
        (("told", "reporters"), ("said",)),
        (("on",), ()),
    ]
    assert edits[0][0] == tuple(told[28:30]) and edits[0][3] == tuple(told[32:34])
    # A copy that opens with a passage from late in the source (a pull quote) still has them.
    pulled = mk("c2", [*told[110:118], *said])
    assert [(e.old, e.new) for e in small_edits(o, pulled)] == [(e.old, e.new) for e in edits]
    # The content-word votes see one of the two ("reporters": "told" and "on" are small words, and
    # "said" is in both texts), too few to rule the copy out.
    assert change_votes(o, c, mk("x", told[:100])).removed == 1 < KEPT_WORDS_MIN
    with_source, with_copy = edit_votes(edits, mk("x", told[20:100]))
    assert with_source == {(("told", "reporters"), ("said",)), (("on",), ())} and not with_copy
    with_source, with_copy = edit_votes(edits, mk("x", said[20:100]))
    assert with_copy == {(("told", "reporters"), ("said",)), (("on",), ())} and not with_source
    # A child covering neither place, or changing it itself, has no vote; small words alone count only
    # for a child that does not reword (content_only).
    assert edit_votes(edits, mk("x", told[70:])) == (set(), set())
    assert edit_votes(edits, mk("x", [*told[:30], "stated", *told[32:100]]))[0] == {(("on",), ())}
    assert edit_votes(edits, mk("x", told[20:100]), content_only=True) == (
        {(("told", "reporters"), ("said",))},
        set(),
    )


def test_a_rewording_child_is_held_to_two_edits_of_a_content_word():
    # "c" copied "o" with edits in place that the word-set votes cannot see ("monday" -> "tuesday": both
    # words are in both texts elsewhere; "told reporters" -> "said": only "reporters" is lost). "x"
    # rewords "o" throughout (a spin: other words swapped) and has the edits as "o" has them. The edges
    # make "c" the closer text.
    body = UNIQUE[:120]
    tail = [*body[60:90], "monday", "tuesday", *body[90:]]
    o = [*body[:30], "told", "reporters", *body[30:60], "monday", *tail]
    c_two = [*body[:30], "said", *body[30:60], "tuesday", *tail]  # two edits of a content word
    c_one = [*body[:30], "said", *body[30:60], "monday", *tail]  # one
    c_small = [*body[:30], "said", *body[30:45], "on", *body[45:60], "monday", *tail]  # one, and "on" added
    x = _changed(o, {i: UNIQUE[600 + i] for i in range(3, len(o), 7) if i not in (31, 45, 59, 66)})
    edges = [
        even_edge("c", "o", 0.95, 0.97),
        even_edge("c", "x", 0.62, 0.75, run=0.6),
        even_edge("o", "x", 0.6, 0.74, run=0.6),
    ]

    def parent_of_x(c: list[str]) -> dict:
        docs = [text_doc("o", " ".join(o), hours=0), text_doc("c", " ".join(c), hours=1)]
        rows = run([*docs, text_doc("x", " ".join(x), hours=2)], edges)
        assert rows["c"]["parent_id"] == "o" and rows["x"]["relation"] == "spin"
        return rows["x"]

    row = parent_of_x(c_two)
    assert row["parent_id"] == "o"
    ev = only_evidence(row, "changes_not_carried")
    assert "this document has 2 of them as o has them" in ev["detail"]
    # One edit, or one and a small word's (a rewording puts small words back), is not enough.
    assert parent_of_x(c_one)["parent_id"] == "c"
    assert parent_of_x(c_small)["parent_id"] == "c"


def test_a_small_edit_whose_readings_do_not_tell_the_texts_apart_is_no_vote():
    # "the bureau of labor statistics" is twice in the source; the copy changed "of" at one place only.
    # A child has the source's reading wherever it keeps the other place: no vote, either way.
    body = UNIQUE[:100]
    phrase = ["the", "bureau", "of", "labor", "statistics"]
    source = [*body[:30], *phrase, *body[30:60], *phrase, *body[60:]]
    copy = [*body[:30], *phrase, *body[30:60], "the", "bureau", "about", "labor", "statistics", *body[60:]]
    mk = _words_member
    assert small_edits(mk("o", source), mk("c", copy)) == []


@settings(max_examples=200, deadline=None)
@given(n=st.integers(40, 200), data=st.data())
def test_small_edits_are_each_change_of_a_copy_and_a_cut_child_sides_with_its_text(n, data):
    source = UNIQUE[:n]
    # The copy replaces single words at least 7 apart (each between two runs the texts share).
    where = sorted(data.draw(st.sets(st.integers(6, n - 7), max_size=6), label="where"))
    where = [i for k, i in enumerate(where) if k == 0 or i - where[k - 1] >= 7]
    copy = _changed(source, {i: UNIQUE[900 + k] for k, i in enumerate(where)})
    mk = _words_member
    edits = small_edits(mk("o", source), mk("c", copy))
    assert [(old, new) for _, old, new, _ in edits] == [((source[i],), (copy[i],)) for i in where]
    lo = data.draw(st.integers(0, n - 20), label="lo")
    hi = data.draw(st.integers(lo + 20, n), label="hi")
    inside = {((source[i],), (copy[i],)) for i in where if lo + EDIT_CONTEXT <= i < hi - EDIT_CONTEXT}
    assert edit_votes(edits, mk("x", source[lo:hi])) == (inside, set())
    assert edit_votes(edits, mk("x", copy[lo:hi])) == (set(), inside)


def test_a_copy_that_lacks_a_copys_house_edits_hangs_from_the_source():
    # "c" copied "o" re-styling two places ("told reporters" -> "said", "on monday" -> "monday"); "x" is
    # another copy of "o", as "o" has them. The edges make "c" the closer text, but a copy of "c" would
    # have its edits: "x" was made from "o".
    told, said = _house_styled()
    o, c, x = " ".join(told), " ".join(said), " ".join(told[:110])
    docs = [text_doc("o", o, hours=0), text_doc("c", c, hours=1), text_doc("x", x, hours=2)]
    edges = [
        even_edge("c", "o", 0.95, 0.97),
        edge("c", "x", jaccard=0.93, contain_src=0.93, contain_dst=1.0, len_ratio=0.9),
        edge("o", "x", jaccard=0.9, contain_src=0.9, contain_dst=0.99, len_ratio=0.9),
    ]
    rows = run(docs, edges)
    assert rows["c"]["parent_id"] == "o" and rows["x"]["parent_id"] == "o"
    ev = only_evidence(rows["x"], "changes_not_carried")
    assert ev["detail"].startswith("c made small edits of o; this document has 2 of them as o has them")
    assert ev["detail"].endswith("and 0 as c made them: not made from c")
    # One such place is enough for a copy or an excerpt ("x" covers only the first).
    docs[2] = text_doc("x", " ".join(told[:50]), hours=2)
    short = [
        edges[0],
        edge("c", "x", jaccard=0.42, contain_src=0.42, contain_dst=1.0, len_ratio=0.4),
        edge("o", "x", jaccard=0.4, contain_src=0.4, contain_dst=0.98, len_ratio=0.4),
    ]
    rows = run(docs, short)
    assert rows["x"]["parent_id"] == "o"
    ev = only_evidence(rows["x"], "changes_not_carried")
    assert "has 1 of them as o has them (e.g. 'told reporters' where c has 'said')" in ev["detail"]
    # A copy of "c" has them as "c" made them: it hangs from "c".
    docs[2] = text_doc("x", " ".join(said[:108]), hours=2)
    rows = run(docs, edges)
    assert rows["x"]["parent_id"] == "c"


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Council backs the bridge plan | Harbor Ledger", {"Harbor Ledger"}),
        ("Council backs the bridge plan - Reuters", {"Reuters"}),
        ("Council backs the bridge plan – The Harbor Ledger — News", {"Harbor Ledger", "News"}),
        ("Council backs state-run bridge plan", set()),
        ("Harbor Ledger", set()),  # a title that is only a name has no suffix
        (None, set()),
    ],
)
def test_title_outlets_reads_the_site_names_after_a_headline(title, named):
    assert title_outlets(title, REGISTRY) == named


def test_a_title_keeping_another_pages_site_name_orders_two_identical_texts():
    # Undated, two pages with the same text: nothing in the text orders them, and the first by id
    # ("a1") would be taken for the source. "a1"'s headline keeps "b1"'s site name: it copied b1's page.
    docs = [
        doc("a1", outlet="Clear Times", title="Bridge reopens | Harbor Ledger"),
        doc("b1", outlet="Harbor Ledger", title="Bridge reopens"),
    ]
    edges = [even_edge("a1", "b1", 1.0, 1.0, score=1.0)]
    rows = run(docs, edges)
    assert rows["b1"]["parent_id"] is None and rows["a1"]["parent_id"] == "b1"
    ev = only_evidence(rows["a1"], "title_credit")
    assert ev["detail"] == "a1's title names Harbor Ledger: 'Bridge reopens | Harbor Ledger'"
    # Without the site name, the id order stands.
    docs[0] = doc("a1", outlet="Clear Times", title="Bridge reopens")
    assert run(docs, edges)["b1"]["parent_id"] == "a1"


def _identical_edges(*pairs: tuple[str, str]) -> list[dict]:
    """Edges between texts that are word for word the same."""
    same = {"jaccard": 1.0, "contain_src": 1.0, "contain_dst": 1.0, "len_ratio": 1.0, "score": 1.0}
    return [edge(a, b, **same) for a, b in pairs]


def test_among_equal_copies_the_one_whose_site_name_the_title_keeps_is_the_parent():
    # "u1" and "u2" copied "o" word for word; "c" is the same text again. All three explain it alike and
    # the most source-like ("o") would win; c's headline keeps u2's site name: c copied u2's page.
    docs = [
        doc("o", outlet="Harbor Ledger", hours=0),
        doc("u1", outlet="Clear Times", hours=1),
        doc("u2", outlet="Pine Daily", hours=2, title="Bridge reopens - Pine Daily"),
        doc("c", outlet="Metro Wire", hours=3, title="Bridge reopens - Pine Daily"),
    ]
    edges = _identical_edges(("c", "o"), ("c", "u1"), ("c", "u2"), ("o", "u1"), ("o", "u2"), ("u1", "u2"))
    rows = run(docs, edges)
    assert [rows[d]["parent_id"] for d in ("o", "u1", "u2", "c")] == [None, "o", "o", "u2"]
    docs[3] = doc("c", outlet="Metro Wire", hours=3, title="Bridge reopens")
    assert run(docs, edges)["c"]["parent_id"] == "o"


def test_among_equal_copies_the_one_whose_site_its_site_text_names_is_the_parent():
    # As above, but c translated u2's whole page: u2's masthead came along, with its name kept (names are
    # not translated). A dateline's agency does not count: copies of copies carry it on.
    docs = [
        doc("o", outlet="Harbor Ledger", hours=0),
        doc("u1", outlet="Clear Times", hours=1),
        doc("u2", outlet="Pine Daily", hours=2),
        doc("c", outlet="Metro Wire", hours=3, chrome=("Jou Pine Daily", "Goun | Lokal | Sport")),
    ]
    edges = _identical_edges(("c", "o"), ("c", "u1"), ("c", "u2"), ("o", "u1"), ("o", "u2"), ("u1", "u2"))
    rows = run(docs, edges)
    assert [rows[d]["parent_id"] for d in ("o", "u1", "u2", "c")] == [None, "o", "o", "u2"]
    # Not inside another word, and not when c's cues name that outlet (a photo credit, a dateline).
    for chrome, cues in [
        (("Jou Pine Dailygram",), None),
        (("Jou Pine Daily",), [{"kind": "photo_credit", "outlet": "Pine Daily", "text": "(Pine Daily)"}]),
    ]:
        docs[3] = doc("c", outlet="Metro Wire", hours=3, chrome=chrome, cues=cues)
        assert run(docs, edges)["c"]["parent_id"] == "o"


@pytest.mark.parametrize(
    "site, chrome, named",
    [
        ("Pine Daily", "Jou Pine Daily", "Pine Daily"),
        ("Pine Daily", "PINE DAILY | Lokal", "Pine Daily"),  # a masthead in capitals
        ("pinedaily.net", "Source: https://pinedaily.net/a/1", "pinedaily.net"),
        ("ClearPulse", "Jou ClearPulse", "ClearPulse"),
        ("Slate", "Related: A clean Slate for the council", None),  # a one-word name that is a word
        ("Pine Daily", "pine daily deals", None),  # not as the site writes it
        ("Metro", "Metro Wire | News", None),  # inside the page's own site name
        ("Daily News", "Latest Daily News | Sport", None),  # words every masthead uses
        ("The Times", "Times of the day", None),
        ("Vox", "Vox populi", None),  # too short to tell
        ("Pine Daily", "Pine Dailygram", None),  # not a whole word
    ],
)
def test_names_site_finds_a_distinctive_site_name_in_another_pages_site_text(site, chrome, named):
    u = member(doc("u", outlet=site), REGISTRY)
    child = member(doc("c", outlet="Metro Wire", chrome=(chrome,)), REGISTRY)
    assert names_site(u, child) == named


def test_siblings_both_hang_from_the_source_not_from_each_other():
    docs = [doc("c1", hours=5), doc("c2", hours=5), doc("s", hours=0)]
    edges = [edge("c1", "c2"), edge("c1", "s"), edge("c2", "s")]
    rows = run(docs, edges)
    assert rows["s"]["parent_id"] is None
    assert rows["c1"]["parent_id"] == "s" and rows["c2"]["parent_id"] == "s"
    assert rows["c1"]["depth"] == rows["c2"]["depth"] == 1


@pytest.mark.parametrize(
    "a_t, b_t, parent",
    [
        ((0.80, 0.35), (0.78, 0.95), "b"),  # t translates the excerpt b: the full text a is too long
        ((0.80, 0.90), (0.88, 0.90), "b"),  # b's names line up clearly better
        ((0.80, 0.90), (0.815, 0.90), "a"),  # within the window: the earlier, more source-like one
        # The names' order where it was measured: b's score is higher, a's names line up better.
        ((0.70, 0.90, 0.95), (0.75, 0.90, 0.85), "a"),
        ((0.70, 0.90, 0.85), (0.75, 0.90, None), "a"),
    ],
)
def test_the_parent_of_a_translation(a_t, b_t, parent):
    """A translation's parent: how well its names line up (else the edge's score), less a penalty for a
    candidate much longer than it (a translated excerpt), compared within a window of a name or two."""
    docs = [doc("a", hours=0), doc("b", hours=2), doc("t", hours=5)]
    edges = [
        edge("a", "b", contain_src=0.4, contain_dst=0.98, len_ratio=0.4),
        edge("a", "t", score=a_t[0], kind="translation", len_ratio=a_t[1]),
        edge("b", "t", score=b_t[0], kind="translation", len_ratio=b_t[1]),
    ]
    for e, measured in zip(edges[1:], (a_t, b_t), strict=True):
        e["name_overlap"] = measured[2] if len(measured) > 2 else None
    rows = run(docs, edges)
    assert rows["b"]["parent_id"] == "a"
    assert rows["t"]["parent_id"] == parent
    assert rows["t"]["relation"] == "translation"


@pytest.mark.parametrize(
    "t2_t1, parent, rel",
    [
        # The same words as t1: a second translation of e, not a copy of t1.
        (dict(jaccard=1.0, contain_src=1.0, contain_dst=1.0, len_ratio=1.0), "e", "translation"),
        # t2 lost a line of t1 (or was re-typeset): a copy of that translation.
        (dict(jaccard=0.9, contain_src=1.0, contain_dst=0.9, len_ratio=0.9), "t1", "copy"),
        (dict(jaccard=0.985, contain_src=0.99, contain_dst=0.99, len_ratio=1.0), "t1", "copy"),
    ],
)
def test_a_translation_identical_to_an_earlier_one_hangs_from_their_source(t2_t1, parent, rel):
    docs = [doc("e", hours=0), doc("t1", hours=2), doc("t2", hours=4)]
    edges = [
        edge("e", "t1", score=0.85, kind="translation"),
        edge("e", "t2", score=0.85, kind="translation"),
        edge("t1", "t2", kind="near_copy", **t2_t1),
    ]
    rows = run(docs, edges)
    assert rows["t1"]["parent_id"] == "e" and rows["t1"]["relation"] == "translation"
    assert rows["t2"]["parent_id"] == parent and rows["t2"]["relation"] == rel
    # Without the translation link to e, the identical text is t2's only candidate.
    rows = run(docs, edges[:1] + edges[2:])
    assert rows["t2"]["parent_id"] == "t1"


def test_siblings_crediting_the_source_outlet_hang_from_it():
    docs = [
        doc("a", outlet="Politico", credited=("AP",)),
        doc("b", outlet="The Hill", credited=("AP",)),
        doc("z", outlet="AP"),
    ]
    edges = [edge("a", "b", jaccard=0.95), edge("a", "z", jaccard=0.95), edge("b", "z", jaccard=0.95)]
    rows = run(docs, edges)
    assert rows["z"]["parent_id"] is None and rows["z"]["root_outlet"] == "AP"
    assert rows["a"]["parent_id"] == rows["b"]["parent_id"] == "z"
    assert rows["a"]["relation"] == "copy"


@pytest.mark.parametrize(
    "related",
    [
        "Related: Town hall votes on new parking rules",
        # Words of the generic boilerplate inside a headline do not make it generic.
        "Related: Residents' thoughts on the postal strike",
        "Related: Platform tightens its community standards on hate speech",
        "Related: Shareholders revolt over pay at the utility",
    ],
)
def test_sibling_that_inherited_site_chrome_is_the_parent_of_its_copy(related):
    docs = [doc("s", hours=0), doc("m", hours=5, chrome=(related,)), doc("n", hours=6, chrome=(related,))]
    edges = [edge("m", "n"), edge("m", "s"), edge("n", "s")]
    rows = run(docs, edges)
    assert rows["m"]["parent_id"] == "s"
    assert rows["n"]["parent_id"] == "m"
    assert any(e["kind"] == "inherited_chrome" for e in rows["n"]["evidence"])


@pytest.mark.parametrize(
    "boilerplate",
    [
        "You must be logged in to post a comment. Read our community guidelines.",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Get breaking news alerts delivered straight to your phone.",
        "3 thoughts on this story",
        '12 thoughts on "Council votes to extend ferry service"',
        "Share this article",
        # A breadcrumb ("Home » Climate » <headline>"), its guillemets normalised to straight quotes:
        # every copy shares the headline, and sites built from one template the rest.
        'Home " Climate " Building collapse: what tenants need to know',
    ],
)
def test_comment_form_boilerplate_on_two_pages_is_not_inherited(boilerplate):
    # Publishing software writes these lines on every page of many sites: two copies sharing one
    # inherited nothing from each other, so both hang from the source.
    docs = [
        doc("s", hours=0),
        doc("m", hours=5, chrome=(boilerplate,)),
        doc("n", hours=6, chrome=(boilerplate,)),
    ]
    edges = [edge("m", "n"), edge("m", "s"), edge("n", "s")]
    rows = run(docs, edges)
    assert rows["m"]["parent_id"] == rows["n"]["parent_id"] == "s"
    assert not any(e["kind"] == "inherited_chrome" for r in rows.values() for e in r["evidence"])


def test_a_readers_comment_under_two_pages_is_not_inherited():
    # The same comment under two copies is chance or spam: both hang from the source. The site's own
    # "Related:" line after the comments still counts.
    comment = (
        "3 thoughts on this story",
        "Dana_12 says:",
        "Who is paying for all of this? Follow the money.",
    )
    docs = [
        doc("s", hours=0),
        doc("m", hours=5, chrome=(*comment, "Reply")),
        doc("n", hours=6, chrome=(*comment, "Reply")),
    ]
    edges = [edge("m", "n"), edge("m", "s"), edge("n", "s")]
    rows = run(docs, edges)
    assert rows["m"]["parent_id"] == rows["n"]["parent_id"] == "s"
    related = "Related: Town hall votes on new parking rules"
    docs[1] = doc("m", hours=5, chrome=(*comment, "Reply", related))
    docs[2] = doc("n", hours=6, chrome=(*comment, "Reply", related))
    rows = run(docs, edges)
    assert rows["n"]["parent_id"] == "m"


def test_crediting_ones_own_outlet_is_not_evidence_against_oneself():
    dateline = {"kind": "dateline", "outlet": "AP", "text": "WASHINGTON (AP)"}
    docs = [
        doc("x", outlet="AP", credited=("AP",), cues=[dateline], hours=0),
        doc("y", outlet="AP", hours=10),
    ]
    rows = run(docs, [edge("x", "y")])
    assert rows["x"]["parent_id"] is None
    assert rows["y"]["parent_id"] == "x"


def test_chain_of_three():
    docs = [doc("a", hours=0), doc("b", hours=6), doc("c", hours=12)]
    rows = run(docs, [edge("a", "b"), edge("b", "c")])
    assert rows["c"]["chain"] == ["a", "b", "c"] and rows["c"]["depth"] == 2
    assert rows["c"]["root_id"] == "a"


# --- roots ---------------------------------------------------------------------------------------------


def test_lone_document_crediting_axios_has_an_external_root():
    cue = {"kind": "like_this_story", "outlet": "Axios", "text": "Like this story? Find out more from Axios."}
    rows = run([doc("x", outlet="Daily Blog", credited=("Axios",), cues=[cue])], [])
    row = rows["x"]
    assert (row["root_outlet"], row["root_id"], row["parent_id"]) == ("Axios", None, None)
    assert row["chain"] == ["outlet:Axios", "x"]
    assert row["depth"] == 1
    assert row["relation"] == "copy"
    assert row["evidence"][0]["kind"] == "attribution"


_PLUG = {"kind": "plug", "outlet": "Axios", "text": "Get more news like this with Axios Markets. Sign up."}


@pytest.mark.parametrize(
    "first_cues, crediting, external",
    [
        ([_PLUG], 2, True),  # names Axios as its copies do, which credit it: one more copy
        ([], 2, False),  # names no outlet: it may be Axios's own text
        ([_PLUG], 1, False),  # one of three others credits Axios: not most
    ],
)
def test_first_member_without_outlet_or_credit(first_cues, crediting, external):
    """A text without outlet or credit that ranks first (its date here) is the original of the outlet
    the others credit, unless it names that outlet the way they do (a plug line) and most of them
    credit it: then its credit line was lost (an MT round trip rewrote it) and it is a copy."""
    docs = [doc("a", cues=first_cues, hours=0)]
    docs += [doc(f"c{i}", outlet="Daily Blog", credited=("Axios",), hours=2 + i) for i in range(crediting)]
    docs += [doc(f"n{i}", outlet="News Hub", hours=6 + i) for i in range(3 - crediting)]
    rows = run(docs, [edge("a", x["doc_id"]) for x in docs[1:]])
    m = rows["a"]
    if external:
        assert (m["parent_id"], m["root_id"], m["root_outlet"], m["chain"]) == (
            None,
            None,
            "Axios",
            ["outlet:Axios", "a"],
        )
        assert "names it as they do" in m["evidence"][0]["detail"]
    else:
        assert (m["parent_id"], m["root_id"], m["chain"]) == (None, "a", ["a"])


_AP_PHOTO = {"kind": "photo_credit", "outlet": "AP", "text": "(AP Photo/Jane Roe)"}


@pytest.mark.parametrize(
    ("cues", "n_copies", "first_outlet", "root"),
    [
        ([_AP_PHOTO], 1, "Daily Blog", "outlet:AP"),  # republished, nobody credits: the photos' outlet
        ([_AP_PHOTO], 0, "Daily Blog", "a"),  # not republished: a page with agency photos of its own
        ([_AP_PHOTO], 1, "Reuters", "a"),  # a source's own page keeps its text, whatever its photos
        ([], 1, "Daily Blog", "a"),
    ],
)
def test_photos_name_the_external_root_only_when_nothing_credits_one(cues, n_copies, first_outlet, root):
    docs = [doc("a", outlet=first_outlet, cues=[dict(c) for c in cues], hours=0)]
    docs += [
        doc(f"c{i}", outlet="News Hub", cues=[dict(c) for c in cues], hours=2 + i) for i in range(n_copies)
    ]
    rows = run(docs, [edge("a", x["doc_id"]) for x in docs[1:]])
    assert rows["a"]["chain"][0] == root
    if root == "outlet:AP":
        evidence = rows["a"]["evidence"][0]
        assert evidence["kind"] == "attribution" and evidence["weight"] == 1.5
        assert "(AP Photo/Jane Roe)" in evidence["detail"]
    # A text credit outranks the photos.
    if n_copies:
        docs[1] = doc("c0", outlet="News Hub", credited=("Reuters",), cues=None, hours=2)
        docs[1]["cues"].append(dict(_AP_PHOTO))
        rows = run(docs, [edge("a", "c0")])
        assert rows["a"]["root_outlet"] == ("Reuters" if first_outlet == "Daily Blog" else first_outlet)


@pytest.mark.parametrize(
    ("byline", "root"),
    [
        ("By Joaquin Esparza, Sentinel staff", "a"),
        ("By Jane Roe | Staff Writer", "a"),
        ("Staff reporter", "a"),
        ("By Jane Roe", "outlet:AP"),  # a name alone: an agency's byline a copy kept, as likely
        ("By the staff of the clinic, who", "outlet:AP"),
    ],
)
def test_a_staff_story_with_an_agency_photo_is_its_own_root(byline, root):
    """A local paper's own story, signed by its staff, runs an agency's picture: the photo credit says
    whose picture it is, not whose text."""
    docs = [
        doc(
            "a",
            outlet="Valle Alto Sentinel",
            cues=[dict(_AP_PHOTO)],
            hours=0,
            chrome=("Valle Alto Sentinel", byline),
        ),
        doc("c0", outlet="News Hub", cues=[dict(_AP_PHOTO)], hours=2),
    ]
    rows = run(docs, [edge("a", "c0")])
    assert rows["a"]["chain"][0] == root
    assert rows["c0"]["root_id"] == ("a" if root == "a" else None)


def test_copies_of_an_absent_original_are_siblings_not_a_chain():
    # x credits Axios, which has no document here; y, a later copy, shows nothing of x's own: both were
    # made from Axios's text.
    docs = [doc("x", outlet="News Hub", credited=("Axios",), hours=0), doc("y", hours=8)]
    rows = run(docs, [edge("x", "y")])
    assert (rows["y"]["parent_id"], rows["y"]["root_id"], rows["y"]["root_outlet"]) == (None, None, "Axios")
    assert rows["y"]["chain"] == ["outlet:Axios", "y"] and rows["y"]["depth"] == 1
    assert rows["y"]["evidence"][0]["kind"] == "absent_source" and "x" in rows["y"]["evidence"][0]["detail"]
    assert "claim absent_source" in rows["y"]["evidence"][-1]["detail"]
    assert rows["x"]["chain"] == ["outlet:Axios", "x"]


_AXIOS_LINE = "This story originally appeared on Axios."


def _axios_copy(doc_id: str, outlet: str, hours: float, line: str = _AXIOS_LINE) -> dict:
    cue = {"kind": "first_appeared", "outlet": "Axios", "text": line}
    return doc(doc_id, outlet=outlet, credited=("Axios",), cues=[cue], hours=hours, chrome=(line,))


def test_copies_with_the_outlets_standard_credit_line_stay_siblings():
    """Three sites run an absent Axios story, each with Axios's credit line word for word: the line came
    with the story, not from the first copy."""
    docs = [
        _axios_copy("x", "News Hub", 0),
        _axios_copy("y", "Pine Daily", 2),
        _axios_copy("z", "Bay Post", 4),
    ]
    rows = run(docs, [edge("x", "y"), edge("x", "z"), edge("y", "z")])
    for d in "xyz":
        assert (rows[d]["parent_id"], rows[d]["root_outlet"], rows[d]["chain"]) == (
            None,
            "Axios",
            ["outlet:Axios", d],
        )
    # A copy whose credit line another member words otherwise carries it from the first copy.
    docs[2] = _axios_copy("z", "Bay Post", 4, "This article first appeared in Axios.")
    rows = run(docs, [edge("x", "y"), edge("x", "z"), edge("y", "z")])
    assert rows["y"]["parent_id"] == "x"
    assert any(
        e["kind"] == "made_from_member" and "originally appeared" in e["detail"]
        for e in rows["y"]["evidence"]
    )


def _news_hub_copy_of_axios() -> dict:
    """x: News Hub's copy of an Axios story that is not in the corpus, with a link News Hub added."""
    return doc(
        "x",
        outlet="News Hub",
        credited=("Axios",),
        hours=0,
        chrome=("Read more: Harbour bridge reopens after repairs",),
    )


@pytest.mark.parametrize(
    "shows",
    [
        {"credited": ("News Hub",)},  # y credits x's site
        {"title": "Council passes budget | News Hub"},  # y's title keeps x's site name
        {"chrome": ("Read more: Harbour bridge reopens after repairs",)},  # a link x added, carried along
    ],
)
def test_copy_of_an_external_root_extends_its_chain_when_it_shows_it(shows):
    x = _news_hub_copy_of_axios()
    rows = run([x, doc("y", hours=8, **shows)], [edge("x", "y")])
    assert rows["y"]["parent_id"] == "x"
    assert rows["y"]["chain"] == ["outlet:Axios", "x", "y"]
    assert rows["y"]["depth"] == 2
    assert (rows["y"]["root_id"], rows["y"]["root_outlet"]) == (None, "Axios")
    assert any(e["kind"] == "made_from_member" for e in rows["y"]["evidence"])


@pytest.mark.parametrize(
    "shows, parent",
    [
        ({}, None),  # nothing of x's: translated from Axios's text, like x was copied from it
        ({"chrome": ("Jou News Hub", "Goun | Lokal")}, "x"),  # x's masthead, translated with its page
        ({"credited": ("News Hub",)}, "x"),
        # A line x added, but translated: a translation shows its source only by names.
        ({"chrome": ("Read more: Harbour bridge reopens after repairs",)}, None),
    ],
)
def test_a_translation_of_an_absent_originals_copy_hangs_from_it_only_when_it_shows_it(shows, parent):
    x = _news_hub_copy_of_axios()
    rows = run([x, doc("t", hours=8, **shows)], [edge("t", "x", score=0.8, kind="translation")])
    assert rows["t"]["parent_id"] == parent
    assert (rows["t"]["root_id"], rows["t"]["root_outlet"]) == (None, "Axios")
    if parent is None:
        assert rows["t"]["chain"] == ["outlet:Axios", "t"]
        assert rows["t"]["evidence"][0]["kind"] == "absent_source"
    else:
        assert rows["t"]["relation"] == "translation"
        why = only_evidence(rows["t"], "made_from_member")
        assert "News Hub" in why["detail"]


@pytest.mark.parametrize("credited, parent", [((), None), (("News Hub",), "x")])
def test_a_member_linked_only_to_later_ones_in_a_cluster_of_an_absent_original(credited, parent):
    # z joined the cluster through w alone (an excerpt of the part w shares with it): nothing ties it to
    # x, so it was made from Axios's text too, unless it credits x's site.
    docs = [
        doc("x", outlet="News Hub", credited=("Axios",), hours=0),
        doc("z", hours=2, credited=credited),
        doc("w", hours=6),
    ]
    rows = run(docs, [edge("w", "x"), edge("w", "z")])
    assert rows["z"]["parent_id"] == parent
    assert (rows["z"]["root_id"], rows["z"]["root_outlet"]) == (None, "Axios")
    if parent is None:
        assert rows["z"]["chain"] == ["outlet:Axios", "z"]
        assert "linked by text to no earlier member" in rows["z"]["evidence"][0]["detail"]
        assert rows["z"]["relation"] == "rewrite"  # not read off its link to w, which may be its copy
    else:
        assert any(e["kind"] == "no_text_link" for e in rows["z"]["evidence"])


@pytest.mark.parametrize(
    "shows",
    [
        {"chrome": ("Jou Pine Daily",)},
        {"title": "Bridge reopens | Pine Daily"},
        {"credited": ("Pine Daily",)},
    ],
)
def test_a_member_linked_only_to_later_ones_hangs_from_the_earlier_member_it_names(shows):
    docs = [
        doc("x", outlet="News Hub", credited=("Axios",), hours=0),
        doc("y", outlet="Pine Daily", hours=1),
        doc("z", outlet="Metro Wire", hours=2, **shows),
        doc("w", hours=6),
    ]
    rows = run(docs, [edge("x", "y"), edge("w", "x"), edge("w", "y"), edge("w", "z")])
    assert rows["z"]["parent_id"] == "y"
    assert rows["z"]["chain"] == ["outlet:Axios", "y", "z"]
    why = only_evidence(rows["z"], "made_from_member")
    assert "Pine Daily" in why["detail"]


HARBOUR_STORY = (
    "the harbour board approved a plan on monday to dredge the northern channel before winter storms "
    "arrive and the mayor said the work would keep cargo ships moving through the port all season while "
    "fishermen asked the board to protect the oyster beds near the breakwater during the dredging"
)
# A spinner's odd synonyms for five of the story's words.
SWAPS = {
    "approved": "sanctioned",
    "storms": "tempests",
    "cargo": "freight",
    "moving": "voyaging",
    "protect": "safeguard",
}


def _respun(text: str, swaps: dict[str, str]) -> str:
    return " ".join(swaps.get(w, w) for w in text.split())


def test_a_copy_carrying_a_members_rare_own_words_was_made_from_it():
    counts = {w: 400 for w in set(HARBOUR_STORY.split())} | {w: 2 for w in SWAPS.values()}
    rarity = WordRarity(counts, 1000)
    spun = member(doc("u", outlet="News Hub", text=_respun(HARBOUR_STORY, SWAPS)), REGISTRY)
    others = [member(doc(k, outlet=k, text=HARBOUR_STORY), REGISTRY) for k in ("Bay Times", "Port Daily")]
    copy_of_spun = member(doc("d", outlet="Daily Wire", text=_respun(HARBOUR_STORY, SWAPS)), REGISTRY)
    why = made_from_member(spun, copy_of_spun, others, rarity)
    assert why is not None and "5 of the 5 rare words that only u has" in why
    # A copy of the original lacks them: made from the original, not from u.
    assert (
        made_from_member(
            spun, member(doc("d", outlet="Daily Wire", text=HARBOUR_STORY), REGISTRY), others, rarity
        )
        is None
    )
    # Common words only u has are as often the original's words the others lost: not evidence.
    assert made_from_member(spun, copy_of_spun, others, WordRarity(dict.fromkeys(counts, 400), 1000)) is None
    # With one other member to compare with, or without corpus frequencies, nothing is weighed.
    assert made_from_member(spun, copy_of_spun, others[:1], rarity) is None
    assert made_from_member(spun, copy_of_spun, others) is None


def test_the_absent_originals_copyright_notice_does_not_chain_two_copies():
    # Every copy of an agency story carries the agency's notice: two copies sharing it are siblings.
    notice = ("Copyright 2024 The Associated Press. This material may not be published or redistributed.",)
    x = doc("x", outlet="News Hub", credited=("AP",), hours=0, chrome=notice)
    rows = run([x, doc("y", hours=8, chrome=notice)], [edge("x", "y")])
    assert rows["y"]["parent_id"] is None and rows["y"]["chain"] == ["outlet:AP", "y"]
    # The copying site's own notice is its own line: the copy that carries it was made from that page.
    own = ("© 2024 News Hub. Reprinted with permission.",)
    rows = run([dict(x, chrome_lines=list(own)), doc("y", hours=8, chrome=own)], [edge("x", "y")])
    assert rows["y"]["parent_id"] == "x"


def test_a_members_other_copies_do_not_hide_what_it_passed_on():
    # y added a line; z and w both copied y's page. When z is weighed, w (not yet placed, most like y)
    # may be y's copy too: its having the line does not make the line every copy's.
    line = ("Read more: Harbour bridge reopens after repairs today",)
    docs = [
        doc("x", outlet="News Hub", credited=("Axios",), hours=0),
        doc("y", outlet="Blog A", hours=1, chrome=line),
        doc("z", outlet="Blog B", hours=2, chrome=line),
        doc("w", outlet="Blog C", hours=3, chrome=line),
    ]
    edges = [
        edge("x", "y"),
        edge("x", "z", jaccard=0.5),
        edge("w", "x", jaccard=0.5),
        edge("w", "y", jaccard=0.9),
        edge("w", "z", jaccard=0.8),
        edge("y", "z", jaccard=0.9),
    ]
    rows = run(docs, edges)
    assert rows["y"]["parent_id"] is None and rows["z"]["parent_id"] == "y"
    assert rows["w"]["parent_id"] in ("y", "z")


def test_a_credit_to_a_pages_own_site_does_not_chain_it():
    docs = [
        doc("x", outlet="News Hub", credited=("Axios",), hours=0),
        doc("y", outlet="News Hub", credited=("News Hub",), hours=8),
    ]
    assert run(docs, [edge("x", "y")])["y"]["parent_id"] is None


def test_the_notice_rule_matches_the_outlet_as_a_word():
    # "AP" inside "Newspapers" is not the Associated Press: the copying site's own notice still counts.
    own = ("© 2024 News Hub Newspapers. Reprinted with permission.",)
    x = doc("x", outlet="News Hub", credited=("AP",), hours=0, chrome=own)
    assert run([x, doc("y", hours=8, chrome=own)], [edge("x", "y")])["y"]["parent_id"] == "x"


def test_the_notice_rule_matches_an_outlet_name_ending_in_punctuation():
    # "Harbor News Co." ends with a character that is no word character: the name is still whole in
    # the notice, so the notice is the absent original's and the two copies stay siblings.
    notice = ("Copyright 2024 Harbor News Co. This material may not be published or redistributed.",)
    x = doc("x", outlet="News Hub", credited=("Harbor News Co.",), hours=0, chrome=notice)
    rows = run([x, doc("y", hours=8, chrome=notice)], [edge("x", "y")])
    assert rows["y"]["parent_id"] is None


def test_a_line_every_copy_has_does_not_chain_them():
    # The original's own credit line reaches every copy: it says they share a source, not that y used x.
    line = ("Read more: Harbour bridge reopens after repairs",)
    docs = [
        doc("x", outlet="News Hub", credited=("Axios",), hours=0, chrome=line),
        doc("y", hours=8, chrome=line),
        doc("z", hours=9, chrome=line),
        doc("v", hours=10, chrome=line),
    ]
    # z and v are most like each other: neither is taken for a copy of x or y (which would have their
    # lines), so the line is every copy's.
    edges = [edge("x", "y"), edge("v", "z", jaccard=0.95)]
    edges += [edge(a, b, jaccard=0.5) for a, b in (("x", "z"), ("v", "x"), ("y", "z"), ("v", "y"))]
    rows = run(docs, edges)
    assert [rows[d]["parent_id"] for d in "yzv"] == [None, None, None]
    # Without z, y alone carries x's line: made from x.
    rows = run(docs[:2], [edge("x", "y")])
    assert rows["y"]["parent_id"] == "x"


def test_lone_document_without_cues_is_its_own_original():
    row = run([doc("solo", outlet="Reuters")], [])["solo"]
    assert (
        row["parent_id"],
        row["root_id"],
        row["root_outlet"],
        row["chain"],
        row["depth"],
        row["relation"],
    ) == (None, "solo", "Reuters", ["solo"], 0, "original")


@pytest.mark.parametrize(
    "solo, republisher",
    [
        # A byline naming a registered scraper (real seed 004: "by time news" above an MT'd translation).
        (
            doc(
                "solo",
                cues=[{"kind": "byline", "outlet": "Time News", "text": "by time news"}],
                credited=("Time News",),
            ),
            "Time News",
        ),
        # Published by a registered aggregator, crediting nobody.
        (doc("solo", outlet="Yahoo News"), "Yahoo News"),
    ],
)
def test_a_lone_text_on_a_republisher_is_a_doubtful_original(solo, republisher):
    row = run([solo], [])["solo"]
    assert (row["parent_id"], row["root_id"], row["relation"]) == (None, "solo", "original")
    role = only_evidence(row, "outlet_role")
    assert role["weight"] < 0 and role["detail"].startswith(f"{republisher} is a registered ")
    assert all(e["weight"] <= 0 for e in row["evidence"] if e["kind"] == "attribution")
    # The generator has no such case to calibrate on: the raw score stands, and says so.
    note = only_evidence(row, "calibration")
    assert "claim original_on_republisher" in note["detail"] and "not fitted" in note["detail"]
    assert row["confidence"] < 0.5
    # A lone text on a publisher's site keeps its calibrated original claim.
    own = run([doc("solo", outlet="Reuters")], [])["solo"]
    assert own["confidence"] > 0.9 and "claim original," in own["evidence"][-1]["detail"]


# --- pieces ----------------------------------------------------------------------------------------------


def test_member_reads_the_document_row():
    cues = [
        {"kind": "photo_credit", "outlet": "AP", "text": "(A / AP)"},
        {"kind": "dateline", "outlet": "Reuters", "text": "LONDON (Reuters)"},
        {"kind": "source_link", "outlet": None, "text": "Source link"},
    ]
    m = member(doc("d", outlet="Reuters", credited=("Reuters",), cues=cues, hours=1), REGISTRY)
    assert m.role == "agency"
    assert m.cue_texts == {"Reuters": "dateline: LONDON (Reuters)"}
    assert m.scraper_signals == ["Source link"]
    assert m.published == T0 + timedelta(hours=1)
    assert m.english
    assert "bridge" in m.words and "the" not in m.words


def test_direction_evidence_is_antisymmetric_in_sign():
    u = member(doc("u", outlet="AP", hours=0, n_chars=1000), REGISTRY)
    v = member(
        doc(
            "v",
            outlet="Daily Blog",
            credited=("AP",),
            hours=9,
            n_chars=400,
            cues=[
                {"kind": "via", "outlet": "AP", "text": "via AP"},
                {"kind": "source_link", "outlet": None, "text": "Source link"},
            ],
        ),
        REGISTRY,
    )
    e = edge("u", "v", contain_src=0.4, contain_dst=0.95, len_ratio=0.4)
    forward = direction_evidence(u, v, e, {})
    kinds = {x.kind: x.weight for x in forward}
    assert kinds == {
        "attribution": 6.0,
        "date": 5.0,
        "containment": 1.5,
        "outlet_role": 1.0,
        "scraper_signal": 0.75,
    }
    backward = {x.kind: x.weight for x in direction_evidence(v, u, e, {})}
    assert backward == {k: -w for k, w in kinds.items()}


def test_originality_needs_three_members():
    a = member(doc("a", text="alpha bravo charlie"), REGISTRY)
    b = member(doc("b", text="alpha bravo delta"), REGISTRY)
    c = member(doc("c", text="alpha bravo charlie"), REGISTRY)
    assert originality_scores([a, b]) == {}
    scores = originality_scores([a, b, c])
    assert scores == {"a": 1.0, "b": pytest.approx(2 / 3), "c": 1.0}


@pytest.mark.parametrize(
    ("fields", "child", "expected"),
    [
        ({"kind": "translation"}, "a", "translation"),
        ({"len_ratio": 0.4, "contain_src": 0.95, "contain_dst": 0.4}, "a", "excerpt"),
        ({"len_ratio": 0.4, "contain_src": 0.95, "contain_dst": 0.4, "jaccard": 0.4}, "b", "spin"),
        ({"jaccard": 0.9, "run": 0.95}, "a", "copy"),
        ({"jaccard": 0.5, "run": 0.6}, "b", "spin"),
        ({"jaccard": 0.5, "run": 0.9}, "b", "rewrite"),
    ],
)
def test_relation(fields, child, expected):
    assert relation(edge("a", "b", **fields), child) == expected


def test_relation_of_a_shared_passage_edge_is_rewrite():
    """An edge kept for the passages two texts share (a newspaper story using part of the agency copy) is
    a rewrite, whatever its containment looks like: not spin, which says the whole text was reworded."""
    row = dict(edge("a", "b", jaccard=0.3, run=0.4), decided_by="shared_passage")
    assert relation(dict(row, decided_by="run_coverage"), "b") == "spin"
    assert relation(row, "b") == "rewrite"
    assert relation(row, "a") == "rewrite"


# --- a forest, whatever the evidence -------------------------------------------------------------------

OUTLETS = [None, "AP", "Reuters", "NPR", "Politico", "Daily Blog", "Axios"]


@st.composite
def clusters(draw):
    n = draw(st.integers(1, 7))
    ids = [f"d{i}" for i in range(n)]
    docs = []
    for i in ids:
        credited = tuple(draw(st.lists(st.sampled_from(OUTLETS[1:]), max_size=2, unique=True)))
        chrome = tuple(
            draw(
                st.lists(
                    st.sampled_from(["Related: Storm hits the coast tonight", "Home | News | Sport"]),
                    max_size=1,
                )
            )
        )
        docs.append(
            doc(
                i,
                outlet=draw(st.sampled_from(OUTLETS)),
                credited=credited,
                hours=draw(st.none() | st.integers(0, 48)),
                n_chars=draw(st.integers(100, 3000)),
                text=draw(st.sampled_from([TEXT, TEXT + " amid rain", "bridge reopened thursday", ""])),
                chrome=chrome,
            )
        )
    pairs = [(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    edges = [
        edge(
            a,
            b,
            score=draw(st.sampled_from([0.55, 0.8, 0.9, 0.95])),
            kind=draw(st.sampled_from(["rewrite", "near_copy", "translation"])),
            jaccard=draw(st.floats(0, 1)),
            contain_src=draw(st.floats(0, 1)),
            contain_dst=draw(st.floats(0, 1)),
            run=draw(st.floats(0, 1)),
            len_ratio=draw(st.floats(0.01, 1)),
        )
        for a, b in chosen
    ]
    return docs, edges


@settings(max_examples=100, deadline=None)
@given(clusters())
def test_provenance_is_a_forest(cluster):
    docs, edges = cluster
    rows = infer(docs, edges, "c1", REGISTRY, "fp1")
    assert sorted(r["doc_id"] for r in rows) == sorted(d["doc_id"] for d in docs)
    check_rows(rows, edges)


@settings(max_examples=30, deadline=None)
@given(clusters())
def test_infer_is_deterministic_under_input_order(cluster):
    docs, edges = cluster
    assert infer(docs, edges, "c1", REGISTRY, "fp1") == infer(docs[::-1], edges[::-1], "c1", REGISTRY, "fp1")


# --- ordering ------------------------------------------------------------------------------------------


def agreement(order: list[str], weight: dict[tuple[str, str], float]) -> float:
    return sum(weight.get((a, b), 0.0) for i, a in enumerate(order) for b in order[i + 1 :])


@pytest.mark.parametrize("link_score, root", [(0.999, "o"), (0.9, "c")])
def test_an_early_copy_credited_by_its_own_copies_does_not_take_the_root_from_its_source(link_score, root):
    # "c" (an unknown site) copied the publisher's original "o"; "k1" and "k2" copied "c" and credit
    # its site, so summed evidence ranks "c" first (two credits), yet every pair of "o" says it is the
    # source: "o" is the root when "o" and "c" are one text (a strong link). An independent story
    # joined by a weaker link keeps the summed ranking (it has nothing derived about it either).
    docs = [
        doc("o", outlet="Los Angeles Times"),
        doc("c", outlet="DailyTimesDaily"),
        doc("k1", outlet="Metro Hub", credited=("DailyTimesDaily",)),
        doc("k2", outlet="Swift Brief", credited=("DailyTimesDaily",)),
    ]
    rows = run(docs, [edge("c", "o", score=link_score), edge("c", "k1"), edge("c", "k2")])
    assert rows["k1"]["parent_id"] == rows["k2"]["parent_id"] == "c"
    assert {r["root_id"] for r in rows.values()} == {root}
    if root == "o":
        assert rows["c"]["parent_id"] == "o"
        assert rows["k1"]["chain"] == ["o", "c", "k1"]


def test_direct_evidence_between_two_members_is_not_outvoted_by_their_other_pairs():
    # Summed evidence ranks c above p (c is credited by others, p credits others), but p -> c directly.
    weight = {("r", "c"): 1.0, ("r", "p"): 1.0, ("p", "c"): 1.5}
    weight.update({(b, a): -w for (a, b), w in list(weight.items())})
    assert consistent_order(["r", "c", "p"], weight) == ["r", "p", "c"]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(3, 7).flatmap(
        lambda n: st.tuples(
            st.permutations([f"d{i}" for i in range(n)]),
            st.lists(
                st.sampled_from([-6.0, -2.0, -1.5, -0.75, 0.0, 0.75, 1.5, 2.0, 6.0]),
                min_size=n * n,
                max_size=n * n,
            ),
        )
    )
)
def test_consistent_order_only_ever_raises_the_agreement(case):
    start, values = case
    n = len(start)
    ids = sorted(start)
    weight = {}
    for i, a in enumerate(ids):
        for j, b in enumerate(ids[i + 1 :], i + 1):
            weight[(a, b)], weight[(b, a)] = values[i * n + j], -values[i * n + j]
    result = consistent_order(list(start), weight, max_passes=1000)
    assert sorted(result) == ids
    assert agreement(result, weight) >= agreement(list(start), weight) - 1e-9
    # A local optimum: no single member moved elsewhere raises it.
    best = agreement(result, weight)
    for item in result:
        rest = [x for x in result if x != item]
        for k in range(len(rest) + 1):
            assert agreement(rest[:k] + [item] + rest[k:], weight) <= best + 1e-9


def test_a_short_credit_resolves_to_the_outlet_the_cluster_names():
    post = {"kind": "via", "outlet": "Post", "text": "Source: the Post"}
    docs = [
        doc("a", outlet="Daily Blog", credited=("Post",), cues=[post], hours=0),
        doc("b", outlet="News Hub", credited=("Washington Post",), hours=2),
    ]
    rows = run(docs, [edge("a", "b")])
    assert rows["a"]["root_outlet"] == rows["b"]["root_outlet"] == "Washington Post"
    assert rows["a"]["chain"][0] == "outlet:Washington Post"
    assert "Source: the Post" in rows["a"]["evidence"][0]["detail"]


def test_a_short_credit_resolves_to_the_outlet_a_photo_credit_names():
    # No member credits the Washington Post in full or belongs to it, but a copy kept a photo credit of
    # it: "the Post" is that Post, not one of the registry's other Posts.
    cue = {"kind": "photo_credit", "outlet": "Washington Post", "text": "(The Washington Post Photo/A. Lee)"}
    post = {"kind": "via", "outlet": "Post", "text": "Source: the Post"}
    docs = [
        doc("a", outlet="Daily Blog", credited=("Post",), cues=[post], hours=0),
        doc("b", outlet="News Hub", cues=[cue], hours=2),
    ]
    rows = run(docs, [edge("a", "b")])
    assert rows["a"]["root_outlet"] == rows["b"]["root_outlet"] == "Washington Post"
    # Without the photo credit the short name stays as written.
    rows = run([docs[0], doc("b", outlet="News Hub", hours=2)], [edge("a", "b")])
    assert rows["a"]["root_outlet"] == "Post"


def test_a_short_credit_matching_two_outlets_stays_as_written():
    post = {"kind": "via", "outlet": "Post", "text": "Source: the Post"}
    docs = [
        doc("a", outlet="Daily Blog", credited=("Post",), cues=[post], hours=0),
        doc("b", outlet="News Hub", credited=("Washington Post",), hours=2),
        doc("c", outlet="Other Hub", credited=("Jerusalem Post",), hours=3),
    ]
    registry = build_registry(
        [*REGISTRY.outlets, *parse_registry("Jerusalem Post\tpublisher\tJerusalem Post\n")]
    )
    rows = {r["doc_id"]: r for r in infer(docs, [edge("a", "b"), edge("a", "c")], "c1", registry, "fp1")}
    assert rows["a"]["root_outlet"] == "Post"


# --- rewrite artefacts from corpus word frequencies ---------------------------------------------------

PLAIN = "officials said the city council approved the new budget plan for schools and roads on monday"
SPUN = "authorities mentioned the metropolis assembly sanctioned the recent funds scheme for faculties and routes on monday"


def rarity_of(common: str, rare: str, n_docs: int = 1000) -> WordRarity:
    """Word frequencies of a corpus in which ``common``'s words are everywhere and ``rare``'s nowhere."""
    df = {w: n_docs // 2 for w in content_words(common)}
    df.update({w: 1 for w in content_words(rare) - content_words(common)})
    return WordRarity(df, n_docs)


def spun_cluster(plain: str = PLAIN, spun: str = SPUN) -> tuple[list[dict], list[dict]]:
    """An original, its spin, and a copy of the spin: most members carry the spinner's words."""
    docs = [doc("o", text=plain), doc("s", text=spun), doc("t", text=spun + " today")]
    edges = [
        edge("o", "s", jaccard=0.3, contain_src=0.5, contain_dst=0.5, len_ratio=0.95),
        edge("o", "t", jaccard=0.3, contain_src=0.5, contain_dst=0.5, len_ratio=0.95),
        edge("s", "t", jaccard=0.95, contain_src=0.98, contain_dst=0.97, len_ratio=0.97),
    ]
    return docs, edges


def test_rarer_own_words_mark_the_spin_even_when_most_members_carry_them():
    docs, edges = spun_cluster()
    rows = {r["doc_id"]: r for r in infer(docs, edges, "c1", REGISTRY, "fp1", rarity_of(PLAIN, SPUN))}
    assert rows["o"]["parent_id"] is None and rows["o"]["relation"] == "original"
    assert rows["s"]["parent_id"] == "o"
    assert any(e["kind"] == "rewrite_artefact" and "rarity" in e["detail"] for e in rows["s"]["evidence"])
    check_rows(list(rows.values()), edges)


def test_without_corpus_frequencies_general_english_ones_mark_the_spin(monkeypatch):
    # A corpus too small to count (or none): English word frequencies say the spinner's words are rarer.
    pytest.importorskip("wordfreq")
    docs, edges = spun_cluster(FERRY, FERRY_SPUN)
    for rarity in (None, rarity_of(FERRY, FERRY_SPUN, n_docs=50)):  # too small a corpus to say anything
        rows = {r["doc_id"]: r for r in infer(docs, edges, "c1", REGISTRY, "fp1", rarity)}
        assert rows["o"]["parent_id"] is None and rows["s"]["parent_id"] == "o"
        assert any("general English word frequency" in e["detail"] for e in rows["s"]["evidence"])
    # Without them, words found in no other member mark the rewrite: here that turns the original into
    # the copy (most members carry the spinner's words).
    monkeypatch.setattr(provenance, "reference_rarity", lambda: None)
    rows = {r["doc_id"]: r for r in infer(docs, edges, "c1", REGISTRY, "fp1", None)}
    assert rows["o"]["parent_id"] is not None


# A machine-translation round trip of PLAIN_MT's source: the same content words, other small words.
MT_SOURCE = (
    "The council said it was ready to discuss the plan instead of the budget, and that it would not "
    "allow anyone to close the open door on the issue of the bridge in light of the flood."
)
MT_ROUND_TRIP = (
    "The council said it was ready for discuss this plan instead about a budget, and that it "
    "won't allow anyone for close an open door upon the issue from the bridge in light about the flood."
)


def pair_rarity(common: str, n_docs: int = 1000) -> WordRarity:
    """A corpus in which ``common``'s small-word pairs are in half the documents, all others in none."""
    slots = small_word_pairs(tokens(common))
    return WordRarity({}, n_docs, slots, np.full(len(slots), n_docs // 2))


def test_rarer_small_word_pairs_mark_the_mt_round_trip():
    src, mt = doc("o", text=MT_SOURCE), doc("r", text=MT_ROUND_TRIP)
    e = edge("o", "r", jaccard=0.5, contain_src=0.8, contain_dst=0.8, len_ratio=0.98)
    m_src, m_mt = member(src, REGISTRY), member(mt, REGISTRY)
    assert m_src.words == m_mt.words  # nothing for the word rarity to read
    evidence = direction_evidence(m_src, m_mt, e, {}, pair_rarity(MT_SOURCE))
    (pairs,) = [x for x in evidence if "small-word pairs" in x.detail]
    assert pairs.kind == "rewrite_artefact" and pairs.weight == 2.0  # o is the source
    # The other way round, the same evidence points the other way.
    back = direction_evidence(m_mt, m_src, e, {}, pair_rarity(MT_SOURCE))
    assert [x.weight for x in back if "small-word pairs" in x.detail] == [-2.0]
    # Without the table (a corpus too small, or an older run's frequencies): nothing.
    assert not [
        x for x in direction_evidence(m_src, m_mt, e, {}, WordRarity({}, 1000)) if "pairs" in x.detail
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["the", "of", "council", "bridge", "to", "ready", "a", "flood"]), max_size=40)
)
def test_small_word_pairs_are_sorted_unique_slots(words):
    slots = small_word_pairs(words)
    assert list(slots) == sorted(set(slots.tolist()))
    assert all(0 <= s < PAIR_SLOTS for s in slots)
    expected = {(a, b) for a, b in zip(words, words[1:]) if a in STOPWORDS or b in STOPWORDS}
    assert len(slots) <= len(expected)
    assert (len(slots) == 0) == (len(expected) == 0)


def test_word_rarity_pair_df_looks_slots_up():
    rarity = WordRarity({}, 10, np.array([3, 7, 11]), np.array([1, 5, 9]))
    assert rarity.pair_df(np.array([0, 3, 7, 8, 11, 12])).tolist() == [0, 1, 5, 0, 9, 0]
    assert WordRarity({}, 10, np.zeros(0, dtype=np.int64), np.zeros(0)).pair_df(np.array([4])).tolist() == [0]


def test_word_rarity_mean_idf():
    rarity = WordRarity({"council": 99, "metropolis": 0}, 99)
    assert rarity.mean_idf({"council"}) == pytest.approx(0.0)
    assert rarity.mean_idf({"metropolis"}) == pytest.approx(math.log(100))
    assert rarity.mean_idf({"council", "metropolis"}) == pytest.approx(math.log(100) / 2)


@pytest.mark.parametrize(("held_by_sibling", "parent"), [(0.85, "s"), (0.95, "x")])
def test_sibling_lacking_text_of_the_excerpt_is_not_its_parent(held_by_sibling, parent):
    # c is an excerpt of the long source s (0.99 of it in s). x, a sibling excerpt of c's length, gets the
    # similar-length bonus; holding 0.85 of c it lacks text c has, so it cannot be what c was cut from.
    # Holding 0.95 (a few house-style edits apart) it stays the nearer candidate.
    docs = [doc("c", hours=5, n_chars=1050), doc("s", hours=0, n_chars=3000), doc("x", hours=2, n_chars=1100)]
    edges = [
        edge("c", "s", contain_src=0.99, contain_dst=0.35, len_ratio=0.35, jaccard=0.35),
        edge(
            "c", "x", contain_src=held_by_sibling, contain_dst=held_by_sibling, len_ratio=0.95, jaccard=0.75
        ),
        edge("s", "x", contain_src=0.33, contain_dst=0.95, len_ratio=0.37, jaccard=0.33),
    ]
    rows = run(docs, edges)
    assert rows["s"]["parent_id"] is None and rows["x"]["parent_id"] == "s"
    assert rows["c"]["parent_id"] == parent
    # The steps of the choice, as bench.reprovenance --explain reads them.
    stages: dict = {}
    infer(docs, edges, "c1", REGISTRY, "fp1", stages=stages)
    assert set(stages) == {"c", "x"} and list(stages["c"]) == list(PARENT_STAGES)
    assert sorted(stages["c"]["linked"]) == ["s", "x"]
    assert sorted(stages["c"]["held_text"]) == (["s"] if parent == "s" else ["s", "x"])
    assert stages["c"]["likeness"] == [parent]


ORIGINAL_WORDS = "harbour ferry council vote tariff pier lantern market bridge quarry".split()
REPLACED_WORDS = "seaport boat assembly ballot levy jetty lamp bazaar crossing pit".split()


@pytest.mark.parametrize(
    ("brought_back", "reworded", "is_carrier"),
    [
        (0, False, True),  # a copy of u: none of the words u replaced
        (2, False, False),  # a copy that has 2 of the 10: copied from u's source, not from u
        (2, True, True),  # a spin of u swapped 2 back: still u's child
        (3, True, True),
        (4, True, False),  # 4 of 10 back: the spin was made from u's source
    ],
)
def test_a_rewording_child_may_bring_back_a_few_words_its_parent_replaced(brought_back, reworded, is_carrier):
    # u replaced ten words of p (an OCR'd or spun text); the child has ``brought_back`` of the originals.
    p = text_doc("p", " ".join(ORIGINAL_WORDS) + " " + TEXT)
    u = text_doc("u", " ".join(REPLACED_WORDS) + " " + TEXT)
    child_words = ORIGINAL_WORDS[:brought_back] + REPLACED_WORDS[brought_back:]
    c = text_doc("c", " ".join(child_words) + " " + TEXT)
    members = {d["doc_id"]: member(d, REGISTRY) for d in (p, u, c)}
    rows = {"u": {"parent_id": "p"}}
    if reworded:  # a spin: few long runs kept, much of the text contained
        link = even_edge("c", "u", jaccard=0.5, contain=0.7, run=0.5)
        assert relation(link, "c") == "spin"
    else:
        link = even_edge("c", "u", jaccard=0.9, contain=0.95, run=0.95)
        assert relation(link, "c") == "copy"
    assert CARRIED_BACK < brought_back / 10 <= CARRIED_BACK_REWRITE or brought_back in (0, 4)
    assert _carries_changes("u", members["c"], members, rows, link) is is_carrier


@pytest.mark.parametrize("original_jaccard", [0.96, 0.99])
def test_verbatim_copies_of_an_original_with_its_byline_are_siblings(original_jaccard):
    """The original kept its byline and tagline; three sites copied its story without them, word for
    word alike: each copy hangs from the original, not from the first copy."""
    docs = [doc("o", hours=0, n_chars=1040)] + [
        doc(c, hours=h, n_chars=1000) for c, h in (("c1", 1), ("c2", 2), ("c3", 3))
    ]
    edges = [
        edge(
            "c1",
            "o",
            kind="near_copy",
            score=1.0,
            jaccard=original_jaccard,
            contain_src=1.0,
            contain_dst=0.96,
        )
    ]
    edges += [
        edge(c, "o", kind="near_copy", score=1.0, jaccard=original_jaccard, contain_src=1.0, contain_dst=0.96)
        for c in ("c2", "c3")
    ]
    edges += [
        edge(a, b, kind="near_copy", score=1.0, jaccard=1.0, contain_src=1.0, contain_dst=1.0)
        for a, b in (("c1", "c2"), ("c1", "c3"), ("c2", "c3"))
    ]
    rows = run(docs, edges)
    assert {c: rows[c]["parent_id"] for c in ("c1", "c2", "c3")} == {"c1": "o", "c2": "o", "c3": "o"}
