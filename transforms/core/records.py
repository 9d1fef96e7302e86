"""Input records: one file's bytes to canonical article records, or rejects with file, row and reason.

Canonical fields: ``id, url, outlet, title, published_at, lang, text``; other fields are ignored; a
field map renames input columns (``{"text": "body"}`` reads the ``body`` column as ``text``).
A given ``id`` is kept exactly as ``doc_id``; a record without one gets a stable id from its path
(text files: the file stem, e.g. ``000_48e6010674940696``; other files: ``<stem>_r<row>``).
Rows are 1-based: the line of a JSONL file, the data record of a CSV file, the row of a Parquet file;
a text file is row 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import PurePath
from typing import IO, Any

CANONICAL_FIELDS = ("id", "url", "outlet", "title", "published_at", "lang", "text")
TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = TEXT_SUFFIXES + (".jsonl", ".ndjson", ".csv", ".parquet")
EXCERPT_CHARS = 200

Output = tuple[str, dict]  # ("doc", record) or ("reject", reject)

# Bytes that were not UTF-8, as the "surrogateescape" error handler decodes them.
_UNDECODED = re.compile("[\udc80-\udcff]")


def input_kind(path: str) -> str | None:
    """``text``, ``jsonl``, ``csv`` or ``parquet`` by file suffix; None for files we do not read."""
    suffix = PurePath(path).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
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


def canonical_record(raw: dict, field_map: dict[str, str], source: str, row: int) -> Output:
    """A raw mapping (a JSON object, CSV row or Parquet row) to a canonical record, or a reject."""
    values = {name: raw.get(field_map.get(name, name)) for name in CANONICAL_FIELDS}
    given = values["id"]
    # A given id is kept exactly (auditors join on it); only a missing or blank one is made up.
    doc_id = str(given) if given is not None and str(given).strip() else f"{_stem(source)}_r{row}"
    text = values["text"]
    if text is None or (isinstance(text, float) and text != text):
        column = field_map.get("text", "text")
        return reject(
            source, row, "missing_text", f"no {column!r} field", doc_id, json.dumps(raw, default=str)
        )
    if not isinstance(text, str):
        return reject(
            source, row, "malformed_record", f"text is {type(text).__name__}, not a string", doc_id, str(text)
        )
    if not text.isascii() and _UNDECODED.search(text):
        return reject(source, row, "undecodable", "text has bytes that are not UTF-8", doc_id, text)
    record = {name: _clean(values[name]) for name in ("url", "outlet", "title", "published_at", "lang")}
    record.update(doc_id=doc_id, text=text, source_file=source, source_row=row)
    return ("doc", record)


def parse_text(source: str, data: bytes) -> Iterator[Output]:
    """A .txt/.md article: the first non-empty line is the title, the rest the text."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield reject(
            source, 1, "undecodable", f"not UTF-8: {err.reason} at byte {err.start}", _stem(source), data
        )
        return
    lines = content.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip().lstrip("#").strip() if lines else ""
    text = "\n".join(lines[1:])
    yield canonical_record({"id": _stem(source), "title": title or None, "text": text}, {}, source, 1)


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
    elif kind == "jsonl":
        yield from parse_jsonl(source, stream, field_map)
    elif kind == "csv":
        yield from parse_csv(source, stream, field_map)
    elif kind == "parquet":
        yield from parse_parquet(source, stream, field_map)
    else:
        yield reject(source, 0, "unreadable_file", f"unsupported file type {PurePath(source).suffix!r}")


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime (naive means UTC) as an aware UTC datetime; None if unparseable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
