"""transforms.core.records: input files to canonical records or rejects with file, row and reason."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import REJECT_REASONS, REJECTS, conform
from transforms.core.records import (
    EXCERPT_CHARS,
    Decoding,
    Undecodable,
    canonical_record,
    declared_charset,
    has_time_zone,
    id_stems,
    input_kind,
    is_day_only,
    parse_file,
    parse_text,
    parse_timestamp,
)


def parse(name: str, data: bytes, field_map: dict | None = None) -> list[tuple[str, dict]]:
    return list(parse_file(name, io.BytesIO(data), field_map or {}))


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- file kinds and text files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("a/b.txt", "text"),
        ("x.MD", "text"),
        ("x.jsonl", "jsonl"),
        ("x.ndjson", "jsonl"),
        ("x.csv", "csv"),
        ("x.parquet", "parquet"),
        ("x.json", "json"),
        ("page.HTML", "html"),
        ("page.htm", "html"),
        ("x.xml", "xml"),
        ("feed.RSS", "feed"),
        ("x.atom", "feed"),
        ("x.docx", None),
        ("x", None),
        ("feed.jsonl.gz", "jsonl"),
        ("a.txt.XZ", "text"),
        ("t.parquet.zst", "parquet"),
        ("rows.csv.bz2", "csv"),
        ("x.gz", None),
        ("x.xml.gz", "xml"),
        ("x.docx.gz", None),
        ("crawl.warc", "warc"),
        ("CC-NEWS-2024.warc.gz", "warc"),
    ],
)
def test_input_kind(path, kind):
    assert input_kind(path) == kind


def test_text_file_title_and_body_and_stem_id():
    out = parse("in/000_48e6.txt", b"\n\n# Bridge reopens\nThe bridge reopened.\n\nTraffic is light.\n")
    assert out == [
        (
            "doc",
            {
                "doc_id": "000_48e6",
                "title": "Bridge reopens",
                "text": "The bridge reopened.\n\nTraffic is light.",
                "url": None,
                "outlet": None,
                "published_at": None,
                "lang": None,
                "source_file": "in/000_48e6.txt",
                "source_row": 1,
            },
        )
    ]


def test_text_file_with_bom_and_crlf():
    ((kind, rec),) = parse("a.txt", b"\xef\xbb\xbfTitle\r\nBody line.\r\n")
    assert kind == "doc"
    assert (rec["title"], rec["text"]) == ("Title", "Body line.")


def test_text_file_undecodable():
    # a legacy Cyrillic text (runs of bytes that are not UTF-8): not read as windows-1252
    ((kind, rej),) = parse("in/bad.txt", b"Title\n" + "Мэр сказал".encode("cp1251"))
    assert kind == "reject"
    assert (rej["reason"], rej["source_file"], rej["source_row"], rej["doc_id"]) == (
        "undecodable",
        "in/bad.txt",
        1,
        "bad",
    )
    assert "byte 6" in rej["detail"]
    assert rej["excerpt"].startswith("Title\n")


def test_text_file_with_only_a_title_has_empty_text():
    ((kind, rec),) = list(parse_text("t.txt", b"Only a title\n"))
    assert kind == "doc"
    assert (rec["title"], rec["text"]) == ("Only a title", "")


def test_unsupported_suffix_is_rejected_as_unreadable():
    ((kind, rej),) = parse("data/notes.docx", b"PK")
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", 0)


# --- JSONL ---------------------------------------------------------------------------------------------


def test_jsonl_rows_and_reasons():
    data = jsonl(
        json.dumps({"id": "Ab/c:9", "text": "one"}),
        "",
        "{not json",
        "[1, 2]",
        json.dumps({"title": "no text here"}),
        json.dumps({"text": "two", "extra": 5}),
        json.dumps({"id": 17, "text": "three"}),
        json.dumps({"id": "x", "text": 42}),
    )
    out = parse("in/feed.jsonl", data)
    summary = [(k, r["source_row"], r["doc_id"], r.get("reason")) for k, r in out]
    assert summary == [
        ("doc", 1, "Ab/c:9", None),
        ("reject", 3, None, "malformed_json"),
        ("reject", 4, None, "malformed_record"),
        ("reject", 5, "feed_r5", "missing_text"),
        ("doc", 6, "feed_r6", None),
        ("doc", 7, "17", None),
        ("reject", 8, "x", "malformed_record"),
    ]
    assert out[1][1]["excerpt"] == "{not json\n"
    assert "list" in out[2][1]["detail"]
    assert "extra" not in out[4][1]


def test_given_id_with_spaces_is_kept_exactly():
    out = parse("f.jsonl", jsonl(json.dumps({"id": " a", "text": "x"}), json.dumps({"id": "a", "text": "y"})))
    assert [r["doc_id"] for _, r in out] == [" a", "a"]


def test_jsonl_undecodable_line_does_not_stop_the_file():
    out = parse("f.jsonl", b'{"text": "a"}\n\xff\xfe\n{"text": "b"}\n')
    assert [(k, r["source_row"], r.get("reason")) for k, r in out] == [
        ("doc", 1, None),
        ("reject", 2, "undecodable"),
        ("doc", 3, None),
    ]


def test_jsonl_surrogate_escape_in_text_is_undecodable():
    # A JSON string with a lone low surrogate (what surrogateescape produces for a bad byte).
    ((kind, rej),) = parse("f.jsonl", b'{"id": "s", "text": "a\\udcff b"}\n')
    assert (kind, rej["reason"], rej["doc_id"]) == ("reject", "undecodable", "s")


def test_jsonl_bom_on_first_line():
    ((kind, rec),) = parse("f.jsonl", b'\xef\xbb\xbf{"text": "a"}\n')
    assert (kind, rec["doc_id"]) == ("doc", "f_r1")


def test_field_map_renames_columns():
    data = jsonl(
        json.dumps({"uid": "k1", "body": "story", "site": "Reuters", "headline": "H", "text": "ignored"})
    )
    ((kind, rec),) = parse(
        "f.jsonl", data, {"id": "uid", "text": "body", "outlet": "site", "title": "headline"}
    )
    assert kind == "doc"
    assert (rec["doc_id"], rec["text"], rec["outlet"], rec["title"]) == ("k1", "story", "Reuters", "H")


def test_field_map_missing_mapped_text_names_the_column():
    ((kind, rej),) = parse("f.jsonl", jsonl(json.dumps({"text": "t"})), {"text": "body"})
    assert (kind, rej["reason"]) == ("reject", "missing_text")
    assert "'body'" in rej["detail"]


def test_blank_or_empty_id_falls_back_to_row_id():
    out = parse("s.jsonl", jsonl(json.dumps({"id": "", "text": "a"}), json.dumps({"id": None, "text": "b"})))
    assert [r["doc_id"] for _, r in out] == ["s_r1", "s_r2"]


def test_excerpt_is_capped():
    ((kind, rej),) = parse("f.jsonl", jsonl("{" + "x" * 1000))
    assert kind == "reject" and len(rej["excerpt"]) == EXCERPT_CHARS


_VALID = st.builds(
    lambda t, i: json.dumps({"text": t} if i is None else {"id": i, "text": t}),
    st.text(max_size=20),
    st.none() | st.text(alphabet="abc123", min_size=1, max_size=4),
)
_INVALID = st.text(max_size=20).map(lambda s: "{" + s.replace("\n", " "))
_OTHER = st.sampled_from(["[1]", "3", '"s"', "null", '{"title": "t"}', '{"text": 5}'])
_BLANK = st.sampled_from(["", " ", "\t", "  \t  "])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_VALID, _INVALID, _OTHER, _BLANK), max_size=25))
def test_every_jsonl_line_comes_out_exactly_once(lines):
    out = parse("p.jsonl", jsonl(*lines) if lines else b"")
    nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert [r["source_row"] for _, r in out] == nonblank
    assert all(k in ("doc", "reject") for k, _ in out)
    for kind, rec in out:
        if kind == "reject":
            assert rec["reason"] in REJECT_REASONS
            conform(dict(rec, config_fingerprint="fp"), REJECTS)


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_quoted_multiline_text_missing_text_and_extra_cells():
    data = b'id,title,text\na,T,"multi\nline, text"\nb,T2,\nc,T3,x,extra\n,T4,plain\n'
    out = parse("in/c.csv", data)
    assert [(k, r["source_row"], r["doc_id"], r.get("reason")) for k, r in out] == [
        ("doc", 1, "a", None),
        ("reject", 2, "b", "missing_text"),
        ("reject", 3, None, "malformed_csv"),
        ("doc", 4, "c_r4", None),
    ]
    assert out[0][1]["text"] == "multi\nline, text"
    assert out[2][1]["detail"] == "1 cells beyond the header's columns"


def test_csv_undecodable_row():
    out = parse("c.csv", b"id,text\na,ok\nb," + "Мэр сказал".encode("cp1251") + b"\nc,fine\n")
    assert [(k, r["source_row"], r.get("reason")) for k, r in out] == [
        ("doc", 1, None),
        ("reject", 2, "undecodable"),
        ("doc", 3, None),
    ]


def test_csv_field_map():
    ((kind, rec),) = parse("c.csv", b"key,body\nk9,hello there\n", {"id": "key", "text": "body"})
    assert (kind, rec["doc_id"], rec["text"]) == ("doc", "k9", "hello there")


# --- Parquet -------------------------------------------------------------------------------------------


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def test_parquet_rows():
    table = pa.table(
        {
            "id": ["p1", None, "p3"],
            "text": ["first", "second", None],
            "published_at": pa.array([datetime(2024, 1, 5, 10, 0), None, None], type=pa.timestamp("us")),
            "score": [1.5, float("nan"), 2.0],
        }
    )
    out = parse("in/t.parquet", parquet_bytes(table))
    assert [(k, r["source_row"], r["doc_id"], r.get("reason")) for k, r in out] == [
        ("doc", 1, "p1", None),
        ("doc", 2, "t_r2", None),
        ("reject", 3, "p3", "missing_text"),
    ]
    assert out[0][1]["published_at"] == "2024-01-05T10:00:00+00:00"


def test_parquet_field_map():
    table = pa.table({"body": ["hello"], "site": ["AP"]})
    ((kind, rec),) = parse("t.parquet", parquet_bytes(table), {"text": "body", "outlet": "site"})
    assert (kind, rec["text"], rec["outlet"], rec["doc_id"]) == ("doc", "hello", "AP", "t_r1")


def test_corrupt_parquet_is_one_reject():
    ((kind, rej),) = parse("t.parquet", b"PAR1 this is not parquet")
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", 0)


# --- canonical_record and timestamps --------------------------------------------------------------------


def test_canonical_record_cleans_optional_fields():
    kind, rec = canonical_record({"text": "body", "url": "  ", "lang": " en ", "outlet": 7}, {}, "x.jsonl", 3)
    assert kind == "doc"
    assert (rec["url"], rec["lang"], rec["outlet"], rec["doc_id"]) == (None, "en", "7", "x_r3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-05", datetime(2024, 1, 5, tzinfo=timezone.utc)),
        ("2024-01-05T10:30:00Z", datetime(2024, 1, 5, 10, 30, tzinfo=timezone.utc)),
        ("2024-01-05T12:30:00+02:00", datetime(2024, 1, 5, 10, 30, tzinfo=timezone.utc)),
        ("2024-01-05T10:30:00", datetime(2024, 1, 5, 10, 30, tzinfo=timezone.utc)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_timestamp(value, expected):
    parsed = parse_timestamp(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset().total_seconds() == 0


# --- common field names and date formats ---------------------------------------------------------------


@pytest.mark.parametrize(
    "record, expected",
    [
        # news-please
        (
            {
                "maintext": "Story.",
                "title": "T",
                "date_publish": "2024-05-06 10:00:00",
                "source_domain": "apnews.com",
                "url": "https://apnews.com/a",
                "language": "en",
            },
            ("Story.", "T", "2024-05-06 10:00:00", "apnews.com", "https://apnews.com/a"),
        ),
        # a news API: camel case, a source object
        (
            {
                "content": "Story.",
                "title": "T",
                "publishedAt": "2024-05-06T10:00:00Z",
                "source": {"name": "Axios"},
                "url": "https://www.axios.com/a",
            },
            ("Story.", "T", "2024-05-06T10:00:00Z", "Axios", "https://www.axios.com/a"),
        ),
        # trafilatura's JSON
        (
            {
                "raw_text": "Story.",
                "title": "T",
                "date": "2024-05-06",
                "sitename": "The Harbor Ledger",
                "source": None,
                "hostname": "harborledger.example",
                "url": None,
                "source-hostname": "x",
            },
            ("Story.", "T", "2024-05-06", "The Harbor Ledger", None),
        ),
        # trafilatura's JSON with the page's address as its ``source``: the URL, not the outlet
        (
            {
                "raw_text": "Story.",
                "source": "https://www.harborledger.example/news/a",
                "hostname": "harborledger.example",
                "sitename": "The Harbor Ledger",
            },
            ("Story.", None, None, "The Harbor Ledger", "https://www.harborledger.example/news/a"),
        ),
        (
            {"raw_text": "Story.", "source": "www.harborledger.example/a", "url": "https://h.example/a"},
            ("Story.", None, None, None, "https://h.example/a"),
        ),
        # a bare host name is a site, not a page: the outlet
        (
            {"raw_text": "Story.", "source": "www.harborledger.example", "publisher": "Ledger Group"},
            ("Story.", None, None, "www.harborledger.example", None),
        ),
        # a long field of dots is read at once (an address pattern backtracked quadratically on it)
        (
            {"raw_text": "Story.", "source": "www." + "." * 100_000 + " x"},
            ("Story.", None, None, "www." + "." * 100_000 + " x", None),
        ),
        # schema.org names, an HTML body, a host name, a uuid
        (
            {"articleBody": "Story.", "headline": "T", "hostname": "harborledger.example", "uuid": "u1"},
            ("Story.", "T", None, "harborledger.example", None),
        ),
        (
            {"html": "<p>Story.</p>", "article_title": "T", "publication_date": "2024-05-06"},
            ("<p>Story.</p>", "T", "2024-05-06", None, None),
        ),
        # a crawler's Markdown
        (
            {"markdown": "# T\n\nStory.", "sourceURL": "https://x.example/a", "publishedTime": "2024-05-06"},
            ("# T\n\nStory.", None, "2024-05-06", None, "https://x.example/a"),
        ),
    ],
)
def test_crawler_field_names_are_read_without_a_field_map(record, expected):
    """Field names of common news crawlers and APIs (news-please, a news API, trafilatura, a Markdown
    crawler) are read without a ``--field`` map."""
    ((kind, row),) = parse("f.jsonl", jsonl(json.dumps(record)))
    assert kind == "doc"
    assert (row["text"], row["title"], row["published_at"], row["outlet"], row["url"]) == expected


def test_common_field_names_are_read_without_a_field_map():
    """News datasets name the fields in their own ways: ``body``/``content``, ``source``/``publisher``,
    ``date``/``published``, ``headline``, ``link``; a news API's source object gives its name."""
    data = jsonl(
        json.dumps(
            {
                "article_id": "n1",
                "headline": "Bridge reopens",
                "content": "The bridge reopened on Monday.",
                "source": {"id": "reuters", "name": "Reuters"},
                "publishedAt": "ignored: not a known name",
                "date": "2024-05-06T10:00:00Z",
                "link": "https://example.com/a",
                "language": "en",
            }
        ),
        json.dumps(
            {"id": "n2", "body": "Second story.", "publisher": "AP", "text": "the canonical name wins"}
        ),
        json.dumps({"id": "n3", "story": "Third.", "published": "Mon, 06 May 2024 10:00:00 +0200"}),
    )
    out = parse("f.jsonl", data)
    assert [k for k, _ in out] == ["doc", "doc", "doc"]
    first, second, third = (r for _, r in out)
    assert (first["doc_id"], first["title"], first["text"], first["outlet"]) == (
        "n1",
        "Bridge reopens",
        "The bridge reopened on Monday.",
        "Reuters",
    )
    assert (first["published_at"], first["url"], first["lang"]) == (
        "2024-05-06T10:00:00Z",
        "https://example.com/a",
        "en",
    )
    assert (second["text"], second["outlet"]) == ("the canonical name wins", "AP")
    assert (third["text"], third["published_at"]) == ("Third.", "Mon, 06 May 2024 10:00:00 +0200")


