"""Input records: one file's bytes to canonical article records, or rejects with file, row and reason.

Canonical fields: ``id, url, outlet, title, published_at, lang, text``; other fields are ignored; a
field map renames input columns (``{"text": "body"}`` reads the ``body`` column as ``text``).
A given ``id`` is kept exactly as ``doc_id``; a record without one gets a stable id from its path
(text and HTML files: the file stem, e.g. ``000_48e6010674940696``; other files: ``<stem>_r<row>``).
Rows are 1-based: the line of a JSONL file, the element of a JSON file's array, the data record of a
CSV file, the row of a Parquet file, the response record of a WARC file; a text or HTML file is row 1.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import functools
import html
import io
import json
import lzma
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import PurePath
from typing import IO, Any

from transforms.core.outlets import is_page_address

CANONICAL_FIELDS = ("id", "url", "outlet", "title", "published_at", "lang", "text")
# Names news datasets commonly give the canonical fields, tried in this order when a record has no field
# of the canonical name and the field map does not name one (``--field`` always wins).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("doc_id", "article_id", "uid", "guid", "_id", "uuid", "record_id"),
    "url": ("link", "source_url", "canonical_url", "href", "sourceurl", "article_url", "page_url", "uri"),
    "outlet": (
        "source",
        "publisher",
        "site_name",
        "site",
        "source_name",
        "domain",
        "newspaper",
        "agency",
        # news-please, trafilatura, other crawlers
        "source_domain",
        "sitename",
        "hostname",
        "publication",
    ),
    "title": ("headline", "article_title"),
    "published_at": (
        "published",
        "date_published",
        "publish_date",
        "pub_date",
        "pubdate",
        "date",
        "datetime",
        "timestamp",
        # news-please, news APIs (a name in camel case, as matched: lower case), crawlers' metadata
        "date_publish",
        "publishedat",
        "published_time",
        "publishedtime",
        "publication_date",
    ),
    "lang": ("language",),
    "text": (
        "body",
        "content",
        "article",
        "article_text",
        "full_text",
        "maintext",
        "story",
        # crawlers' and datasets' names; Markdown and HTML are read as text (text.analyse)
        "raw_text",
        "raw_content",
        "text_content",
        "plain_text",
        "articlebody",
        "article_body",
        "markdown",
        "html",
        "raw_html",
    ),
}
# The kind of input each file suffix is read as (behind a compression suffix, if any).
SUFFIX_KINDS = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",  # a feed, read only when named (a folder's .xml is more often a sitemap or config)
}
EXCERPT_CHARS = 200

Output = tuple[str, dict]  # ("doc", record) or ("reject", reject)

# Bytes that were not UTF-8, as the "surrogateescape" error handler decodes them; any bad byte, as
# "provenance-escape" does.
_UNDECODED = re.compile("[\udc80-\udcff]")
_ESCAPED = re.compile("[\udc00-\udcff]")


# Kinds read only when named on the command line: in a folder, a .json is most often metadata beside
# the corpus (a truth file, a manifest) and a .xml a sitemap or a config.
NAMED_ONLY = ("json", "xml")

# Compressed files are read through their decompressor ("feed.jsonl.gz" is JSON lines).
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")


def supported_names() -> str:
    """The file names read, for messages: ".txt, .md, …, .xml (or those .gz, .bz2, .xz, .zst)"."""
    names = list(SUFFIX_KINDS)
    return f"{', '.join(names[:-1])} or {names[-1]} (or those {', '.join(COMPRESSED_SUFFIXES)})"


def _inner(path: str) -> PurePath:
    """The file's name without its compression suffix."""
    name = PurePath(path)
    return name.with_suffix("") if name.suffix.lower() in COMPRESSED_SUFFIXES else name


def input_kind(path: str) -> str | None:
    """``text``, ``html``, ``json``, ``jsonl``, ``csv``, ``parquet``, ``warc``, ``feed`` (.rss, .atom) or
    ``xml`` (a feed too, read only when named) by file suffix (behind a compression suffix, if any); None
    for files we do not read."""
    return SUFFIX_KINDS.get(_inner(path).suffix.lower())


def reject(
    source: str, row: int, reason: str, detail: str, doc_id: str | None = None, excerpt: Any = ""
) -> Output:
    if isinstance(excerpt, bytes):
        excerpt = excerpt[:EXCERPT_CHARS].decode("utf-8", errors="replace")
    return (
        "reject",
        {
            "source_file": source,
            "source_row": row,
            "doc_id": doc_id,
            "reason": reason,
            "detail": detail,
            "excerpt": str(excerpt or "")[:EXCERPT_CHARS],
        },
    )


def _stem(path: str) -> str:
    return _inner(path).stem


def id_stems(paths: Iterable[str]) -> dict[str, str]:
    """What made-up ids start with, for the input files whose name without its suffix another input file
    shares (``2024/news.jsonl`` and ``2025/news.jsonl``; ``site/a/index.html`` and ``site/b/index.html``;
    ``story.txt`` and ``story.md``): their path from the folder the files sharing it have in common,
    without the suffix where that tells them apart (``2024/news``, ``a/index``), else with it
    (``story.txt``; ``story.txt.gz`` beside ``story.txt``). Other files are left out: their ids start with the name without its suffix. Ids of
    the files sharing a name otherwise all start alike, and all but one file's records are rejected as
    ``duplicate_id``. A pure function of the run's input paths, so every worker makes the same ids."""
    by_stem: dict[str, list[PurePath]] = {}
    for path in dict.fromkeys(paths):
        by_stem.setdefault(_stem(path), []).append(PurePath(path))
    out: dict[str, str] = {}
    for group in by_stem.values():
        if len(group) < 2:
            continue
        common = PurePath(os.path.commonpath([str(p.parent) for p in group]))
        inner = [_inner(str(p)).relative_to(common) for p in group]
        for names in (
            [p.with_suffix("").as_posix() for p in inner],
            [p.as_posix() for p in inner],
            [p.relative_to(common).as_posix() for p in group],  # "z.txt" and "z.txt.gz"
        ):
            if len(set(names)) == len(names):
                break
        out.update(zip(map(str, group), names, strict=True))
    return out


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas-written files
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _keys(raw: dict) -> dict[str, tuple[Any, ...]]:
    """A record's field names as matched: without surrounding spaces, in lower case (``"Text"``, a CSV
    header's `` title`` after its comma); of names that then coincide, the exact one first. Folded once
    per set of names (every row of a CSV or Parquet file has the same)."""
    return _folded(tuple(raw))


@functools.lru_cache(maxsize=1024)
def _folded(names: tuple[Any, ...]) -> dict[str, tuple[Any, ...]]:
    keys: dict[str, list[Any]] = {}
    for key in names:
        if isinstance(key, str):
            folded = key.strip().lower()
            same = keys.setdefault(folded, [])
            same.insert(0, key) if key == folded else same.append(key)
    return {folded: tuple(same) for folded, same in keys.items()}


def _field(raw: dict, name: str, field_map: dict[str, str], keys: dict[str, tuple[Any, ...]]) -> Any:
    """The value of canonical field ``name``: the mapped column, else the canonical name, else the first
    alias present with a value (names matched as :func:`_keys` does; a null field counts as absent, so
    ``{"text": null, "body": "…"}`` reads the body); an object (``{"id": ..., "name": "Reuters"}``, as
    news APIs give a source) by its name."""
    if name in field_map:
        value = raw.get(field_map[name])
    else:
        value = next(
            (
                raw[key]
                for candidate in (name, *FIELD_ALIASES[name])
                for key in keys.get(candidate, ())
                if raw[key] is not None
            ),
            None,
        )
    if name == "outlet" and isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return value


