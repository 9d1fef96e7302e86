"""Input records: one file's bytes to canonical article records, or rejects with file, row and reason.

Canonical fields: ``id, url, outlet, title, published_at, lang, text``; other fields are ignored; a
field map renames input columns (``{"text": "body"}`` reads the ``body`` column as ``text``).
A given ``id`` is kept exactly as ``doc_id``; a record without one gets a stable id from its path
(text and HTML files: the file stem, e.g. ``000_48e6010674940696``; other files: ``<stem>_r<row>``).
Rows are 1-based: the line of a JSONL file, the element of a JSON file's array, the data record of a
CSV file, the row of a Parquet file; a text or HTML file is row 1.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import PurePath
from typing import IO, Any

CANONICAL_FIELDS = ("id", "url", "outlet", "title", "published_at", "lang", "text")
# Names news datasets commonly give the canonical fields, tried in this order when a record has no field
# of the canonical name and the field map does not name one (``--field`` always wins).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("doc_id", "article_id", "uid", "guid", "_id"),
    "url": ("link", "source_url", "canonical_url", "href"),
    "outlet": ("source", "publisher", "site_name", "site", "source_name", "domain", "newspaper", "agency"),
    "title": ("headline",),
    "published_at": (
        "published",
        "date_published",
        "publish_date",
        "pub_date",
        "pubdate",
        "date",
        "datetime",
        "timestamp",
    ),
    "lang": ("language",),
    "text": ("body", "content", "article", "article_text", "full_text", "maintext", "story"),
}
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + (".jsonl", ".ndjson", ".json", ".csv", ".parquet")
EXCERPT_CHARS = 200

Output = tuple[str, dict]  # ("doc", record) or ("reject", reject)

# Bytes that were not UTF-8, as the "surrogateescape" error handler decodes them.
_UNDECODED = re.compile("[\udc80-\udcff]")


def input_kind(path: str) -> str | None:
    """``text``, ``jsonl``, ``csv`` or ``parquet`` by file suffix; None for files we do not read."""
    suffix = PurePath(path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".parquet"):
        return suffix[1:]
    return None


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
    return PurePath(path).stem


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


def _field(raw: dict, name: str, field_map: dict[str, str]) -> Any:
    """The value of canonical field ``name``: the mapped column, else the canonical name, else the first
    alias present; an object (``{"id": ..., "name": "Reuters"}``, as news APIs give a source) by its name."""
    if name in field_map:
        value = raw.get(field_map[name])
    elif name in raw:
        value = raw[name]
    else:
        value = next((raw[a] for a in FIELD_ALIASES[name] if a in raw), None)
    if name == "outlet" and isinstance(value, dict):
        value = value.get("name") or value.get("id")
    return value


def canonical_record(raw: dict, field_map: dict[str, str], source: str, row: int) -> Output:
    """A raw mapping (a JSON object, CSV row or Parquet row) to a canonical record, or a reject."""
    values = {name: _field(raw, name, field_map) for name in CANONICAL_FIELDS}
    given = values["id"]
    # A given id is kept exactly (auditors join on it); only a missing or blank one is made up.
    doc_id = str(given) if given is not None and str(given).strip() else f"{_stem(source)}_r{row}"
    text = values["text"]
    if text is None or (isinstance(text, float) and text != text):
        if "text" in field_map:
            detail = f"no {field_map['text']!r} field"
        else:
            detail = f"no 'text' field (nor {', '.join(FIELD_ALIASES['text'])})"
        return reject(source, row, "missing_text", detail, doc_id, json.dumps(raw, default=str))
    if not isinstance(text, str):
        return reject(
            source, row, "malformed_record", f"text is {type(text).__name__}, not a string", doc_id, str(text)
        )
    if not text.isascii() and _UNDECODED.search(text):
        return reject(source, row, "undecodable", "text has bytes that are not UTF-8", doc_id, text)
    record = {name: _clean(values[name]) for name in ("url", "outlet", "title", "published_at", "lang")}
    record.update(doc_id=doc_id, text=text, source_file=source, source_row=row)
    return ("doc", record)


def _one_record_file(source: str, data: bytes) -> str | Output:
    """A file that is one article (text, HTML) decoded, or its ``undecodable`` reject (row 1)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return reject(
            source, 1, "undecodable", f"not UTF-8: {err.reason} at byte {err.start}", _stem(source), data
        )