def test_a_field_map_wins_over_the_common_names():
    data = jsonl(json.dumps({"id": "k", "body": "not this", "summary": "this one"}))
    ((kind, rec),) = parse("f.jsonl", data, {"text": "summary"})
    assert (kind, rec["text"]) == ("doc", "this one")


def test_missing_text_names_the_fields_tried_and_those_found():
    ((kind, rej),) = parse("f.jsonl", jsonl(json.dumps({"id": "k", "summary": "s"})))
    assert (kind, rej["reason"]) == ("reject", "missing_text")
    assert rej["detail"].startswith("no 'text' field (nor body, content")
    assert rej["detail"].endswith("; its fields: id, summary")
    # A semicolon file read as one column says so.
    ((kind, rej), *_) = parse("s.csv", b"id;title;text\n1;T;Some text\n")
    assert rej["detail"].endswith("; its fields: id;title;text")


def test_field_names_match_whatever_their_case_and_spaces_and_a_null_field_is_absent():
    out = parse("c.csv", b"ID, Title, Text\nk1, Ferry fares, The council raised fares.\n")
    ((kind, rec),) = out
    assert (kind, rec["doc_id"], rec["title"], rec["text"]) == (
        "doc",
        "k1",
        "Ferry fares",
        " The council raised fares.",
    )
    ((kind, rec),) = parse("f.jsonl", jsonl(json.dumps({"Text": "Capitalised field.", "Headline": "H"})))
    assert (kind, rec["text"], rec["title"]) == ("doc", "Capitalised field.", "H")
    # "text": null with the story under an alias: the alias is read.
    ((kind, rec),) = parse("f.jsonl", jsonl(json.dumps({"id": "b2", "text": None, "body": "The body."})))
    assert (kind, rec["text"]) == ("doc", "The body.")