def _outlet_and_url(raw: dict, field_map: dict[str, str], keys: dict, values: dict) -> None:
    """A URL found as the outlet (not mapped there with ``--field``) is the page's address, kept as the
    URL when the record has none; the outlet is then the next outlet alias that is not an address."""
    outlet = values["outlet"]
    if "outlet" in field_map or not is_page_address(outlet):
        return
    if values["url"] is None:
        values["url"] = outlet.strip()
    values["outlet"] = next(
        (
            raw[key]
            for candidate in ("outlet", *FIELD_ALIASES["outlet"])
            for key in keys.get(candidate, ())
            if raw[key] is not None
            and not is_page_address(raw[key])
            and not (isinstance(raw[key], str) and not raw[key].strip())
        ),
        None,
    )


def canonical_record(
    raw: dict, field_map: dict[str, str], source: str, row: int, stem: str | None = None
) -> Output:
    """A raw mapping (a JSON object, CSV row or Parquet row) to a canonical record, or a reject. A record
    without an id gets ``<stem>_r<row>``: ``stem`` is the file's name without its suffix, unless another
    input file shares it (:func:`id_stems`)."""
    keys = _keys(raw)
    values = {name: _field(raw, name, field_map, keys) for name in CANONICAL_FIELDS}
    _outlet_and_url(raw, field_map, keys, values)
    given = values["id"]
    if (
        isinstance(given, dict)
        and len(given) == 1
        and not isinstance(next(iter(given.values())), (dict, list))
    ):
        given = next(iter(given.values()))  # a database export's {"$oid": "5f1d…"}
    elif isinstance(given, (dict, list, tuple)):
        given = json.dumps(given, sort_keys=True, ensure_ascii=False, default=str)  # kept, as JSON text
    # A given id is kept exactly (auditors join on it); only a missing or blank one is made up.
    doc_id = str(given) if given is not None and str(given).strip() else f"{stem or _stem(source)}_r{row}"
    text = values["text"]
    if text is None or (isinstance(text, float) and text != text):
        if "text" in field_map:
            detail = f"no {field_map['text']!r} field"
        else:
            detail = f"no 'text' field (nor {', '.join(FIELD_ALIASES['text'])})"
        found = [str(k) for k in raw if k is not None][:12]
        detail += f"; its fields: {', '.join(found)}" if found else "; it has no fields"
        return reject(source, row, "missing_text", detail, doc_id, json.dumps(raw, default=str))
    if not isinstance(text, str):
        return reject(
            source, row, "malformed_record", f"text is {type(text).__name__}, not a string", doc_id, str(text)
        )
    if not text.isascii() and _UNDECODED.search(text):
        return reject(source, row, "undecodable", "text has bytes that are not UTF-8", doc_id, text)
    record = {name: _clean(values[name]) for name in ("url", "outlet", "title", "published_at", "lang")}
    for name in ("url", "outlet", "title", "lang"):
        if isinstance(values[name], (dict, list, tuple)):  # JSON text, not a Python repr
            record[name] = _clean(json.dumps(values[name], ensure_ascii=False, default=str))
    record.update(doc_id=doc_id, text=text, source_file=source, source_row=row)
    return ("doc", record)


# Byte-order marks, UTF-32's first (its little-endian mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What browsers read a page declared in these codecs as (WHATWG's encoding labels): their supersets.
_WEB_CODECS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gbk",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
# Bytes of a text that is not UTF-8 read as windows-1252 by ``auto``: at most this share of the text,
# and no run of more than this many in a row (a Western word has one or two accented letters or marks
# together; a Cyrillic, Greek or CJK word in a legacy code is a run of them).
LEGACY_MAX_SHARE = 0.2
LEGACY_MAX_RUN = 2

_local = threading.local()


def _note_stray(err: UnicodeDecodeError) -> tuple[str, int]:
    _local.stray.append((err.start, err.end))
    return ("", err.end)


def _as_cp1252(err: UnicodeDecodeError) -> tuple[str, int]:
    return (err.object[err.start : err.end].decode("cp1252"), err.end)  # raises for 0x81, 0x8d, ...


def _escape_all(err: UnicodeDecodeError) -> tuple[str, int]:
    """Like ``surrogateescape`` for every codec: each bad byte a lone surrogate U+DC00 + byte."""
    return ("".join(chr(0xDC00 + b) for b in err.object[err.start : err.end]), err.end)


codecs.register_error("provenance-note-stray", _note_stray)
codecs.register_error("provenance-as-cp1252", _as_cp1252)
codecs.register_error("provenance-escape", _escape_all)


class Undecodable(ValueError):
    """Bytes that no encoding the reader may use decodes; the message is the reject's detail."""


# Codecs Python has that are not a character set a file is written in.
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "utf-7", "mbcs"}


def text_codec(name: str) -> str:
    """The canonical name of a character set's codec (``LookupError`` for an unknown name, or a codec
    that is not one: base64, unicode_escape, idna, ...)."""
    info = codecs.lookup(name)
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        raise LookupError(f"{name!r} is not a character set")
    return info.name


class Decoding:
    """How bytes become text. A byte-order mark decides; else UTF-8; else the encoding the page declares
    (HTML ``<meta charset>``); else ``fallback``. ``auto``: a text that is UTF-8 but for a few stray
    bytes (a Western legacy text is ASCII but for its accents and typographic marks; a UTF-8 text may
    have a pasted one) is read as UTF-8 with those bytes as windows-1252, which is what Western sites
    and older news archives wrote and what browsers assume; more, or runs of them, is undecodable. A
    codec name (``--encoding cp1251``) reads every text that is not UTF-8 with that codec. ``count``
    hears ``read_as.<codec>`` for each text not read as UTF-8."""

    def __init__(self, fallback: str = "auto", count: Callable[..., None] | None = None) -> None:
        self.fallback = fallback if fallback == "auto" else text_codec(fallback)
        self._count = count

    def decode(self, data: bytes, declared: str | None = None, short: bool = False) -> str:
        """``data`` as text (``Undecodable`` if it cannot be read); ``short``: a few words (a CSV
        header), judged by runs of legacy bytes only, not by their share."""
        for bom, codec in _BOMS:
            if data.startswith(bom):
                try:
                    return data.decode(codec)
                except UnicodeDecodeError as err:
                    raise Undecodable(
                        f"not {codec} as its byte-order mark says: {err.reason} at byte {err.start}"
                    ) from err
        if data.count(b"\x00") * 4 > len(data) and (codec := _utf16_unmarked(data)):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                self._counted(codec)
                return text
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            first = err
        tried = []
        for codec in (declared, None if self.fallback == "auto" else self.fallback):
            if codec is None or codec == "utf-8" or codec in tried:
                continue
            tried.append(codec)
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            self._counted(codec)
            return text
        if self.fallback == "auto" and (why := _not_western(data, short)) is None:
            try:
                text = data.decode("utf-8", "provenance-as-cp1252")
            except UnicodeDecodeError:
                why = "bytes that windows-1252 does not define"
            else:
                self._counted("cp1252")
                return text
        also = f", nor {' nor '.join(tried)}" if tried else ""
        hint = (
            ""
            if self.fallback != "auto"
            else f", nor windows-1252 ({why}; name its encoding with --encoding)"
        )
        raise Undecodable(f"not UTF-8: {first.reason} at byte {first.start}{also}{hint}")

    def _counted(self, codec: str) -> None:
        if self._count is not None:
            self._count(f"read_as.{codec}")