def parse_text(source: str, data: bytes) -> Iterator[Output]:
    """A .txt/.md article: the first non-empty line is the title, the rest the text."""
    content = _one_record_file(source, data)
    if not isinstance(content, str):
        yield content
        return
    lines = content.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip().lstrip("#").strip() if lines else ""
    text = "\n".join(lines[1:])
    yield canonical_record({"id": _stem(source), "title": title or None, "text": text}, {}, source, 1)


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
_TITLE_TAG = re.compile(r"<title\b[^<>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CANONICAL = re.compile(rf"<link\b(?=[^<>]*\brel\s*=\s*[\"']?canonical\b){_TAG_BODY}>", re.IGNORECASE)
_LANG = re.compile(r"<html\b[^<>]*\blang\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def parse_html(source: str, data: bytes) -> Iterator[Output]:
    """A saved web page (.html/.htm): the whole page is the text (markup is stripped with the rest of
    the page's chrome when it is analysed); title, address, site name, publication time and language
    from its ``<title>``, canonical link and Open Graph / article ``<meta>`` tags when present."""
    page = _one_record_file(source, data)
    if not isinstance(page, str):
        yield page
        return
    title = _meta(page, "og:title")
    # The document's <title> is in its head: an inline SVG's in the body is a picture's.
    head_end = page.lower().find("<body")
    if title is None and (found := _TITLE_TAG.search(page, 0, head_end if head_end >= 0 else len(page))):
        title = " ".join(html.unescape(found.group(1)).split()) or None
    url = _meta(page, "og:url")
    if url is None and (link := _CANONICAL.search(page)):
        href = _attrs(link.group(0)).get("href")
        url = href.strip() or None if href else None
    lang = _LANG.search(page)
    raw = {
        "id": _stem(source),
        "url": url,
        "outlet": _meta(page, "og:site_name"),
        "title": title,
        "published_at": _meta(page, "article:published_time", "datepublished", "date", "pubdate"),
        "lang": lang.group(1) if lang else None,
        "text": page,
    }
    yield canonical_record(raw, {}, source, 1)


# A JSON file holding one array of records, or an object with the array under one of these keys (as
# news APIs and dataset dumps write them), or one record.
_JSON_LISTS = ("documents", "articles", "records", "items", "data", "results", "stories")


def _holds_text(obj: dict, field_map: dict[str, str]) -> bool:
    """Whether a JSON object is itself a record (it has a text field), not a container of records."""
    names = (field_map["text"],) if "text" in field_map else ("text", *FIELD_ALIASES["text"])
    return any(n in obj for n in names)


def _some_line_parses(data: bytes) -> bool:
    for line in data.splitlines():
        try:
            if isinstance(json.loads(line), dict):
                return True
        except (ValueError, RecursionError):
            continue
    return False


def parse_json(source: str, data: bytes, field_map: dict[str, str]) -> Iterator[Output]:
    """A .json file: an array of records, an object holding one (``_JSON_LISTS``; an object with a text
    field is a record, whatever lists it has), or one record. A file of JSON lines saved as .json is read
    as JSON lines, a bad line or bad bytes rejecting that line only."""
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        if len(data.splitlines()) > 1 and _some_line_parses(data):
            yield from parse_jsonl(source, io.BytesIO(data), field_map)
            return
        if isinstance(err, UnicodeDecodeError):
            detail, reason = f"not UTF-8: {err.reason} at byte {err.start}", "undecodable"
        elif isinstance(err, RecursionError):
            detail, reason = "nested too deeply to read", "malformed_json"
        else:
            detail, reason = f"{err.msg} at line {err.lineno}", "malformed_json"
        yield reject(source, 0, reason, detail, None, data)
        return
    key = None
    if isinstance(obj, dict):
        if not _holds_text(obj, field_map):
            key = next((k for k in _JSON_LISTS if isinstance(obj.get(k), list)), None)
        items = obj[key] if key is not None else [obj]
    elif isinstance(obj, list):
        items = obj
    else:
        yield reject(source, 0, "malformed_record", f"a JSON {type(obj).__name__}, not records", None, data)
        return
    if not items:
        where = f"{key!r} is an empty list" if key is not None else "an empty array"
        yield reject(source, 0, "malformed_record", f"no records: {where}", None, data)
        return
    for row, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield canonical_record(item, field_map, source, row)
        else:
            yield reject(
                source,
                row,
                "malformed_record",
                f"a JSON {type(item).__name__}, not an object",
                None,
                json.dumps(item, default=str),
            )


def parse_jsonl(source: str, stream: IO[bytes], field_map: dict[str, str]) -> Iterator[Output]:
    for row, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            decoded = line.decode("utf-8-sig" if row == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield reject(
                source, row, "undecodable", f"line is not UTF-8: {err.reason} at byte {err.start}", None, line
            )
            continue
        try:
            obj = json.loads(decoded)
        except json.JSONDecodeError as err:
            yield reject(source, row, "malformed_json", f"{err.msg} at column {err.colno}", None, decoded)
            continue
        if not isinstance(obj, dict):
            yield reject(
                source, row, "malformed_record", f"a JSON {type(obj).__name__}, not an object", None, decoded
            )
            continue
        yield canonical_record(obj, field_map, source, row)


def parse_csv(source: str, stream: IO[bytes], field_map: dict[str, str]) -> Iterator[Output]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    row = 0
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            row += 1
            yield reject(source, row, "malformed_csv", str(err))
            continue
        row += 1
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
        if any(isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v) for v in raw.values()):
            yield reject(
                source,
                row,
                "undecodable",
                "row has bytes that are not UTF-8",
                None,
                str(raw)[:EXCERPT_CHARS].encode("utf-8", "replace"),
            )
            continue
        if raw.get(field_map.get("text", "text")) == "" and field_map.get("text", "text") in raw:
            raw = dict(raw)
            raw[field_map.get("text", "text")] = None
        yield canonical_record(raw, field_map, source, row)


def parse_parquet(source: str, stream: IO[bytes], field_map: dict[str, str]) -> Iterator[Output]:
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
            yield canonical_record(raw, field_map, source, row)


def parse_file(source: str, stream: IO[bytes], field_map: dict[str, str]) -> Iterator[Output]:
    """All records and rejects of one input file, in file order."""
    kind = input_kind(source)
    if kind == "text":
        yield from parse_text(source, stream.read())
    elif kind == "html":
        yield from parse_html(source, stream.read())
    elif kind == "json":
        yield from parse_json(source, stream.read(), field_map)
    elif kind == "jsonl":
        yield from parse_jsonl(source, stream, field_map)
    elif kind == "csv":
        yield from parse_csv(source, stream, field_map)
    elif kind == "parquet":
        yield from parse_parquet(source, stream, field_map)
    else:
        yield reject(source, 0, "unreadable_file", f"unsupported file type {PurePath(source).suffix!r}")


# Dates as news sites and feeds write them besides ISO 8601 (day-first and month-first numeric dates are
# ambiguous and left unparsed): "March 5, 2019", "Mar. 5, 2019 10:42 AM", "5 March 2019 10:42".
_WRITTEN_DATE_FORMATS = [
    f"{date}{time}"
    for date in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
    for time in ("", " %I:%M %p", " %H:%M", " %H:%M:%S", ", %I:%M %p")
]
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
    cleaned = re.sub(r"\s+(?:UTC|GMT)$", "", cleaned, flags=re.IGNORECASE)
    for fmt in _WRITTEN_DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    return None


_ZONE = re.compile(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|GMT|UTC|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)


def has_time_zone(value: str | None) -> bool:
    """True when a date as written pins an instant: a time with a zone or offset, or epoch seconds."""
    if not value:
        return False
    value = value.strip()
    return bool(_EPOCH.fullmatch(value) or _ZONE.search(value))


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
