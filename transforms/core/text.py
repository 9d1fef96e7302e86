"""Normalisation, site chrome, and attribution cues.

``analyse(text, registry)`` is the one entry point: it folds the text (NFKC, quotes, dashes, whitespace),
splits it into lines, sets aside site chrome and boilerplate (kept in ``chrome_lines`` for auditors, out
of the text used for matching), and reads attribution cues (datelines, "first appeared in", "originally
published by", "Like this story? ... Axios", bylines, credits) into structured records.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from transforms.core.outlets import Registry

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2039": '"', "\u203a": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\ufe58": "-", "\u2043": "-",
        "\u2022": "\u2022", "\u00a0": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
    }
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANKS = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """NFKC, quotes and dashes folded to ASCII, zero-width characters dropped, spaces collapsed per line,
    runs of blank lines collapsed to one. Idempotent: ``normalize(normalize(t)) == normalize(t)``."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Folding can expose new NFKC compositions (a dash next to a combining mark); fold to a fixpoint.
    for _ in range(3):
        folded = unicodedata.normalize("NFKC", text.translate(_FOLD))
        if folded == text:
            break
        text = folded
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


# --- site chrome --------------------------------------------------------------------------------------

_CHROME_PATTERNS = [
    r"source link",
    r"source:? ?link",
    r"leave a (reply|comment)",
    r"(post a )?comments? (are|is) closed\.?",
    r"your email address will not be published.*",
    r"required fields are marked.*",
    r"you may also like.*",
    r"(related|recommended|more from|also read|read also|see also|trending)( (articles?|stories|posts|news|coverage))?:.*",
    r"(related|recommended)( (articles?|stories|posts|news))?",
    r"advertisement|sponsored( content)?|ad",
    r"(share|tweet|email|print|save|copy link)( (this|on facebook|on twitter|on x))?( (article|story|page))?",
    r"(share|follow) (us|this) on .*",
    r"click here.*",
    r"(sign up|subscribe)\b.*",
    r".*\b(sign up|subscribe)\b.*\b(newsletter|for free|today|now|inbox)\b.*",
    r".*\bnewsletters?\b.*\b(sign up|subscribe|inbox|free)\b.*",
    r".*\b(we|this (site|website)) uses? cookies\b.*",
    r".*\bcookie (policy|settings|preferences)\b.*",
    r"(accept|reject)( all)?( cookies)?",
    r"(skip to (main )?content|toggle navigation|main menu|menu|search|sign in|log ?in|register)",
    r"(all rights reserved|copyright|\(c\)|©).{0,120}",
    r"tags?:.*",
    r"(filed|posted) (in|under):? .*",
    r"(previous|next) (article|post|story)\b.*",
    r"(photo|image|video)( credit)?:.*",
    r"loading\.*|please wait\.*",
    r"find .* news .* with .*\. sign up for free\.?",
    r"we (want to )?hear from you.*",
]
_CHROME = re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in _CHROME_PATTERNS) + r")[.!]?$", re.IGNORECASE)
# A navigation bar: several short items separated by pipes or bullets.
_NAV = re.compile(r"^(?:[^|•>»]{1,24}\s*[|•>»]\s*){2,}[^|•>»]{1,24}$")


def is_chrome(line: str) -> bool:
    """True for a line of site chrome or boilerplate that carries no story text."""
    stripped = line.strip(" \u2022*-")
    if not stripped:
        return True
    return bool(_CHROME.match(stripped) or _NAV.match(stripped))


# --- attribution cues ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    kind: str
    outlet: str | None
    text: str

    def as_record(self) -> dict:
        return {"kind": self.kind, "outlet": self.outlet, "text": self.text}


# Cue kinds that credit the text to an origin (photo credits and bylines of people do not).
CREDITING_KINDS = ("dateline", "first_appeared", "originally_published", "like_this_story", "credit", "via", "byline")