def _utf16_unmarked(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, by where its NULs fall (the high byte of Latin letters)."""
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if len(data) % 2 == 0 and odd > 4 * even and odd * 3 > len(data) // 2:
        return "utf-16-le"
    if len(data) % 2 == 0 and even > 4 * odd and even * 3 > len(data) // 2:
        return "utf-16-be"
    return None


def _not_western(data: bytes, short: bool = False) -> str | None:
    """Why bytes that are not UTF-8 are not a Western legacy text (None if they may be one)."""
    if b"\x00" in data:
        return "NUL bytes: UTF-16 without its mark, or not text"
    _local.stray = []
    data.decode("utf-8", "provenance-note-stray")
    spans = _local.stray
    if not short and sum(end - start for start, end in spans) > LEGACY_MAX_SHARE * len(data):
        return f"over {LEGACY_MAX_SHARE:.0%} of its bytes are not UTF-8"
    run_start, run_end = None, None
    for start, end in spans:
        if start != run_end:
            run_start = start
        run_end = end
        if run_end - run_start > LEGACY_MAX_RUN:
            return f"{run_end - run_start} bytes in a row that are not UTF-8 at byte {run_start}"
    return None


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset a page declares in its first 4 KB (``<meta charset>``, the
    ``http-equiv`` content type, an XML declaration), read as browsers read it (Latin-1 and ASCII as
    windows-1252, GB2312 as GBK, ...); None if none, unknown, or UTF."""
    head = data[:4096].decode("latin-1")
    found = _CHARSET.search(head) or _XML_ENCODING.search(head)
    return web_codec(found.group(1)) if found else None


def web_codec(label: str) -> str | None:
    """The Python codec a charset label names, read as browsers read it (Latin-1 and ASCII as
    windows-1252, GB2312 as GBK, ...); None if unknown, not a character set, or UTF."""
    try:
        codec = text_codec(label.strip().lower())
    except LookupError:
        return None
    # UTF-8 is tried first anyway; a page in UTF-16 starts with its mark (one declared so is UTF-8).
    return None if codec.startswith("utf") else _WEB_CODECS.get(codec, codec)


_CHARSET = re.compile(r"<meta\b[^<>]*?\bcharset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(r"^\s*<\?xml\b[^>]*\bencoding\s*=\s*[\"']([\w.:-]+)", re.IGNORECASE)


def _one_record_file(
    source: str, data: bytes, decoding: Decoding, declared: str | None, stem: str
) -> str | Output:
    """A file that is one article (text, HTML) decoded, or its ``undecodable`` reject (row 1, id ``stem``)."""
    try:
        return decoding.decode(data, declared)
    except Undecodable as err:
        return reject(source, 1, "undecodable", str(err), stem, data)


def parse_text(
    source: str, data: bytes, decoding: Decoding | None = None, stem: str | None = None
) -> Iterator[Output]:
    """A .txt/.md article: the first non-empty line is the title, the rest the text; its id the file's
    name without its suffix (``stem``, when another input file shares that)."""
    stem = stem or _stem(source)
    content = _one_record_file(source, data, decoding or Decoding(), None, stem)
    if not isinstance(content, str):
        yield content
        return
    lines = content.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip().lstrip("#").strip() if lines else ""
    text = "\n".join(lines[1:])
    yield canonical_record({"id": stem, "title": title or None, "text": text}, {}, source, 1)


def _meta(page: str, *names: str) -> str | None:
    """The ``content`` of the first ``<meta>`` tag whose ``property``/``name`` is one of ``names``."""
    for tag in _META_TAG.finditer(page):
        attrs = _attrs(tag.group(0))
        if (attrs.get("property") or attrs.get("name") or "").lower() in names:
            content = (attrs.get("content") or "").strip()
            if content:
                return content
    return None


def _attrs(tag: str) -> dict[str, str]:
    """A tag's attributes (quoted or not), names lower-cased, character references decoded."""
    return {m[0].lower(): html.unescape(m[2] or m[4]) for m in _ATTR.findall(tag)}


# A tag up to its closing ">", quoted attribute values passed over whole ("A > B").
_TAG_BODY = r"""(?:[^<>"']|"[^"]*"|'[^']*')*"""
_META_TAG = re.compile(rf"<meta\b{_TAG_BODY}>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(?:([\"'])(.*?)\2|()([^\s\"'<>]+))", re.DOTALL)
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_CANONICAL = re.compile(rf"<link\b(?=[^<>]*\brel\s*=\s*[\"']?canonical\b){_TAG_BODY}>", re.IGNORECASE)
_LANG = re.compile(r"<html\b[^<>]*\blang\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def _title_tag(page: str, end: int) -> str | None:
    """The text of the first ``<title>`` before ``end`` that is closed before it. (The first tag and the
    first close after it, searched once each: one regular expression from each unclosed tag on was
    quadratic, 30 s for a head of 20,000 "<title>" tags.)"""
    opened = _TITLE_OPEN.search(page, 0, end)
    closed = _TITLE_CLOSE.search(page, opened.end(), end) if opened else None
    if closed is None:
        return None
    return " ".join(html.unescape(page[opened.end() : closed.start()]).split()) or None


def page_fields(page: str) -> dict[str, str | None]:
    """A saved page's title, address, site name, publication time and language, from its ``<title>``,
    canonical link, Open Graph / article ``<meta>`` tags and ``<html lang>`` (None where absent)."""
    title = _meta(page, "og:title")
    # The document's <title> is in its head: an inline SVG's in the body is a picture's.
    head_end = page.lower().find("<body")
    if title is None:
        title = _title_tag(page, head_end if head_end >= 0 else len(page))
    url = _meta(page, "og:url")
    if url is None and (link := _CANONICAL.search(page)):
        href = _attrs(link.group(0)).get("href")
        url = href.strip() or None if href else None
    lang = _LANG.search(page)
    return {
        "url": url,
        "outlet": _meta(page, "og:site_name"),
        "title": title,
        "published_at": _meta(page, "article:published_time", "datepublished", "date", "pubdate"),
        "lang": lang.group(1) if lang else None,
    }


def parse_html(
    source: str, data: bytes, decoding: Decoding | None = None, stem: str | None = None
) -> Iterator[Output]:
    """A saved web page (.html/.htm): the whole page is the text (markup is stripped with the rest of
    the page's chrome when it is analysed), its metadata from its tags (:func:`page_fields`)."""
    stem = stem or _stem(source)
    page = _one_record_file(source, data, decoding or Decoding(), declared_charset(data), stem)
    if not isinstance(page, str):
        yield page
        return
    yield canonical_record({"id": stem, **page_fields(page), "text": page}, {}, source, 1)


# --- news feeds (RSS 2.0, RSS 1.0 / RDF, Atom): each item a record -------------------------------------------

# The namespaces whose elements a feed's items are read from (RSS 2.0 has none); others (Media RSS,
# iTunes) describe pictures and sound and are passed over.
_FEED_NAMESPACES = {
    "",
    "http://www.w3.org/2005/Atom",
    "http://purl.org/rss/1.0/",
    "http://purl.org/rss/1.0/modules/content/",
    "http://purl.org/dc/elements/1.1/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_FEED_ROOTS = ("rss", "feed", "rdf")
_FEED_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre")
_NOT_PAGE_LINKS = ("self", "enclosure", "edit", "replies", "via", "hub", "license")
# A feed is fed to the parser in pieces of this many characters, each item read and let go as it ends.
_FEED_PIECE = 1 << 16


def _feed_name(tag: Any) -> str:
    """An element's local name, lower-cased, if it is in a feed's own namespaces ("" otherwise)."""
    if not isinstance(tag, str):
        return ""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return local.lower() if namespace in _FEED_NAMESPACES else ""


def _element_text(element: Any) -> str:
    """An element's text; an Atom XHTML ``<content>`` block by block, one paragraph each."""
    if element.get("type", "").lower() == "xhtml":
        blocks = [
            " ".join("".join(e.itertext()).split())
            for e in element.iter()
            if str(e.tag).rpartition("}")[2].lower() in _FEED_BLOCKS
        ]
        if any(blocks):
            return "\n\n".join(b for b in blocks if b)
    return "".join(element.itertext()).strip()


def _item_text(item: Any, *names: str) -> str | None:
    """The text of ``item``'s first child with one of ``names`` that has any (in that order of names)."""
    for name in names:
        for child in item:
            if _feed_name(child.tag) == name and (text := _element_text(child)):
                return text
    return None


def _item_link(item: Any) -> str | None:
    """An item's page: Atom's ``alternate`` link, else a link that is no feed, file or edit link, else an
    RSS ``<link>``'s text."""
    links = [c for c in item if _feed_name(c.tag) == "link"]
    for link in links:
        if link.get("href") and link.get("rel", "alternate").lower() == "alternate":
            return link.get("href").strip()
    for link in links:
        if link.get("href") and link.get("rel", "").lower() not in _NOT_PAGE_LINKS:
            return link.get("href").strip()
    return next((text for link in links if (text := (link.text or "").strip())), None)


def _item_source(item: Any) -> str | None:
    """The outlet an aggregator's item was taken from: RSS ``<source>``'s text, Atom ``<source>``'s title."""
    for child in item:
        if _feed_name(child.tag) == "source":
            return _item_text(child, "title") or (child.text or "").strip() or None
    return None


def parse_feed(
    source: str, data: bytes, decoding: Decoding | None = None, stem: str | None = None
) -> Iterator[Output]:
    """A news feed (``.rss``, ``.atom``, or ``.xml`` named on the command line): each ``<item>`` or
    ``<entry>`` is a row and a record. Its text is the full content (``content:encoded``, Atom
    ``<content>``) or else the summary (``<description>``, ``<summary>``), markup left in for the
    analysis to strip; its id the ``<guid>``/``<id>``, else its link; title, link and date
    (``pubDate``, ``published``, ``updated``, ``dc:date``) its own; its outlet the feed's title. An
    item's ``<source>`` (the outlet it was taken from, as aggregators' feeds name it) is kept as a
    "Source:" line at the end of its text, where it is read as a credit. The bytes are decoded as any
    input is (:class:`Decoding`, the XML declaration as the declared charset); a feed that breaks off
    or is not well formed part-way keeps the items before the fault and is one ``unreadable_file``
    reject at the next row."""
    import xml.etree.ElementTree as ElementTree

    try:
        text = (decoding or Decoding()).decode(data, declared_charset(data))
    except Undecodable as err:
        yield reject(source, 0, "undecodable", str(err), None, data)
        return
    # The text is decoded already: its declaration must not make the parser decode it again.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    path: list[str] = []
    site = lang = None
    row = 0
    try:
        for at in range(0, max(len(text), 1), _FEED_PIECE):
            parser.feed(text[at : at + _FEED_PIECE])
            for event, element in parser.read_events():
                name = _feed_name(element.tag)
                if event == "start":
                    if not path and name not in _FEED_ROOTS:
                        tag = str(element.tag).rpartition("}")[2]
                        detail = f"not an RSS or Atom feed (<{tag}>)"
                        yield reject(source, 0, "unreadable_file", detail, None, data)
                        return
                    if not path:
                        lang = element.get("{http://www.w3.org/XML/1998/namespace}lang")
                    path.append(name)
                    continue
                path.pop()
                parent = path[-1] if path else ""
                if name == "title" and parent in ("channel", "feed") and site is None:
                    site = " ".join("".join(element.itertext()).split()) or None
                elif name == "language" and parent == "channel" and lang is None:
                    lang = (element.text or "").strip() or None
                elif name in ("item", "entry") and "item" not in path and "entry" not in path:
                    row += 1
                    body = _item_text(element, "encoded", "content", "description", "summary")
                    if body is not None and (credited := _item_source(element)):
                        body = f"{body}\n\nSource: {credited}"
                    raw = {
                        "id": _item_text(element, "guid", "id") or _item_link(element),
                        "url": _item_link(element),
                        "outlet": site,
                        "title": _item_text(element, "title"),
                        "published_at": _item_text(
                            element, "pubdate", "published", "updated", "date", "issued"
                        ),
                        "lang": lang,
                        "text": body,
                    }
                    element.clear()  # read: let it go
                    yield canonical_record(raw, {}, source, row, stem)
        parser.close()
    except (ElementTree.ParseError, ValueError, LookupError) as err:
        where = f"after row {row}" if row else "before its first item"
        yield reject(
            source, row + 1, "unreadable_file", f"the feed is not well-formed XML {where}: {err}", None, data
        )
        return
    if not row:
        yield reject(source, 0, "malformed_record", "a feed without items", None, data)


# --- web archives (WARC): a crawl's responses, each page a record -----------------------------------------

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _warc_headers(stream: _Lookahead, resync: bool = False) -> dict[str, str] | None:
    """The named fields of the header block at the stream's position (names lower-cased); None at the end
    of the file. ``resync``: after a record whose ``Content-Length`` fell short of its block, the rest of
    that block is passed over up to the next record's ``WARC/`` line (else that is a ``ValueError``)."""
    line = stream.readline()
    while line and (not line.strip() or (resync and not line.startswith(b"WARC/"))):
        line = stream.readline()
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise ValueError(f"not a WARC record header: {line[:40]!r}")
    fields = {}
    while (line := stream.readline()) and line.strip():
        name, _, value = line.decode("latin-1").partition(":")
        fields[name.strip().lower()] = value.strip()
    return fields


_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}")


def _http_response(block: bytes) -> tuple[int, dict[str, str], bytes]:
    """A WARC response block's HTTP status, header fields (names lower-cased) and body, the body
    de-chunked and decompressed as its headers say (as sent, when it is not framed or compressed so
    after all: crawlers store some bodies already decoded). ``ValueError`` for an encoding not read."""
    found = _HEAD_END.search(block)
    head, body = (block[: found.start()], block[found.end() :]) if found else (block, b"")
    lines = head.decode("latin-1").splitlines()
    status_line = lines[0].split() if lines else []
    status = int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    if "chunked" in fields.get("transfer-encoding", "").lower():
        body = _dechunked(body)
    encoding = fields.get("content-encoding", "identity").lower()
    try:
        if encoding in ("gzip", "x-gzip"):
            body = zlib.decompress(body, 31)
        elif encoding == "deflate":
            body = zlib.decompress(body, zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS)
        elif encoding not in ("identity", ""):
            raise ValueError(f"content-encoding {encoding!r} is not read")
    except zlib.error:
        pass  # stored decoded already
    return status, fields, body


def _dechunked(body: bytes) -> bytes:
    """A chunked body's data; the body itself when it is not chunk-framed after all."""
    out, pos = [], 0
    while True:
        end = body.find(b"\n", pos)
        size = body[pos:end].split(b";")[0].strip() if end >= 0 else b""
        if not _CHUNK_SIZE.fullmatch(size):
            return body
        n = int(size, 16)
        if n == 0:
            return b"".join(out)
        start = end + 1
        if start + n > len(body):
            return body
        out.append(body[start : start + n])
        pos = start + n
        pos += 2 if body[pos : pos + 2] == b"\r\n" else 1 if body[pos : pos + 1] == b"\n" else 0


_RECORD_START = re.compile(rb"\nWARC/1\.\d\r?\n")
_TRAILER = re.compile(rb"\r?\n\r?\n\Z")  # the blank line that ends a record
_HEADER_FIELD = re.compile(rb"[!-9;-~]+:[^\r\n]*\r?\n")  # "Name: value", no space or colon in the name
WARC_HEADER_LINES = 64
# After a block: enough bytes to see that the next record starts there (or where it starts instead).
WARC_LOOKAHEAD = 4096


def _next_record_at(window: bytes) -> int | None:
    """Where in ``window`` (a record's block and what follows it) a record header starts: a ``WARC/1.x``
    line after a blank line, then header fields, one of them ``WARC-Type``; None when there is none.
    Each candidate is read only as far as its lines look like header fields (linear in the window)."""
    for found in _RECORD_START.finditer(window):
        start = found.start() + 1
        if not window.endswith((b"\n\n", b"\n\r\n"), 0, start):
            continue
        pos = found.end()
        for _ in range(WARC_HEADER_LINES):
            field = _HEADER_FIELD.match(window, pos)
            if field is None:
                break
            if field.group(0)[:10].lower() == b"warc-type:":
                return start
            pos = field.end()
    return None


def _ends_record(ahead: bytes) -> bool:
    """Whether the bytes after a block are a record's end: blank lines, then the next record or the end
    of the file."""
    rest = ahead.lstrip(b"\r\n")
    return rest.startswith(b"WARC/") or (not rest and len(ahead) < WARC_LOOKAHEAD)


class _Lookahead:
    """A byte stream read by lines and blocks, with as much lookahead as asked for and bytes put back:
    what finding where a WARC record really ends needs. Reads the stream under it one piece at a time
    (``read1``). A :class:`DamagedMember` met while reading ahead is held at the point where it was met,
    and raised only when a read reaches that point: the records before it come out first."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._read = getattr(raw, "read1", raw.read)
        self._buf = bytearray()
        self._eof = False
        self._damage: DamagedMember | None = None  # met at the end of the buffer

    def _fill(self, n: int) -> None:
        while len(self._buf) < n and not self._eof and self._damage is None:
            try:
                piece = self._read(max(n - len(self._buf), 1 << 16))
            except DamagedMember as err:
                self._damage = err
                return
            if piece:
                self._buf += piece
            else:
                self._eof = True

    def _raise_damage(self) -> None:
        """The damage is reached: what is left before it was cut off by it."""
        err, self._damage = self._damage, None
        self._buf.clear()
        assert err is not None
        raise err

    def peek(self, n: int) -> bytes:
        """Up to ``n`` bytes ahead (fewer at the end of the file, or before a damage)."""
        self._fill(n)
        return bytes(self._buf[:n])

    def read(self, n: int) -> bytes:
        self._fill(n)
        if len(self._buf) < n and self._damage is not None:
            self._raise_damage()
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def readline(self, limit: int = 1 << 16) -> bytes:
        """The next line (at most ``limit`` bytes of it: a binary blob is not one huge line)."""
        seen = 0
        while True:
            end = self._buf.find(b"\n", seen)
            if 0 <= end < limit:
                return self.read(end + 1)
            if len(self._buf) >= limit:
                return self.read(limit)
            if self._damage is not None:
                self._raise_damage()
            if self._eof:
                return self.read(len(self._buf))
            seen = len(self._buf)
            self._fill(len(self._buf) + (1 << 16))

    def unread(self, data: bytes) -> None:
        self._buf[:0] = data

    def skip(self, n: int) -> bool:
        """Pass over ``n`` bytes in pieces (a crawl's video need not fit in memory); whether there were."""
        while n > 0:
            self._fill(min(n, 1 << 20))
            if not self._buf:
                if self._damage is not None:
                    self._raise_damage()
                return False
            gone = min(n, len(self._buf))
            del self._buf[:gone]
            n -= gone
        return True


# A response record larger than this is no article page (a video, an archive): passed over unread.
WARC_RECORD_MAX = 32 * 1024 * 1024


def parse_warc(
    source: str, stream: IO[bytes], decoding: Decoding | None = None, stem: str | None = None
) -> Iterator[Output]:
    """A web archive (``.warc``, ``.warc.gz``, as crawlers and Common Crawl's news crawl write them): each
    ``response`` record is one row, its page read as a saved page (:func:`page_fields`; the address the
    crawler fetched when the page names none), in the charset its HTTP header or the page declares. Its
    ``WARC-Record-ID`` is its id. A response that is not a page (an image, a redirect, an error) is a
    ``malformed_record`` reject; requests, metadata and the crawl's own records are not articles and are
    passed over. A record whose ``Content-Length`` runs past its block ends where the next record's
    header starts; one whose length falls short is passed over to the next ``WARC/`` line."""
    decoding = decoding or Decoding()
    reader = _Lookahead(stream)
    row = 0
    seen = False  # a record was read: what is not a record header after it is the rest of its block
    while True:
        doc_id, response = None, None
        try:
            try:
                fields = _warc_headers(reader, resync=seen)
                if fields is None:
                    return
                length = int(fields.get("content-length") or 0)
                if length < 0:
                    raise ValueError(f"Content-Length {length}")
            except ValueError as err:
                yield reject(
                    source, row + 1, "unreadable_file", f"the WARC breaks off after row {row}: {err}"
                )
                return
            seen = True
            response = fields.get("warc-type") == "response"
            row += response
            doc_id = fields.get("warc-record-id", "").strip("<> ") or None
            if length > WARC_RECORD_MAX:
                # Passed over in pieces: a crawl's video or archive need not fit in memory.
                if not reader.skip(length):
                    if response:
                        yield reject(source, row, "unreadable_file", "the WARC record breaks off", doc_id)
                    return
                if response:
                    yield reject(
                        source, row, "malformed_record", f"a response of {length} bytes, not a page", doc_id
                    )
                continue
            block = reader.read(length)
            ahead = reader.peek(WARC_LOOKAHEAD)
            if len(block) < length or not _ends_record(ahead):
                # The block does not end where its Content-Length says (too long a length, or the file
                # ends inside it): a record header inside it is where the next record starts.
                cut = _next_record_at(block + ahead)
                if cut is not None and cut < len(block):
                    reader.unread(block[cut:])
                    block = _TRAILER.sub(b"", block[:cut])
                elif len(block) < length:
                    if response:
                        yield reject(
                            source, row, "unreadable_file", "the WARC record breaks off", doc_id, block
                        )
                    return
        except DamagedMember as err:
            # (A .warc.gz: its member for this record does not decompress; the next member is read on.
            # Whatever the record was, a request's damaged member may have held responses too.)
            seen = True
            row += not response
            detail = f"{err}: the record(s) it held are lost; the archive is read on from the next member"
            yield reject(source, row, "unreadable_file", detail, doc_id)
            continue
        if not response:
            continue
        try:
            status, http, body = _http_response(block)
        except ValueError as err:
            yield reject(source, row, "malformed_record", f"unreadable HTTP response: {err}", doc_id, block)
            continue
        kind = http.get("content-type", "text/html").split(";")[0].strip().lower()
        if not 200 <= status < 300 or kind not in _PAGE_TYPES:
            what = f"HTTP status {status}" if not 200 <= status < 300 else f"a {kind} response"
            yield reject(source, row, "malformed_record", f"{what}, not a page", doc_id, body)
            continue
        found = _HTTP_CHARSET.search(http.get("content-type", ""))
        declared = web_codec(found.group(1)) if found else None
        try:
            page = decoding.decode(body, declared or declared_charset(body))
        except Undecodable as err:
            yield reject(source, row, "undecodable", str(err), doc_id, body)
            continue
        found_fields = page_fields(page)
        found_fields["url"] = found_fields["url"] or fields.get("warc-target-uri") or None
        yield canonical_record({"id": doc_id, **found_fields, "text": page}, {}, source, row, stem)


# A JSON file holding one array of records, or an object with the array under one of these keys (as
# news APIs and dataset dumps write them), or one record.
_JSON_LISTS = ("documents", "articles", "records", "items", "data", "results", "stories")


def _holds_text(obj: dict, field_map: dict[str, str]) -> bool:
    """Whether a JSON object is itself a record (it has a text field), not a container of records."""
    if "text" in field_map:
        return field_map["text"] in obj
    keys = _keys(obj)
    return any(n in keys for n in ("text", *FIELD_ALIASES["text"]))


def _json_msg(err: json.JSONDecodeError) -> str:
    """The JSON error without a dangling "at" ("Invalid control character at"), for "… at column N"."""
    return err.msg.removesuffix(" at")


def _some_line_parses(data: bytes) -> bool:
    for line in data.splitlines():
        try:
            if isinstance(json.loads(line.decode("utf-8", "replace")), dict):
                return True
        except (ValueError, RecursionError):
            continue
    return False


def parse_json(
    source: str,
    data: bytes,
    field_map: dict[str, str],
    decoding: Decoding | None = None,
    stem: str | None = None,
) -> Iterator[Output]:
    """A .json file: an array of records, an object holding one (``_JSON_LISTS``; an object with a text
    field is a record, whatever lists it has), or one record. A file of JSON lines saved as .json is read
    as JSON lines, a bad line or bad bytes rejecting that line only."""
    decoding = decoding or Decoding()
    text = None
    try:
        text = decoding.decode(data)
        obj = json.loads(text)
    except (Undecodable, json.JSONDecodeError, RecursionError) as err:
        # Lines decoded again one by one, unless the whole file decoded (and was counted) already.
        lines = data if text is None else text.encode("utf-8")
        if len(lines.splitlines()) > 1 and _some_line_parses(lines):
            yield from parse_jsonl(source, io.BytesIO(lines), field_map, decoding, stem)
            return
        if isinstance(err, Undecodable):
            detail, reason = str(err), "undecodable"
        elif isinstance(err, RecursionError):
            detail, reason = "nested too deeply to read", "malformed_json"
        else:
            detail, reason = f"{_json_msg(err)} at line {err.lineno}", "malformed_json"
        yield reject(source, 0, reason, detail, None, data)
        return
    key = None
    if isinstance(obj, dict):
        # Every list a container holds under those names is read, in file order ({"documents": [...],
        # "articles": [...]}): records under a second one were lost, in neither table.
        lists = [k for k in _JSON_LISTS if isinstance(obj.get(k), list)]
        if lists and not _holds_text(obj, field_map):
            # The first list's records keep rows 1..n (and their made-up ids); those of the other lists
            # of objects follow ({"documents": [...], "articles": [...]}: the second list's were lost).
            lists = lists[:1] + [k for k in lists[1:] if any(isinstance(x, dict) for x in obj[k])]
            key = ", ".join(repr(k) for k in lists)
            items = [item for k in lists for item in obj[k]]
        else:
            items = [obj]
    elif isinstance(obj, list):
        items = obj
    else:
        yield reject(source, 0, "malformed_record", f"a JSON {type(obj).__name__}, not records", None, data)
        return
    if not items:
        where = f"{key} holds no records" if key is not None else "an empty array"
        yield reject(source, 0, "malformed_record", f"no records: {where}", None, data)
        return
    for row, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield canonical_record(item, field_map, source, row, stem)
        else:
            yield reject(
                source,
                row,
                "malformed_record",
                f"a JSON {type(item).__name__}, not an object",
                None,
                json.dumps(item, default=str),
            )


def _bom_codec(head: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


class _Replayed(io.RawIOBase):
    """A binary stream whose first bytes were read already (to look for a byte-order mark), from its start."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # One read of the stream under it at a time (read1): a buffered one must not hold back what it
        # has while a further read of a damaged stream fails.
        read = getattr(self._rest, "read1", self._rest.read)
        data = self._head[: len(buffer)] if self._head else read(len(buffer))
        self._head = self._head[len(data) :]
        buffer[: len(data)] = data
        return len(data)


def _lines(stream: IO[bytes], newline: str = "\n") -> tuple[Iterator[bytes] | IO[str], str | None]:
    """A file's lines: bytes, or str when a UTF-16/32 byte-order mark says so (with that codec, each bad
    byte a lone surrogate from U+DC00 up)."""
    head = b""
    while len(head) < 4 and (more := stream.read(4 - len(head))):
        head += more
    replayed = io.BufferedReader(_Replayed(head, stream))
    codec = _bom_codec(head)
    if codec in (None, "utf-8-sig"):
        return replayed, None
    return io.TextIOWrapper(replayed, encoding=codec, errors="provenance-escape", newline=newline), codec


def parse_jsonl(
    source: str,
    stream: IO[bytes],
    field_map: dict[str, str],
    decoding: Decoding | None = None,
    stem: str | None = None,
) -> Iterator[Output]:
    decoding = decoding or Decoding()
    lines, codec = _lines(stream)
    for row, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if isinstance(line, str):
            decoded = line.lstrip("\ufeff") if row == 1 else line
            if not decoded.isascii() and _ESCAPED.search(decoded):
                yield reject(source, row, "undecodable", f"line is not {codec}", None, decoded)
                continue
        else:
            try:
                decoded = decoding.decode(line)
            except Undecodable as err:
                yield reject(source, row, "undecodable", f"line is {err}", None, line)
                continue
        try:
            obj = json.loads(decoded)
        except json.JSONDecodeError as err:
            yield reject(
                source, row, "malformed_json", f"{_json_msg(err)} at column {err.colno}", None, decoded
            )
            continue
        if not isinstance(obj, dict):
            yield reject(
                source, row, "malformed_record", f"a JSON {type(obj).__name__}, not an object", None, decoded
            )
            continue
        yield canonical_record(obj, field_map, source, row, stem)


# The csv module refuses a cell over 128 KB; an article (or a whole page) in one may be longer, and
# whether it is too long is ``max_chars``'s to say, as for every other format.
CSV_FIELD_MAX = 64 * 1024 * 1024


def parse_csv(
    source: str,
    stream: IO[bytes],
    field_map: dict[str, str],
    decoding: Decoding | None = None,
    stem: str | None = None,
) -> Iterator[Output]:
    decoding = decoding or Decoding()
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_MAX))
    lines, codec = _lines(stream, newline="")
    if codec is None:
        # Bytes that are not UTF-8 come through as surrogates and are decoded again row by row below.
        lines = io.TextIOWrapper(lines, encoding="utf-8-sig", errors="surrogateescape", newline="")
    # The raw lines of each row, and whether the file ended inside it: a quote opened and never closed
    # runs every line after it into one cell, which the csv module reads without a word.
    consumed: list[str] = []
    ended = [False]

    def watched(source_lines: Iterable[str]) -> Iterator[str]:
        for line in source_lines:
            consumed.append(line)
            yield line
        ended[0] = True

    reader = csv.DictReader(watched(lines))
    row = 0
    try:
        header = reader.fieldnames or []
        consumed.clear()
    except csv.Error as err:
        # Without a header no row can be read: each line after it is a reject, none is lost.
        for row, line in enumerate(lines, 1):
            yield reject(source, row, "malformed_csv", f"the header line is unreadable: {err}", None, line)
        return
    if codec is None and any(_ESCAPED.search(name) for name in header):
        try:  # a legacy header ("R\xe9sum\xe9"), read as its rows are
            reader.fieldnames = list(_redecoded(dict(enumerate(header)), decoding, short=True).values())
        except Undecodable:
            pass
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            row += 1
            consumed.clear()
            yield reject(source, row, "malformed_csv", str(err))
            continue
        row += 1
        text = "".join(consumed) if ended[0] else ""  # (only a row the file ended in can be unclosed)
        consumed.clear()
        if text.count('"') % 2 and "\n" in text.rstrip("\r\n"):
            lines_in = text.rstrip("\r\n").count("\n") + 1
            yield reject(
                source,
                row,
                "malformed_csv",
                f"a quote opened in this row is never closed: its {lines_in} lines to the end of the file "
                "ran into one cell",
                None,
                text,
            )
            continue
        if None in raw:  # more cells than header columns
            extra = raw.pop(None)
            yield reject(
                source,
                row,
                "malformed_csv",
                f"{len(extra)} cells beyond the header's columns",
                None,
                json.dumps(raw),
            )
            continue
        if any(isinstance(v, str) and _ESCAPED.search(v) for v in raw.values()):
            try:
                if codec is not None:
                    raise Undecodable(f"not {codec}")
                raw = _redecoded(raw, decoding)
            except Undecodable as err:
                yield reject(
                    source,
                    row,
                    "undecodable",
                    f"row has bytes that are {err}",
                    None,
                    str(raw)[:EXCERPT_CHARS].encode("utf-8", "replace"),
                )
                continue
        # A CSV cannot tell an empty cell from a missing value: an empty cell is absent (an empty "Text"
        # column lets the "Body" column be read, as an empty "text" one did).
        raw = {k: (None if v == "" else v) for k, v in raw.items()}
        yield canonical_record(raw, field_map, source, row, stem)


def _redecoded(raw: dict, decoding: Decoding, short: bool = False) -> dict:
    """A CSV row read with surrogates for its bytes that are not UTF-8, decoded again by ``decoding``:
    the row's cells as one text, so that the row is judged (and counted) once, not a short cell alone."""
    keys = [k for k, v in raw.items() if isinstance(v, str)]
    joined = "\x1f".join(raw[k] for k in keys).encode("utf-8", "surrogateescape")
    cells = decoding.decode(joined, short=short).split("\x1f")
    if len(cells) != len(keys):  # a cell held the separator itself
        raise Undecodable("not UTF-8")
    return {**raw, **dict(zip(keys, cells))}


def parse_parquet(
    source: str, stream: IO[bytes], field_map: dict[str, str], stem: str | None = None
) -> Iterator[Output]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(stream)
    except Exception as err:  # pyarrow raises several types for a corrupt file
        yield reject(source, 0, "unreadable_file", f"not a readable Parquet file: {err}")
        return
    row = 0
    for batch in parquet.iter_batches(batch_size=1024):
        for raw in batch.to_pylist():
            row += 1
            yield canonical_record(raw, field_map, source, row, stem)


class DamagedMember(zlib.error):
    """A gzip member that does not decompress (or fails its checksum) inside a file that goes on: a reader
    that can start again at the next member (a crawl's ``.warc.gz``, one member a record) catches it and
    reads on; everything else treats it as the file breaking off."""


_GZIP_MAGIC = b"\x1f\x8b\x08"
# With resync, a member's input is kept up to this size, to look for the next member from its start.
GZIP_MEMBER_KEPT = 32 * 1024 * 1024
# Input is decompressed in slices of this size: a damage costs only the slice it is in, not the read.
GZIP_SLICE = 16 * 1024


class _GzipMembers(io.RawIOBase):
    """A gzip stream decompressed member by member (a crawl's ``.warc.gz`` has one a record), in slices:
    all that decompresses is delivered before the error of a damaged or cut member is raised. Zero bytes
    after a member are padding, as gzip itself reads them. With ``resync``, a damaged member raises
    :class:`DamagedMember` once and reading goes on from the next member's header whose data begins with
    ``expect`` (``WARC/`` for a crawl: a page stored gzip-encoded inside a record has gzip's magic bytes
    too, and must not be taken for the next member)."""

    def __init__(self, raw: IO[bytes], resync: bool = False, expect: bytes = b"") -> None:
        self._raw = raw
        self._resync = resync
        self._expect = expect
        self._member = zlib.decompressobj(31)
        self._fed = False  # the current member has had input
        self._data = b""  # input not yet fed; a new member starts at its first byte
        self._seeking = False  # after a damaged member: looking for the next member's header
        self._checking = False  # a member found by seeking: its data must begin with ``expect``
        self._kept: bytearray | None = None  # with resync: the current member's input so far
        self._out = b""
        self._error: BaseException | None = None
        self._quiet = False  # a damage was reported and nothing has been read since: one report for it
        self._done = False

    def readable(self) -> bool:
        return True

    def _more(self) -> bytes:
        return self._raw.read(1 << 16)

    def _seek_member(self) -> bool:
        """Move the input to the next member's header (magic bytes); False at the end of the file."""
        while (at := self._data.find(_GZIP_MAGIC)) < 0:
            more = self._more()
            if not more:
                return False
            self._data = self._data[-2:] + more  # a header may straddle two reads
        self._data, self._seeking, self._checking = self._data[at:], False, bool(self._expect)
        self._member, self._fed = zlib.decompressobj(31), False
        return True

    def _damaged(self, data: bytes, err: BaseException | None) -> None:
        """Look for the next member from just after this one's start (a damaged member's data can run on
        into the members after it), or from here when its start was not kept; report it unless reported
        already (``err`` None: a member found by seeking that is no member after all)."""
        self._data = bytes(self._kept[1:]) if self._kept is not None else data
        self._seeking = True
        if err is not None and not self._quiet:
            self._error, self._quiet = DamagedMember(f"a damaged gzip member ({err})"), True

    def _fill(self) -> None:
        while not self._out and not self._done and self._error is None:
            if self._seeking and not self._seek_member():
                self._done = True
                return
            data, self._data = self._data or self._more(), b""
            if not data:
                if self._fed and not self._member.eof:
                    err = EOFError("the compressed data ends inside a gzip member")
                    if not self._resync:
                        self._error = err
                        return
                    self._damaged(data, err)
                    continue
                self._done = True
                return
            if self._member.eof or not self._fed:
                if self._member.eof:  # the last member ended where its input did
                    self._member, self._fed = zlib.decompressobj(31), False
                data = data.lstrip(b"\x00\r\n")  # padding after a member (gzip reads zeros so too)
                if not data:
                    continue
            if not self._fed:
                self._kept = bytearray() if self._resync else None
            self._fed = True
            if self._kept is not None:
                self._kept += data
                if len(self._kept) > GZIP_MEMBER_KEPT:
                    self._kept = None
            produced, error = bytearray(), None
            try:
                for at in range(0, len(data), GZIP_SLICE):
                    produced += self._member.decompress(data[at : at + GZIP_SLICE])
                    if self._member.eof:
                        self._data = self._member.unused_data + data[at + GZIP_SLICE :]
                        break
            except zlib.error as err:
                if not self._resync:
                    self._out += produced
                    self._error = err
                    return
                error = err
            head = produced.lstrip(b"\r\n")  # (a member may begin with the blank line ending a record)
            if self._checking and head:
                if not head.startswith(self._expect[: len(head)]):
                    self._damaged(data, None)  # no member of the archive: go on looking, quietly
                    continue
                self._checking = len(head) < len(self._expect)
            self._out += produced
            if error is not None:
                self._damaged(data, error)

    def readinto(self, buffer) -> int:
        self._fill()
        if self._out:
            n = min(len(buffer), len(self._out))
            buffer[:n] = self._out[:n]
            self._out = self._out[n:]
            self._quiet = False
            return n
        if self._error is not None:
            error, self._error = self._error, None
            self._done = not isinstance(error, DamagedMember)
            raise error
        return 0


def _decompressed(source: str, stream: IO[bytes], kind: str | None) -> IO[bytes]:
    suffix = PurePath(source).suffix.lower()
    if suffix == ".gz":
        # A crawl's archive has a member per record: past a damaged one, its reader goes on (parse_warc).
        warc = kind == "warc"
        return io.BufferedReader(_GzipMembers(stream, resync=warc, expect=b"WARC/" if warc else b""))
    if suffix == ".bz2":
        return bz2.BZ2File(stream)
    if suffix == ".xz":
        return lzma.LZMAFile(stream)
    if suffix == ".zst":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(stream)
    return stream


@functools.cache
def _corrupt_data_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged file or compressed stream raises (gzip's and bz2's are ``OSError``s)."""
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError)
    try:
        import zstandard

        errors += (zstandard.ZstdError,)
    except ImportError:
        pass
    return errors


def parse_file(
    source: str,
    stream: IO[bytes],
    field_map: dict[str, str],
    encoding: str = "auto",
    count: Callable[..., None] | None = None,
    stem: str | None = None,
) -> Iterator[Output]:
    """All records and rejects of one input file, in file order; ``stem`` is what the ids made up for
    its records start with (:func:`id_stems`; default: the file's name without its suffix). A compressed file (``.gz``, ``.bz2``,
    ``.xz``, ``.zst``) is read through its decompressor; data that ends or breaks part-way keeps the
    records read before it and is one ``unreadable_file`` reject at the next row. ``encoding`` is the
    :class:`Decoding` fallback for text that is not UTF-8; ``count`` hears ``read_as.<codec>`` for each
    such text read."""
    kind = input_kind(source)
    if kind is None:
        yield reject(source, 0, "unreadable_file", f"unsupported file type {PurePath(source).suffix!r}")
        return
    decoding = Decoding(encoding, count)
    compressed = PurePath(source).suffix.lower() in COMPRESSED_SUFFIXES
    stem = stem or _stem(source)
    last_row = 0
    try:
        data = _decompressed(source, stream, kind)
        if kind == "text":
            parsed = parse_text(source, data.read(), decoding, stem)
        elif kind == "html":
            parsed = parse_html(source, data.read(), decoding, stem)
        elif kind == "json":
            parsed = parse_json(source, data.read(), field_map, decoding, stem)
        elif kind == "jsonl":
            parsed = parse_jsonl(source, data, field_map, decoding, stem)
        elif kind == "csv":
            parsed = parse_csv(source, data, field_map, decoding, stem)
        elif kind == "warc":
            parsed = parse_warc(source, data, decoding, stem)
        elif kind in ("feed", "xml"):
            parsed = parse_feed(source, data.read(), decoding, stem)
        else:  # Parquet reads its footer first: a decompressed stream cannot seek there
            parsed = parse_parquet(source, io.BytesIO(data.read()) if compressed else data, field_map, stem)
        for out in parsed:
            last_row = max(last_row, out[1]["source_row"])
            yield out
    except _corrupt_data_errors() as err:
        what = "compressed data" if compressed else "file"
        where = f"after row {last_row}" if last_row else "before its first record"
        one = kind in ("text", "html")
        yield reject(
            source,
            last_row + 1,
            "unreadable_file",
            f"the {what} breaks off {where}: {err}",
            stem if one else None,
        )


# Dates as news sites and feeds write them besides ISO 8601 (day-first and month-first numeric dates are
# ambiguous and left unparsed): "March 5, 2019", "Mar. 5, 2019 10:42 AM", "5 March 2019 10:42", "June 5,
# 2024 at 7:15 a.m. PDT", "2024-06-04 23:55 EDT".
_WRITTEN_DATE_FORMATS = [
    f"{date}{time}"
    for date in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y-%m-%d")
    for time in ("", " %I:%M %p", " %H:%M", " %H:%M:%S", ", %I:%M %p")
]
# The United States' zones, as their sites write them after a time (the zones RFC 2822 names; other
# abbreviations are ambiguous: IST, BST, CST in China).
US_ZONES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7}
_ZONE_WORD = "|".join(US_ZONES)
_TRAILING_ZONE = re.compile(rf"\s+(?P<zone>UTC|GMT|{_ZONE_WORD})$", re.IGNORECASE)
_TIME = re.compile(r"\d:\d{2}")
_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")
_RFC2822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s+\S+)?$"
)


def _written_timestamp(value: str) -> datetime | None:
    if _EPOCH.fullmatch(value):  # seconds, or milliseconds when that long (2001-09-09 to 2286)
        number = float(value)
        return datetime.fromtimestamp(number / 1000 if number >= 1e11 else number, tz=timezone.utc)
    if _RFC2822.match(value):  # as RSS feeds and HTTP headers write dates
        try:
            return parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    cleaned = re.sub(r"\b(Sept)\b", "Sep", value.replace(".", ""), flags=re.IGNORECASE)
    cleaned = re.sub(r"\s+at\s+(?=\d{1,2}:\d{2})", " ", cleaned, flags=re.IGNORECASE)
    zone = _TRAILING_ZONE.search(cleaned)
    offset = timezone.utc
    if zone:
        cleaned = cleaned[: zone.start()]
        hours = US_ZONES.get(zone.group("zone").upper())
        if hours is not None:
            if not _TIME.search(cleaned):
                return None  # "June 5, 2024 EDT": a zone without a time is no instant
            offset = timezone(timedelta(hours=hours))
    for fmt in _WRITTEN_DATE_FORMATS:
        try:
            parsed = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=offset) if zone else parsed
    return None


_ZONE = re.compile(
    rf"\d:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?\s*)?(?:Z|GMT|UTC|{_ZONE_WORD}|[+-]\d{{2}}(?::?\d{{2}})?)$",
    re.IGNORECASE,
)


def has_time_zone(value: str | None) -> bool:
    """True when a date as written pins an instant: a time with a zone or offset, or epoch seconds."""
    if not value:
        return False
    value = value.strip()
    return bool(_EPOCH.fullmatch(value) or _ZONE.search(value))


def is_day_only(value: str | None) -> bool:
    """True when a date as written gives a day and no time of day ("2024-06-04", "June 4, 2024"): it
    stands for the whole day, in a zone it does not say."""
    if not value:
        return False
    value = value.strip()
    return not _EPOCH.fullmatch(value) and not _TIME.search(value)


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime, an RFC 2822 date, epoch seconds or milliseconds, or a written date
    ("March 5, 2019 10:42 AM") as an aware UTC datetime (naive means UTC); None if unparseable."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed: datetime | None = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _written_timestamp(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