def test_ids_and_titles_that_are_json_objects_or_lists_are_kept_as_their_value_or_json_text():
    # A database export's id ({"$oid": ...}) is its value; another object or list, its JSON text.
    ids = ({"$oid": "5f1d"}, {"b": 2, "a": 1})
    out = parse("f.jsonl", jsonl(*(json.dumps({"_id": i, "text": "T."}) for i in ids)))
    assert [r["doc_id"] for _, r in out] == ["5f1d", '{"a": 1, "b": 2}']
    ((kind, rec),) = parse(
        "f.jsonl", jsonl(json.dumps({"id": "k", "title": ["Ferry", "fares"], "text": "T."}))
    )
    assert rec["title"] == '["Ferry", "fares"]'


def test_an_exact_field_name_comes_before_one_that_differs_only_in_case():
    for raw, text in (
        ({"Text": None, "text": "The full article."}, "The full article."),
        ({"Text": "A summary.", "text": "The full article."}, "The full article."),
        ({"Text": "Only this one."}, "Only this one."),
    ):
        ((kind, rec),) = parse("f.jsonl", jsonl(json.dumps(raw)))
        assert (kind, rec["text"]) == ("doc", text)
    # An empty CSV cell is absent, whatever the column's case: the body is read.
    ((kind, rec),) = parse("c.csv", b"id,Text,Body\nk,,The body.\n")
    assert (kind, rec["text"]) == ("doc", "The body.")


def test_a_csv_quote_never_closed_is_a_reject_not_a_cell_holding_the_rest_of_the_file():
    data = b'id,text\nu1,First row.\nu2,"Second row\nu3,Third row.\n'
    out = parse("c.csv", data)
    assert [(k, r["source_row"], r.get("reason")) for k, r in out] == [
        ("doc", 1, None),
        ("reject", 2, "malformed_csv"),
    ]
    assert "never closed" in out[1][1]["detail"]
    # Quotes that close, a literal quote in an unquoted cell, a quoted last row without a line end: read.
    fine = b'id,text\nu1,"multi\nline"\nu2,a 5" screen\nu3,"last\nrow"'
    assert [(k, r["doc_id"]) for k, r in parse("c.csv", fine)] == [
        ("doc", "u1"),
        ("doc", "u2"),
        ("doc", "u3"),
    ]
    # A JSON line's error reads once "at column N".
    ((kind, rej),) = parse("f.jsonl", b'{"id": "k", "text": "a\x01b"}\n')
    assert rej["detail"].startswith("Invalid control character at column ")


def test_a_json_container_with_two_lists_reads_both():
    data = json.dumps(
        {
            "articles": [{"id": "d2", "text": "Two."}],
            "meta": {"n": 2},
            "documents": [{"id": "d1", "text": "One."}],
        }
    )
    out = parse("two.json", data.encode())
    # The first list by name order keeps rows 1..n (as before); a list of other things adds nothing.
    assert [(k, r["doc_id"], r["source_row"]) for k, r in out] == [("doc", "d1", 1), ("doc", "d2", 2)]
    tags = json.dumps({"documents": [{"text": "One."}], "data": ["tag1", "tag2"]})
    assert [(k, r["doc_id"]) for k, r in parse("two.json", tags.encode())] == [("doc", "two_r1")]


@pytest.mark.parametrize(
    "value, expected, zoned",
    [
        ("2024-05-06", datetime(2024, 5, 6, tzinfo=timezone.utc), False),
        ("2024-05-06T10:00:00-05:00", datetime(2024, 5, 6, 15, tzinfo=timezone.utc), True),
        ("2024-05-06T10:00:00", datetime(2024, 5, 6, 10, tzinfo=timezone.utc), False),
        ("Mon, 06 May 2024 10:00:00 +0200", datetime(2024, 5, 6, 8, tzinfo=timezone.utc), True),
        ("Mon, 06 May 2024 10:00:00 GMT", datetime(2024, 5, 6, 10, tzinfo=timezone.utc), True),
        ("May 6, 2024", datetime(2024, 5, 6, tzinfo=timezone.utc), False),
        ("Sept. 6, 2024 4:05 PM", datetime(2024, 9, 6, 16, 5, tzinfo=timezone.utc), False),
        ("Sep 6, 2024, 4:05 PM", datetime(2024, 9, 6, 16, 5, tzinfo=timezone.utc), False),
        ("6 May 2024 10:00", datetime(2024, 5, 6, 10, tzinfo=timezone.utc), False),
        ("2024/05/06", datetime(2024, 5, 6, tzinfo=timezone.utc), False),
        ("1714989600", datetime(2024, 5, 6, 10, tzinfo=timezone.utc), True),
        ("1714989600000", datetime(2024, 5, 6, 10, tzinfo=timezone.utc), True),
        ("2024-06-04 23:55 EDT", datetime(2024, 6, 5, 3, 55, tzinfo=timezone.utc), True),
        ("June 5, 2024 at 7:15 a.m. PDT", datetime(2024, 6, 5, 14, 15, tzinfo=timezone.utc), True),
        ("Wed, 05 Jun 2024 09:00:00 EDT", datetime(2024, 6, 5, 13, tzinfo=timezone.utc), True),
        ("Jan 5, 2024 4:05 PM EST", datetime(2024, 1, 5, 21, 5, tzinfo=timezone.utc), True),
        ("Mar. 5, 2019 10:42 AM UTC", datetime(2019, 3, 5, 10, 42, tzinfo=timezone.utc), True),
        ("June 5, 2024 EDT", None, False),  # a zone without a time: no instant
        ("June 5, 2024 9:00 IST", None, False),  # India, Israel or Ireland: not read
        ("06/05/2024", None, False),  # day or month first: ambiguous, not read
        ("last Tuesday", None, False),
        ("", None, False),
    ],
)
def test_dates_as_sites_and_feeds_write_them(value, expected, zoned):
    assert parse_timestamp(value) == expected
    assert has_time_zone(value) is zoned


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-06-04", True),
        ("June 4, 2024", True),
        ("4 June 2024", True),
        ("2024-06-04T20:30:00-07:00", False),
        ("June 4, 2024 8:30 PM", False),
        ("1717558200", False),
        ("", False),
        (None, False),
    ],
)
def test_a_date_without_a_time_is_a_day(value, day):
    assert is_day_only(value) is day


