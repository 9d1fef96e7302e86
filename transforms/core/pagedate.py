"""The day a page's own header says it was published: "Posted by Staff | May 6, 2024", "Published: 6 May
2024", "By Jane Roe | May 6, 2024". Read from a document's site text (its chrome lines) when it is
normalised, kept in ``documents.page_date`` with the line it came from, and weighed by provenance as a
day's precision when the record gives no date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone

from transforms.core.records import parse_timestamp

# A page's own date line in its site text, among its first lines (its header): "Posted by Staff | May 6,
# 2024", "Published: 6 May 2024", "Published Monday, May 6, 2024", "Published 3:05 PM EDT, May 6, 2024",
# "By Jane Roe | May 6, 2024", "May 6, 2024 | By Jane Roe", "Updated on May 7, 2024 10:42 AM". A date
# without such a word may be a related story's ("August 28, 2024 | 3 comments") and is not read, nor any
# line after a comments header or a related-stories label (readers' and other stories' dates).
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
_CLOCK = r"(?:\d{1,2}[:.]\d{2} ?(?:[ap]\.?m\.?)?(?: [a-z]{2,4})?,? )?"
_WRITTEN_DATE = rf"(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_PAGE_DATE = re.compile(
    rf"^(?:(?P<word>posted|published|updated|last updated|first published)\b(?: by [^|\n]{{1,40}}?)?(?: on)?:?"
    rf"|by [^|\n]{{1,80}}?) ?[|,\u2022-]? ?(?:on )?{_WEEKDAY}{_CLOCK}(?P<date>{_WRITTEN_DATE})\b"
    rf"|^(?P<first>{_WRITTEN_DATE}) ?[|\u2022-] ?by \w",
    re.IGNORECASE,
)
# How far into its site text a page's header may run, and what ends it early.
PAGE_DATE_LINES = 15
_HEADER_ENDS = re.compile(
    r"^(?:\d+ )?(?:comments?|responses?|replies)\b|^(?:leave a (?:reply|comment)|join the (?:conversation|"
    r"discussion)|related|recommended|more from|you may also like|read more|read next)\b",
    re.IGNORECASE,
)


def page_date(lines: Sequence[str]) -> datetime | None:
    """The day a page's header says it was published, as midnight UTC, or None (see
    :func:`page_date_line`)."""
    found = page_date_line(lines)
    return found[0] if found else None


def page_date_line(lines: Sequence[str]) -> tuple[datetime, str] | None:
    """The day a page's header says it was published (the first dated "Posted/Published/By ..." line of
    its first ``PAGE_DATE_LINES`` site-text lines, before any comments header or related-stories label;
    an "Updated" line only when no other says), as midnight UTC, and that line; or None."""
    updated = None
    for line in lines[:PAGE_DATE_LINES]:
        line = line.strip()
        if _HEADER_ENDS.match(line):
            break
        match = _PAGE_DATE.match(line)
        if match is None:
            continue
        day = parse_timestamp((match.group("date") or match.group("first")).replace(".", ""))
        if day is None:
            continue
        day = day.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=timezone.utc)
        if (match.group("word") or "").lower() in ("updated", "last updated"):
            updated = updated or (day, line)
            continue
        return day, line
    return updated


# A field of a page's header line that is only a date or a time, maybe after its label: "June 5, 2024",
# "Updated: Jun 05, 2024, 10:41 IST", "Published 3:05 PM EDT, Monday, May 6, 2024", "2024-06-05". A bare
# time needs "am"/"pm", a time zone or a label: "2:15" under a video is its length, "USD 1.08" a price.
_ZONES = "edt|est|cdt|cst|mdt|mst|pdt|pst|et|ct|pt|utc|gmt|bst|cet|cest|ist|aest|aedt|jst|hkt|sgt|wib"
_FIELD_LABEL = r"posted|published|updated|last\s+updated|first\s+published|modified"
_CLOCK_TIME = r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
_FIELD_TIME = rf"{_CLOCK_TIME}\s*(?:[ap]\.?m\.?\b)?"
_DATE_FIELD_PARTS = re.compile(
    rf"{_WRITTEN_DATE}|{_FIELD_TIME}|\b(?:{_FIELD_LABEL}|on|at)\b|"
    rf"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b|"
    rf"\b(?:{_ZONES})\b|[\s,:.|/-]+",
    re.IGNORECASE,
)
_CALENDAR = re.compile(_WRITTEN_DATE, re.IGNORECASE)
_MARKED_TIME = re.compile(
    rf"{_CLOCK_TIME}\s*(?:[ap]\.?m\.?\b|(?:{_ZONES})\b)|^(?:{_FIELD_LABEL})\b.*{_CLOCK_TIME}",
    re.IGNORECASE,
)


def date_field(field: str) -> str | None:
    """What a field of a header line is when it is a date or a marked time and nothing else (labels, a
    weekday and a time zone allowed): "calendar" ("Updated: Jun 05, 2024, 10:41 IST"), "time" ("10:41 AM
    EDT"), or None ("May 6, 2024 rally", "2:15", "USD 1.08")."""
    if len(field) > 60 or _DATE_FIELD_PARTS.sub("", field):
        return None
    if _CALENDAR.search(field):
        return "calendar"
    return "time" if _MARKED_TIME.search(field) else None


def is_date_field(field: str, calendar: bool = False) -> bool:
    """Whether :func:`date_field` reads ``field`` as a date or a time; with ``calendar`` as a date only."""
    kind = date_field(field)
    return kind == "calendar" if calendar else kind is not None