_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z.'/-]*(?:[ ,]+[A-Z0-9][A-Za-z0-9.'/-]*){0,6})[ ,]*)?"
    r"\((?P<agency>[^()]{1,40})\)\s*[-:]+\s*"
)
_FIRST = re.compile(
    r"^(?:this|the)?\s*(?:story|article|post|piece|report)?\s*(?:was\s+|has\s+)?(?:first|originally)\s+"
    r"(?:appeared|appears|published|ran|posted)\s*(?:in|on|at|by|with)?\s*(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
_ORIGINALLY = re.compile(
    r"^(?:this\s+)?(?:story|article|post|piece)?\s*(?:was\s+)?originally\s+(?:published|posted|appeared)\s+"
    r"(?:by|at|on|in)\s+(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
_LIKE = re.compile(r"^like this (?:story|article)\?.*$", re.IGNORECASE)
_VIA = re.compile(
    r"^(?:read (?:the )?(?:full|original|rest of the) (?:story|article)|read more|continue reading|via|source)\s*"
    r"(?:at|on|from|in)?:?\s+(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^by\s+(?P<who>[^\n]{2,80})$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?:\(?(?:reporting|writing|additional reporting|editing|compiled) by .*\)?|"
    r"(?:copyright|\(c\)|©)\s*(?:\d{4}\s+)?.*|.*\ball rights reserved\b.*|"
    r".*\bcontributed to this (?:report|story)\b.*)$",
    re.IGNORECASE,
)
_PHOTO = re.compile(r"\(([^()]{2,60})\s*/\s*(?P<outlet>[^()]{2,60})\)")


def _outlet_in(text: str, registry: Registry, fallback: str | None = None) -> str | None:
    found = registry.find(text)
    if found:
        return found[0]
    if fallback:
        candidate = fallback.strip(" .!\"'")
        # An unknown outlet name is kept only if it looks like a name, not a sentence.
        if 0 < len(candidate.split()) <= 6 and candidate[:1].isupper():
            return registry.canonical(candidate)
    return None


def line_cue(line: str, registry: Registry) -> Cue | None:
    """The attribution cue a whole line states, or None."""
    if len(line) > 300:
        return None
    lowered = line.lower()
    if lowered.strip(" .") in ("source link", "source"):
        return Cue("source_link", None, line)
    for kind, pattern in (("originally_published", _ORIGINALLY), ("first_appeared", _FIRST), ("via", _VIA)):
        match = pattern.match(line)
        if match:
            return Cue(kind, _outlet_in(line, registry, match.group("outlet")), line)
    if _LIKE.match(line):
        return Cue("like_this_story", _outlet_in(line, registry), line)
    match = _BYLINE.match(line)
    if match and len(line) <= 90:
        return Cue("byline", _outlet_in(match.group("who"), registry), line)
    if _CREDIT.match(line) and len(line) <= 200:
        return Cue("credit", _outlet_in(line, registry), line)
    return None


def dateline(paragraph: str, registry: Registry) -> tuple[Cue | None, str]:
    """A leading dateline (``WASHINGTON (AP) -``) as a cue, and the paragraph without it."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    agency = match.group("agency").strip()
    outlet = registry.canonical(agency) if registry.known(agency) else None
    if outlet is None:
        return None, paragraph
    return Cue("dateline", outlet, match.group(0).strip(" -:")), paragraph[match.end():]


@dataclass
class Analysis:
    """What :func:`analyse` reads from one text."""

    text: str  # normalised full text
    match_text: str  # story lines only: no chrome, no cue lines, no dateline prefix
    chrome_lines: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)

    @property
    def credited_outlets(self) -> list[str]:
        seen: list[str] = []
        for cue in self.cues:
            if cue.kind in CREDITING_KINDS and cue.outlet and cue.outlet not in seen:
                seen.append(cue.outlet)
        return seen


def analyse(text: str, registry: Registry) -> Analysis:
    """Normalise ``text`` and split it into story lines, chrome lines and attribution cues."""
    normalised = normalize(text)
    story: list[str] = []
    chrome: list[str] = []
    cues: list[Cue] = []
    for line in normalised.split("\n"):
        if not line:
            if story and story[-1]:
                story.append("")
            continue
        cue = line_cue(line, registry)
        if cue is not None:
            cues.append(cue)
            chrome.append(line)
            continue
        if is_chrome(line):
            chrome.append(line)
            if "axios" in line.lower() or "newsletter" in line.lower():
                outlet = _outlet_in(line, registry)
                if outlet:
                    cues.append(Cue("plug", outlet, line))
            continue
        if not any(s for s in story):
            cue, line = dateline(line, registry)
            if cue is not None:
                cues.append(cue)
        for match in _PHOTO.finditer(line):
            outlet = _outlet_in(match.group("outlet"), registry)
            if outlet:
                cues.append(Cue("photo_credit", outlet, match.group(0)))
        story.append(line)
    match_text = "\n".join(story).strip()
    return Analysis(normalised, match_text, chrome, cues)