# --- JSON files and saved web pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'[{"id": "a", "text": "Alpha story."}, {"id": "b", "body": "Beta story."}, 7]',
        b'{"articles": [{"id": "a", "text": "Alpha story."}, {"id": "b", "body": "Beta story."}, 7]}',
        # JSON lines saved as .json
        b'{"id": "a", "text": "Alpha story."}\n{"id": "b", "body": "Beta story."}\n7\n',
    ],
)
def test_json_file_of_records(data):
    out = parse("dump.json", data)
    assert [(k, r.get("doc_id"), r.get("text")) for k, r in out[:2]] == [
        ("doc", "a", "Alpha story."),
        ("doc", "b", "Beta story."),
    ]
    assert [r["source_row"] for _, r in out] == [1, 2, 3]
    assert (out[2][0], out[2][1]["reason"]) == ("reject", "malformed_record")


def test_json_file_of_one_record_and_broken_json():
    ((kind, rec),) = parse("one.json", b'{"title": "T", "content": "The story."}')
    assert (kind, rec["doc_id"], rec["title"], rec["text"]) == ("doc", "one_r1", "T", "The story.")
    ((kind, rej),) = parse("bad.json", b'[{"id": "a", "text": ')
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "malformed_json", 0)
    ((kind, rej),) = parse("num.json", b"42")
    assert (kind, rej["reason"]) == ("reject", "malformed_record")


PAGE = """<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Ferry plan approved | Harbour Ledger</title>
<meta property="og:site_name" content="Harbour Ledger">
<meta property="og:title" content="Ferry plan approved &amp; funded">
<link rel="canonical" href="https://harbourledger.example/news/ferry-plan">
<meta property="article:published_time" content="2025-05-12T09:10:00+02:00">
</head><body><nav>Home | News | Sport</nav>
<article><h1>Ferry plan approved</h1><p>The council approved the ferry plan on Tuesday.</p></article>
</body></html>"""


def test_saved_web_page_reads_its_metadata_and_keeps_the_page_as_text():
    ((kind, rec),) = parse("pages/ferry-plan.html", PAGE.encode())
    assert kind == "doc"
    assert {k: rec[k] for k in ("doc_id", "url", "outlet", "title", "published_at", "lang")} == {
        "doc_id": "ferry-plan",
        "url": "https://harbourledger.example/news/ferry-plan",
        "outlet": "Harbour Ledger",
        "title": "Ferry plan approved & funded",
        "published_at": "2025-05-12T09:10:00+02:00",
        "lang": "en-GB",
    }
    assert rec["text"] == PAGE  # the markup goes when the text is analysed
    ((kind, rec),) = parse("bare.htm", b"<p>Only a paragraph.</p>")
    assert (kind, rec["doc_id"], rec["title"], rec["url"]) == ("doc", "bare", None, None)
    ((kind, rec),) = parse("latin.html", b"<p>caf\xe9</p>")  # a legacy page: see the encoding tests
    assert (kind, rec["text"]) == ("doc", "<p>caf\xe9</p>")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # an object with a text field is a record, whatever lists it holds
        (b'{"id": "r1", "text": "hello", "results": []}', [("doc", "r1", None, 1)]),
        (b'{"text": "hello", "items": ["tag1", "tag2"]}', [("doc", "x_r1", None, 1)]),
        # nothing to read is a reject, not silence
        (b'{"articles": []}', [("reject", None, "malformed_record", 0)]),
        (b"[]", [("reject", None, "malformed_record", 0)]),
        (b"[" * 100_000 + b"]" * 100_000, [("reject", None, "malformed_json", 0)]),
        # JSON lines saved as .json: a bad line or bad bytes reject that line only
        (b'not json\n{"text": "a"}', [("reject", None, "malformed_json", 1), ("doc", "x_r2", None, 2)]),
        (
            b'{"text": "\xcc\xfd\xf0"}\n{"text": "b"}',
            [("reject", None, "undecodable", 1), ("doc", "x_r2", None, 2)],
        ),
    ],
)
def test_json_files_lose_no_record(data, expected):
    out = parse("x.json", data)
    assert [(k, r.get("doc_id"), r.get("reason"), r["source_row"]) for k, r in out] == expected


def test_saved_web_page_with_unquoted_attributes_and_a_blank_meta_first():
    page = (
        b"<html lang=en><head><meta name=pubdate content=' '><meta name=pubdate content=2024-02-02>"
        b"<link rel=canonical href=https://x.example/a></head><body><p>x</p></body></html>"
    )
    ((kind, rec),) = parse("p.html", page)
    assert (rec["lang"], rec["published_at"], rec["url"]) == ("en", "2024-02-02", "https://x.example/a")


def test_saved_web_page_quoted_angle_brackets_and_an_svg_title():
    page = (
        b'<html><head><meta property="og:site_name" content="A > B News">'
        b'<link href="https://x.example/a" rel="canonical"></head>'
        b"<body><svg><title>icon</title></svg><p>The council met on Tuesday.</p></body></html>"
    )
    ((kind, rec),) = parse("p.html", page)
    # The site name keeps its ">", the link's rel may follow its href, and a picture's title is no title.
    assert (rec["outlet"], rec["url"], rec["title"]) == ("A > B News", "https://x.example/a", None)


def test_saved_web_page_titles_closed_late_or_never():
    first = b"<html><head><title>Ferry &amp; fares</title><title>Second</title></head><body><p>Text.</p>"
    assert parse("p.html", first)[0][1]["title"] == "Ferry & fares"
    # An unclosed title is no title, however many there are (20,000 of them read in one pass each).
    for head in (b"<title>Ferry fares <b>rise", b"<title>x " * 20000):
        ((kind, rec),) = parse("p.html", b"<html><head>" + head + b"</head><body><p>Text.</p>")
        assert (kind, rec["title"]) == ("doc", None)


# --- encodings ---------------------------------------------------------------------------------------------

# A hand-written paragraph with what Western legacy files hold: accents, a pound sign, curly quotes, a dash.
LEGACY = "Café owners in Lüneburg paid £4,500 \u201cand more\u201d \u2014 the council\u2019s figure.\n"


def counted(name, data, encoding="auto", field_map=None):
    seen = {}

    def count(key, n=1):
        seen[key] = seen.get(key, 0) + n

    out = list(parse_file(name, io.BytesIO(data), field_map or {}, encoding, count))
    return out, seen


def test_legacy_western_text_file_is_read_as_windows_1252_and_counted():
    out, seen = counted("old/story.txt", ("Headline\n" + LEGACY).encode("cp1252"))
    ((kind, rec),) = out
    assert (kind, rec["title"], rec["text"]) == ("doc", "Headline", LEGACY.rstrip("\n"))
    assert seen["read_as.cp1252"] == 1
    # UTF-8 is read as UTF-8 and not counted
    out, seen = counted("new/story.txt", ("Headline\n" + LEGACY).encode("utf-8"))
    assert out[0][1]["text"] == LEGACY.rstrip("\n") and not any(k.startswith("read_as") for k in seen)


