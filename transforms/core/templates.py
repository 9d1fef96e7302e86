"""Site templates: story-like lines that one site repeats on many of its pages.

The line rules of ``text`` know English boilerplate. A site's own template text (a translated cookie
banner, a membership plug in another language, a standing paragraph about the site) reads like prose
and passes them, and because the site repeats it on every page, two short pages of that site about
different stories look alike: at 20,000 generated documents, 98 of the 156 links between different
stories came from such lines on non-English sites. What gives a template line away is repetition
within one site: the same line on many of the site's pages, whatever the language.

A site is the URL's host (without ``www.``), else the canonical outlet; a document with neither has no
site and finds no template of its own, but the template lines found on other sites still leave its
text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import xxhash

from transforms.core.outlets import site_of_url

_BLANKS = re.compile(r"\n{3,}")


def site_of(doc: dict) -> str | None:
    """The site a ``documents`` row was published on: URL host, else canonical outlet, else None."""
    return site_of_url(doc.get("url")) or doc.get("outlet_canonical") or None


def line_hash(line: str) -> int:
    """A 63-bit hash of one line (Beam int keys are signed 64-bit)."""
    return xxhash.xxh64_intdigest(line.strip().encode("utf-8")) & 0x7FFF_FFFF_FFFF_FFFF


def page_lines(match_text: str) -> list[int]:
    """The distinct line hashes of one page's story text."""
    return sorted({line_hash(line) for line in match_text.split("\n") if line.strip()})


def template_hashes(pages: Iterable[list[int]], min_pages: int, min_share: float) -> list[int]:
    """Lines of one site's template: found on at least ``min_pages`` of its pages, and on at least
    ``min_share`` of them, counting only pages that also carry a line no other page of the site has.

    The last condition keeps a story the site published several times (copies, updates that add no
    paragraph) from becoming its template: template lines sit beside different stories.
    """
    pages = [set(page) for page in pages]
    counts = Counter(h for page in pages for h in page)
    own_story = [page for page in pages if any(counts[h] == 1 for h in page)]
    beside_stories = Counter(h for page in own_story for h in page if counts[h] > 1)
    floor = max(min_pages, min_share * len(pages))
    return sorted(h for h, n in beside_stories.items() if n >= floor)


def strip_template(doc: dict, template: set[int]) -> tuple[dict, int]:
    """``doc`` with the template lines moved from its matching text to ``chrome_lines``, and how many
    lines moved. ``template`` holds the template lines of every site: a line one site repeats beside
    different stories is no story's text wherever it appears (a copy scraped with that site's chrome).
    The caller decides what a page left without story text is (see ``MatchConfig.min_chars``).
    """
    if not template:
        return doc, 0
    kept: list[str] = []
    dropped: list[str] = []
    for line in doc["match_text"].split("\n"):
        if line.strip() and line_hash(line) in template:
            dropped.append(line)
        else:
            kept.append(line)
    if not dropped:
        return doc, 0
    text = _BLANKS.sub("\n\n", "\n".join(kept)).strip()
    row = dict(
        doc,
        match_text=text,
        chrome_lines=list(doc.get("chrome_lines") or []) + dropped,
        n_chars=len(text),
        n_words=len(text.split()),
    )
    return row, len(dropped)