def test_a_page_is_read_by_the_charset_it_declares():
    russian = "Москва: мэр сказал, что новый мост откроют в мае."
    page = f'<html><head><meta charset="windows-1251"><title>Мост</title></head><body><p>{russian}</p></body></html>'
    out, seen = counted("ru.html", page.encode("cp1251"))
    ((kind, rec),) = out
    assert (kind, rec["title"]) == ("doc", "Мост") and russian in rec["text"]
    assert seen == {"read_as.cp1251": 1}
    # an http-equiv content type naming Latin-1 is read as windows-1252, as browsers do (curly quotes)
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>'
        f"<body><p>{LEGACY}</p></body></html>"
    )
    ((kind, rec),) = parse("latin.htm", page.encode("cp1252"))
    assert LEGACY in rec["text"]


def test_text_mostly_in_high_bytes_is_undecodable_unless_its_encoding_is_named():
    data = ("Заголовок\n" + "Мэр сказал, что мост откроют в мае. " * 3).encode("cp1251")
    ((kind, rej),) = parse("ru.txt", data)
    assert (kind, rej["reason"]) == ("reject", "undecodable")
    assert "--encoding" in rej["detail"]
    out, seen = counted("ru.txt", data, "cp1251")
    assert (out[0][0], out[0][1]["title"]) == ("doc", "Заголовок") and seen == {"read_as.cp1251": 1}


def test_utf16_files_by_their_byte_order_mark():
    text = "Headline\n" + LEGACY
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
        ((kind, rec),) = parse("w.txt", bom + text.encode(codec))
        assert (kind, rec["title"], rec["text"]) == ("doc", "Headline", LEGACY.rstrip("\n")), codec
    rows = '{"id": "a", "text": "une caf\u00e9"}\r\n{"id": "b", "text": "zwei"}\r\n'
    out = parse("w.jsonl", rows.encode("utf-16"))
    assert [(k, r["doc_id"], r["text"]) for k, r in out] == [("doc", "a", "une café"), ("doc", "b", "zwei")]
    out = parse("w.csv", "id,text\r\na,une café\r\nb,zwei\r\n".encode("utf-16"))
    assert [(k, r["doc_id"], r["text"]) for k, r in out] == [("doc", "a", "une café"), ("doc", "b", "zwei")]
    ((kind, rej),) = parse("bad.txt", b"\xff\xfeH\x00i")  # odd length: not UTF-16 as its mark says
    assert (kind, rej["reason"]) == ("reject", "undecodable")


def test_a_legacy_line_or_row_among_utf8_ones():
    data = b'{"id": "u", "text": "caf\xc3\xa9"}\n{"id": "w", "text": "caf\xe9 \x93quoted\x94"}\n'
    out, seen = counted("mixed.jsonl", data)
    assert [(r["doc_id"], r["text"]) for _, r in out] == [("u", "café"), ("w", "café \u201cquoted\u201d")]
    assert seen["read_as.cp1252"] == 1
    out, seen = counted("mixed.csv", b"id,text\nu,caf\xc3\xa9\nw,caf\xe9 \x96 fine\n")
    assert [(r["doc_id"], r["text"]) for _, r in out] == [("u", "café"), ("w", "café \u2013 fine")]
    assert seen["read_as.cp1252"] == 1


legacy_letters = st.text(alphabet=st.sampled_from("abcdefgh ijklmnop,.\n") | st.sampled_from("éèàüöçñ"))


@given(legacy_letters)
@settings(max_examples=300, deadline=None)
def test_decoding_is_right_or_refuses(text):
    """UTF-8 always reads back exactly; windows-1252 bytes (here never valid UTF-8) read back exactly when
    a Western text's would (few high bytes, none more than two in a row), and are refused, never read
    wrongly, otherwise."""
    decoding = Decoding()
    assert decoding.decode(text.encode("utf-8")) == text
    data = text.encode("cp1252")
    high = sum(b >= 0x80 for b in data)
    longest = max((len(run) for run in re.findall(rb"[\x80-\xff]+", data)), default=0)
    western = high <= 0.2 * len(data) and longest <= 2
    try:
        assert decoding.decode(data) == text
    except Undecodable:
        assert not western
    else:
        assert western


def test_utf16_without_its_mark_by_where_its_nuls_fall():
    text = "Caf\u00e9 owners said on Monday that the ferry plan would cost them \u00a34,500."
    for codec in ("utf-16-le", "utf-16-be"):
        out, seen = counted("w.txt", ("Title\n" + text).encode(codec))
        assert out[0][1]["text"] == text and seen == {f"read_as.{codec}": 1}


def test_utf8_with_stray_legacy_bytes_keeps_its_utf8():
    # a UTF-8 text with pasted windows-1252 quotes: each byte read as what it is
    data = b"The caf\xc3\xa9 owner in Z\xc3\xbcrich said \x93we will stay\x94 on Monday."
    assert Decoding().decode(data) == "The café owner in Zürich said \u201cwe will stay\u201d on Monday."


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"caf\xe9 and \x00\x00 binary junk", "NUL bytes"),
        (b"Moscow (" + "Москва".encode("cp1251") + b") said the mayor today in a statement", "in a row"),
        (b"Tokyo (" + "東京".encode("shift_jis") + b") said the governor today in a statement", "in a row"),
        (b"caf\xe9 \x81 undefined in windows-1252, said the owner", "does not define"),
    ],
)
def test_what_auto_refuses_and_why(data, why):
    with pytest.raises(Undecodable, match=why):
        Decoding().decode(data)


def test_declared_charsets_as_browsers_read_them():
    def page(label: str) -> bytes:
        return (
            f'<html><head><meta charset="{label}"></head><body>'.encode() + b"\x93caf\xe9\x94</body></html>"
        )

    for label in ("latin_1", "ISO8859_1", "cp819", "us-ascii", "windows-1252"):
        assert declared_charset(page(label)) == "cp1252", label
        ((kind, rec),) = parse("p.html", page(label))
        assert "\u201ccafé\u201d" in rec["text"], label
    assert declared_charset(page("gb2312")) == "gbk"
    assert declared_charset(page("Shift_JIS")) == "cp932"
    for label in ("base64", "rot13", "utf-16", "no-such-codec"):  # ignored, never a crash
        assert declared_charset(page(label)) is None, label
    with pytest.raises(LookupError):
        Decoding("base64")


def test_a_csv_row_is_judged_whole_and_counted_once():
    # the short cell "Caf\xe9" alone is 25% legacy bytes; the row is not
    rows = b"id,title,text\n1,Caf\xe9," + b"The owner said the caf\xe9 will stay open this year. " * 3 + b"\n"
    out, seen = counted("c.csv", rows)
    ((kind, rec),) = out
    assert (kind, rec["title"]) == ("doc", "Café") and seen == {"read_as.cp1252": 1}


def test_json_lines_in_windows_1252_saved_as_json():
    data = b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "cr\xeape"}\n'
    out, seen = counted("x.json", data)
    assert [(k, r["doc_id"], r["text"]) for k, r in out] == [("doc", "a", "café"), ("doc", "b", "crêpe")]
    assert seen == {"read_as.cp1252": 1}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_utf16_with_a_bad_code_unit_is_a_reject_not_a_crash(suffix):
    head = "id,text\r\n" if suffix == ".csv" else ""
    good = '{"id": "a", "text": "x"}\n' if suffix == ".jsonl" else "a,x\r\n"
    data = b"\xff\xfe" + (head + good).encode("utf-16-le") + b"\x00\xd8A\x00"  # a lone high surrogate
    out = parse("w" + suffix, data)
    assert [k for k, _ in out] == ["doc", "reject"] and out[1][1]["reason"] in (
        "undecodable",
        "malformed_json",
    )


class _Trickle(io.RawIOBase):
    """A stream that gives one byte per read, as a slow network reader may."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk, self._data = self._data[:1], self._data[1:]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_short_reads_still_find_the_byte_order_mark():
    rows = '{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n'
    for codec in ("utf-16", "utf-32"):
        out = list(parse_file("w.jsonl", _Trickle(rows.encode(codec)), {}))
        assert [(k, r["doc_id"], r["source_row"]) for k, r in out] == [("doc", "a", 1), ("doc", "b", 2)], (
            codec
        )


def test_a_legacy_csv_header_is_read_as_its_rows_are():
    data = b"id,R\xe9sum\xe9\n1,The caf\xe9 owners paid on Tuesday for it all.\n"
    ((kind, rec),) = parse("h.csv", data, {"text": "Résumé"})
    assert (kind, rec["text"]) == ("doc", "The café owners paid on Tuesday for it all.")


# --- compressed files ---------------------------------------------------------------------------------------


def _compress(suffix: str, data: bytes) -> bytes:
    import bz2
    import gzip
    import lzma

    import zstandard

    return {
        ".gz": gzip.compress,
        ".bz2": bz2.compress,
        ".xz": lzma.compress,
        ".zst": zstandard.ZstdCompressor().compress,
    }[suffix](data)


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz", ".zst"])
def test_compressed_files_are_read_through_their_decompressor(suffix, tmp_path):
    rows = jsonl(json.dumps({"id": "a", "text": "one"}), json.dumps({"id": "b", "text": "two"}))
    out = parse("feed.jsonl" + suffix, _compress(suffix, rows))
    assert [(k, r["doc_id"], r["source_row"]) for k, r in out] == [("doc", "a", 1), ("doc", "b", 2)]
    ((kind, rec),) = parse("story.txt" + suffix, _compress(suffix, "Title\nCaf\u00e9 text.".encode()))
    assert (kind, rec["doc_id"], rec["text"]) == ("doc", "story", "Café text.")  # the stem without .txt.gz
    out = parse("rows.csv" + suffix, _compress(suffix, b"id,text\nx,caf\xe9\n"))
    assert [(r["doc_id"], r["text"]) for _, r in out] == [("x", "café")]
    table = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["p1"], "text": ["from parquet"]}), table)
    ((kind, rec),) = parse("t.parquet" + suffix, _compress(suffix, table.read_bytes()))
    assert (kind, rec["doc_id"], rec["text"]) == ("doc", "p1", "from parquet")


def test_compressed_data_that_breaks_off_keeps_what_came_before():
    rows = jsonl(*(json.dumps({"id": f"r{i}", "text": f"record {i} " * 50}) for i in range(200)))
    packed = _compress(".gz", rows)
    out = parse("feed.jsonl.gz", packed[: len(packed) // 2])
    docs = [r for k, r in out if k == "doc"]
    *_, (kind, rej) = out
    assert 0 < len(docs) < 200 and [r["source_row"] for r in docs] == list(range(1, len(docs) + 1))
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", len(docs) + 1)
    assert "breaks off after row" in rej["detail"]
    ((kind, rej),) = parse("story.txt.gz", b"not gzip at all")
    assert (kind, rej["reason"], rej["source_row"], rej["doc_id"]) == (
        "reject",
        "unreadable_file",
        1,
        "story",
    )
    assert "before its first record" in rej["detail"]


def test_a_csv_cell_longer_than_the_csv_modules_default_limit_is_read():
    story = "The council voted again on the harbour wall. " * 6000  # 270 KB, over csv's 128 KB default
    ((kind, rec),) = parse("long.csv", ("id,text\nlong," + story + "\n").encode())
    assert (kind, len(rec["text"])) == ("doc", len(story))


def test_files_sharing_a_name_get_ids_that_tell_them_apart():
    stems = id_stems(
        [
            "/c/2024/news.jsonl",
            "/c/2025/news.jsonl",
            "/c/site/a/index.html",
            "/c/site/b/index.html",
            "/c/story.txt",
            "/c/story.md",
            "/c/y/z.txt.gz",
            "/c/y/z.txt",
            "/c/alone.csv",
        ]
    )
    assert stems == {
        "/c/2024/news.jsonl": "2024/news",
        "/c/2025/news.jsonl": "2025/news",
        "/c/site/a/index.html": "a/index",
        "/c/site/b/index.html": "b/index",
        "/c/story.txt": "story.txt",
        "/c/story.md": "story.md",
        "/c/y/z.txt.gz": "z.txt.gz",
        "/c/y/z.txt": "z.txt",
    }
    # The stem names made-up ids only; a given id is kept.
    lines = b'{"text": "One."}\n{"id": "given", "text": "Two."}\n'
    out = list(parse_file("/c/2024/news.jsonl", io.BytesIO(lines), {}, stem="2024/news"))
    assert [r["doc_id"] for _, r in out] == ["2024/news_r1", "given"]
    ((_, page),) = parse_file("/c/site/a/index.html", io.BytesIO(STORY_PAGE.encode()), {}, stem="a/index")
    assert page["doc_id"] == "a/index"


# --- web archives -------------------------------------------------------------------------------------------


def _warc_record(kind: str, block: bytes, uri: str = "", record_id: str = "") -> bytes:
    fields = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{record_id or kind}>",
        "WARC-Date: 2024-05-06T10:00:00Z",
        *([f"WARC-Target-URI: {uri}"] if uri else []),
        f"Content-Length: {len(block)}",
    ]
    return ("\r\n".join(fields) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def _http(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    return ("\r\n".join([f"HTTP/1.1 {status}", *headers]) + "\r\n\r\n").encode() + body


STORY_PAGE = (
    "<html lang='en'><head><title>Ferry fares rise</title></head><body><p>The harbour council raised "
    "ferry fares by \u00a31 on Monday, the first rise in six years.</p></body></html>"
)


def _chunked(body: bytes) -> bytes:
    half = len(body) // 2
    return (
        b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:half], body[half:]))
        + b"0\r\n\r\n"
    )


def _crawl() -> bytes:
    import gzip

    page_1252 = STORY_PAGE.encode("cp1252")
    return b"".join(
        [
            _warc_record("warcinfo", b"software: hand-made\r\n"),
            _warc_record("request", b"GET /ferry HTTP/1.1\r\n\r\n", "https://news.example/ferry"),
            # a page in windows-1252 as its HTTP header says, sent chunked and gzipped
            _warc_record(
                "response",
                _http(
                    _chunked(gzip.compress(page_1252)),
                    "Content-Type: text/html; charset=windows-1252",
                    "Transfer-Encoding: chunked",
                    "Content-Encoding: gzip",
                ),
                "https://news.example/ferry",
                "page-1",
            ),
            _warc_record(
                "response",
                _http(b"\x89PNG...", "Content-Type: image/png"),
                "https://news.example/a.png",
                "img",
            ),
            _warc_record(
                "response",
                _http(b"gone", "Content-Type: text/html", status="404 Not Found"),
                "https://x/",
                "404",
            ),
            _warc_record("metadata", b"fetchTimeMs: 12\r\n", "https://news.example/ferry"),
            _warc_record(
                "response",
                _http(STORY_PAGE.replace("Ferry fares rise", "Fares").encode(), "Content-Type: text/html"),
                "https://news.example/fares",
                "page-2",
            ),
        ]
    )


def test_a_web_archive_s_responses_are_its_rows():
    out, seen = counted("crawl.warc", _crawl())
    summary = [(k, r["source_row"], r["doc_id"], r.get("reason")) for k, r in out]
    assert summary == [
        ("doc", 1, "urn:uuid:page-1", None),
        ("reject", 2, "urn:uuid:img", "malformed_record"),
        ("reject", 3, "urn:uuid:404", "malformed_record"),
        ("doc", 4, "urn:uuid:page-2", None),
    ]
    page = out[0][1]
    assert (page["title"], page["url"], page["lang"]) == (
        "Ferry fares rise",
        "https://news.example/ferry",
        "en",
    )
    assert "by \u00a31 on Monday" in page["text"] and seen == {"read_as.cp1252": 1}
    assert "image/png" in out[1][1]["detail"] and "404" in out[2][1]["detail"]


def test_a_compressed_web_archive_and_one_that_breaks_off():
    import gzip

    crawl = _crawl()
    out = parse("crawl.warc.gz", gzip.compress(crawl))
    assert [k for k, _ in out] == ["doc", "reject", "reject", "doc"]
    cut = crawl[: crawl.index(b"page-2") + 200]
    *_, (kind, rej) = parse("crawl.warc", cut)
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", 4)
    ((kind, rej),) = parse("junk.warc", b"this is not an archive\n")
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", 1)


@pytest.mark.parametrize(
    ("http", "expected"),
    [
        # a negative chunk size, a body labelled chunked that is not: the body as sent
        (_http(b"-6\r\n" + STORY_PAGE.encode(), "Transfer-Encoding: chunked"), ("doc", "Ferry fares rise")),
        (_http(STORY_PAGE.encode(), "Transfer-Encoding: chunked"), ("doc", "Ferry fares rise")),
        # labelled gzip, stored decoded already
        (_http(STORY_PAGE.encode(), "Content-Encoding: gzip"), ("doc", "Ferry fares rise")),
        # an encoding not read is a reject, not bytes read as text
        (_http(b"\x1b\x00\x00", "Content-Encoding: br"), ("reject", "malformed_record")),
        # a head with bare line feeds, a body with CRLF pairs in it
        (
            b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n"
            + STORY_PAGE.replace("<body>", "<body>\r\n\r\n").encode(),
            ("doc", "Ferry fares rise"),
        ),
    ],
)
def test_web_archive_bodies_as_crawlers_store_them(http, expected):
    ((kind, rec),) = parse("c.warc", _warc_record("response", http, "https://news.example/x", "r"))
    assert (kind, rec["title"] if kind == "doc" else rec["reason"]) == expected


def test_web_archive_lengths_that_cannot_be_right():
    good = _warc_record("response", _http(STORY_PAGE.encode()), "https://a/", "good")
    bad = good.replace(b"Content-Length: ", b"Content-Length: -")
    out = parse("c.warc", good + bad + good)
    assert [(k, r["source_row"], r.get("reason")) for k, r in out] == [
        ("doc", 1, None),
        ("reject", 2, "unreadable_file"),
    ]
    huge = re.sub(rb"Content-Length: \d+", b"Content-Length: 1000000000000000", good)
    ((kind, rej),) = parse("c.warc", huge)  # passed over in pieces: breaks off, no memory error
    assert (kind, rej["reason"]) == ("reject", "unreadable_file")


def test_a_damaged_gzip_member_costs_a_web_archive_only_the_records_it_held():
    import gzip

    records = [
        _warc_record("response", _http(STORY_PAGE.encode()), f"https://a/{i}", f"r{i}") for i in range(20)
    ]
    members = [gzip.compress(r) for r in records]
    out = parse("c.warc.gz", b"".join(members)[: -len(members[-1]) // 2])  # the last member cut
    assert [k for k, _ in out] == ["doc"] * 19 + ["reject"] and out[-1][1]["source_row"] == 20
    broken = bytearray(members[2])
    broken[-6] ^= 0xFF  # its checksum
    out = parse("c.warc.gz", b"".join([*members[:2], bytes(broken), *members[3:6]]))
    # The damaged record is one reject; the archive is read on from the next member.
    assert [(k, r["source_row"], r["doc_id"]) for k, r in out] == [
        ("doc", 1, "urn:uuid:r0"),
        ("doc", 2, "urn:uuid:r1"),
        ("reject", 3, None),  # its header went with it
        ("doc", 4, "urn:uuid:r3"),
        ("doc", 5, "urn:uuid:r4"),
        ("doc", 6, "urn:uuid:r5"),
    ]
    assert out[2][1]["reason"] == "unreadable_file" and "read on from the next" in out[2][1]["detail"]
    # Damage inside the compressed data (not its checksum), a member of garbage, two damaged members in
    # a row: each costs the records it held, never the ones after it.
    garbled = bytearray(members[1])
    garbled[len(garbled) // 2 : len(garbled) // 2 + 8] = b"\xff" * 8
    junk = b"\x1f\x8b\x08\x00" + bytes(range(200))
    out = parse("c.warc.gz", b"".join([members[0], bytes(garbled), junk, bytes(broken), *members[3:5]]))
    kinds = [(k, r["doc_id"]) for k, r in out]
    # (The three damaged members in a row are one stretch of damage: one reject.)
    assert kinds == [("doc", "urn:uuid:r0"), ("reject", None), ("doc", "urn:uuid:r3"), ("doc", "urn:uuid:r4")]
    # A record whose member spans many reads, damaged in the middle: its header was read, so its id is
    # known.
    big = [
        _warc_record("response", _http(STORY_PAGE.encode() * 2000), f"https://a/{i}", f"b{i}")
        for i in range(3)
    ]
    stored = [gzip.compress(r, compresslevel=0) for r in big]
    bad = bytearray(stored[1])
    bad[len(bad) // 2] ^= 0xFF
    out = parse("c.warc.gz", b"".join([stored[0], bytes(bad), stored[2]]))
    assert [(k, r["doc_id"]) for k, r in out] == [
        ("doc", "urn:uuid:b0"),
        ("reject", "urn:uuid:b1"),
        ("doc", "urn:uuid:b2"),
    ]
    # A page stored gzip-encoded holds gzip's magic bytes too: that is not where the next member starts
    # (one damaged member, one reject). Zero bytes or a line end after the last member are padding.
    encoded = [
        _warc_record(
            "response", _http(gzip.compress(STORY_PAGE.encode() * 40), "Content-Encoding: gzip"), "", f"g{i}"
        )
        for i in range(3)
    ]
    packed = [bytearray(gzip.compress(r)) for r in encoded]
    packed[1][-6] ^= 0xFF
    out = parse("c.warc.gz", b"".join(map(bytes, packed)))
    assert [k for k, _ in out] == ["doc", "reject", "doc"]
    for padding in (b"\0" * 512, b"\n"):
        out = parse("c.warc.gz", b"".join(members[:3]) + padding)
        assert [k for k, _ in out] == ["doc"] * 3
    # A damaged request record's member is a reject too: the responses after it in that member are lost.
    request = gzip.compress(_warc_record("request", b"GET / HTTP/1.1\r\n" * 50, "https://a/", "q"))
    bad_request = bytearray(request)
    bad_request[-6] ^= 0xFF
    out = parse("c.warc.gz", members[0] + bytes(bad_request) + members[1])
    assert [(k, r["source_row"]) for k, r in out] == [("doc", 1), ("reject", 2), ("doc", 3)]
    # A JSON lines file is one stream: damage there still ends it (one reject, the lines before kept).
    lines = [gzip.compress(b'{"id": "a%d", "text": "Ferry fares rose on Monday."}\n' % i) for i in range(3)]
    out = parse("c.jsonl.gz", b"".join([lines[0], bytes(garbled), lines[2]]))
    assert [k for k, _ in out] == ["doc", "reject"]


def test_a_csv_whose_header_cannot_be_read_rejects_every_line_after_it():
    import csv

    from transforms.core import records

    limit, most = csv.field_size_limit(), records.CSV_FIELD_MAX
    try:
        csv.field_size_limit(10)
        records.CSV_FIELD_MAX = 10
        out = parse("h.csv", b"id,text_with_a_long_name\n1,hello\n2,world\n")
    finally:
        csv.field_size_limit(limit)
        records.CSV_FIELD_MAX = most
    assert [(k, r["source_row"], r.get("reason")) for k, r in out] == [
        ("reject", 1, "malformed_csv"),
        ("reject", 2, "malformed_csv"),
    ]


# --- news feeds ----------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Gazette</title><link>https://gazette.example/</link><language>en-gb</language>
<item><title>Ferry fares rise</title><link>https://gazette.example/ferry</link><guid>gz-101</guid>
<pubDate>Mon, 06 May 2024 10:00:00 +0100</pubDate><description>Fares rise by \xa31.</description>
<content:encoded><![CDATA[<p>The harbour council raised ferry fares by \xa31 on Monday.</p>]]></content:encoded>
<source url="https://wire.example/">Reuters</source></item>
<item><title>No body at all</title><link>https://gazette.example/empty</link></item>
<item><title>Teaser only</title><link>https://gazette.example/teaser</link><description>Only a teaser.</description></item>
</channel></rss>""".encode("cp1252")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Le Port</title>
<entry><id>tag:port.example,2024:7</id><title>Les tarifs augmentent</title>
<link rel="alternate" href="https://port.example/tarifs"/><published>2024-05-06T11:00:00+02:00</published>
<summary>Court.</summary><content type="html">&lt;p&gt;Le conseil a vot\xc3\xa9 lundi.&lt;/p&gt;</content></entry>
</feed>"""


def test_an_rss_feed_s_items_are_its_rows():
    out = parse("gazette.rss", RSS)
    assert [(k, r["source_row"], r["doc_id"], r.get("reason")) for k, r in out] == [
        ("doc", 1, "gz-101", None),
        ("reject", 2, "https://gazette.example/empty", "missing_text"),
        ("doc", 3, "https://gazette.example/teaser", None),
    ]
    item = out[0][1]
    assert (item["title"], item["url"], item["outlet"], item["lang"]) == (
        "Ferry fares rise",
        "https://gazette.example/ferry",
        "Harbour Gazette",
        "en-gb",
    )
    assert item["published_at"].startswith("Mon, 06 May 2024")
    assert "by \u00a31 on Monday" in item["text"] and item["text"].endswith("Source: Reuters")
    assert out[2][1]["text"] == "Only a teaser."


def test_an_atom_feed_and_what_is_no_feed():
    ((kind, entry),) = parse("port.atom", ATOM)
    assert (kind, entry["doc_id"], entry["url"], entry["lang"]) == (
        "doc",
        "tag:port.example,2024:7",
        "https://port.example/tarifs",
        "fr",
    )
    assert entry["text"] == "<p>Le conseil a vot\u00e9 lundi.</p>" and entry["outlet"] == "Le Port"
    ((kind, rej),) = parse("sitemap.xml", b"<urlset><url><loc>https://x/</loc></url></urlset>")
    assert (kind, rej["reason"]) == ("reject", "unreadable_file") and "not an RSS or Atom feed" in rej[
        "detail"
    ]
    ((kind, rej),) = parse("broken.rss", b"<rss><channel><item>")
    assert (kind, rej["reason"]) == ("reject", "unreadable_file")
    ((kind, rej),) = parse(
        "billion.xml",
        b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY a%d "&a%s;&a%s;&a%s;&a%s;&a%s;&a%s;&a%s;&a%s;&a%s;&a%s;">'
            % (i, *([b"" if i == 1 else b"%d" % (i - 1)] * 10))
            for i in range(1, 10)
        )
        + b"]><rss>&a9;</rss>",
    )
    assert kind == "reject"


def _feed_item(body: str) -> bytes:
    return (
        '<rss xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Gazette</title><item><title>T</title>{body}</item></channel></rss>"
    ).encode()


def test_feed_items_as_real_feeds_write_them():
    # Media RSS before the description is a picture's, not the story
    media = '<media:content url="https://x/p.jpg"><media:credit>Photograph: Jo Roe/Reuters</media:credit></media:content>'
    ((_, rec),) = parse("g.rss", _feed_item(media + "<description>The council met on Monday.</description>"))
    assert rec["text"] == "The council met on Monday."
    # Atom: XHTML content block by block, the page among several links, a source by its title
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Port</title><entry><id>e1</id>
    <link rel="self" href="https://port.example/e1.atom"/><link rel="enclosure" href="https://port.example/a.mp3"/>
    <link rel="ALTERNATE" href="https://port.example/e1"/>
    <source><id>urn:orig</id><title>Original Outlet</title><updated>2023-12-31T00:00:00Z</updated></source>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First.</p><p>Second <b>bold</b>.</p></div></content>
    </entry></feed>"""
    ((_, rec),) = parse("p.atom", atom)
    assert rec["url"] == "https://port.example/e1"
    assert rec["text"] == "First.\n\nSecond bold.\n\nSource: Original Outlet"


def test_a_feed_in_a_legacy_encoding_and_one_that_breaks_off():
    feed = '<?xml version="1.0" encoding="Shift_JIS"?><rss><channel><title>東京新聞</title><item><title>港</title><description>港の運賃が上がった。</description></item></channel></rss>'
    ((kind, rec),) = parse("t.rss", feed.encode("shift_jis"))
    assert (kind, rec["outlet"], rec["text"]) == ("doc", "東京新聞", "港の運賃が上がった。")
    items = "".join(f"<item><guid>i{n}</guid><description>Story {n}.</description></item>" for n in range(5))
    whole = f"<rss><channel><title>G</title>{items}</channel></rss>"
    cut = whole[: whole.index("<guid>i3")] + "<title>caf&nbsp;</title></item>"
    out = parse("g.rss", cut.encode())
    assert [(k, r["source_row"]) for k, r in out] == [("doc", 1), ("doc", 2), ("doc", 3), ("reject", 4)]
    assert out[-1][1]["reason"] == "unreadable_file"


def test_a_web_archive_record_whose_length_runs_past_its_block_does_not_swallow_the_next_one():
    records = [
        _warc_record("response", _http(STORY_PAGE.encode()), f"https://a/{i}", f"r{i}") for i in range(4)
    ]

    def longer(record: bytes, by: int) -> bytes:
        return re.sub(
            rb"Content-Length: (\d+)", lambda m: b"Content-Length: %d" % (int(m.group(1)) + by), record
        )

    expected = [("doc", i + 1, f"urn:uuid:r{i}") for i in range(4)]
    # By a few bytes (the next header starts inside the block, its WARC-Type line after it), and on
    # every record of a long archive (nothing nests per record: no recursion limit).
    for by in (5, 12, 23):
        out = parse("c.warc", longer(records[0], by) + b"".join(records[1:]))
        assert [(k, r["source_row"], r["doc_id"]) for k, r in out] == expected
    many = [
        _warc_record("response", _http(STORY_PAGE.encode()), f"https://a/{i}", f"m{i}") for i in range(1500)
    ]
    out = parse("c.warc", b"".join(longer(r, 60) for r in many))
    # (The last one's length runs past the end of the file with no record after it: it breaks off.)
    assert len(out) == 1500 and all(k == "doc" for k, _ in out[:-1])
    assert (out[-1][0], out[-1][1]["reason"]) == ("reject", "unreadable_file")
    # Into the next record's header, and past the end of the file (two records inside the block).
    for damaged in (
        longer(records[0], 60) + b"".join(records[1:]),
        records[0] + longer(records[1], 10**6) + b"".join(records[2:]),
    ):
        out = parse("c.warc", damaged)
        assert [(k, r["source_row"], r["doc_id"]) for k, r in out] == expected
        assert all(r["text"].endswith("six years.</p></body></html>") for _, r in out)
    # A page that quotes a WARC header in its body is not cut there when its length is right.
    quoting = _warc_record(
        "response",
        _http(b"<p>A record starts:</p>\r\n\r\nWARC/1.0\r\nWARC-Type: response\r\n\r\n<p>end</p>"),
        "https://a/q",
        "q",
    )
    ((kind, rec),) = parse("c.warc", quoting)
    assert kind == "doc" and rec["text"].endswith("<p>end</p>")
    # A length that runs past the end with no record inside still breaks off.
    *_, (kind, rej) = parse("c.warc", records[0] + longer(records[1], 10**6))
    assert (kind, rej["reason"], rej["source_row"]) == ("reject", "unreadable_file", 2)


def test_a_web_archive_record_whose_length_falls_short_does_not_cost_the_ones_after_it():
    records = [
        _warc_record("response", _http(STORY_PAGE.encode()), f"https://a/{i}", f"r{i}") for i in range(3)
    ]
    short = re.sub(
        rb"Content-Length: (\d+)", lambda m: b"Content-Length: %d" % (int(m.group(1)) - 40), records[0]
    )
    out = parse("c.warc", short + records[1] + records[2])
    assert [(k, r["source_row"], r["doc_id"]) for k, r in out] == [
        ("doc", 1, "urn:uuid:r0"),
        ("doc", 2, "urn:uuid:r1"),
        ("doc", 3, "urn:uuid:r2"),
    ]
