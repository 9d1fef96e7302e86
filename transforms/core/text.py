"""Normalisation, site chrome, and attribution cues.

``analyse(text, registry)`` is the one entry point: it folds the text (NFKC, quotes, dashes, whitespace),
splits it into lines, sets aside site chrome and boilerplate (kept in ``chrome_lines`` for auditors, out
of the text used for matching), and reads attribution cues (datelines, "first appeared in", "originally
published by", "Like this story? ... Axios", bylines, credits) into structured records.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.core.outlets import Registry, outlet_of_url
from transforms.core.pagedate import date_field, is_date_field

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": '"',
        "\u203a": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\ufe58": "-",
        "\u2043": "-",
        "\u2022": "\u2022",
        "\u00a0": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
        # Direction marks and embeddings (no text of their own).
        **dict.fromkeys(
            ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
        ),
        # Line and paragraph separators that are not "\n": a paragraph break is a blank line.
        "\u2028": "\n",
        "\u2029": "\n\n",
        "\x85": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
    }
)
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")


def _fold_one(match: re.Match) -> str:
    return match.group(0).translate(_FOLD)


_SPACES = re.compile(r"[^\S\n]+")
_BLANKS = re.compile(r"\n{3,}")


def normalize(text: str) -> str:
    """NFKC, quotes and dashes folded to ASCII, zero-width characters dropped, spaces collapsed per line,
    runs of blank lines collapsed to one. Idempotent: ``normalize(normalize(t)) == normalize(t)``."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Folding can expose new NFKC compositions (a dash next to a combining mark); fold to a fixpoint.
    # Only the characters to fold are replaced: str.translate walked every character through the table
    # and was a third of normalisation.
    for _ in range(3):
        if not _FOLDABLE.search(text):
            break
        folded = unicodedata.normalize("NFKC", _FOLDABLE.sub(_fold_one, text))
        if folded == text:
            break
        text = folded
    raw = text.split("\n")
    lines = [_SPACES.sub(" ", line).strip() for line in raw]
    starts = indented_paragraphs(raw, lines)
    if starts:
        # A paragraph's indented first line starts a paragraph: a blank line before it says so.
        lines = [part for i, line in enumerate(lines) for part in (("", line) if i in starts else (line,))]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _indented(line: str) -> bool:
    """A line indented by a tab or two spaces or more before its text (not a regex: one over a long run
    of spaces backtracked quadratically)."""
    body = line.lstrip(" \t")
    lead = len(line) - len(body)
    return bool(body.strip()) and (lead >= 2 or "\t" in line[:lead])


# Marks that open a list item.
_LIST_MARKS = tuple("-–—•*·>")
# A hard-wrapped text whose paragraphs start indented has at least this many such starts, they are at
# least this share of its indented lines, and its indented lines are at most this share of its lines.
INDENTED_MIN = 3
INDENTED_STARTS = 0.5
INDENTED_SHARE = 0.5
# What a paragraph may open with besides a capital or a digit: a quote, a bracket, a list mark.
_OPENERS = tuple("\"'([") + _LIST_MARKS


def indented_paragraphs(raw: list[str], lines: list[str]) -> frozenset[int]:
    """The lines that start a paragraph by their indent, in a text that marks its paragraphs so and wraps
    them (plain-text wire copy, print); empty for any other text.

    A start is an indented line opening with a capital, a digit, a quote or a list mark, after a blank
    line or a line that does not plainly run on into it (:func:`_runs_on`): the indented continuation of
    a list item or of a block quote, in lower case or after a comma or "the", is not. A short byline
    ("by time news") is a start whatever its case. The text must be hard-wrapped
    (:func:`wrap_width`), hold at least ``INDENTED_MIN`` starts that are ``INDENTED_STARTS`` of its
    indented lines, indent at most ``INDENTED_SHARE`` of its text lines (a text indented throughout
    does not mark paragraphs so), and have a start without a blank line before it (else its blank
    lines say it already)."""
    indented = [i for i, r in enumerate(raw) if _indented(r)]
    if len(indented) < INDENTED_MIN:
        return frozenset()
    width = wrap_width(lines)
    if width is None:
        return frozenset()
    starts = frozenset(
        i
        for i in indented
        if _stands_as_byline(lines[i])
        or (
            (lines[i][0].isupper() or lines[i][0].isdigit() or lines[i].startswith(_OPENERS))
            and (i == 0 or not lines[i - 1] or not _runs_on(lines[i - 1], lines[i]))
        )
    )
    text_lines = sum(1 for line in lines if line)
    if (
        len(starts) < max(INDENTED_MIN, INDENTED_STARTS * len(indented))
        or len(indented) > INDENTED_SHARE * text_lines
        or all(i == 0 or not lines[i - 1] for i in starts)
    ):
        return frozenset()
    return starts


# --- markup left in scraped text ------------------------------------------------------------------------

_BLOCK_TAGS = (
    "html|head|body|p|div|br|h[1-6]|li|ul|ol|blockquote|section|article|header|footer|nav|aside|figure|figcaption|"
    "table|tr|td|th|tbody|thead|hr|main|dl|dt|dd|pre|address|form"
)
_INLINE_TAGS = (
    "a|span|em|strong|b|i|u|s|small|sup|sub|mark|cite|q|abbr|time|font|img|picture|source|video|audio|"
    "iframe|button|input|label|meta|link|ins|del|wbr|center|code|noscript"
)
_DROPPED_ELEMENT = re.compile(
    r"<(script|style|noscript|template|title)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?-->|<!doctype[^<>]*>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})\b[^<>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def strip_markup(text: str) -> str:
    """Text as scraped with its HTML left in, as text: scripts, styles and comments dropped, block
    elements (``<p>``, ``<br>``, ``<li>``, headings, ...) ending a paragraph, inline ones (``<a>``,
    ``<em>``, ...) removed, character references (``&amp;``, ``&#8217;``, ``&nbsp;``) decoded. Only
    known HTML tag names are tags: "a < b" and "<Reuters>" stay as they are. A text without markup is
    returned unchanged."""
    if "<" in text and (_BLOCK_TAG.search(text) or _INLINE_TAG.search(text) or _COMMENT.search(text)):
        text = _DROPPED_ELEMENT.sub(" ", _COMMENT.sub(" ", text))
        text = _BLOCK_TAG.sub("\n\n", text)
        text = _INLINE_TAG.sub("", text)
    if "&" in text and _ENTITY.search(text):
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


# --- UTF-8 read as Windows-1252 (mojibake) -----------------------------------------------------------

# The characters a UTF-8 continuation byte (0x80-0xBF) becomes when read as Windows-1252 or as Latin-1
# (whose 0x80-0x9F are control characters; so are Windows-1252's five unassigned bytes in decoders that
# do not fail).
_CONTINUATION = "".join(chr(b) for b in range(0x80, 0xC0)) + "".join(
    bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
_CONT = "[" + re.escape(_CONTINUATION) + "]"
# A UTF-8 character of two, three or four bytes read as that many Windows-1252 characters: "â€™" for "’",
# "Ã©" for "é", "Â " for a no-break space.
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{{2}}|[\u00f0-\u00f4]{_CONT}{{3}}")
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4]")


# The byte each such character (and each lead byte's) stands for.
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


# What a repaired character may be: letters and marks of the common scripts, punctuation, currency and
# other symbols, CJK, Hangul, full-width forms and emoji (and the control characters 0x80-0x9F, which a
# text misread twice holds after one repair). Two accented capitals or a sharp s before a
# quote or a dash ("Gruß“") are bytes of some rare letter when read as UTF-8, and stay as they are.
_PLAUSIBLE = re.compile(
    "[\u0080-\u017f\u0218-\u021b\u0370-\u052f\u0590-\u06ff\u0900-\u0e7f\u1e00-\u1eff"
    "\u2000-\u27bf\u3000-\u9fff\uac00-\ud7af\uff00-\uffef\U0001f000-\U0001faff]"
)


# The commonest misread runs in Western text: "â€" or "â‚" (punctuation: quotes, dashes; currency signs;
# "â" then 0x80-0x82 read as Latin-1), "Ã" + one (an accented
# letter), "Â" + one (a no-break space, a sign); Cyrillic's "Ð"/"Ñ" + one. A text is repaired only when it
# has two of these, or eight misread runs of any kind (CJK misread): two runs alone ("passé”—" twice,
# "é" then a quote and a dash) are often right as they stand.
_STRONG_MOJIBAKE = re.compile(f"\u00e2[\u20ac\u201a\x80-\x82]|[\u00c2\u00c3\u00d0\u00d1]{_CONT}")
_WEAK_RUNS = 8
# A repaired character of another script than Latin is not taken where it would stand inside a Latin word
# ("PERÚ–CHILE" is no Arabic letter between R and C).
_LATIN_LETTER = re.compile("[A-Za-z]")


def _as_utf8(match: re.Match) -> str:
    chars = match.group(0)
    try:
        char = bytes(_BYTE_OF[c] for c in chars).decode("utf-8")
    except UnicodeDecodeError:
        return chars
    if not _PLAUSIBLE.match(char):
        return chars
    if ord(char) > 0x24F and not 0x2000 <= ord(char) <= 0x2BFF and not 0x1F000 <= ord(char) <= 0x1FAFF:
        text, start, end = match.string, match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if _LATIN_LETTER.match(before) or _LATIN_LETTER.match(after):
            return chars
    return char


def repair_mojibake(text: str) -> str:
    """A text whose UTF-8 was read as Windows-1252 or Latin-1 somewhere upstream, repaired: every run of
    two to four characters that are one UTF-8 character's bytes so read ("â€™", "Ã©") is read back as that
    character, when the text has two of the commonest such runs or eight of any (twice, for a text that
    went through it twice); a run is repaired only into a plausible character, and one of a non-Latin
    script not next to a Latin letter; "â€" before a replacement character is a closing quote. Any other
    text is returned unchanged."""
    for _ in range(2):
        if not _MOJIBAKE_HINT.search(text):
            break
        runs = len(_MOJIBAKE.findall(text))
        if runs < 2 or (len(_STRONG_MOJIBAKE.findall(text)) < 2 and runs < _WEAK_RUNS):
            break
        # (A closing quote's last byte, 0x9D, is unassigned in Windows-1252: a decoder that replaces what it
        # cannot read leaves "â€" and a replacement character.)
        text = _MOJIBAKE.sub(_as_utf8, text).replace("\u00e2\u20ac\ufffd", "\u201d")
    return text


# --- text escaped twice ----------------------------------------------------------------------------------

# A text whose JSON or CSV escapes were written out as characters ("...said.\\n\\nThe council...",
# "\\u201cWe did it\\u201d"): a dataset dumped twice. Its line breaks are literal two-character "\\n".
# Every escape in one pass, left to right, so an escaped backslash ("\\\\") is one escape of its own.
_LITERAL_ANY = re.compile(r"\\(?:u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?|r\\n|[nrt\"'/\\])")
_BREAK_FOLLOWS = re.compile(r"[\\A-Z0-9\"'\u201c\u2018(\[\u2022*#\u2013\u2014-]|\s")
_LITERAL_CHARS = {"n": "\n", "r": "\n", "t": "\t", '"': '"', "'": "'", "/": "/", "\\": "\\"}


def _unicode_escape(match: re.Match) -> str:
    high, low = int(match.group(1), 16), match.group(2)  # (``low`` is a low surrogate when present)
    if low is not None and 0xD800 <= high <= 0xDBFF:
        return chr(0x10000 + ((high - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    # A lone surrogate stands for nothing printable.
    return ("\ufffd" if 0xD800 <= high <= 0xDFFF else chr(high)) + ("\ufffd" if low is not None else "")


def unescape_twice_escaped(text: str) -> str:
    """A text escaped twice, as text: when its literal "\\n" are line breaks (two at least, nearly all
    followed by a paragraph's start or another break) and outnumber its real ones three times,
    its escapes ("\\n", "\\r\\n", "\\t", '\\"', "\\/", "\\\\") are read as the characters they stand
    for; when it has two "\\uXXXX" escapes or more, those are read too (surrogate pairs joined). Any
    other text is returned unchanged: a lone "\\n" in a story about code stays."""
    if "\\" not in text:
        return text
    found = list(_LITERAL_ANY.finditer(text))
    kinds = [m.group(0)[1] for m in found]
    breaks = kinds.count("n") + kinds.count("r")
    # A line break in a dumped text starts a paragraph or another break; "C:\\new\\table" or "\\nu" do not.
    starts = sum(
        1
        for m in found
        if m.group(0)[1] in "nr" and (m.end() == len(text) or _BREAK_FOLLOWS.match(text, m.end()))
    )
    escapes = starts >= 2 and starts >= 0.8 * breaks and breaks > 3 * text.count("\n")
    unicode = kinds.count("u") >= 2
    if not escapes and not unicode:
        return text

    def read(match: re.Match) -> str:
        if match.group(1) is not None:
            return _unicode_escape(match) if unicode else match.group(0)
        return _LITERAL_CHARS.get(match.group(0)[1:], "\n") if escapes else match.group(0)

    return _LITERAL_ANY.sub(read, text)


# --- Markdown left in scraped text ----------------------------------------------------------------------

# A link's address: no spaces, balanced parentheses one deep ("https://en.wikipedia.org/wiki/X_(band)"),
# optionally in angle brackets, then an optional title ("a title", 'a title' or (a title)).
_MD_TARGET = (
    r"\(\s*(?P<url><[^<>\n]*>|(?=[^()\s]*[/.:#])(?:[^()\s]|\([^()\s]*\))+)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]" + _MD_TARGET)
_MD_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{0,500})\]" + _MD_TARGET)
# Reference-style links ("[text][1]", "[text][]") and their definition lines ("[1]: https://... "title"").
_MD_REF_LINK = re.compile(r"\[(?P<text>[^\[\]\n]{1,500})\]\[[^\[\]\n]{0,100}\]")
_MD_REF_DEF = re.compile(
    r"^ {0,3}\[[^\[\]\n]{1,100}\]:[ \t]*(?:<[^<>\n]*>|[^\s<>]*[/.:][^\s<>]*)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|[\w.+-]+@[\w-]+\.[\w.-]+)>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+([^\n]*)$", re.MULTILINE)
_MD_SETEXT = re.compile(r"^ {0,3}(?:=+|-{2,})[ \t]*$", re.MULTILINE)
_MD_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_MD_FENCE = re.compile(r"^ {0,3}(?:```|~~~).*$", re.MULTILINE)
_MD_TABLE_RULE = re.compile(
    r"^ {0,3}\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?$", re.MULTILINE
)
# (Not inside a word: "f**king", "5**2" are no bold.)
_MD_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=[^\s*])([^*\n]{1,5000}?)(?<=[^\s*])\*\*(?![\w*])"
    r"|(?<![\w_])__(?=[^\s_])([^_\n]{1,5000}?)(?<=[^\s_])__(?![\w_])"
)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# Escaped marks wait in the private-use area (offset by this) until the marks are read.
_MD_ESCAPED = 0xE000
_MD_UNESCAPE = re.compile("[\ue000-\ue07f]")
# What says a text is Markdown: a link or image to an address, or a bold span outside words (each looked
# for only where its marks occur: most texts have none). A line opening with "#" alone is not ("# of
# victims rose to 12").
_MD_LINK_SIGN = re.compile(r"\[[^\[\]\n]{0,500}\]\(\s*(?:<|https?://|www\.|/|#|mailto:)", re.IGNORECASE)
_MD_STRONG_SIGN = re.compile(r"(?<![\w*])\*\*[^\s*][^*\n]*(?<=[^\s*])\*\*(?![\w*])")


def shows_markdown(text: str) -> bool:
    """Whether ``text`` has a Markdown link or image to an address, or a ``**bold**`` span."""
    return bool(
        ("](" in text and _MD_LINK_SIGN.search(text)) or ("**" in text and _MD_STRONG_SIGN.search(text))
    )


# A link kept with its address: its line is this short and its text names no outlet, so the address may
# be the credit ("Read the original [here](https://www.axios.com/...)").
_MD_CREDIT_LINE_WORDS = 15


def _markdown_link(match: re.Match, line_words: dict[int, int], registry: Registry | None) -> str:
    text, url = match.group("text").strip(), match.group("url").strip("<>")
    if (
        registry is not None
        and line_words.get(match.start(), _MD_CREDIT_LINE_WORDS + 1) <= _MD_CREDIT_LINE_WORDS
        and not registry.find(text)
        and _registered_url_outlet(url, registry)
    ):
        return f"{text} {url}".strip()
    return text


def _heading_text(line: str) -> str:
    """An ATX heading's text without its optional closing hashes ("Title ##"; "C#" keeps its own)."""
    line = line.rstrip(" \t")
    bare = line.rstrip("#")
    if bare != line and (not bare or bare[-1] in " \t"):
        return bare.rstrip(" \t")
    return line


def strip_markdown(text: str, registry: Registry | None = None) -> str:
    """Text as scraped to Markdown, as text: images dropped; a link by its text (by its text and address
    when its line is a short one whose text names no outlet but whose address is a registered outlet's
    page, so a credit stays readable); headings, emphasis, block quotes, code marks and escapes
    unmarked (list marks stay, as in plain text, where "- AFP" is a credit); rules, fences, table rules
    and link definitions gone. Only a text that shows Markdown (a link or image to an address, or a
    ``**bold**`` span outside words) is read so; any other is returned unchanged."""
    if not shows_markdown(text):
        return text
    # Escaped marks ("\\*", "\\[") are set aside first, so nothing below reads them as marks.
    # (A text that holds such characters already keeps its escapes as they are.)
    aside = not _MD_UNESCAPE.search(text)
    if aside:
        text = _MD_ESCAPE.sub(lambda m: chr(_MD_ESCAPED + ord(m.group(1))), text)
    text = _MD_FENCE.sub("", text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_IMAGE.sub("", text)
    # Words per line, for each link's start: a short line may be a credit that only its address names.
    line_words: dict[int, int] = {}
    for line in re.finditer(r"[^\n]+", text):
        plain = _MD_LINK.sub(lambda m: m.group("text"), line.group(0))
        n = len(plain.split())
        for link in _MD_LINK.finditer(line.group(0)):
            line_words[line.start() + link.start()] = n
    text = _MD_LINK.sub(lambda m: _markdown_link(m, line_words, registry), text)
    text = _MD_REF_LINK.sub(lambda m: m.group("text"), text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_RULE.sub("", text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_SETEXT.sub("", text)
    text = _MD_HEADING.sub(lambda m: _heading_text(m.group(1)), text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    return _MD_UNESCAPE.sub(lambda m: chr(ord(m.group(0)) - _MD_ESCAPED), text) if aside else text


# --- site chrome --------------------------------------------------------------------------------------

_CHROME_PATTERNS = [
    r"source link",
    r"source:? ?link",
    r"(source|supply) hyperlink",
    r"leave a (reply|comment)",
    r"(post a )?comments? (are|is) closed\.?",
    r"your email address will not be published.*",
    r"your e-? ?mail (address|handle|tackle|deal with) (will not|won't|is not going to) be (published|printed|revealed|posted).*",
    r"required fields are marked.*",
    r"you may also like.*",
    r"(related|recommended|more from|also read|read also|see also|trending)( (articles?|stories|posts|news|coverage))?:.*",
    r"more from (the )?((?-i:[A-Z])[\w&'.-]*\s?){1,4}:.*",
    # A navigation list under its label, after the last item of the menu before it in a flattened page.
    r"(\w+ )?(top stories|hot topics|popular now|most (read|popular)|editors'? picks):.*",
    r"(related|recommended)( (articles?|stories|posts|news))?",
    r"advertisement|sponsored( content)?|ad",
    r"(story|article) continues (below|after (the )?(advertisement|ad))|continue reading below",
    r"(share|tweet|email|print|save|copy link)( (this|on facebook|on twitter|on x))?( (article|story|page))?",
    r"(share|follow) (us|this) on .*",
    # A share bar: "Share: Facebook Twitter WhatsApp Email Print", "Share on Facebook Share on Twitter".
    r"((share( this( article| story| page)?)?( on| via)?:? ?)?(facebook|twitter|x|whatsapp|e-?mail|print|linkedin|"
    r"reddit|pinterest|telegram|messenger|flipboard|sms|threads|bluesky|copy( link)?|mail)[ ,|]*){2,}",
    # A page's date on its own: "August 13, 2024", "Updated: Aug. 13, 2024 10:42 AM EDT".
    r"((updated|published|posted)( on)?:? )?([a-z]{3,9}\.? \d{1,2}, \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4})"
    r"(,? (at )?\d{1,2}:\d{2}( ?[ap]\.?m\.?)?( [a-z]{2,4})?)?",
    r"click here.*",
    r"(sign up|subscribe)\b.*",
    r".*\b(sign up|subscribe)\b.*\b(newsletter|briefing|digest|bulletin|for free|it'?s free|inbox)\b.*",
    # Membership and donation plugs: an imperative opening a sentence of a short line, so a story
    # sentence reporting such an appeal ("the mayor urged residents to support local journalism") stays.
    r"(?=.{0,240}$)(.*[.!?:] )?(please )?support (our |independent |local |quality |trusted |"
    r"public[- ]interest )*(journalism|reporting|newsroom)\b.*",
    r".*\bfor less than (a coffee|the (price|cost) of)\b.*",
    r"(?=.{0,240}$)(.*[.!?:] )?(please )?(become a (member|subscriber|supporter|patron)|"
    r"make a (donation|contribution)|donate (now|today))\b.*",
    r"never miss (a|another) (story|thing|beat|headline|update)\b.*",
    r"this (story|article|post) has been shared [\d,.]+ times\.?",
    r".*\bnewsletters?\b.*\b(sign up|subscribe|inbox)\b.*",
    r".*\b(we|this (site|website)) uses? cookies\b.*",
    # The consent notice's other sentences, read one by one in a text run into one line.
    r".*\b(our use of cookies|you (accept|consent to) (the use of |our )?cookies|by continuing to (browse|use) "
    r"(this|our) (site|website))\b.*",
    r"click (accept|ok|agree|i agree|continue)\b.{0,120}",
    r"download (our|the) (free )?app\b.{0,80}",
    r".*\bcookie (policy|settings|preferences)\b.*",
    r"(accept|reject)( all)?( cookies)?",
    r"(skip to (main )?content|toggle navigation|main menu|menu|search|sign in|log ?in|register)",
    r"(copyright|\(c\)|©)\s*(©\s*)?(\d{4}|by)\b.{0,120}",
    r".{0,120}\ball rights reserved\b.{0,40}",
    r"tags?:.*",
    r"(filed|posted) (in|under):? .*",
    r"(previous|next) (article|post|story)\b.*",
    r"(photo|image|video)( credit)?:.*",
    r"loading\.*|please wait\.*",
    r"find .* news .* with .*\. sign up for free\.?",
    # (its first sentence alone, wrapped apart from "Sign up for free.")
    r"find [^.]{0,60}\bnews\b[^.]{0,80} with axios [\w ]{1,30}\.",
    r"we (want to )?hear from you.*",
    r".*\b(accept all|reject (all|non-essential)|manage (preferences|settings|consent))\b.*",
    r".*\bstores? (small )?files on your (device|computer)\b.*",
    r".*\b(delivered|straight) to your (inbox|phone)\b.*",
    r".*\b(breaking )?news alerts?\b.*",
    r"file ?- .*",
    r".*\((?:[\w.&' ]+ )?photo ?/[^()]*\)\.?",
]


# Reader plugs and notices written as sentences (each a line of its own, or a sentence of a paragraph):
# matched only on a line whose first word, or first two words, start one of them (most story lines start
# otherwise, and tried on every line the patterns added a sixth to the line classifier's cost).
_PLATFORMS = (
    r"(facebook|twitter|x|instagram|google news|linkedin|tiktok|youtube|threads|bluesky|whatsapp|telegram)"
)
# One sentence each (up to its end: a notice is a sentence of its own, not a story sentence's opening).
_NOTICE_PATTERNS = [
    # (a question is its sentence whole)
    r"(enjoyed this (article|story)|want more (stories|news|articles) like this|want to read more|"
    r"(have|got) a (news )?(tip|story))\?",
    r"(our journalism (depends|relies) on (readers|support|you)|"
    r"send us your (news |story )?tips\b|(create a free account|subscribe|register|sign in|log in) to (continue|"
    r"keep) reading\b|this (content|article|story) is (only )?(available )?(for|to) (subscribers|members)\b|"
    r"by clicking (submit|sign up|subscribe|continue|register)\b[^.!?]*\byou agree\b|catch up on [^.!?]{1,60} "
    r"with our (free )?(daily |weekly )?newsletter\b|our standards: the thomson reuters trust principles\b|"
    r"thanks for visiting\b|our newsroom relies on advertising\b)[^.!?]{0,160}",
    # (the platforms as a list with its separators, so that nothing in it can be read two ways)
    rf"follow ((the )?[\w&'.-]+ ){{1,5}}on {_PLATFORMS}((,| and| or|, and|, or) {_PLATFORMS})*",
    r"thanks? (you )?for reading",
    # Consent, paywall, browser, affiliate, ad-blocker and disclaimer notices.
    r"(we value your privacy|(with your permission )?we and our (\d+ )?partners (may )?(store|use|process|access)"
    r"( and/or access)? (information|cookies|data|personal|your|technologies|precise)|"
    r"you('ve| have) reached your (limit|maximum) of free (articles|stories)|"
    r"to (keep|continue) reading,? please (log in|sign in|subscribe|register|create)\b|"
    r"please (enable|turn on) javascript\b|"
    r"(we|this (site|website)) may (earn|receive) (a )?(small )?(commission|share of sales)\b[^.!?]*"
    r"\b(links?|purchases?|buy|qualifying|products?|retailers?)\b|"
    r"(this|the) (post|article|page|story) (may )?contains? affiliate links\b|"
    r"(it looks like |we (see|notice) (that )?)?you('re| are) using an ad ?blocker\b|"
    r"please (consider )?(disabling|disable|turning off|whitelist(ing)?) (your )?ad ?blocker\b|"
    r"the views (and opinions )?expressed (in this (article|piece|column|post) )?are (the author'?s'? own|those of "
    r"the (author|writer))\b|this (article|story) was (produced|generated|written|created) (with the (help|"
    r"assistance) of|using|by) (an automated tool|ai|artificial intelligence)\b|"
    r"(copyright notice: )?no part of this (article|publication|story|content|website) may be (reproduced|"
    r"republished|copied)\b|(push )?notifications can be (turned|switched) off\b|"
    r"stay informed with our (free )?(daily |weekly |morning |evening )?(briefing|newsletter)\b)[^.!?]{0,300}",
    r"your browser is (out of date|outdated|not supported)( (by|for|on) this (site|website|page))?",
    r"you must be (logged in|signed in|registered|a (member|subscriber)) to (post|leave|add) a comment\b[^.!?]{0,80}",
]
# A notice reports nobody's words: a sentence that quotes one ("..., the co-op said", "... was the message
# readers saw") is a story's.
_REPORTED = (
    r"(?!.*(,\s+(the |a |an |his |her |their |its |our )?[\w'\u2019 -]{0,40}\b(said|says|told|read|reads|wrote|"
    r"writes|asks|asked|admitted|acknowledged|ruled|joked|urged|warned|conceded|argued|noted|explained|added|"
    r"announced|reported|claimed|stated|insisted|found|agreed|used)\b|\baccording to\b|"
    r"\b(is|was) (the )?(message|notice|warning|text|banner)\b|\b(is|was) (displayed|printed|shown)\b))"
)
_NOTICE = re.compile(
    "^" + _REPORTED + "(?:" + "|".join(f"(?:{p})" for p in _NOTICE_PATTERNS) + r")[.!?]?$", re.IGNORECASE
)
# The sentences that may follow a notice's first on its line: another notice, a chrome sentence, or a
# short plea ("Share it with a friend.", "That's okay, but please consider supporting us.").
_PLEA = re.compile(
    "^" + _REPORTED + r"(?=.{0,120}$).*\b(please|subscribe|support us|supporting us|log in|sign in|account|"
    r"unlimited|ad ?blocker|cookies|personal data|privacy|newsletter|email us|contact (us|our|the newsroom)|"
    r"share it|follow us|check out|read more|sign up|consent|community guidelines|terms of (use|service))\b.*",
    re.IGNORECASE,
)
_NOTICE_SENTENCES = 4
_NOTICE_FIRST_WORDS = frozenset(
    "our enjoyed want have got send create subscribe register sign log catch follow thanks thank with please "
    "your copyright push notifications stay".split()
)
# First words that start many story lines too: a notice starts with one of these two-word openings.
_NOTICE_FIRST_PAIRS = {
    "the": {"views", "post", "article", "page", "story"},
    "this": {"content", "article", "story", "post", "page", "site", "website"},
    "it": {"looks"},
    "we": {"value", "and", "may", "see", "notice"},
    "you": {"have", "are", "must"},
    "you've": {"reached"},
    "you're": {"using"},
    "to": {"keep", "continue"},
    "by": {"clicking"},
    "no": {"part"},
}


def _notice_opening(line: str) -> bool:
    words = line.split(" ", 2)
    first = words[0].lower()
    if first in _NOTICE_FIRST_PAIRS:
        return len(words) > 1 and words[1].lower() in _NOTICE_FIRST_PAIRS[first]
    return first in _NOTICE_FIRST_WORDS


def _is_notice(line: str, gate: bool = True) -> bool:
    """Whether ``line`` is a reader plug or notice: a notice sentence, then at most three more that are
    notices, chrome or short pleas. (``gate``: look only at lines whose first word or two open a notice,
    which is every line a notice can be, tested; most story lines are not.)"""
    if gate and not _notice_opening(line):
        return False
    if _NOTICE.match(line):
        return True
    if len(line) > CHROME_LINE_MAX:
        return False
    sentences = split_sentences(line)
    return (
        1 < len(sentences) <= _NOTICE_SENTENCES
        and _NOTICE.match(sentences[0]) is not None
        and all(_NOTICE.match(s) or _PLEA.match(s) or is_chrome(s) for s in sentences[1:])
    )


def _whole_line(patterns: list[str]) -> re.Pattern:
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")[.!]?$", re.IGNORECASE)


# A chrome line matches one of the patterns as a whole. The patterns that may start anywhere in the line
# (".*\\b...") scan and backtrack over all of it, which made them most of normalisation's cost; each
# needs one of these words, so a line without any of them skips them (same result, tested).
_CHROME_ANYWHERE = [p for p in _CHROME_PATTERNS if p.startswith((".*", ".{", "(?=."))]
_WORDS_OF_ANYWHERE = (
    r"sign up|subscribe|newsletter|cookie|rights reserved|accept all|reject |manage |files on your|"
    r"to your |news alert|photo|support |become a |make a |donate |for less than "
)
_CHROME_ANYWHERE_WORDS = re.compile(_WORDS_OF_ANYWHERE, re.IGNORECASE)
# On an ASCII line, lowercasing then matching case-sensitively is the same test and 5x faster.
_CHROME_ANYWHERE_WORDS_LOWER = re.compile(_WORDS_OF_ANYWHERE)


def _has_anywhere_word(line: str) -> bool:
    if line.isascii():
        return _CHROME_ANYWHERE_WORDS_LOWER.search(line.lower()) is not None
    return _CHROME_ANYWHERE_WORDS.search(line) is not None


_CHROME_HEAD = _whole_line([p for p in _CHROME_PATTERNS if p not in _CHROME_ANYWHERE])
_CHROME_TAIL = _whole_line(_CHROME_ANYWHERE)
# A navigation bar: several short items separated by pipes or bullets.
_NAV_SEPARATOR = re.compile(r"[|•>»]")
NAV_ITEM_MAX = 24


def is_nav(line: str) -> bool:
    """Three or more items of 1 to 24 characters separated by pipes, bullets or chevrons ("Home | World |
    Business"): a navigation bar or breadcrumb.

    The items are counted after splitting, in linear time: the regex form of this test backtracks
    exponentially on a long line with many pipes (a whole page run into one line).
    """
    if "|" not in line and "\u2022" not in line and ">" not in line and "\u00bb" not in line:
        return False
    parts = _NAV_SEPARATOR.split(line)
    if len(parts) < 3 or not all(parts):
        return False
    return (
        len(parts[0].rstrip()) <= NAV_ITEM_MAX
        and len(parts[-1].lstrip()) <= NAV_ITEM_MAX
        and all(len(part.strip()) <= NAV_ITEM_MAX for part in parts[1:-1])
    )


# A comments section: everything after its header is readers' text, not the story.
_COMMENTS_HEADER = re.compile(
    # (and as article spinners write it: "Depart a Reply", "Go away a Remark")
    r"^(?:(?:leave|depart|go away) a (?:reply|comment|remark)(?: cancel reply)?|join the (?:conversation|discussion)|\d+ (?:comments?|responses?|replies)|"
    r"comments?(?: \(\d+\))?|post (?:a )?comment|reply|discussion|what do you think\??|add a comment)[.:]?$",
    re.IGNORECASE,
)

# A comment count in a page's head ("12 Comments" under the byline) may follow a standfirst of up to this
# many words.
COMMENT_COUNT_STANDFIRST_WORDS = 60
# The headers of a comments section that also stand as a count under a headline ("12 Comments").
_COMMENT_COUNT = re.compile(
    r"^(?:\d+ (?:comments?|responses?|replies)|comments? \(\d+\))[.:]?$", re.IGNORECASE
)

_TERMINAL = tuple(".!?\"')]") + ("...", "\u2026")
_CONTINUES = frozenset(
    "a an the of to in on at by for with from and or but as that which who its his her their this".split()
)


# A hard-wrapped text: its lines are at most this long, most of them fill the width, and most of those end
# mid-sentence.
WRAP_WIDTH_MAX = 120
WRAP_FULL = 0.8


def wrap_width(lines: list[str]) -> int | None:
    """The width a text was hard-wrapped at (print, OCR, e-mail, plain-text archives), or None.

    Wrapped: at least 8 lines; a quarter of them (and at least 6) fill the width, longer than 0.8 of the
    widest line of at most 120 characters (a quarter, not most: a page keeps its short chrome lines); at
    least half of those end mid-sentence; and at least half of those are followed by a line in lower case.
    Unwrapped text with short paragraphs fails the third test (its lines end in punctuation), a list of
    other stories' headlines the last (each starts in capitals).
    """
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 8:
        return None
    width = max((n for n in lengths if n <= WRAP_WIDTH_MAX), default=0)
    full = [i for i, line in enumerate(lines) if line and WRAP_FULL * width <= len(line) <= width]
    if len(full) < max(6, 0.25 * len(lengths)):
        return None
    open_ = [i for i in full if not lines[i].endswith(_TERMINAL)]
    if len(open_) < 0.5 * len(full):
        return None
    lower = sum(1 for i in open_ if i + 1 < len(lines) and lines[i + 1][:1].islower())
    if lower < 0.5 * len(open_):
        return None
    return width


# In a double-spaced wrapped text (see single_spaced) a line this long without closing punctuation goes
# on onto the next line even when that one starts in capitals ("... with the Boston" / "Transit Guild").
SPACED_OPEN = 40


def _runs_on(line: str, following: str) -> bool:
    """Whether ``line`` plainly runs on into ``following``: no closing punctuation, and it ends in a
    hyphen, a comma or a word that cannot end a sentence, or ``following`` starts in lower case."""
    if line.endswith(_TERMINAL):
        return False
    return (
        line.endswith(("-", ",")) or line.rsplit(" ", 1)[-1].lower() in _CONTINUES or following[:1].islower()
    )


def _continues_sentence(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` reads as the middle or end of a wrapped sentence: it ends one, or runs on
    into the line after it. A headline in a list of other stories does neither."""
    line = lines[i]
    return line.endswith(_TERMINAL) or _runs_on(line, lines[i + 1] if i + 1 < len(lines) else "")


def single_spaced(lines: list[str]) -> tuple[list[str], list[bool] | None]:
    """``lines`` without the blank line after every wrapped line of a double-spaced hard-wrapped text
    (a print or OCR page spaced out, each wrapped line its own paragraph), so that :func:`unwrap` can
    join them, and per line whether a blank line followed it (None: the text is not double-spaced and
    comes back unchanged). A run of blank lines stays one blank line.

    Double-spaced and wrapped: at least 8 text lines, most of them (0.6) followed by exactly one blank
    line and then text, and at least half of those plainly run on into the next text line that is not
    chrome (:func:`_runs_on`). (Its widths may be ragged: a spun or machine-translated copy of a wrapped
    page keeps the breaks but not the line lengths.) A page of one-line paragraphs fails the last test:
    its lines are sentences, they end in punctuation and the next starts in capitals.
    """
    text_lines = sum(1 for line in lines if line)
    if text_lines < 8:
        return lines, None
    spaced = [i for i in range(len(lines) - 2) if lines[i] and not lines[i + 1] and lines[i + 2]]
    if len(spaced) < 0.6 * text_lines:
        return lines, None
    # The next text line that is not chrome (a wrapped paragraph may have "ADVERTISEMENT" inside it).
    following: list[str] = [""] * len(lines)
    after = ""
    for i in range(len(lines) - 1, -1, -1):
        following[i] = after
        if lines[i] and not is_chrome(lines[i]):
            after = lines[i]
    broken = sum(1 for i in spaced if _runs_on(lines[i], following[i]))
    if broken < 0.5 * len(spaced):
        return lines, None
    out: list[str] = []
    gaps: list[bool] = []
    for i, line in enumerate(lines):
        if line:
            out.append(line)
            gaps.append(i + 2 < len(lines) and not lines[i + 1] and bool(lines[i + 2]))
        elif i > 0 and not lines[i - 1] and out and out[-1]:
            out.append("")  # the second blank of a run: a paragraph break
            gaps.append(False)
    return out, gaps


# A hard-wrapped text whose paragraphs are blocks between blank lines has at least this many blocks of
# two lines or more.
BLOCK_PARAGRAPHS = 4
# Marks that open a list item: a line starting with one is its own item, in any block.
_ITEM_MARKS = _LIST_MARKS + tuple("0123456789")


# In such a text a block is one wrapped paragraph when each of its lines but the last fills at least this
# share of the width (OCR and spinning leave wrapped lines ragged; a shorter one is a heading or a list's
# item) and it ends a sentence somewhere (a list of other stories' headlines ends none).
BLOCK_LINE = 0.5
_SENTENCE_GAP = re.compile(r"[.!?][\"”’']? [A-Z\"“]")


def paragraph_blocks(lines: list[str], width: int) -> list[bool]:
    """Per line: whether it goes on from the line before as part of one wrapped paragraph, a block
    between blank lines whose lines but the last fill ``BLOCK_LINE`` of ``width`` and which ends a
    sentence (at a line's end or inside one)."""
    joins = [False] * len(lines)
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and lines[end]:
            continue
        block = lines[start:end]
        if (
            len(block) >= 2
            and any(line.endswith(_TERMINAL) or _SENTENCE_GAP.search(line) for line in block)
            and all(len(line) >= BLOCK_LINE * width for line in block[:-1])
        ):
            # (All of it, as the page had the paragraph: its story lines are read the same way wrapped or
            # not, whether or not its last line ends a sentence.)
            joins[start + 1 : end] = [True] * (len(block) - 1)
        start = end + 1
    return joins


# Lines that stay lines in a block: a menu or a footer ("About | Contact | Privacy"), a copyright line,
# a sign-off in brackets (and a dateline's line starts one).
_MENU = re.compile(r"\S \| \S.* \| ")


# A speaker's turn in an interview: "A: ", "Roe: ", "Jane Roe: ".
_SPEAKER = re.compile(r"[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20})?: ")


def _stands_as_byline(line: str) -> bool:
    """A short byline line ("by time news", "By Jane Roe"): its own line after a short one, a wrapped
    headline's end that seems to run on into it ("... on the US" / "conspiracy" / "by time news"; after
    a long line it is a sentence's end: "... a memo seen" / "by reporters")."""
    return _byline_who(line, longest=60) is not None


def _byline_who(line: str, longest: int = 90) -> str | None:
    """Who a byline line names ("By Jane Roe" -> "Jane Roe"; also "Written by", "Story by", ...): a line
    of at most ``longest`` characters whose name part is ten words at most and no clause ("by reporters
    who ...")."""
    match = len(line) <= longest and _BYLINE.match(line)
    if not match:
        return None
    who = match.group("who")
    if line[:7].lower() == "article" and (not who[0].isupper() or who.lower().startswith("article")):
        return None  # "Article by article", a treaty story's sub-head
    return who if len(who.split()) <= 10 and not _looks_like_clause(who) else None


# What may stand between a byline's names and its outlet's: "By Jane Roe, Reuters", "... of The Associated
# Press", "... / Los Angeles Times", "... (AFP)", "... • Reuters"; without one an outlet's name of one word
# in title case is a surname ("By Jane Forbes", "By Michael Bloomberg"), but not after a name in capitals
# ("By JANE ROE Reuters"), and a longer name or an acronym is the outlet ("By Jane Roe Associated Press",
# "By Jane Roe CNN").
_BYLINE_OUTLET_AFTER = re.compile(
    r"(?:^|[,;:|/(•·–—-]|\b(?:of|for|at|and|with|from|to))\s*(?:the\s*)?$", re.IGNORECASE
)


def byline_who_outlet(who: str, registry: Registry) -> str | None:
    """The registered outlet a byline's names name (``_BYLINE_OUTLET_AFTER``), or None."""
    for mention in registry.mentions(who):
        before = who[: mention.start()]
        words = before.split()
        name = mention.group(0)
        surname = " " not in name.strip() and name[:1].isupper() and not name.isupper()
        capitals = bool(words) and words[-1].isupper() and len(words[-1]) > 1
        # A byline in capitals names a person in two words or more before its outlet ("By JANE ROE AFP");
        # after one word the outlet's name is the surname ("By JANE FORBES", "By MICHAEL BLOOMBERG").
        caps_surname = name.isupper() and " " not in name.strip() and len(words) == 1 and words[0].isupper()
        if caps_surname and not _BYLINE_OUTLET_AFTER.search(before):
            continue
        if not surname or capitals or _BYLINE_OUTLET_AFTER.search(before):
            return registry.canonical(name)
    return None


def _own_line(line: str) -> bool:
    """A line that stays a line of its own in a paragraph block, and starts none: a menu or footer, a
    bracketed sign-off, a copyright line, a photo credit under its caption."""
    return bool(
        _MENU.search(line)
        or (line.startswith("(") and line.endswith(")"))  # a sign-off: "(Reporting by ...; Editing by ...)"
        or line.lstrip("( ")
        .lower()
        .startswith(("©", "c)", "copyright", "photo:", "image:", "credit:", "photograph:"))
    )


def blank_line_paragraphs(lines: list[str], width: int) -> bool:
    """Whether a hard-wrapped text (``width``) sets its paragraphs apart with blank lines: at least
    ``BLOCK_PARAGRAPHS`` blocks of two lines or more, and at least half of the blocks that hold a line
    filling the width are such blocks. Its wrapped lines then continue their block's paragraph even
    where one ends a sentence ("... to continue negotiations." / "Even though ..."): only a blank line
    ends a paragraph."""
    full = WRAP_FULL * width
    multi = wide = 0
    size = has_full = 0
    for line in [*lines, ""]:
        if line:
            size += 1
            has_full = has_full or len(line) >= full
            continue
        if size:
            multi += size >= 2
            wide += bool(has_full)
        size = has_full = 0
    return multi >= BLOCK_PARAGRAPHS and multi >= 0.5 * wide


# A word broken at a line's end: the letters before the hyphen, and those that start the next line.
_BROKEN_HEAD = re.compile(r"([^\W\d_]+)-$")
_BROKEN_TAIL = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A line break after a hyphen is a compound's own hyphen when both pieces are common English words (Zipf
# frequency, log10 of uses per billion words, by ``wordfreq``: a name or a piece of a word broken by a
# typesetter, "Hal-" / "berg", "con-" / "sier", is not) and the word run together is not a common one
# itself ("outcome", "rewritten" are; where it is, English writes it whole as well: "postwar",
# "midterm"). Closed compounds that are rare words ("ridership", "overpass", "drugmaker") keep a hyphen
# they may not have had when a line broke them; a text that breaks other words too joins them (below).
COMPOUND_PART = 3.5
COMPOUND_JOINED = 3.0


@dataclass(frozen=True)
class Hyphenation:
    """What a text shows of how its lines were broken after a hyphen (:func:`hyphenation`)."""

    words: frozenset[str]  # its words (hyphenated compounds whole), in lower case
    splits_words: bool  # some line ends in a piece of a word (no common word before or after the hyphen)


def _broken(prev: str, line: str) -> tuple[str, str] | None:
    """The two pieces around a line break after a hyphen, in lower case, when the next line goes on in
    lower case ("so-" / "called": ``("so", "called")``)."""
    if not (prev.endswith("-") and line[:1].islower()):
        return None
    # (Only the last word of ``prev``: in ``unwrap`` it is the paragraph joined so far.)
    head, tail = _BROKEN_HEAD.search(prev[prev.rfind(" ") + 1 :]), _BROKEN_TAIL.match(line)
    return None if head is None or tail is None else (head.group(1).lower(), tail.group(0).lower())


def hyphenation(lines: list[str]) -> Hyphenation:
    """The text's own words, and whether it splits words at its lines' ends (typeset or OCR'd text: a
    piece that is no common English word, ``COMPOUND_PART``: "dete-" / "nded", "impor-" / "tant") rather
    than only breaking after a compound's own hyphen (text wrapped at hyphens, as Python's ``textwrap``
    and browsers wrap: "so-" / "called"). Without English word frequencies every break after a hyphen
    counts as a split word."""
    zipf = english_zipf()
    pieces = [p for prev, line in zip(lines, lines[1:], strict=False) if (p := _broken(prev, line))]
    splits = zipf is None or any(min(zipf(a), zipf(b)) < COMPOUND_PART for a, b in pieces)
    return Hyphenation(frozenset(_WORD.findall("\n".join(lines).lower())), splits)


@lru_cache(maxsize=1)
def english_zipf() -> Callable[[str], float] | None:
    """A word's general English frequency (``wordfreq``'s Zipf scale, memoised), or None when ``wordfreq``
    is not installed. (A hyphenated string gets its pieces' frequencies combined, not its own.)"""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return lru_cache(maxsize=10_000)(lambda word: zipf_frequency(word, "en"))


def _split_word(prev: str, line: str, seen: Hyphenation) -> bool:
    """Whether a line ending in a hyphen, before a line in lower case, split a word ("impor-" / "tant")
    rather than broke after a compound's own hyphen ("so-" / "called"). The text's own words decide when
    it has the word elsewhere, run together or hyphenated; then a text that splits words at its lines'
    ends (:func:`hyphenation`: a piece of some break is no common word) split this one too; otherwise,
    both pieces being common words, the hyphen is the compound's unless the word run together is a
    common word as well ("so-called", "long-term"; "outcome")."""
    pieces = _broken(prev, line)
    if pieces is None:
        return True
    a, b = pieces
    if a + b in seen.words:
        return True
    if f"{a}-{b}" in seen.words:
        return False
    if seen.splits_words:
        return True
    zipf = english_zipf()
    return zipf is None or zipf(a + b) >= COMPOUND_JOINED


def unwrap(lines: list[str], gaps: list[bool] | None = None) -> list[str]:
    """Join hard-wrapped lines of one paragraph (print, OCR, e-mail) back into the paragraph.

    A line continues onto the next when it plainly runs on (:func:`_runs_on`: no closing punctuation,
    and it ends in a hyphen, a comma or a word that cannot end a sentence, or the next line starts in
    lower case), or it has no closing punctuation and the text is hard-wrapped (:func:`wrap_width`) and
    the line fills the width, or the text is double-spaced (``gaps``, from :func:`single_spaced`: a
    blank line followed the line), the line is at least ``SPACED_OPEN`` characters long and the next
    reads as part of a sentence (not a list of headlines). In a hard-wrapped text a line also goes on
    where it broke because the next line's first word did not fit on it, and into a next line in lower
    case once it filled the width or broke ('... already cracked,"' / "she said."). In a hard-wrapped
    text with blank lines between its paragraphs (:func:`blank_line_paragraphs`) every line of a
    paragraph block (:func:`paragraph_blocks`) goes on, even after a sentence's end, unless the next
    opens a list item, a dateline, a byline or an interview's turn, or either is a menu, a copyright
    line or a bracketed sign-off (:func:`_own_line`). Never into or out of a chrome line (but wrapped
    chrome into chrome in a block, and a chrome sentence that ends a block, its paragraph's last): one met
    inside a wrapped paragraph ("ADVERTISEMENT") comes after it. (Not on a digit: a list of other stories' headlines,
    "12 ballots affected as ...", must stay a list of short lines.) A hyphen that ends a line goes only
    where it split a word (:func:`_split_word`).
    """
    width = wrap_width(lines)
    full = WRAP_FULL * width if width else float("inf")
    blocks = (
        paragraph_blocks(lines, width)
        if width and gaps is None and blank_line_paragraphs(lines, width)
        else [False] * len(lines)
    )
    out: list[str] = []
    seen: Hyphenation | None = None  # read at the first line ending in a hyphen
    held: list[str] = []  # chrome lines met inside a wrapped paragraph, emitted after it
    last_len = 0  # length of the last input line, joined or not
    last_gap = False  # a blank line followed the last input line (double-spaced text)
    for i, line in enumerate(lines):
        # (An unwrapped text's line goes on only where it plainly runs on: nothing else to weigh.)
        if out and out[-1] and line and (width or gaps or _runs_on(out[-1], line)):
            prev = out[-1]
            # The line broke because its first word did not fit on the one before (greedy wrapping).
            broke = bool(width) and last_len + 1 + len(line.split(" ", 1)[0]) > width
            in_block = (
                blocks[i]
                and not line.startswith(_ITEM_MARKS)
                and not _own_line(line)
                and not _own_line(lines[i - 1])
                # A dateline starts its line; so does a byline, after a headline or at the story's end.
                and not _DATELINE.match(line)
                and not (line.startswith("By ") and not prev.endswith(_TERMINAL))
                and not _stands_as_byline(line)
                and not _stands_as_byline(lines[i - 1])
                and not (prev.endswith("?") and _SPEAKER.match(line))  # "Q: ...?" / "A: ..."
            )
            line_chrome, prev_chrome = is_chrome(line), is_chrome(prev)
            # A sentence of chrome that ends its block ends the paragraph ("... with Axios Markets." /
            # "Sign up for free."): read with it, as the page had it.
            closing = (
                in_block
                and line_chrome
                and line.endswith(_TERMINAL)
                and (i + 1 == len(lines) or not lines[i + 1])
            )
            if (
                (width or gaps)
                and not prev.endswith(_TERMINAL)
                and line_chrome
                and not prev_chrome
                and not closing
            ):
                held.append(line)  # "ADVERTISEMENT" between two wrapped lines of one paragraph
                continue
            if (
                (
                    _runs_on(prev, line)
                    or (
                        not prev.endswith(_TERMINAL)
                        and (
                            last_len >= full
                            or broke
                            or (last_gap and last_len >= SPACED_OPEN and _continues_sentence(lines, i))
                        )
                    )
                    or in_block
                    # ('... is already cracked,"' / "she said."): a wrapped line in lower case goes on.
                    or (bool(width) and (last_len >= full or broke) and line[:1].islower())
                )
                and (not prev_chrome or (in_block and line_chrome))  # chrome wrapped: one line
                and (not line_chrome or closing)
                and not (last_len < SPACED_OPEN and _stands_as_byline(line))
            ):
                if prev.endswith("-") and prev[-2:-1].isalnum():  # "hy-" + "phen"; "mid-" + "December"
                    if seen is None:
                        seen = hyphenation(lines)
                    split = line[0].islower() and _split_word(prev, line, seen)
                    out[-1] = prev[:-1] + line if split else prev + line
                else:
                    out[-1] = f"{prev} {line}"
                last_len, last_gap = len(line), bool(gaps and gaps[i])
                continue
        out += held
        held.clear()
        out.append(line)
        last_len, last_gap = len(line), bool(gaps and gaps[i])
    return out + held


def is_story_line(line: str) -> bool:
    """A line that reads like story prose: a sentence of four words or more, or a long line.

    Headlines of other stories, site names, breadcrumbs, share bars and "Story continues below" are short
    and unpunctuated; keeping them out of matching stops two stories on one site from looking alike.
    """
    words = len(line.split())
    return words >= 20 or (words >= 4 and line.rstrip().endswith(_TERMINAL))


# Longer than this, a line is a paragraph (or a whole text run into one line), not a chrome line: a
# chrome phrase inside it ("Sign up for free.") is one sentence of it (see ``drop_chrome_sentences``).
CHROME_LINE_MAX = 400
# Longer than this, a line is a text run into one line (77 of 457,064 lines of 10,000 generated pages are
# longer, none of the real seeds' lines): it is read sentence by sentence, each sentence as a line (the
# matching text does not depend on where its lines break). 800, not more: a short excerpt run into one
# line with its page's chrome is about this long.
FLAT_LINE = 800


def is_chrome(line: str) -> bool:
    """True for a line of site chrome or boilerplate that carries no story text."""
    stripped = line.strip(" \u2022*-")
    if not stripped:
        return True
    return bool(
        _CHROME_HEAD.match(stripped)
        or _is_notice(stripped)
        or (
            len(stripped) <= CHROME_LINE_MAX and _has_anywhere_word(stripped) and _CHROME_TAIL.match(stripped)
        )
        or is_nav(stripped)
    )


# --- attribution cues ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    kind: str
    outlet: str | None
    text: str

    def as_record(self) -> dict:
        return {"kind": self.kind, "outlet": self.outlet, "text": self.text}


# Cue kinds that credit the text to an origin (photo credits and bylines of people do not).
CREDITING_KINDS = (
    "dateline",
    "first_appeared",
    "originally_published",
    "like_this_story",
    "republished_from",
    "credit",
    "house_style",
    "via",
    "byline",
)

# Credit lines whose format, not a name, says which agency wrote the copy: Reuters closes a story with
# "(Reporting by ...; Editing by ...)" and Bloomberg with "To contact the reporter on this story: ...".
# Papers that run the copy keep these lines more often than they credit the agency by name.
HOUSE_STYLES = (
    (
        re.compile(
            r"^\(?\s*(?:additional )?(?:reporting|writing|compiled) by [^;()]+;[^()]*\bediting by\b",
            re.IGNORECASE,
        ),
        "Reuters",
    ),
    (
        re.compile(
            r"^to contact the (?:reporters?|editors?) (?:on|responsible for) this story\b", re.IGNORECASE
        ),
        "Bloomberg",
    ),
)

# Upper- and lower-case letters of the Latin, Cyrillic and Greek alphabets: a dateline's place is
# written in the text's own ("ВАЛДМАР, Норвегия (Reuters) -").
_UP = "A-ZÀ-ÖØ-ÞĀ-ɏЀ-ЯҐΆ-Ϋ"  # (Latin Extended-A/B mixes both cases: Ł, Ń, İ, Ş)
_LETTER = _UP + "a-zß-öø-ÿа-џґά-ώ"
# Words in lower case a dateline of another language may hold: a place's joining words before a capital
# ("Ciudad de México", "Frankfurt am Main") and a date's month ("MADRID, 5 ene", "Buenos Aires, 5 de
# enero de 2024", "PARIS, 5 janv.", "ROMA, 5 gen").
_DATELINE_JOINERS = "de|del|do|da|dos|das|di|du|des|la|le|el|les|los|las|am|an|der|im|sur"
_DATELINE_MONTHS = (
    "ene|enero|feb|febrero|mar|marzo|abr|abril|may|mayo|jun|junio|jul|julio|ago|agosto|sep|sept|"
    "septiembre|setiembre|oct|octubre|nov|noviembre|dic|diciembre|"
    "janv|janvier|févr|février|mars|avr|avril|mai|juin|juil|juillet|août|septembre|octobre|novembre|"
    "déc|décembre|fevr|fevrier|aout|dec|decembre|"
    "jan|janeiro|fev|fevereiro|março|maio|junho|julho|set|setembro|out|outubro|dez|dezembro|"
    "gen|gennaio|febbraio|apr|aprile|mag|maggio|giu|giugno|lug|luglio|settembre|ott|ottobre|dicembre"
)
_DATELINE = re.compile(
    rf"^(?P<place>(?:[{_UP}][{_LETTER}.'/-]*(?:[ ,]+(?:[{_UP}0-9][{_LETTER}0-9.'/-]*|"
    # (ANI puts the country in square brackets, after the state in round ones: "New Delhi [India], Jan 5
    # (ANI): ", "Srinagar (Jammu and Kashmir) [India], Jan 5 (ANI): ")
    rf"\[\s*[{_UP}][{_LETTER} .&'-]{{1,30}}\]|\([{_UP}][{_LETTER} .&'-]{{1,40}}\)(?= \[)|"
    rf"(?:{_DATELINE_JOINERS})(?= (?:(?:la|los|las|le|der) )?[{_UP}0-9])|"
    rf"(?<=\d )(?:de )?(?:{_DATELINE_MONTHS})\.?(?: de(?= \d))?)){{0,8}})"
    # (ANSA puts a dash before its bracket: "ROMA, 5 GEN - (ANSA) - ")
    r"[ ,]*(?:-\s*(?=\())?)?"
    # (EFE closes with a full stop before the dash: "Madrid, 5 ene (EFE).- "; the AP's plain-text wire
    # an underscore: "WASHINGTON (AP) _ ")
    r"\((?P<agency>[^()]{1,40})\)\s*\.?(?:[-:]+|_(?= ))\s*"
)
_FIRST = re.compile(
    r"^(?:this|the)?\s*(?:story|article|post|piece)?\s*(?:was\s+|has\s+)?(?:first|originally)\s+"
    r"(?:appeared|appears|published|ran|posted)\s*(?:in|on|at|by|with)?\s*(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
_ORIGINALLY = re.compile(
    r"^(?:this\s+)?(?:story|article|post|piece)?\s*(?:was\s+)?(?:originally\s+(?:published|posted|appeared)\s+"
    r"(?:by|at|on|in)|(?<=was )produced by)\s+(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
# "This article is republished from The Conversation under a Creative Commons license.", "Reprinted with
# permission of the Los Angeles Times.": the text's origin, stated by the page that reprints it.
_REPUBLISHED = re.compile(
    r"^(?:this\s+(?:story|article|post|piece|report)\s+(?:is|was|has\s+been)\s+)?"
    r"(?:(?:re-?published|reprinted|reposted|published|shared)\s+(?:here\s+)?"
    r"(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from)|from|courtesy\s+of|"
    r"by\s+(?:special\s+)?arrangement\s+with)|"
    # A syndicate's line under the copy it sells: "Distributed by Tribune Content Agency, LLC."
    r"(?:distributed|syndicated)\s+by)\s+"
    r"(?P<outlet>.+?)(?:\s+(?:under|with|as part of)\b.*)?[.!]?$",
    re.IGNORECASE,
)
# ... and when the republisher names itself first: "Published by HT Digital Content Services with permission
# from Asian News International." (a registered outlet, all of the rest: "Published by the family with
# permission from the hospital, the photos showed ..." is a sentence, and a person's permission no credit).
_REPUBLISHED_BY = re.compile(
    r"^\(?(?:©\s*)?(?:re-?published|reprinted|published|distributed)\s+by\s+(?=\S)"
    # (a full stop inside the name after an initial or an abbreviation: "H.T.", "Pvt. Ltd."; atomic, so a
    # run of initials is not tried every way)
    r"(?:[^.]|(?>\.(?=\w|\s+(?:ltd|inc|pvt|co|llc|with|under|by)\b)|(?<=\b\w)\.)){2,60}?\s+"
    r"(?:with\s+(?:the\s+)?(?:kind\s+)?permission\s+(?:of|from)|under\s+licen[cs]e\s+from|"
    r"by\s+(?:special\s+)?arrangement\s+with)\s+(?P<outlet>\S.*?)\)?[.!]?$",
    re.IGNORECASE,
)
# WordPress feed reposts end "The post <title> appeared first on <site>."
_POST_APPEARED = re.compile(r"^the post\s+.+?\s+appeared first on\s+(?P<outlet>.+?)[.!]?$", re.IGNORECASE)
# Indian and other papers running agency copy: "(With inputs from PTI)".
_INPUTS = re.compile(r"^\(?\s*with\s+inputs?\s+from\s+(?P<outlet>[^()]+?)\s*\)?[.!]?$", re.IGNORECASE)
# Copy a page says it ran as another outlet supplied it: "This content was produced by Reuters and was not
# edited by our staff.", "Content provided by Reuters.", "Article courtesy of the Los Angeles Times.",
# "Produced by the Associated Press.", "Published via the Associated Press." Read only for a registered
# outlet that is all of the rest (but a note that the page did not edit it, ``_NOT_EDITED``): "Produced by
# Reuters, the film ...", "The report was produced by Reuters journalists who ..." are sentences; a
# photo's "courtesy of" is a photo credit, not this.
_SUPPLIED = re.compile(
    r"^\(?(?:(?:this|the)\s+)?(?:story|article|content|report|copy|text|item|piece|news)\s+"
    r"(?:(?:was|is|has\s+been)\s+)?(?:(?:produced|provided|supplied)\s+by|courtesy(?:\s+of)?:?)\s+"
    r"(?:the\s+)?(?P<outlet>.+?)\)?[.!]?$",
    re.IGNORECASE,
)
# ... and only after "This story": "This story was reported by The Associated Press.", "This story is from
# Reuters." ("The news was reported by Reuters.", "The report comes from a Reuters report." are sentences).
_SUPPLIED_THIS = re.compile(
    r"^\(?this\s+(?:story|article|content|report|piece)\s+(?:(?:was|is|has\s+been)\s+)?"
    r"(?:(?:originally\s+)?reported(?:\s+and\s+written)?\s+by|(?:comes|came)\s+from|from)\s+"
    r"(?:the\s+)?(?P<outlet>.+?)\)?[.!]?$",
    re.IGNORECASE,
)
_SUPPLIED_BARE = re.compile(
    r"^\(?(?:(?:produced|provided|supplied)\s+by|(?:published|distributed|shared|posted)\s+via)\s+"
    r"(?:the\s+)?(?P<outlet>.+?)\)?[.!]?$",
    re.IGNORECASE,
)
# What a page adds after the outlet that supplied its copy, or after where a text first ran: "... and was
# not edited by our staff.", "... and is republished here with permission.", "... under a Creative
# Commons licence. Read the original article.", "... sous licence Creative Commons. Lire l'article
# original.", "... Lea el original."
_NOT_EDITED = re.compile(
    r"(?:,?\s+and\s+(?:was|is|has)\s+(?:not\s+been|not|been\s+not)\s+(?:been\s+)?edited\b.*|"
    r",?\s+and\s+(?:is|was|has\s+been)\s+(?:here\s+)?re(?:published|printed|posted)\b.*|"
    r"\s+(?:under|sous|bajo|sob|unter|con|con\s+una)\s+(?:an?\s+|une\s+|una\s+|uma\s+|einer\s+)?"
    r"(?:creative\s+commons\s+)?(?:licen[cs]e|licencia|licença|lizenz)\b.*|"
    r"[.!]\s+(?:read|lea|lire|leia|leggi|lesen)\b.*)$",
    re.IGNORECASE,
)
# Where a version of the text ran before: "A version of this story appeared in the Los Angeles Times.",
# "This article appeared in The Guardian." ("... appears in print on ..." is the paper's own note; a
# registered outlet all of the rest: "This story ran on Sunday.", "This article was published in The
# Guardian in 2013 and prompted ..." are sentences).
_VERSION_APPEARED = re.compile(
    r"^(?:an?\s+(?:(?:shorter|longer|earlier|different)\s+)?version\s+of\s+this\s+|this\s+)"
    r"(?:story|article|report|piece|column)\s+(?:also\s+|first\s+|originally\s+|previously\s+)?"
    r"(?:appeared|appears|ran|was\s+published|was\s+posted)\s+(?:in|on|at|by)\s+(?!print\b)"
    r"(?:the\s+)?(?P<outlet>.+?)[.!]?$",
    re.IGNORECASE,
)
# A translation or adaptation naming what it was made from: "Translated from the original in El País.",
# "This article was translated from Le Monde.", "Translated by Jane Roe from the French original
# published in Le Monde.", "Adapted from a report by Reuters." Read only for a registered outlet that is
# all of the rest ("Translated from Spanish.", "Adapted from a novel by a Reuters journalist, the film
# ..." credit nobody).
_TRANSLATED_FROM = re.compile(
    r"^\(?(?:this\s+(?:story|article|report|piece|text)\s+(?:was|has\s+been|is)\s+)?"
    r"(?:translated|adapted)\s+(?:into\s+[\w-]+\s+)?(?:by\s+[^.;()]{2,60}?\s+)?from\s+"
    r"(?:(?:the|an?)\s+)?(?:(?:[\w-]+\s+){0,2}(?:original|article|story|report|reporting|version|text)\s+"
    r"(?:(?:first\s+)?(?:published|posted)\s+|(?:that|which)\s+appeared\s+|appearing\s+)?"
    r"(?:in|on|by|at)\s+)?(?:the\s+)?(?P<outlet>.+?)\)?[.!]?$",
    re.IGNORECASE,
)
# Agency credits in the languages pages running or translating agency copy write them in: "(Con
# información de Reuters)", "Com informações da Reuters", "Mit Material von dpa", "(Avec AFP)",
# "Fuente: EFE", "Quelle: dpa", "Bron: ANP". Only registered outlets may follow, with joining words
# between them ("Con información de AFP y EFE"): "Fuente: el Ministerio de Salud" credits nobody. (The
# English "Sources: AP, Reuters" is not read: under a chart or a fact-check it lists the data's sources.)
_FOREIGN_CREDIT = re.compile(
    r"^\(?\s*(?:(?P<with>con\s+(?:informaci[oó]n|reportes?|datos|informes)\s+(?:del|de)\b|"
    r"com\s+informa[cç][oõ]es\s+(?:das|dos|da|do|de)\b|"
    r"mit\s+(?:material|informationen)\s+(?:von|der|des)|avec|mit|con|com|d['’]apr[eè]s)|"
    r"(?P<source>fuentes?|fonte|quelle|bron|źródło|kaynak|источник)\s*[:|-]|"
    r"(?P<desk>redacci[oó]n|reda[cç][aã]o|r[ée]daction|redaktion)\s*[:|-])"
    r"\s*(?P<names>[^():]{2,80}?)\s*\)?[.!]?$",
    re.IGNORECASE,
)
# Where a text first ran, as pages in other languages say it: "Este artículo fue publicado originalmente
# en The Conversation.", "Cet article est republié à partir de The Conversation sous licence Creative
# Commons.", "Dieser Beitrag erschien zuerst bei Reuters.", "Publicado originalmente en El País." Read
# only for a registered outlet that is all of the rest (but a licence or "read the original" note,
# ``_NOT_EDITED``): "Publicado por Reuters, el vídeo muestra ...", "El artículo fue publicado en El País
# el domingo y desató ..." are sentences.
_FOREIGN_NOUN = (
    r"(?:(?:este|el|esta|la|o)\s+(?:art[ií]culo|artigo|texto|reportaje|reportagem|nota|mat[eé]ria|"
    r"historia|hist[oó]ria)\s+(?:fue|foi|ha\s+sido|se|es|[eé])\s+|"
    r"(?:cet|l['’])\s*(?:article|texte)\s+(?:a\s+été|est|était)\s+|"
    r"(?:dieser|der)\s+(?:artikel|beitrag|text)\s+|questo\s+articolo\s+è\s+stato\s+|"
    r"(?:art[ií]culo|artigo|texto|nota|article|artikel|beitrag|articolo)\s+|"
    r"(?:este|el|esta|la|o|questo|l['’])\s*(?:art[ií]culo|artigo|articolo|texto|nota)\s+(?=apare|apparso|è\s+apparso))"
)
_FOREIGN_VERB = (
    r"(?:(?:publicad[oa]|publicó|republicad[oa]|reproducid[oa])\s+(?:originalmente\s+|primero\s+|"
    r"inicialmente\s+|por\s+primera\s+vez\s+)?(?:en|no|na|em|por|pelo|pela|de|desde|a\s+partir\s+de)|"
    r"(?:initialement\s+|d['’]abord\s+)?(?:publié|republié|paru)e?\s+(?:initialement\s+|d['’]abord\s+|"
    r"à\s+l['’]origine\s+)?(?:sur|dans|par|à\s+partir\s+de|chez)|"
    r"(?:erschien|ist)\s+(?:zuerst|ursprünglich)\s+(?:erschienen\s+)?(?:bei|auf|in|im)|"
    r"(?:zuerst|erstmals)\s+erschienen\s+(?:bei|auf|in|im)|"
    r"originalmente\s+publicad[oa]\s+(?:en|no|na|em|por|pelo|pela)|"
    r"pubblicato\s+(?:originariamente|originalmente|per\s+la\s+prima\s+volta)\s+(?:su|da|in|sul|sulla)|"
    r"(?:apareci[oó]|ha\s+aparecido)\s+(?:originalmente\s+|primero\s+|por\s+primera\s+vez\s+)?en|"
    r"apareceu\s+(?:originalmente\s+|primeiro\s+|pela\s+primeira\s+vez\s+)?(?:em|no|na)|"
    r"(?:è\s+)?apparso\s+(?:originariamente|originalmente|per\s+la\s+prima\s+volta)\s+(?:su|in|sul|sulla))"
)
_FOREIGN_OBJECT = r"\s+(?:(?:el|la|los|las|le|les|l['’]|der|die|das|o|a|the)\s+)?(?P<outlet>.+?)\)?[.!]?$"
_FOREIGN_FIRST = re.compile(rf"^\(?{_FOREIGN_NOUN}{_FOREIGN_VERB}{_FOREIGN_OBJECT}", re.IGNORECASE)
_FOREIGN_FIRST_BARE = re.compile(rf"^\(?{_FOREIGN_VERB}{_FOREIGN_OBJECT}", re.IGNORECASE)
# Articles, "of" and "agency" before a name: "Com informações da Reuters e da AFP", "avec l'AFP", "Con
# información de la agencia Reuters".
_FOREIGN_ARTICLE = re.compile(
    r"^(?:(?:(?:el|la|los|las|der|die|das|o|a|the|da|do|das|dos|de|del|des|du|von)\s+|[ld]['’]\s*)|"
    r"(?:agencias?|ag[eê]ncias?|agences?|agentur(?:en)?|agency)\s+)+",
    re.IGNORECASE,
)
# Generic sources beside the names ("Con información de Reuters y agencias", "Mit Material von dpa und
# Agenturen"): allowed, but a registered name must be there too.
_FOREIGN_GENERIC = frozenset(
    "agencias agências agencies agences agenturen redacción redação rédaction redaktion staff".split()
)


# The words the lines above may start with (after a bracket), so that other lines skip their patterns.
_SUPPLIED_FIRST_WORDS = frozenset(
    "this the story article content report copy text item piece news produced provided supplied a an "
    "translated adapted published distributed shared posted "
    "este el esta la o cet dieser der questo publicado publicada publicó republicado republicada "
    "reproducido reproducida initialement publié publiée republié republiée paru parue erschien ist "
    "zuerst erstmals originalmente pubblicato artículo articulo artigo texto nota artikel beitrag "
    "articolo con com mit avec fuente fuentes fonte quelle bron źródło kaynak источник redacción redaccion "
    "redação redacão rédaction redaction redaktion apareció aparecio apareceu apparso".split()
)


# Joining words between outlets' names in a credit or a dateline: "AFP and Reuters", "(dpa/AFP)", "AFP y
# EFE", "Reuters e AFP", "dpa und AFP".
_NAMES_JOIN = re.compile(r"\s*(?:,|&|\b(?:and|und|y|e|et|i|en)\b)\s*", re.IGNORECASE)
_NAMES_JOIN_SLASHED = re.compile(r"\s*(?:,|&|/|\b(?:and|und|y|e|et|i|en)\b)\s*", re.IGNORECASE)


_THE = re.compile(r"^the\s+", re.IGNORECASE)


def _registered_name(part: str, registry: Registry) -> str | None:
    """A list item as a registered name: as written ("The Hill", "Los Angeles Times"), or after an article
    or "agency" ("da Reuters", "la agencia EFE")."""
    for name in (part, _THE.sub("", part), _FOREIGN_ARTICLE.sub("", part)):
        if registry.known(name):
            return registry.canonical(name)
    return None


def registered_names(
    text: str, registry: Registry, generic: frozenset[str] = frozenset(), slash: bool = False
) -> list[str] | None:
    """The canonical names of the registered outlets ``text`` lists: all of it one name, or names between
    joining words (``_NAMES_JOIN``), each maybe after an article or "agency" ("Com informações da Reuters
    e da AFP"); None if any part is no registered outlet (but the ``generic`` words, "agencias", beside
    them). With ``slash`` a slash joins names too ("dpa/AFP")."""
    whole = _registered_name(text.strip(), registry)
    if whole:
        return [whole]
    parts = [p.strip() for p in (_NAMES_JOIN_SLASHED if slash else _NAMES_JOIN).split(text)]
    parts = [p for p in parts if p and _FOREIGN_ARTICLE.sub("", p).lower() not in generic]
    names = [_registered_name(p, registry) for p in parts]
    return names if names and all(names) else None


def _foreign_credit(line: str, registry: Registry) -> Cue | None:
    """An agency credit in another language (``_FOREIGN_CREDIT``), or None."""
    match = _FOREIGN_CREDIT.match(line)
    if not match:
        return None
    names = registered_names(match.group("names"), registry, _FOREIGN_GENERIC, slash=True)
    if not names:
        return None
    credit = match.group("with") or match.group("desk")
    return Cue("credit" if credit else "via", names[0], line)


# Agency copy's own closing lines, kept by the pages that run it (each read only for a registered
# outlet: "This report by Amnesty International was published on Tuesday" is story text):
# - The Canadian Press: "This report by The Canadian Press was first published Jan. 5, 2024."; other
#   wires' "This content was originally published by Reuters".
_REPORT_BY = re.compile(
    r"^this\s+(?:report|story|article)\s+by\s+(?:the\s+)?(?P<outlet>.{2,60}?)\s+was\s+(?:first\s+)?published\b.*$|"
    r"^this\s+(?:content|report|column|item)\s+(?:was|has\s+been)\s+(?:first|originally)\s+"
    r"(?:published|posted|distributed)\s+(?:by|on|in|at)\s+(?:the\s+)?(?P<by>[^.!?]{2,60}?)[.!]?$",
    re.IGNORECASE,
)
# - The AP's contributor line, "Associated Press writers Jane Roe in Kyiv and John Poe contributed.", and
#   its funding note, "The Associated Press receives support from ... The AP is solely responsible for all
#   content." (the outlet is the name before "writers" or before "is solely responsible"). Between
#   "writers" and "contributed" only names and places ("Jane Roe in Kyiv and John Poe"), so "Reuters
#   reporters found that donors contributed $5 million" stays story text.
_AGENCY_TRAILER = re.compile(
    r"^(?i:the\s+)?(?P<outlet>[\w&.'-]+(?:\s+[\w&.'-]+){0,3}?)\s+(?i:staff\s+|news\s+|video\s+)?"
    r"(?i:writers?|reporters?|correspondents?|journalists?|photographers?)\s+"
    r"(?:(?:[A-Z][\w.'’-]*|and|in|from|at|of|,)\s*){1,30}?(?i:contributed)\b[^.!?]{0,80}[.!]?$|"
    r"^(?:.{0,200}[.!]\s+)?(?i:the\s+)?(?P<responsible>[\w&.'-]+(?:\s+[\w&.'-]+){0,3}?)\s+"
    r"(?i:is\s+solely\s+responsible\s+for\s+all\s+content)\b.*$|"
    r"^(?i:the\s+)?(?P<contributed>[\w&.'-]+(?:\s+[\w&.'-]+){0,3}?)\s+(?i:contributed)(?:\s+(?i:reporting))?[.!]?$"
)
# (Each form has one of these words: lines without any skip the pattern.)
_AGENCY_TRAILER_WORDS = ("contributed", "solely")
# - ... and its coverage plug: "Follow AP's coverage of the election at https://apnews.com/hub/election",
#   "Find more of AP's climate coverage here.", "For more AP coverage of the trial, visit apnews.com." The
#   address must be the outlet's own site, or for "here" the outlet an agency and the topic a few words
#   without a verb: "Follow Bloomberg's coverage of the Fed, traders said", "More BBC coverage of the
#   festival will be broadcast from a studio here." are sentences, and "Read Politico's full coverage
#   here." on a page of links names no source.
_COVERAGE_PLUG = re.compile(
    r"^\(?(?:(?:follow|find|see|read|get|check\s+out|explore|keep\s+up\s+with|for)\s+)?"
    r"(?:more\s+(?:of\s+)?)?(?:the\s+)?(?P<name>[\w&.-]+(?:\s+[\w&.-]+){0,3}?)(?:['’]s?)?\s+"
    r"(?:[\w-]+\s+){0,2}?coverage(?:\s+(?:of|on)\s+(?P<topic>[^!?:()]{1,100}?))?"
    r"(?:,?\s+(?:visit|at|on)\s+(?P<url>\S+?)|:\s*(?P<url2>\S+?)|\s+(?P<here>here))"
    r"(?:\s*\(?opens\s+in\s+(?:a\s+)?new\s+(?:tab|window)\)?)?\s*[.!:)→]*$",
    re.IGNORECASE,
)
_PLUG_TOPIC_WORDS = 6
_ADDRESS = re.compile(
    r"^(?:https?://|www\.)\S+|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?[.)]?$", re.IGNORECASE
)
_PLUG_TOPIC_VERB = re.compile(
    r"\b(?:is|are|was|were|will|be|been|came|comes|from|has|had|have|aired|ran)\b", re.I
)


def _coverage_plug(line: str, registry: Registry) -> str | None:
    """The registered outlet an agency's coverage plug names (``_COVERAGE_PLUG``), or None."""
    match = len(line) <= 200 and _COVERAGE_PLUG.match(line)
    if not match or not registry.known(name := match.group("name")):
        return None
    outlet = registry.canonical(name)
    url = match.group("url") or match.group("url2")
    if url and not _ADDRESS.match(url):
        return None  # ("AP coverage: ongoing", "Reuters coverage: 62%")
    if url and _registered_url_outlet(url.rstrip(".)"), registry) == outlet:
        return outlet  # its own site: whatever the topic
    topic = match.group("topic") or ""
    if len(topic.split()) > _PLUG_TOPIC_WORDS or _PLUG_TOPIC_VERB.search(topic):
        return None
    return outlet if registry.role(outlet) == "agency" else None


# "This report includes material from Reuters.", "Includes reporting by The Associated Press.", "This story
# includes reporting from Reuters, AFP and AP.": registered names only, and nothing else ("This report
# includes information from CNN exit polls." is a sentence).
_INCLUDES = re.compile(
    r"^\(?(?:this\s+(?:report|story|article)\s+)?(?:includes?|contains?|incorporates?)\s+"
    r"(?:material|reporting|information)\s+(?:from|by)\s+(?P<names>[^()]{2,80}?)\)?[.!]?$",
    re.IGNORECASE,
)


def _includes_from(line: str, registry: Registry) -> str | None:
    """The first registered outlet an ``_INCLUDES`` line credits, if it names only registered ones."""
    match = _INCLUDES.match(line)
    if not match:
        return None
    names = registered_names(match.group("names"), registry)
    return names[0] if names else None


# Lines an outlet's syndicated copy closes with, naming the outlet inside them: Bloomberg Opinion's "This
# column does not necessarily reflect the opinion of the editorial board or Bloomberg LP and its owners.",
# Bloomberg News's "More stories like this are available on bloomberg.com", Reuters' "Our Standards: The
# Thomson Reuters Trust Principles." Read only for a registered outlet (a company suffix allowed) or a
# registered site.
_OWNER_TRAILER = re.compile(
    r"^\(?this\s+(?:column|commentary|article|piece|op-ed|story)\s+"
    r"(?:reflects\s+the\s+(?:personal\s+)?(?:views|opinions)\s+of\s+the\s+author\s+and\s+)?"
    r"(?:does\s+not|doesn['’]t|would\s+not|wouldn['’]t)\s+"
    r"(?:necessarily|essentially|always)\s+(?:reflect|replicate|mirror)\s+the\s+(?:opinions?|views?)\s+of\s+"
    # (the board and the owner both: a page's own "... the views of the BBC." names no other source)
    r"(?:the\s+editorial\s+board\s+or\s+(?:the\s+)?(?P<outlet>[^,.]+?(?:\.[A-Z]\.)?)"
    r"(?:,?\s+(?:and|or)\s+its\s+(?:house\s+|home)?owners)?|"
    r"(?:the\s+)?(?P<owned>[^,.]+?(?:\.[A-Z]\.)?),?\s+(?:and|or)\s+its\s+(?:house\s+|home)?owners)\)?[.!]?$|"
    r"^(?:more|extra)\s+(?:stories|tales|articles)\s+like\s+this\s+(?:are\s+available|can\s+be\s+found)\s+"
    r"(?:on|at)\s+(?P<site>\S+?)[.!]?$|"
    # Reuters' pages close with the link to its code: "Our Standards: The Thomson Reuters Trust Principles."
    r"^our\s+(?:standards|requirements)\s*[:–—-]\s*(?:the\s+)?(?P<principled>[^,.:\s][^,.:]{1,39}?)\s+trust\s+"
    r"principles\b[.,]*\s*(?:\(?opens\s+(?:in\s+)?(?:a\s+)?new\s+(?:tab|window)\)?)?[.!]?$",
    re.IGNORECASE,
)


_OWNER_SUFFIX = re.compile(r",?\s+(?:L\.?L\.?C|Inc|Ltd|L\.?P|Corp|PLC)\.?$", re.IGNORECASE)


def _owner_trailer(line: str, registry: Registry) -> str | None:
    """The registered outlet an ``_OWNER_TRAILER`` line names, or None."""
    match = _OWNER_TRAILER.match(line)
    if not match:
        return None
    if match.group("site"):
        return _registered_url_outlet(match.group("site"), registry)
    name = _OWNER_SUFFIX.sub(
        "", (match.group("outlet") or match.group("owned") or match.group("principled")).strip()
    )
    return registry.canonical(name) if registry.known(name) else None


# A sign-off naming only the agency: "— The Associated Press", "-- Reuters", "(AFP)", "With AFP".
_SIGN_OFF = re.compile(
    r"^(?:\(?(?:with|inputs?\s+from|courtesy(?:\s+of)?:?)\s+(?P<with>[^()]{2,60}?)\)?|[-–—]+\s*(?P<dashed>[^()\-–—]{2,50}?)|\((?P<bracketed>[^()]{2,50})\))[.!]?$",
    re.IGNORECASE,
)
# A page saying it ran a feed's text unedited, without naming the feed: "This story has been published
# from a wire agency feed without modifications to the text.", "... auto-generated from a syndicated feed."
# It is a copy, like a scraper's "Source link".
_FEED_NOTICE = re.compile(
    r"^\(?(?:except\s+for\s+the\s+headline,\s+)?this\s+(?:story|article|report|copy|news)\s+(?:has|was|is)\b"
    r".{0,120}?\b(?:published|generated|auto-generated|sourced|taken)\s+(?:from|via|off)\s+(?:a|an|the)\s+"
    r"(?:wire(?:\s+agency)?|syndicated|news\s+agency|agency)\s+feed\b.{0,160}$|"
    # "Disclaimer: This story is auto-aggregated by a computer programme and has not been created or
    # edited by <site>."
    # (Only "aggregated": a site's own stories written by software from data, "This story was
    # auto-generated using data from the National Weather Service.", are no copies.)
    r"^\(?(?:disclaimer\s*[:–—-]\s*)?(?:(?:this|the)\s+(?:story|article|report|news|post|content)\s+"
    r"(?:is|was|has\s+been)|this\s+is\s+an)\s+auto(?:matically|[- ]?)aggregated\b.{0,200}$",
    re.IGNORECASE,
)
_LIKE = re.compile(r"^like this (?:story|article)\?.*$", re.IGNORECASE)
_VIA = re.compile(
    r"^\(?(?:click (?:here )?to )?"
    r"(?:read (?:the )?(?:full|original|rest of (?:the|this)) (?:story|article)|read the rest(?=\s+(?:at|on)\b)|"
    r"read more|continue reading|"
    r"(?:(?:story|article|content|news)\s+)?via|"
    r"(?:article |news |original )?source)\s*"
    r"(?:at|on|from|in)?:?\s+(?:the\s+)?(?P<outlet>\S+(?:\s+\S+){0,5}?)\)?[.!]?$",
    re.IGNORECASE,
)
# "By Jane Doe", "By Jane Doe and John Roe, Associated Press", "by time news": a few name-like words,
# no sentence punctuation; "By Tuesday night, more than 300 homes ..." is a sentence, not a byline.
_BYLINE = re.compile(
    r"^(?:(?:written|story|article|reported|words)\s+)?by:?\s+(?P<who>[^.!?]{2,80})$",
    re.IGNORECASE,
)
_AUTHOR_FIELD = re.compile(r"^authors?\s*:\s+(?P<who>[^.!?]{2,80})$", re.IGNORECASE)
_CREDIT_HEAD = re.compile(
    r"^(?:\(?(?:reporting|writing|additional reporting|editing|compiled) by .*\)?|"
    # "Copyright 2024 The Associated Press", "© 2023 pinedaily.net", "Copyright 2024. All rights
    # reserved.": a holder (a capital, a digit or an address) or the rights words after the year;
    # "Copyright 2024 rules were changed after lobbying by ..." is a sentence.
    r"(?:copyright|\(c\)|©)\s*(?:(?:©|\(c\)|copyright)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?|by)\b[.,]?\s*"
    r"(?:by\s+)?(?:the\s+)?(?:(?-i:[A-Z0-9©])|[\w-]+\.[a-z]{2,}\b|all rights|$).*|"
    # MSN's partner pages: "© Provided by The Independent" (after the sign only: "(c) provided by the
    # Treasury under section 4" is a bill's clause).
    r"©\s*provided\s+by:?\s+(?:the\s+)?(?-i:[A-Z])[^,;]{1,50}|"
    # "© Thomson Reuters 2024": the holder's name before the year, after the sign (not after the word
    # "copyright", which starts story sentences: "Copyright law changed in 2024").
    r"(?:\(c\)|©)\s*(?:[^\W\d][\w&.'-]*\s+){1,5}\d{4}\.?|"
    # ... and after the word, when every word of the name is capitalised and the year ends the line:
    # "Copyright Thomson Reuters 2024" ("Copyright law changed in 2024" is a sentence).
    r"copyright\s+(?:(?:©|\(c\))\s*)?(?-i:[A-Z][\w&.'-]*)(?:\s+(?-i:[A-Z][\w&.'-]*)){0,4},?\s+\d{4}\.?|"
    # A reprint notice names the holder without a year: "Copyright cnbc.com. Reprinted under license.",
    # "Copyright The Associated Press. Used with permission." (the reprint words make it no sentence).
    r"(?:copyright|\(c\)|©)\s+(?:[\w&'-]+(?:\.[\w&'-]+)*\s+){0,4}?[\w&'-]+(?:\.[\w&'-]+)*[.,]\s+"
    r"(?:reprinted|republished|used|distributed|licensed)\b.{0,80}|"
    # A newspaper crediting the agency copy it used: "With reporting from Reuters.", "With files from
    # The Canadian Press", "Material from the Associated Press was used in this report."
    r"\(?with (?:additional )?(?:reporting|files|information) (?:by|from) (?:[^.!?,;]|\.(?=\w)){2,60}[.)]?|"
    r"(?:material|information|content|reporting) from (?:[^.!?,;]|\.(?=\w)){2,60} (?:was|were|has been) "
    r"used in this (?:report|story|article)\.?|"
    # Agency copy credited without a name: "Compiled from wire reports.", "From staff and wire services".
    r"\(?(?:compiled )?from (?:staff,? (?:and )?)?(?:wire|news agency|agency|news service|news)(?: service)? "
    r"(?:reports|services|dispatches|wires|agencies)(?: and staff(?: reports)?)?[.:]?\)?|"
    # USA Today network papers list the reporters who contributed, each with their outlet: "Contributing:
    # Jane Roe, USA TODAY; John Poe, The Associated Press".
    r"contributing(?: reporters?| writers?)?\s*:\s*(?:[^:]|:(?=//)){2,160})$",
    re.IGNORECASE,
)
# The credit forms that may sit anywhere in the line, found by search (not a backtracking ".*" prefix).
_CREDIT_ANYWHERE = re.compile(
    r"\b(?:all rights reserved|contributed to this (?:report|story|article))\b", re.IGNORECASE
)


# The contributor line US papers close a story with: "Jane Roe contributed reporting from London.",
# "Bloomberg's Jane Roe and John Poe in Paris contributed reporting." (a name of two capitalised words or
# more first, then only names, places and joining words, and after it only a place's capitalised words:
# "Volunteers contributed reporting to the project", "President Joe Roe contributed research funds to the
# lab", "... from Kyiv, where she was injured ..." are sentences, and an institution's "Harvard University
# contributed research." no credit line).
_CONTRIBUTED = re.compile(
    r"^(?!.*\b(?:University|Foundation|Institute|College|School|Laborator(?:y|ies)|Center|Centre|Ministry|"
    r"Department|Council|Company|Corporation|Inc)\b)"
    r"(?:[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}['’]s?\s+)?[A-Z][\w.'’-]*\s+[A-Z][\w.'’-]*"
    r"(?:,?\s+(?:[A-Z][\w.'’-]*|and|in|from|at|of|the))*,?\s+contributed\s+(?:additional\s+)?"
    r"(?:reporting|research)"
    r"(?:\s+(?:from|in|at)(?:,?\s+[A-Z][\w.'’-]*){1,5}|\s+(?:to|for)\s+this\s+(?:report|story|article))?"
    r"[.!]?$"
)


# A sentence's end after a word of three letters or more, a number or a bracket (not an initial's or a
# short abbreviation's full stop: "Staff writer J. Roe ...", "... of the Ft. Worth Star-Telegram ...").
_WORDS_SENTENCE_END = re.compile(r"(?:[^\W_]{3}|\d|\))[.!?][\"”’']? [A-Z\"“]")


def _in_a_later_sentence(line: str, at: int) -> bool:
    """Whether position ``at`` of ``line`` is past the end of its first sentence: a sentence's end after
    a word, where the sentence splitter ends one too (not "Dr.", "St.", nor an initial "J.")."""
    if not _WORDS_SENTENCE_END.search(line, 0, at):
        return False
    return at >= len(split_sentences(line)[0])


def is_credit_line(line: str) -> bool:
    """A credit line: "Reporting by ...", a copyright notice, "... contributed to this report"."""
    anywhere = _CREDIT_ANYWHERE.search(line)
    return bool(
        _CREDIT_HEAD.match(line)
        # (in the line's first sentence: "Officials said work would start. Reuters contributed to this
        # report." is a story line with a credit run onto it, for trailing_cues to split)
        or (anywhere and not _in_a_later_sentence(line, anywhere.start()))
        or ("contributed" in line and _CONTRIBUTED.match(line))
    )


# A photo credit in brackets: "(Jane Doe/Reuters)", and the agencies' own "(AP Photo/Jane Doe)".
_PHOTO = re.compile(
    r"\((?:(?P<agency>[^()/]{2,40}?)\s+photo|[^()]{2,60})\s*/\s*(?P<outlet>[^()]{2,60})\)", re.IGNORECASE
)


def _photo_credits(line: str, registry: Registry) -> list[Cue]:
    """The registered outlets a line's photo credits name."""
    if "/" not in line:
        return []
    found = []
    for match in _PHOTO.finditer(line):
        outlet = _outlet_in(match.group("agency") or match.group("outlet"), registry)
        if outlet:
            found.append(Cue("photo_credit", outlet, match.group(0)))
    return found


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
_BARE_URL = re.compile(r"^\s*(?:https?://|www\.)[^\s<>\"']+\s*$", re.IGNORECASE)


def _registered_url_outlet(url: str, registry: Registry) -> str | None:
    """The registered outlet whose site a page address (with or without its scheme) is on, or None."""
    outlet = outlet_of_url(url if "://" in url else "https://" + url, registry)
    return outlet if outlet and registry.role(outlet) else None


# A credit's object that reads as a name but is a date, a weekday or a page ("This story was originally
# published on January 5, 2024.", "... ran on Sunday.", "... appeared on Page A1.").
_NO_OUTLET_NAME = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?\s+\d|\d{1,2}\s+[a-z]+\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|page\s+[a-z]?\d)",
    re.IGNORECASE,
)


# ... nor a language or a place ("This article was first published in Spanish and is republished here",
# "... first published by Montgomery County and ...").
_NO_OUTLET_NAME_END = re.compile(
    r"\b(?:county|state|province|district|spanish|english|french|german|italian|portuguese|arabic|chinese|"
    r"russian|japanese|korean|dutch|polish|turkish|ukrainian|hindi)$",
    re.IGNORECASE,
)


def _outlet_in(text: str, registry: Registry, fallback: str | None = None) -> str | None:
    found = registry.find(text)
    if found:
        return found[0]
    # A registered outlet's page address ("Read more: https://www.axios.com/2024/...") names it too.
    for url in _URL.findall(text):
        outlet = _registered_url_outlet(url, registry)
        if outlet:
            return outlet
    if fallback:
        candidate = fallback.strip(" .!\"'")
        if candidate.startswith("the "):  # "reprinted from the Harbor Ledger"
            candidate = candidate[4:]
        # An unknown outlet name is kept only if it looks like a name, not a sentence: a few words, each
        # capitalised except short joining words ("Harbor City Ledger", "Journal of Commerce").
        words = candidate.split()
        joiners = {"of", "the", "and", "for", "de", "la", "&"}
        if (
            0 < len(words) <= 6
            and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in joiners for w in words)
            and words[0][:1].isupper()
            and not _NO_OUTLET_NAME.match(candidate)
            and not _NO_OUTLET_NAME_END.search(candidate)
        ):
            return registry.canonical(candidate, fuzzy=True)
    return None


def _credited(line: str, match: re.Match, registry: Registry, whole: bool = False) -> str | None:
    """The outlet a credit line's object (``match``'s ``outlet`` group) names: a registered outlet named
    at its start, after at most ``CREDIT_LEAD_WORDS`` short words ("first appeared in [the] Los Angeles
    Times on Jan. 5", and as spinners and OCR leave it, "published through AP", "appeared within this
    LA Times", "Thomscn Reuters"), a registered site's address it opens with, or the object itself when
    it reads as a name. An outlet named further on is story text ("The story first appeared in a local
    newsletter before Reuters picked it up"). With ``whole`` (after "Source:", "Via", "Read more at")
    at most ``CREDIT_TAIL_WORDS`` words may follow the name ("AFP news agency", "Axios Media"), and no
    clause ("Source: Reuters data showed exports fell", "Via Reuters, the ministry denied ...")."""
    at = match.start("outlet")
    phrase = match.group("outlet").strip()
    for mention in registry.mentions(line):
        if mention.end() <= at:
            continue
        before = line[at : mention.start()]
        lead = before.split()
        if (len(lead) > CREDIT_LEAD_WORDS or any(len(w) > 8 for w in lead)) and not _CREDIT_LEAD.fullmatch(
            before
        ):
            break
        if whole and (
            line[mention.end() : mention.end() + 1] in ("'", "’")
            or not _credit_tail_ok(line[mention.end() :])
        ):
            return None  # ("This story is from the BBC's archive.")
        return registry.canonical(mention.group(0))
    if phrase.lower().startswith(("http://", "https://", "www.")):
        url = phrase.split()[0]
        outlet = _registered_url_outlet(url.rstrip(".)"), registry)
        if outlet and (not whole or url == phrase):
            return outlet
        return None
    if registry.find(phrase):
        return None
    # An unregistered name may be followed by a note that the page reprints it ("... in The Atlantic and
    # is republished here with permission."): the name is what comes before it.
    bare = _NOT_EDITED.sub("", phrase)
    return _outlet_in(bare, registry, bare)


# Words a credit's object may have before the outlet's name, and after it where the name must be all of
# it (see _credited).
CREDIT_LEAD_WORDS = 2
CREDIT_TAIL_WORDS = 3
_COMPANY = r"(?:LLC|L\.L\.C|Inc|Ltd|LP|Co|Corp|PLC|GmbH|AG|SA)"
_DATE = r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2})"
# ... and longer leads that still name the outlet's own pages: "the Sunday edition of the Los Angeles
# Times", "on Jan. 5, 2024 in The Guardian".
_CREDIT_LEAD = re.compile(
    rf"\s*(?:(?:the\s+)?(?:[\w-]+\s+){{0,2}}(?:edition|issue|website|site|pages)\s+of\s+(?:the\s+)?|"
    rf"(?:on\s+)?(?:{_DATE}|[A-Z][a-z]{{2,8}}\.? \d{{1,2}})\s+(?:in|on|at|by)\s+(?:the\s+)?)",
    re.IGNORECASE,
)


def _credit_tail_ok(rest: str) -> bool:
    """Whether what follows the outlet's name in a "Source:"/"Via" line leaves the name all of the credit:
    a word or two naming it further ("AFP news agency"), another field after a bar, a bracket or a
    semicolon ("Source: AP | Updated 5:00 PM", "Source: Reuters (Editing by ...)"), or a date or a
    company's suffix after a comma ("Source: CNN, Jan. 5, 2024", "... Tribune Content Agency, LLC."); not a clause ("Source: Reuters data showed exports fell",
    "Via Reuters, officials said")."""
    rest = re.split(r"[|(;]", rest, maxsplit=1)[0].strip().rstrip(" .!)")
    if rest.startswith(","):
        rest = rest[1:].strip().rstrip(" .,")
        return not rest or re.fullmatch(rf"(?:{_DATE}|{_COMPANY})\.?", rest) is not None
    return len(rest.split()) <= CREDIT_TAIL_WORDS and not any(c in rest for c in ",;:")


# A byline without "By": a reporter's name, then a comma and a registered outlet, all of the line ("Jane
# Doe, Associated Press"), or a bar or a dash after a name in capitals ("JANE DOE | Reuters").
_SIGNED_NAME = re.compile(
    r"^(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&)){1,6})\s*(?P<sep>[,|–—-])\s*(?:the\s+)?(?P<outlet>[^,|]{2,40}?)[.]?$"
)
# Words of page menus and section names, which a menu line puts where a byline puts a name ("World News
# | Reuters", "Top Stories - CNN").
_MENU_WORDS = frozenset(
    "news world business markets top stories latest video videos home sports sport politics opinion "
    "tech technology live more breaking local health science climate money entertainment lifestyle "
    "culture travel weather us uk europe asia africa americas media press release releases follow "
    "subscribe share related read watch listen".split()
)


def _signed_name(line: str, registry: Registry) -> str | None:
    """The registered outlet a byline without "By" names (``_SIGNED_NAME``), or None: the name must be
    two to seven words of a person's name or two names, none a menu's word."""
    if len(line) > 90:
        return None
    match = _SIGNED_NAME.match(line)
    if not match or not registry.known(match.group("outlet").strip()):
        return None
    if match.group("sep") != "," and not match.group("who").replace("and", "").isupper():
        return None  # "Fed Holds Rates Steady | Reuters", "President Joe Biden - Reuters": a title, a caption
    words = [w for w in match.group("who").split() if w not in ("and", "&")]
    if len(words) < 2 or any(w.lower().strip(".") in _MENU_WORDS for w in words):
        return None
    if registry.find(match.group("who")):
        return None  # "New York Times - Reuters": two outlets, no reporter
    return registry.canonical(match.group("outlet").strip())


# Bylines in other languages, read only for a registered outlet: "Por Jane Roe (EFE)", "Por Agencia EFE",
# "Di Jane Roe (ANSA)", "Von Jane Roe, dpa"; the rest of the line names only people.
_FOREIGN_BY = ("por ", "par ", "von ", "di ", "door ", "przez ")
_FOREIGN_BYLINE = re.compile(r"^(?:por|par|von|di|door|przez)\s*:?\s+(?P<who>[^.!?]{2,80})$", re.IGNORECASE)
# A French, Spanish, Portuguese or German newsroom crediting the agency copy its story is made of: "Le
# Monde avec AFP", "Par Le Figaro avec AFP et Reuters", "La redacción con EFE" (only registered agencies
# after the word; before it a newsroom's name with its article, a registered outlet, or a desk).
_WITH_WORDS = re.compile(r" (?:avec|con|com|mit) ")
_WITH_AGENCY = re.compile(
    r"^(?:(?:par|por|von|di|door)\s+)?(?P<who>(?-i:[A-ZÀ-Ý])[^.!?,:;()\d]{1,40}?)\s+(?:avec|con|com|mit)\s+"
    r"(?P<names>[^.!?:;()]{2,60}?)[.]?$",
    re.IGNORECASE,
)


def _foreign_byline(line: str, registry: Registry) -> str | None:
    """The registered outlet a byline in another language names (``_FOREIGN_BYLINE``), or None: read as an
    English byline's (``byline_who_outlet``: "Von Hubert Spiegel", "Por María Bloomberg (EFE)" name
    people), and every name beside the outlet two words or more ("Di Maio e Conte (ANSA)" is a caption's
    two surnames)."""
    match = len(line) <= 90 and _FOREIGN_BYLINE.match(line)
    if not match:
        return None
    who = match.group("who")
    outlet = byline_who_outlet(who, registry)
    if outlet is None:
        return None
    rest = who
    for mention in reversed(list(registry.mentions(who))):
        rest = rest[: mention.start()] + " , " + rest[mention.end() :]
    names = [n.split() for n in re.split(r"[(),|/]|\s(?:y|e|et|und|en|i|and|&)\s", rest)]
    names = [[w for w in n if w.lower() not in _BYLINE_JOINERS] for n in names]
    names = [n for n in names if n]
    if sum(len(n) for n in names) > 8 or any(len(n) < 2 or not all(w[0].isupper() for w in n) for n in names):
        return None
    return outlet


# Words a newsroom's name or desk opens with ("Le Monde", "La rédaction", "El País").
_NEWSROOM_WORDS = frozenset(
    "le la les l' el los las der die das de du des the rédaction redaction redacción redaccion redação "
    "redaktion redactie".split()
)
_NEWSROOM_DESKS = frozenset("rédaction redaction redacción redaccion redação redaktion redactie".split())
# Joining words and "agency" words a byline in another language may hold beside the names.
_BYLINE_JOINERS = frozenset("y e et und en i and & - agencia agência agence agenzia agentur".split())


def _with_agency(line: str, registry: Registry) -> str | None:
    """The first registered agency a "<newsroom> avec AFP" line credits (``_WITH_AGENCY``), or None."""
    match = len(line) <= 90 and _WITH_AGENCY.match(line)
    if not match:
        return None
    # (A newsroom's name with its article, "Le Monde", a registered outlet's, or its desk, "La rédaction":
    # "Real Madrid con Reuters", "Presidente Lula com Reuters", "Entrevista con EFE" are a result, a
    # caption and a subheading.)
    who = match.group("who").strip()
    words = who.split()
    if len(words) > 5 or not all(w[0].isupper() or w.lower() in _NEWSROOM_WORDS for w in words):
        return None
    if not (
        registry.known(who)
        or words[0].lower() in _NEWSROOM_WORDS
        or any(w.lower() in _NEWSROOM_DESKS for w in words)
    ):
        return None
    names = registered_names(match.group("names"), registry)
    return names[0] if names and all(registry.role(n) == "agency" for n in names) else None


def _looks_like_clause(text: str) -> bool:
    """Lower-case words other than joiners mean a clause ("Tuesday night, more than 300 homes ..."),
    not a list of names; a scraper's all-lower-case name ("time news") is allowed when short."""
    words = [w.strip(",;") for w in text.split()]
    if all(w.islower() for w in words) and len(words) <= 3:
        return False
    joiners = {"and", "of", "the", "for", "de", "la", "in", "&", "|", "-"}
    lower = [w for w in words if w and w[0].islower() and w not in joiners]
    return bool(lower) or any(ch.isdigit() for ch in text)


# German pages close agency copy with the agencies and the editor's initials, slashed: "jr/dpa/AFP",
# "(dpa/AFP/jr)". A photo credit's name is no initials ("Jane Doe/Reuters").
_INITIALLED = re.compile(r"^\(?(?P<parts>[\w&.-]+(?:/[\w&.-]+)+)\)?\.?$")
_INITIALS = re.compile(r"[a-zäöü]{1,3}")


def _initialled_sign_off(line: str, registry: Registry) -> str | None:
    """The first registered agency of an initialled sign-off (``_INITIALLED``), or None: every part a
    registered outlet or an editor's initials, with one of each at least."""
    match = _INITIALLED.match(line.strip())
    if not match:
        return None
    parts = match.group("parts").split("/")
    named = [registry.canonical(p) for p in parts if registry.known(p)]
    initials = [p for p in parts if not registry.known(p) and _INITIALS.fullmatch(p)]
    return named[0] if named and initials and len(named) + len(initials) == len(parts) else None


def _signed_off_by(line: str, registry: Registry) -> str | None:
    """The registered outlet a sign-off line names and nothing else ("-- Reuters", "(AFP)", "With AFP
    and Reuters": the first of them), or None. A bare name on a line of its own is not one: a page's own
    site name stands alone in its header."""
    match = _SIGN_OFF.match(line)
    if not match:
        return _initialled_sign_off(line, registry)
    names = registered_names(
        match.group("dashed") or match.group("bracketed") or match.group("with"), registry
    )
    return names[0] if names else _initialled_sign_off(line, registry)


# A scraper's "Source link" as article spinners write it ("Supply hyperlink"): no story line starts so.
_SPUN_SOURCE_LINK = re.compile(r"^(?:source|supply) hyperlink\b", re.IGNORECASE)


def _source_link_start(line: str) -> str | None:
    """The scraper's "Source link" a line starts with (run into the comment form after it), or None."""
    if line[:12].lower().startswith("source link"):
        return line[: len("source link")]
    spun = _SPUN_SOURCE_LINK.match(line)
    return spun.group(0) if spun else None


# The longest sentence of a flattened page read again as a whole cue line (a sign-off, a copyright line;
# not chrome run into a story sentence).
_WHOLE_CUE_MAX = 160

# A byline naming no outlet, with the reporter's outlet alone on the next line ("By Jane Roe" over "The
# Associated Press", as a page's byline block comes out as text): the outlet line may end in a staff, wire
# or role word ("Associated Press Writer"); a full stop makes it a sentence.
_OUTLET_LINE_MAX = 50
_OUTLET_LINE_TAIL = re.compile(
    r"(?:\s+(?:staff|wire|news\s+service|news\s+agency|(?:(?:business|medical|science|political|sports|"
    r"health|religion|foreign|national|economics|legal|investigative|video|climate|technology|education|"
    r"entertainment|special|senior|chief|white\s+house|diplomatic|energy|auto|tech)\s+)?(?:writers?|reporters?|"
    r"correspondents?|journalists?|contributors?))|\s*\(TNS\)|\s*/\s*Report\s+for\s+America)*\s*,?$",
    re.IGNORECASE,
)
_OUTLET_LINE_HEAD = re.compile(r"^(?:for|special\s+to|staff\s+writer,)\s+", re.IGNORECASE)


def byline_outlet(line: str, registry: Registry) -> str | None:
    """The registered outlet a line under an outlet-less byline names as the whole line ("The Associated
    Press", "Associated Press Writer", "For The Associated Press", "Los Angeles Times (TNS)"), or None: not
    a sentence (a full stop: "Stat.", "Wired." are a story's one-word paragraphs) nor an aggregator's logo
    ("MSN", "Yahoo": where the page sits, not who wrote it)."""
    line = line.strip(" \t-–—|•·:")
    if len(line) > _OUTLET_LINE_MAX or line.endswith((".", "!", "?")) or not registry.find(line):
        return None
    name = _OUTLET_LINE_TAIL.sub("", _OUTLET_LINE_HEAD.sub("", line))
    outlet = _registered_name(name, registry) if name else None
    return outlet if outlet and registry.role(outlet) != "aggregator" else None


# A page's header line of fields between bars or bullets, before its story: "By Jane Roe | Reuters | June 5,
# 2024", "Reuters | Updated: Jun 05, 2024, 10:41 IST", "Jane Roe | Reuters | June 5, 2024". Every field a
# byline, a registered outlet's name (maybe after "Source:"; an aggregator's is passed over), a date or a
# marked time (``pagedate.is_date_field``: "2:15" under a video is its length), or, beside a byline and a
# calendar date, a person's name of two or three words; a registered outlet among them, named by the
# byline or beside a byline or a calendar date. So "World | Reuters", "Trending Now | Reuters | June 5,
# 2024", "Stocks Rally | Bloomberg | June 5, 2024", "Presidential Debate | CNN | 9:00 PM ET" and "Paid Post
# | The New York Times" credit nobody. Read only in a page's first lines, before its story (but a
# standfirst) and any list's label (see ``_HEADER_LIST``): under them such lines are related stories'
# ("Reuters | 2 hours ago").
_HEADER_FIELDS_MAX = 160
_HEADER_SPLIT = re.compile(r"\s+[|•·]\s+")
_HEADER_PERSON = re.compile(
    r"^[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,2}$|^[A-Z'’-]+(?:\s+[A-Z.'’-]+){1,2}$"
)
_HEADER_NOT_PERSON = frozenset(
    "now just in picks popular justice finance partner partners content post paid sponsored next up trending "
    "editors editors' editor's recommended debate football evening chart data graphic desk personal crime "
    "top from our most live watch listen new show night morning edition hour today week weekly daily "
    "magazine podcast video special report review exclusive analysis breaking".split()
)
_HEADER_SOURCE = re.compile(r"^(?:source|via)\s*:\s*", re.IGNORECASE)
_HEADER_POSTED = re.compile(r"^posted\s+by:?\s+", re.IGNORECASE)
# The page's first lines a header may hold, and the labels of lists that end it ("Top Stories", "Related").
HEADER_LINES = 15
_HEADER_LIST = re.compile(
    r"^(?:related|top stories|trending|up next|recommended|most (?:popular|read|viewed)|more from|latest|"
    r"watch|listen|you may also like|read (?:more|next|also)|editors['’] picks|popular|also (?:read|see)|"
    r"see also|don['’]t miss|in case you missed it|must read|more (?:stories|news|on)|next story)\b",
    re.IGNORECASE,
)


# A page's header may come after its standfirst: one paragraph of at most this many words.
STANDFIRST_WORDS = 45


def _standfirst_at_most(story: list[str]) -> bool:
    """Whether the story lines read so far are none, or one paragraph short enough to be a standfirst."""
    paragraphs = [p for p in story if p]
    return not paragraphs or (len(paragraphs) == 1 and len(paragraphs[0].split()) <= STANDFIRST_WORDS)


def header_byline(line: str, registry: Registry) -> str | None:
    """The registered outlet a page's header line of fields names (see ``_HEADER_SPLIT``), or None."""
    if len(line) > _HEADER_FIELDS_MAX:
        return None
    fields = _HEADER_SPLIT.split(line.strip())
    if len(fields) < 2:
        return None
    by_byline: list[str] = []
    bare: list[tuple[str, str]] = []
    people: list[str] = []
    calendar = bylined = False
    for part in fields:
        part = _HEADER_POSTED.sub("By ", part.strip(" ."))
        if kind := date_field(part):
            calendar = calendar or kind == "calendar"
        elif (who := _byline_who(part)) is not None:
            bylined = True
            if outlet := byline_who_outlet(who, registry):
                by_byline.append(outlet)
        elif (
            registry.known(named := _HEADER_SOURCE.sub("", part))
            and registry.role(registry.canonical(named)) == "aggregator"
        ):
            continue  # (where the page sits: "Yahoo News | By Jane Roe, Reuters | June 5, 2024")
        elif outlet := byline_outlet(named, registry):
            bare.append((outlet, part))
        elif (
            _HEADER_PERSON.match(part)
            and not any(
                w.lower().strip(".") in _MENU_WORDS or w.lower() in _HEADER_NOT_PERSON for w in part.split()
            )
            and not registry.find(part)
        ):
            people.append(part)
        else:
            return None
    if people and not (calendar and bylined):
        return None  # ("Stocks Rally | Bloomberg | June 5, 2024", "Premier League | BBC": a title, a section)
    if by_byline:
        return by_byline[0]
    # (An outlet of two letters beside a name is more likely a place's or a course's: "New Hope | PA".)
    named = [outlet for outlet, part in bare if len(part) > 2 or not people]
    return named[0] if named and (calendar or bylined) else None


# The longest line after an outlet-less "Like this story?" line that may name its outlet.
_LIKE_NEXT_MAX = 120
_PLUG = re.compile(
    r"\b(?:(?:get|read|find|see) more\b|sign(?:ing)? up\b|subscribe\b|newsletter\b|more (?:stories|news)\b)",
    re.IGNORECASE,
)


def _closing_outlet(line: str, registry: Registry) -> str | None:
    """The registered outlet a line ends with (at most ``CREDIT_TAIL_WORDS`` words after it: "Get more
    from Axios.", "... signing up for Axios AM."), or None ("The mayor of Reuters Town said no.")."""
    last = None
    for mention in registry.mentions(line):
        last = mention
    if last is None or len(line[last.end() :].strip(" .!)").split()) > CREDIT_TAIL_WORDS - 1:
        return None
    return registry.canonical(last.group(0))


# What a sign-off or a list item puts before a credit line: "— With files from The Canadian Press".
_LEAD_MARKS = "-–—•*· \t"


# Article spinners rewrite a page's credit lines with the rest of it, word for word from a synonym table:
# "The story initially appeared in Los Angeles Instances.", "The Related Press contributed to this
# report.", "Like this text? Get extra from Axios", "Reporting by ...; Modifying by ...", "Learn extra at
# Reuters". Their synonyms of the words credit lines and outlets' names are made of, back to the words
# (a line is read again with them only when it states no cue as it is, and only the cue it then states
# counts: a story sentence with these words reads as the same sentence).
SPUN_CREDIT_WORDS = {
    "initially": "first",
    "firstly": "first",
    "printed": "published",
    "revealed": "published",
    "tale": "story",
    "text": "story",
    "textual content": "story",
    "put up": "post",
    "extra": "more",
    "learn": "read",
    "supply hyperlink": "source link",
    "modifying": "editing",
    "enhancing": "editing",
    "accountable": "responsible",
    "content material": "content",
    "authentic": "original",
    "unique": "original",
    "entire": "full",
    # ("related" alone is in every "Related:" line of page chrome: only the agency's name)
    "related press": "associated press",
    "affiliated press": "associated press",
    "instances": "times",
    "occasions": "times",
    "submit": "post",
    "publish": "post",
    "information": "news",
    "avenue": "street",
    "dialog": "conversation",
    "inventive": "creative",
    "enterprise": "business",
    "every day": "daily",
}
# (Searched in the lower-cased line: a case-insensitive alternation costs three times as much.)
_SPUN_CREDIT = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, SPUN_CREDIT_WORDS), key=len, reverse=True)) + r")\b"
)
# Spun credit lines are short; a longer line is story text.
SPUN_LINE_MAX = 200


# Synonyms of words of outlets' names, put back only in a capitalised name ("Los Angeles Instances", "The
# Related Press"; "related press reports", "instances of fraud" are words).
_SPUN_NAME_WORDS = frozenset(
    "related press|affiliated press|instances|occasions|submit|publish|information|avenue|dialog|"
    "inventive|enterprise|every day".split("|")
)
# A spun line read back is a credit only as a credit line reads, not as a sentence: no year and no clause
# after a comma ("First printed in The New Yorker in 1948, the story ...").
_SPUN_SENTENCE = re.compile(r"\b(?:1[89]|20)\d\d\b|,\s+(?-i:[a-z])")
_COPYRIGHT_MARKS = ("copyright", "©", "(c)")  # (a copyright line's year is no sentence's)


def _despin(line: str) -> str | None:
    """``line`` with a spinner's synonyms of credit words put back (their case kept), or None if it has
    none."""
    lowered = line.lower()
    if not _SPUN_CREDIT.search(lowered):
        return None
    parts, at = [], 0
    for match in _SPUN_CREDIT.finditer(lowered):
        capital = line[match.start()].isupper()
        if match.group(0) in _SPUN_NAME_WORDS and not capital:
            continue
        word = SPUN_CREDIT_WORDS[match.group(0)]
        parts += [line[at : match.start()], word.capitalize() if capital else word]
        at = match.end()
    return "".join(parts) + line[at:] if parts else None


def line_cue(line: str, registry: Registry) -> Cue | None:
    """The attribution cue a whole line states, or None (also after a leading dash or bullet, and as an
    article spinner left it: ``SPUN_CREDIT_WORDS``)."""
    cue = _lead_marked_cue(line, registry)
    # (Also when the line names no registered outlet as it is: "Copyright 2024 The Related Press.", "The
    # story first appeared in LA Instances.")
    unnamed = cue is None or not registry.known(cue.outlet)
    if (
        unnamed
        and len(line) <= SPUN_LINE_MAX
        and (despun := _despin(line)) is not None
        and (not _SPUN_SENTENCE.search(despun) or despun.lstrip("( ").lower().startswith(_COPYRIGHT_MARKS))
    ):
        found = _lead_marked_cue(despun, registry)
        if found is not None and (
            registry.known(found.outlet) or (cue is None and found.kind == "source_link")
        ):
            cue = Cue(found.kind, found.outlet, line)
    return cue


def _lead_marked_cue(line: str, registry: Registry) -> Cue | None:
    cue = _line_cue(line, registry)
    if cue is None and line and line[0] in _LEAD_MARKS:
        body = line.lstrip(_LEAD_MARKS)
        if body and body != line:
            found = _line_cue(body, registry)
            if found is not None and found.outlet is not None:
                cue = Cue(found.kind, found.outlet, line)
    return cue


# A story sentence may open with where something first ran, then go on as a clause after a comma: "First
# published by The Washington Post last year, the scheme drew ...", "Originally published in the Los
# Angeles Times, the essay was later ..." A credit line may only add an apposition ("Originally
# published by ProPublica, a nonprofit newsroom.", "..., the nonprofit newsroom based in New York."), a
# date or a reprint note after one.
_OPENING_PARTICIPLE = re.compile(
    r"^(?:first|originally|initially)\s+(?:published|appeared|ran|posted|printed)\b", re.I
)
_APPOSITION = frozenset({"a", "an"})
# A clause's verb ("the scheme drew ...", "the essay was later expanded ...", "Roe's essay won ..."); a
# reprint note's participle is none ("..., republished with permission."), nor is a date ("..., January
# 5, 2024.", "on Monday, March 3, 2024.").
_CLAUSE_VERB = re.compile(
    r"\b(?:(?!(?:re-?published|reprinted|reposted|shared|updated|edited|adapted|translated|licensed|used|"
    r"distributed|syndicated|based|owned|funded|headquartered)\b)[a-z]+ed|was|were|is|are|has|had|have|drew|won|became|made|took|gave|went|"
    r"came|said|says|found|led|ran|saw|got|left|brought|began|grew|kept|held|sold|told|wrote|spread)\b"
)
_CLAUSE_DATE = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)


def _opens_a_clause(line: str, match: re.Match) -> bool:
    """Whether a line opening with a participle (``_OPENING_PARTICIPLE``) goes on, after a comma past
    the credited name, with a clause: three words or more, not opening with "a"/"an", with a verb
    (``_CLAUSE_VERB``) and no date."""
    if not _OPENING_PARTICIPLE.match(line):
        return False
    _, comma, after = line[match.start("outlet") :].partition(",")
    words = after.split()
    return (
        bool(comma)
        and len(words) >= 3
        and words[0].lower() not in _APPOSITION
        and _CLAUSE_VERB.search(after) is not None
        and not _CLAUSE_DATE.search(after)
    )


def _line_cue(line: str, registry: Registry) -> Cue | None:
    if len(line) > 300:
        return None
    lowered = line.lower()
    if lowered.strip(" .") in ("source link", "source") or _SPUN_SOURCE_LINK.match(lowered):
        return Cue("source_link", None, line)
    if _BARE_URL.match(line):
        # A line that is only the address of a registered outlet's page is the link back to the source
        # (a scraper's "Source link" with its address written out); any other address credits nobody.
        outlet = _registered_url_outlet(line.strip(), registry)
        return Cue("via", outlet, line) if outlet else None
    for kind, pattern in (("originally_published", _ORIGINALLY), ("first_appeared", _FIRST), ("via", _VIA)):
        match = pattern.match(line)
        if match and kind != "via" and _opens_a_clause(line, match):
            break
        if match:
            outlet = _credited(line, match, registry, whole=kind == "via")
            # A sentence that merely says "first published in March ..." names no outlet: it is story text.
            if outlet is not None:
                return Cue(kind, outlet, line)
    if lowered.lstrip("(© ").startswith(
        ("published", "republished", "re-published", "reprinted", "distributed")
    ):
        match = _REPUBLISHED_BY.match(line)
        if match and (outlet := _registered_name(match.group("outlet").strip(" .)"), registry)):
            return Cue("republished_from", outlet, line)
    # These lines may name other outlets before the credited one (in a reposted title): read only the
    # credited name.
    for kind, pattern in (
        ("republished_from", _REPUBLISHED),
        ("first_appeared", _POST_APPEARED),
        ("credit", _INPUTS),
    ):
        match = pattern.match(line)
        if match:
            name = match.group("outlet")
            if line[:11].lower().startswith(("distributed", "syndicated")):
                # "Distributed by the Associated Press, the photo spread ..." is a sentence.
                outlet = _credited(line, match, registry, whole=True)
            else:
                outlet = _outlet_in(name, registry, name)
            if outlet is not None:
                return Cue(kind, outlet, line)
    first = lowered.lstrip("( ").split(" ", 1)[0].rstrip(":|")
    if first in _SUPPLIED_FIRST_WORDS or first.startswith(("l'", "l’", "d'", "d’")):
        bare = _NOT_EDITED.sub("", line)
        for kind, pattern in (
            ("originally_published", _SUPPLIED),
            ("originally_published", _SUPPLIED_THIS),
            ("originally_published", _SUPPLIED_BARE),
            ("first_appeared", _VERSION_APPEARED),
            ("originally_published", _TRANSLATED_FROM),
            ("originally_published", _FOREIGN_FIRST),
            ("originally_published", _FOREIGN_FIRST_BARE),
        ):
            match = pattern.match(bare)
            if match:
                outlet = _credited(bare, match, registry, whole=True)
                if registry.known(outlet):
                    kind = "via" if " via " in match.group(0)[: match.start("outlet")].lower() else kind
                    return Cue(kind, outlet, line)
        foreign = _foreign_credit(line, registry)
        if foreign is not None:
            return foreign
    if lowered.startswith(("this", "(this", "more ", "extra ", "our ")) and (
        owner := _owner_trailer(line, registry)
    ):
        return Cue("credit", owner, line)
    if lowered.lstrip("(").startswith(("the author", "the writer", "the opinions", "the views")) and (
        writer := the_author(line, registry)
    ):
        return Cue("credit", writer, line)
    if lowered.lstrip("(").startswith(("this", "include", "contain", "incorporate")) and (
        named := _includes_from(line, registry)
    ):
        return Cue("credit", named, line)
    match = _REPORT_BY.match(line)
    if match:
        name = match.group("outlet") or match.group("by")
        outlet = _outlet_in(name, registry)
        if outlet is not None:
            return Cue("first_appeared" if match.group("outlet") else "originally_published", outlet, line)
    if "coverage" in lowered and (plugged := _coverage_plug(line, registry)):
        return Cue("credit", plugged, line)
    match = _AGENCY_TRAILER.match(line) if any(w in lowered for w in _AGENCY_TRAILER_WORDS) else None
    if match:
        name = match.group("outlet") or match.group("responsible") or match.group("contributed")
        if registry.known(name):
            return Cue("credit", registry.canonical(name), line)
    outlet = _signed_off_by(line, registry)
    if outlet is not None:
        return Cue("credit", outlet, line)
    if _FEED_NOTICE.match(line):
        return Cue("source_link", None, line)
    if _LIKE.match(line):
        return Cue("like_this_story", _outlet_in(line, registry), line)
    who = _byline_who(line)
    if who is not None:
        return Cue("byline", byline_who_outlet(who, registry), line)
    if lowered.startswith("author") and (author := _AUTHOR_FIELD.match(line)):
        # "Author: Jane Roe, Associated Press", read only for a registered outlet after the name (a comma or
        # a bracket): "Author: Jane Roe, Johns Hopkins Bloomberg School of Public Health" in a paper's
        # infobox, "Author: The Economist" in a book's, "Author: Never." in an interview are none.
        parts = [p.strip() for p in re.split(r"[,()]", author.group("who")) if p.strip()]
        # (not a credential's or a state's letters: "Author: Jane Roe, PA", "..., MD, FT")
        if len(parts) > 1 and len(parts[-1]) > 2 and (outlet := _registered_name(parts[-1], registry)):
            return Cue("byline", outlet, line)
    if len(line) <= 90:
        outlet = _foreign_byline(line, registry) if lowered.startswith(_FOREIGN_BY) else None
        if outlet is None and _WITH_WORDS.search(lowered):
            outlet = _with_agency(line, registry)
        if outlet is not None:
            return Cue("byline", outlet, line)
    outlet = _signed_name(line, registry)
    if outlet is not None:
        return Cue("byline", outlet, line)
    if len(line) <= 300:
        for pattern, agency in HOUSE_STYLES:
            if pattern.match(line) and registry.known(agency):
                # A name in the line itself ("Reporting by ... for AP") outranks the format.
                named = registry.find(line)
                return Cue("house_style", named[0] if named else registry.canonical(agency), line)
    if len(line) <= 200 and is_credit_line(line):
        return Cue("credit", _outlet_in(line, registry), line)
    return None


# A dateline without the dash, as the Indian agencies write it: "New Delhi, Jan 5 (PTI) The ...", "NEW
# DELHI: (IANS) ...". Read only for a registered agency after a place.
_DATELINE_UNDASHED = re.compile(
    rf"^(?P<place>[{_UP}][{_LETTER}.'/-]*(?:[ ,]+[{_UP}0-9][{_LETTER}0-9.'/-]*){{0,6}})[ ,:]*"
    rf"\((?P<agency>[^()]{{1,40}})\)\s+(?=[{_UP}\"“‘'])"
)


# TASS writes its name between slashes: "MOSCOW, January 5. /TASS/. The ...". Read only for a registered
# agency after a place whose first word is in capitals ("Biden /AP/ said ..." is a sentence).
_DATELINE_SLASHED = re.compile(
    rf"^(?P<place>[{_UP}]{{2}}[{_UP}'-]*(?:[ ,]+[{_UP}0-9][{_LETTER}0-9.'-]*){{0,6}})[ ,]*"
    r"/(?P<agency>[^/\s][^/]{0,38})/\.?\s*[-–—]*\s*"
)


def dateline(paragraph: str, registry: Registry) -> tuple[Cue | None, str]:
    """A leading dateline (``WASHINGTON (AP) -``) as a cue, and the paragraph without it."""
    match = _DATELINE.match(paragraph)
    if not match:
        match = _DATELINE_UNDASHED.match(paragraph) or _DATELINE_SLASHED.match(paragraph)
        if (
            not match
            or registry.role(registry.canonical(match.group("agency").strip())) != "agency"
            # "Agence France-Presse (AFP) Chief Executive ...", "The Associated Press (AP) Stylebook":
            # a name and its abbreviation, not a place and an agency.
            or registry.find(match.group("place"))
        ):
            return None, paragraph
    agency = match.group("agency").strip()
    if not registry.known(agency) and registry.known(spun := _despin(agency) or agency):
        agency = spun  # "WASHINGTON (Related Press) -": a spinner's synonyms
    # (Two agencies' copy merged: "Moskau (dpa/AFP) - ", "(Reuters, AP) -": the first, both registered.)
    names = registered_names(agency, registry, slash=True)
    outlet = names[0] if names else None
    if outlet is None:
        return None, paragraph
    return Cue("dateline", outlet, match.group(0).strip(" -:._")), paragraph[match.end() :]


# A text whose paragraphs were joined into one line (a CSV cell, a scraped text field) still carries its
# cue lines, as sentences at its edges: the dateline after the headline, credits at the end.
# ("Like this story? Find out more from Axios" is one cue, not two sentences.) No break after the
# abbreviations that datelines and names use ("SEOUL, Feb. 3 (Yonhap) --", "Gov. Jane Roe"): a dateline
# cut there is no dateline. (An initial's full stop may end a sentence: "... to the U.S. This story
# first appeared in ...".)
_ABBREVIATIONS = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof sen rep gov gen lt col sgt capt "
    "rev st jr sr vs"
).split()
_SENTENCE_BREAK = re.compile(
    r"(?:(?<=[.!?…])|(?<=[.!?…][\"')\]]))(?<!like this story\?)(?<!like this article\?)"
    + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
    + r"\s+",
    re.IGNORECASE,
)
# A reprint notice is one sentence: "Copyright Thomson Reuters. Reprinted under license."
_REPRINT_HOLDER = re.compile(r"(?:^|\s)(?:copyright|©|\(c\))\s+\S+(?:\s+\S+){0,4}$", re.IGNORECASE)
_REPRINT_TERMS = re.compile(
    r"^(?:reprinted|republished|used (?:with|under|by)|distributed|licensed)\b", re.IGNORECASE
)


def split_sentences(text: str) -> list[str]:
    """``text``'s sentences (at closing punctuation and space), a reprint notice kept as one."""
    out: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        if out and _REPRINT_TERMS.match(sentence) and _REPRINT_HOLDER.search(out[-1]):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


# A dateline inside a line: an upper-case place, then a registered agency in brackets and a dash.
_DATELINE_INSIDE = re.compile(
    r"(?:^|(?<=\s))[A-Z][A-Z.'/-]+(?:[ ,]+[A-Z0-9][A-Za-z0-9.'/-]*){0,5}[ ,]*\((?P<agency>[^()]{1,40})\)\s*[-:]+\s+"
)
# Cue kinds read from a sentence at the end of a paragraph: the ones whose wording no story sentence
# shares. ("Reporting by the Post showed ..." is story text; a copyright notice is not.)
_EDGE_KINDS = frozenset(
    {
        "first_appeared",
        "originally_published",
        "republished_from",
        "like_this_story",
        "via",
        "source_link",
        "house_style",
    }
)
_EDGE_CREDIT = re.compile(
    r"copyright|\(c\)|©|all rights reserved|contributed to this (?:report|story)|"
    r"^\(?with (?:additional )?(?:reporting|files|information) (?:by|from) |^material from .* used in this |"
    r"^\(?(?:this (?:report|story|article) )?(?:includes?|contains?|incorporates?) (?:material|reporting|information) (?:from|by) |"
    r"^contributing(?: reporters?| writers?)?\s*:|"
    # The agencies' closing lines (``_AGENCY_TRAILER``, ``_SIGN_OFF``): line_cue has already checked that
    # they name a registered outlet.
    r"\bcontributed\b|solely responsible for all content|['’]s coverage\b|^[-–—]+\s*\S|^\(?with\s|"
    r"^\([^()]{2,50}\)[.!]?$|"
    # ... and their credits in other languages (``_FOREIGN_CREDIT``: registered names only).
    r"^\(?\s*(?:con|com|mit|avec)\s|^(?:redacci[oó]n|reda[cç][aã]o|r[ée]daction|redaktion)\s*[:|-]|"
    # ... and the closing lines of an outlet's copy that name it inside (``_OWNER_TRAILER``).
    r"^\(?this\s+\w+\s+(?:reflects\s+the\s+(?:\w+\s+)?(?:views|opinions)\s+of\s+the\s+author|"
    r"(?:does|would)\s+not|doesn['’]t|wouldn['’]t)\b|"
    # ... and German initialled sign-offs (``_INITIALLED``: registered names only).
    r"^\(?[a-zäöü]{1,3}/\S+$|^\S+/[a-zäöü]{1,3}\)?\.?$|"
    # ... and a column's note on its writer (``_THE_AUTHOR``).
    r"^\(?the\s+(?:author|writer)\s+is\b|^\(?the\s+(?:opinions|views)\s+expressed\b|"
    r"^(?:more|extra)\s+\w+\s+like\s+this\b|^our\s+(?:standards|requirements)\s*[:–—-]|"
    # ... and the coverage plugs (``_COVERAGE_PLUG``: an agency's, or with the outlet's own address).
    r"\bcoverage\b",
    re.IGNORECASE,
)


def _edge_cue(sentence: str, registry: Registry) -> Cue | None:
    cue = line_cue(sentence, registry)
    if cue is None:
        return None
    if cue.kind in _EDGE_KINDS or (cue.kind == "credit" and _EDGE_CREDIT.search(sentence)):
        return cue
    return None


def drop_chrome_sentences(paragraph: str, registry: Registry) -> tuple[str, list[str]]:
    """A paragraph longer than a chrome line without its chrome sentences, and those sentences (a cue
    sentence stays, for :func:`trailing_cues` to read)."""
    if len(paragraph) <= CHROME_LINE_MAX:
        return paragraph, []
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in split_sentences(paragraph):
        chrome = is_chrome(sentence) and _edge_cue(sentence, registry) is None
        (dropped if chrome else kept).append(sentence)
    return (" ".join(kept), dropped) if dropped else (paragraph, [])


def trailing_cues(paragraph: str, registry: Registry) -> tuple[str, list[Cue], list[str]]:
    """Cue and chrome sentences at the end of a paragraph of several sentences: the paragraph without
    them, the cues, and the sentences removed (in text order)."""
    sentences = split_sentences(paragraph)
    cues: list[Cue] = []
    removed: list[str] = []
    while len(sentences) > 1:
        for k in range(1, min(3, len(sentences) - 1) + 1):
            tail = " ".join(sentences[-k:])
            cue = _edge_cue(tail, registry)
            if cue is None and k == 1 and (link := _source_link_start(tail)):
                cue = Cue("source_link", None, link)  # run into the comment form
            if cue is not None or (k == 1 and is_chrome(tail)):
                if cue is not None:
                    cues.insert(0, cue)
                removed.insert(0, tail)
                del sentences[-k:]
                break
        else:
            break
    if not removed:
        return paragraph, [], []
    return " ".join(sentences), cues, removed


# The note on its writer a syndicated column or story closes with: "Jane Roe is a Bloomberg Opinion
# columnist covering technology.", "Jane Roe is a reporter for the Los Angeles Times.", "Jane Roe is
# Reuters' chief correspondent in Lagos.", "Jane Roe writes for Reuters." A person's name of two to four
# capitalised words, "is" (a note says what the writer is; "was a Washington Post columnist" is a story's
# sentence about someone), a role and a registered outlet, and after them at most a short note on the
# beat ("covering technology", "based in London", "in Lagos"). Read only as a paragraph of its own at a
# story's end, and only for a name the story does not mention otherwise (see :func:`closing_author_note`):
# a closing sentence about a journalist ("Evan Roe is a reporter for The Wall Street Journal.") names
# someone the story is about.
_ROLE = (
    r"(?:(?:senior|chief|staff|deputy|contributing|national|foreign|political|business|investigative|"
    r"special|opinion|sports|science|health|technology|tech|economics|global|white\s+house|freelance|"
    r"associate|managing|executive|data|video|washington|[a-z]+\s+bureau)\s+)*"
    r"(?:columnist|reporter|correspondent|writer|editor|journalist|contributor|critic|bureau\s+chief)"
)
_AUTHOR_WHO = r"(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})"
# (a place is capitalised words: "in Lagos", "based in New York"; a beat is no clause: "covering U.S.
# politics", not "... and was not harmed"; spinners write "covering" as "protecting", "masking",
# "overlaying")
_PLACE = r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|and|of))*"
_AUTHOR_BEAT = (
    rf"(?:,?\s+(?:(?:based\s+)?in|at)\s+{_PLACE}|"
    r"\s+(?:covering|protecting|masking|overlaying|who\s+covers|writing\s+about)\s+"
    r"(?!.*\b(?:is|was|has|had|were|when|while|who)\b)(?:[^.!?\d]|\.(?=\S|\s+[a-z])){2,80})?[.!]?$"
)
_AUTHOR_NOTE = re.compile(
    rf"^{_AUTHOR_WHO}\s+is\s+(?:"
    # "... is a reporter for the Los Angeles Times", "... is a contributing writer to The Conversation"
    rf"(?:an?|the)\s+(?i:{_ROLE})\s+(?:for|at|with|to)\s+(?:the\s+)?(?P<outlet>[^.!?,]+?)|"
    # "... is a Bloomberg Opinion columnist", "... is a Los Angeles Times staff writer"
    rf"(?:an?|the)\s+(?P<named>[^.!?,]+?)\s+(?i:{_ROLE})|"
    # "... is Reuters' chief correspondent", "... is the Los Angeles Times' film critic"
    rf"(?:the\s+)?(?P<owner>[^.!?,]+?)['’]s?\s+(?:[a-z]+\s+){{0,2}}?(?i:{_ROLE}))"
    rf"(?P<beat>{_AUTHOR_BEAT})|"
    # "... writes for Reuters", "... writes about energy for Reuters", "... covers energy for Reuters"
    rf"^{_AUTHOR_WHO.replace('who', 'writer')}\s+(?:(?:writes|reports)(?:\s+(?:about|on)\s+[^.!?,\d]{{2,40}}?)?|"
    r"covers\s+[^.!?,\d]{2,40}?)\s+"
    rf"(?:for|at)\s+(?:the\s+)?(?P<outlet_for>[^.!?,]+?)(?P<beat_for>{_AUTHOR_BEAT})"
)
# The columns' note on their writer that names no writer, read as a whole line anywhere: "(The author is a
# Reuters Breakingviews columnist. The opinions expressed are her own.)", "(The opinions expressed here are
# those of the author, a columnist for Reuters.)"
_THE_AUTHOR = re.compile(
    rf"^\(?the\s+(?:author|writer)\s+is\s+(?:an?\s+|the\s+)?(?:(?i:{_ROLE})\s+(?:for|at|with)\s+(?:the\s+)?"
    r"(?P<outlet_at>[^.!?,()]+?)|(?P<named>[^.!?,()]+?)\s+"
    rf"(?i:{_ROLE}))"
    r"(?:\s+(?:based\s+)?in\s+[^.!?,()]{2,40})?[.!]?"
    r"(?:\s+the\s+(?:opinions|views)\s+expressed\s+are\s+(?:his|her|their|the\s+author['’]s)\s+own[.!]?)?\)?$|"
    r"^\(?the\s+(?:opinions|views)\s+expressed\s+(?:here\s+)?are\s+(?:those\s+of\s+the\s+author|"
    rf"the\s+author['’]s\s+own),\s+(?:an?|the)\s+(?i:{_ROLE})\s+(?:for|at|with)\s+(?:the\s+)?"
    r"(?P<outlet>[^.!?,()]+?)[.!]?\)?[.!]?$",
    re.IGNORECASE,
)


def the_author(line: str, registry: Registry) -> str | None:
    """The registered outlet a ``_THE_AUTHOR`` line names, or None."""
    match = _THE_AUTHOR.match(line)
    if not match or _FORMER.search(line):
        return None
    name = match.group("named") or match.group("outlet_at") or match.group("outlet")
    return _outlet_named(name.strip(), registry)


# ... and as agency copy and columns translated into other languages close: "Jane Roe es corresponsal de
# EFE en Lagos.", "Jane Roe est journaliste à l'AFP.", "Jane Roe ist Korrespondentin der dpa in Lagos.",
# "Jane Roe é correspondente da Reuters em Lagos.", "Jane Roe è corrispondente dell'ANSA a Lagos."
_ROLE_FOREIGN = (
    r"(?:corresponsal|periodista|columnista|redactora?|editora?|reportera?|"
    r"correspondante?|journaliste|chroniqueu(?:r|se)|rédact(?:eur|rice)|éditorialiste|"
    r"korrespondent(?:in)?|journalist(?:in)?|kolumnist(?:in)?|redakteur(?:in)?|reporter(?:in)?|"
    r"correspondente|jornalista|colunista|repórter|corrispondente|giornalista|editorialista)"
)
_AUTHOR_NOTE_FOREIGN = re.compile(
    rf"^{_AUTHOR_WHO}\s+(?:es|est|ist|é|è)\s+(?:(?:una?|une?|eine?|uma?|la|el|il|o|a)\s+)?"
    rf"(?:[a-zà-ÿ]+\s+)?(?i:{_ROLE_FOREIGN})\s+"
    r"(?:(?:de\s+la|del|de|des|du|da|do|der|bei|für|à|dell['’]|della|dello|di)\s*|d['’]|l['’])+"
    r"(?:(?:la|el|l['’]|agencia|agence|agentur|agência|agenzia)\s*)*"
    r"(?P<outlet>[^.!?,]+?)(?:,?\s+(?:en|à|in|em|a|au)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?[.!]?$"
)
_FOREIGN_IS = (" es ", " est ", " ist ", " é ", " è ")
# The blurb a nonprofit newsroom's republished story closes with: "KFF Health News is a national newsroom
# that produces in-depth journalism about health issues ...", "Chalkbeat is a nonprofit news site
# covering educational change in public schools.", "Stateline is part of States Newsroom, a national
# nonprofit news organization ..." (a registered outlet first; read where a writer's note is).
_OUTLET_BLURB = re.compile(
    r"^(?P<blurbed>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})\s+is\s+"
    r"(?:part\s+of\s+[^,.!?]{2,60},\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:newsroom|news\s+(?:organi[sz]ation|service|site|outlet|agency|publication)|"
    r"media\s+organi[sz]ation)\b[^!?]{0,240}$"
)


# Words that make the note about someone who was: "Jane Roe is a former Reuters reporter."
_FORMER = re.compile(
    r"\b(?:former|ex-|retired|onetime|one-time|late|antigu[oa]|ancien(?:ne)?|ehemalige[rn]?)\b", re.IGNORECASE
)
AUTHOR_NOTE_MAX = 300
# A note may go on with what the writer did before: "Previously, she was a reporter for ..."
_NOTE_GOES_ON = re.compile(
    r"^(?:previously|before (?:that|joining)|earlier|formerly|the opinions expressed|"
    # (and after a newsroom's blurb, its plug: "Learn more about KFF.")
    r"learn more|find out more|sign up|subscribe|"
    r"(?:she|he|they)\s+(?:previously|formerly|also|has\s+(?:also\s+)?(?:worked|written|covered|reported)|"
    r"worked|covered|wrote|is\s+(?:also\s+)?the\s+author))\b",
    re.IGNORECASE,
)
AUTHOR_NOTE_LAST = 3  # how far from a story's end a writer's note may be (in sentences)


def _outlet_named(name: str, registry: Registry) -> str | None:
    """The registered outlet ``name`` is, also with one more capitalised word ("Bloomberg Opinion") or
    after one lower-case adjective ("longtime Reuters")."""
    if registry.known(name):
        return registry.canonical(name)
    mention = next(registry.mentions(name), None)  # (the first only)
    if mention is None:
        return None
    before, after = name[: mention.start()].split(), name[mention.end() :].split()
    if len(before) <= 1 and all(w.islower() for w in before) and len(after) <= 1:
        if all(w[:1].isupper() for w in after):
            return registry.canonical(mention.group(0))
    return None


def author_note(sentence: str, registry: Registry) -> tuple[Cue, str | None] | None:
    """A note on the writer naming a registered outlet (``_AUTHOR_NOTE``) as a credit, with the writer's
    name (None for a newsroom's blurb, ``_OUTLET_BLURB``), or None."""
    if len(sentence) > AUTHOR_NOTE_MAX:
        return None
    if " is " in sentence and (blurb := _OUTLET_BLURB.match(sentence)):
        name = blurb.group("blurbed")
        return (Cue("credit", registry.canonical(name), sentence), None) if registry.known(name) else None
    if " is " in sentence or " writes " in sentence or " reports " in sentence or " covers " in sentence:
        match = _AUTHOR_NOTE.match(sentence)
    elif any(w in sentence for w in _FOREIGN_IS):
        match = _AUTHOR_NOTE_FOREIGN.match(sentence)
        if not match or registry.find(match.group("who")) or _FORMER.search(sentence):
            return None
        outlet = _outlet_named(match.group("outlet").strip(), registry)
        return (Cue("credit", outlet, sentence), match.group("who")) if outlet else None
    else:
        return None
    if not match:
        return None
    who = match.group("who") or match.group("writer")
    if registry.find(who) or any(w.lower() in _MENU_WORDS for w in who.split()) or _FORMER.search(sentence):
        return None
    name = match.group("outlet") or match.group("outlet_for") or match.group("owner") or match.group("named")
    outlet = _outlet_named(name.strip(), registry)
    return (Cue("credit", outlet, sentence), who) if outlet else None


def closing_author_note(
    paragraph: str, story: str, registry: Registry, run_on: bool = False
) -> tuple[str, Cue] | None:
    """The writer's note among the last sentences of a story's last ``paragraph``, with what it says
    the writer did before after it ("Previously, she ..."): the paragraph without them and the note as a
    cue, or None. The note starts the paragraph, unless the page was ``run_on`` into one paragraph (a
    closing sentence of a paragraph about someone, "Mark Lee is a CNN columnist.", is story text). The
    writer's surname must not be in the rest of the ``story`` (its paragraphs before) or in the
    paragraph's sentences before the note."""
    sentences = split_sentences(paragraph)
    for end in range(len(sentences), max(0, len(sentences) - AUTHOR_NOTE_LAST), -1):
        if end < len(sentences) and not _NOTE_GOES_ON.match(sentences[end]):
            return None
        # (two sentences where a name's initial ended one: "Jane Q." "Roe writes for Reuters.")
        for k in (1, 2)[:end]:
            found = author_note(" ".join(sentences[end - k : end]), registry)
            if found is None:
                continue
            if end - k > 0 and not run_on:
                return None
            (note, who), rest = found, " ".join(sentences[: end - k])
            # (a newsroom's own stories name it, "..., she told KFF Health News"; a writer's do not)
            if who is not None and re.search(rf"\b{re.escape(who.split()[-1])}\b", story + "\n" + rest):
                return None
            return rest, Cue("credit", note.outlet, " ".join(sentences[end - k :]))
    return None


# A quotation left open at a sentence's end carries on into at most this many following sentences of a
# line read sentence by sentence (an unmatched quote mark must not make the rest of a text a quotation).
QUOTE_CARRY = 8


def carry_quotes(sentences: list[str]) -> list[str]:
    """The sentences of one line, each that continues a quotation opened in an earlier one starting with
    a quote mark, as a quotation running over paragraphs does: a sentence read as a line of its own keeps
    its words inside the quotation (``shingles.quoted_tokens`` reads quotes line by line). Quote marks are
    not word characters: the text's tokens and shingles do not change."""
    out: list[str] = []
    inside = 0  # sentences since the open quotation began, 0 outside one
    for sentence in sentences:
        if inside and not sentence.startswith('"'):
            sentence = '"' + sentence
        inside = inside + 1 if sentence.count('"') % 2 else 0
        if inside > QUOTE_CARRY:
            inside = 0
        out.append(sentence)
    return out


def salvage_flat_piece(piece: str) -> tuple[str | None, list[str]]:
    """One sentence of a text run into one line, with the page chrome glued to it taken off: the story
    sentence it holds (or None) and what was dropped.

    Chrome has no sentence punctuation, so a whole page's head (site name, menu, breadcrumb, "Posted by
    admin | May 18, 2024") runs into the first story sentence, and a list of other stories' headlines into
    the last. A piece with two or more item separators ("|") is such a run: of its parts between
    separators, the longest is kept if it reads as a sentence (eight words or more, closing punctuation,
    no chrome word); otherwise the piece is all chrome.
    """
    separators = piece.count("|")
    if separators < 2 and not (separators and _LISTING.search(piece)):
        return piece, []
    parts = [part.strip() for part in piece.split("|")]
    # The story sentence ends the run of a page's head ("Posted by Staff | May 18, 2024 The council ..."):
    # the last part, without the date before it, is tried first, then the longest.
    last = _LEADING_DATE.sub("", parts[-1])
    for best in (last, max(parts, key=len)):
        if len(best.split()) >= 8 and best.endswith(_TERMINAL) and not _has_anywhere_word(best):
            return best, [part for part in parts if part and part not in (best, parts[-1])]
    return None, [piece]


# A list of other stories run together ("October 7, 2024 | 11 comments", "Tags: Health, Tech"), or a
# page's byline line ("Posted by Staff | May 18, 2024"): one separator is enough.
_LISTING = re.compile(
    r"\|\s*\d+\s+comments?\b|\btags:\s|\bsource link\b|\b(?:source|supply) hyperlink\b|\bposted by\b[^|]{0,40}\|",
    re.IGNORECASE,
)
# A date (and time) before a story sentence in a page's head: "November 03, 2024 ", "Nov. 3, 2024 10:42 AM".
_LEADING_DATE = re.compile(
    r"^(?:(?:updated|published|posted)(?: on)?:?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:,? (?:at )?\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?\s+(?=[A-Z\"])"
)


_PREFIX_WORDS = 6
# Fewer words than this after a cut inside a name are the rest of a chrome sentence, not a story one.
_PREFIX_REST = 12


# A related-stories label at a sentence's start, the headline after it run into the sentence.
_RELATED_LABEL = re.compile(
    r"^(?:(?:related|recommended|also read|read also|see also|trending|more from (?:the )?(?-i:[A-Z])[^:]{0,40})"
    r"(?: (?:articles?|stories|posts|news|coverage))?:|you may also like:?)$",
    re.IGNORECASE,
)
# A run-in headline is at most this many words, and the sentence it runs into at most this many.
_HEADLINE_WORDS = 16
_SENTENCE_WORDS_MAX = 40


def _label_and_headline(words: list[str]) -> int:
    """How many of ``words`` are a related-stories label and the headline it introduces, run into the
    sentence after it ("Related: Port Authority to restore transit budget after court fight | "The
    numbers ..."): up to the first word that opens a sentence (a capital or a quote mark after a
    lower-case word), leaving a sentence of three words or more; 0 if none."""
    for k in range(1, 5):
        if _RELATED_LABEL.match(" ".join(words[:k])):
            break
    else:
        return 0
    for n in range(k + 2, min(len(words) - 3, k + _HEADLINE_WORDS)):
        opens = words[n][:1] in "\"'" or words[n][:1].isupper()
        if opens and words[n - 1][:1].islower() and not words[n - 1].endswith(","):
            # A longer rest is more headlines run together, not one sentence: left to the prefix rule.
            return n if len(words) - n <= _SENTENCE_WORDS_MAX else 0
    return 0


# A share bar in any language: its label translated ("Partager :"), the networks' names not.
_SHARE_BAR_ANY_LANGUAGE = re.compile(
    r"^(?:\S+\s+){0,2}(?:(?:facebook|twitter|whatsapp|e-?mail|print|linkedin|reddit|pinterest|telegram|"
    r"messenger|flipboard|threads|bluesky)[ ,|]*){3,}$",
    re.IGNORECASE,
)


def split_chrome_prefix(piece: str) -> list[str]:
    """A sentence of a flattened text as lines: a chrome line or comments header glued to its start
    ("Advertisement", "Story continues below", "Leave a Reply Cancel reply", "3 Comments") split off as a
    line of its own, so that it is read as one (the longest such prefix of up to six words, followed by
    a capitalised word); a share bar counts in any language ("Partager : Facebook Twitter WhatsApp
    Email")."""
    words = piece.split(" ")
    n = _label_and_headline(words)
    if n:
        return [" ".join(words[:n]), *split_chrome_prefix(" ".join(words[n:]))]
    for n in range(min(_PREFIX_WORDS, len(words) - 1), 0, -1):
        if not words[n].lstrip("\"'(")[:1].isupper():
            continue
        prefix = " ".join(words[:n])
        if is_chrome(prefix) or _COMMENTS_HEADER.match(prefix) or _SHARE_BAR_ANY_LANGUAGE.match(prefix):
            # (not after a label's list: "Top stories: News, World, Science | Officials in ...")
            in_name = words[n - 1][:1].isupper() and words[n - 1][-1:].isalnum() and ":" not in prefix
            rest = " ".join(words[n:])
            if n > 1 and in_name and len(words) - n < _PREFIX_REST and is_chrome(piece) and is_chrome(rest):
                # The cut would fall inside a name, before a few words ("Become a member of The
                # Silverwood | Examiner for less than a coffee a week."): the sentence is chrome whole.
                return [piece]
            return [prefix, *split_chrome_prefix(" ".join(words[n:]))]
    return [piece]


# Where a cue sentence may start inside a sentence of a flattened text, after the chrome glued before it
# ("... in Mumbai Advertisement This story was first published by ...", "(AFP Photo/Jo Roe) Read the
# full story at AFP").
_CUE_START = re.compile(
    r"(?<=\S)\s+(?=©|\(c\)|(?:This|The|Originally|First|Like|Copyright|Reprinted|Republished|Source|Via|"
    r"Read|Reporting|Additional|With|Material|Contributing|Follow|Courtesy|Click|Continue|By)\b)"
)
# A bracketed credit line that opens a sentence of a flattened text, the chrome after it glued on:
# "(Reporting by Jo Roe; Editing by Al Poe) Read also: More news ...".
_BRACKETED_CREDIT = re.compile(
    r"^\((?:additional )?(?:reporting|writing|compiled|editing) by [^()]{2,200}\)", re.IGNORECASE
)


# A cue sentence ending a flattened piece is at most this long.
_CUE_SENTENCE_MAX = 300
# A cue line without closing punctuation ("Via theguardian.com", "By JO ROE Reuters") is at most this many
# words.
_CUE_PREFIX_WORDS = 8


def _prefix_cue(words: list[str], registry: Registry) -> int:
    """How many of ``words`` make a cue line naming a registered outlet (or any outlet, when chrome
    follows it), the next word capitalised (0 if none): a short cue glued to what follows it in a
    flattened text."""
    for n in range(2, min(_CUE_PREFIX_WORDS, len(words) - 1) + 1):
        if not words[n][:1].isupper():
            continue
        prefix = " ".join(words[:n])
        cue = line_cue(prefix, registry)
        if cue is None or not cue.outlet:
            continue
        if registry.known(cue.outlet) and (
            cue.kind in _EDGE_KINDS
            or (cue.kind == "byline" and _person_then_outlet(words[:n], cue, registry))
        ):
            return n
        # An outlet not in the registry ("Read more at The Glenville Sentinel"), where chrome follows.
        if cue.kind in _EDGE_KINDS and _chrome_follows(" ".join(words[n:])):
            return n
    return 0


def _chrome_follows(text: str) -> bool:
    """Whether ``text`` starts with a chrome line or comments header (of up to six words)."""
    words = text.split(" ", _PREFIX_WORDS)
    for k in range(1, min(_PREFIX_WORDS, len(words)) + 1):
        head = " ".join(words[:k])
        if is_chrome(head) or _COMMENTS_HEADER.match(head) or _RELATED_LABEL.match(head):
            return True
    return False


def _person_then_outlet(words: list[str], cue: Cue, registry: Registry) -> bool:
    """A byline glued to a sentence names a person, then the outlet ("By JO ROE Reuters"), not an outlet's
    product ("By Bloomberg Billionaires Index figures, ...")."""
    for k in (1, 2, 3):
        if len(words) - k >= 3 and registry.canonical(" ".join(words[-k:]).strip(",")) == cue.outlet:
            return True
    return False


def split_cues(piece: str, registry: Registry) -> list[tuple[str, bool]]:
    """A sentence of a flattened text as its parts in order, each with whether it is a cue line glued
    into it: a cue sentence that ends the piece ("... Advertisement This story was first published by
    ...", only cues whose wording no story sentence shares, :func:`_edge_cue`), or a short cue naming a
    registered outlet before more text ("Via theguardian.com Related: ...", "By JO ROE Reuters The
    council ..."). Linear in the piece: each place a cue may start is tried once, on a window of it."""
    out: list[tuple[str, bool]] = []
    pos = 0  # where the text not yet split off starts
    while True:
        for start in itertools.chain((pos,), (m.end() for m in _CUE_START.finditer(piece, pos))):
            if start > pos and len(piece) - start <= _CUE_SENTENCE_MAX and _edge_cue(piece[start:], registry):
                return [*out, (piece[pos:start].strip(), False), (piece[start:], True)]
            words = piece[start : start + 400].split(" ", _CUE_PREFIX_WORDS + 1)
            # A scraper's "Source link" in a run of chrome ("... faces backlash Source link Never miss ...").
            source_link = words[:2] in (
                ["Source", "link"],
                ["Supply", "hyperlink"],
                ["Source", "hyperlink"],
            ) and (len(words) == 2 or words[2][:1].isupper())
            n = 2 if source_link else _prefix_cue(words, registry)
            if n:
                cue = " ".join(words[:n])
                out += [(piece[pos:start].strip(), False), (cue, True)]
                pos = start + len(cue) + 1
                break
        else:
            return [*out, (piece[pos:], False)]


def inner_dateline(paragraph: str, registry: Registry) -> tuple[Cue | None, str, str]:
    """A dateline after a headline or page chrome run into the first paragraph (``Headline WASHINGTON
    (AP) - ...``), in its first 400 characters, as a cue; the paragraph from the story on, and what came
    before the dateline (the story starts at its dateline)."""
    for match in _DATELINE_INSIDE.finditer(paragraph, 0, 400):
        agency = match.group("agency").strip()
        if registry.known(agency):
            cue = Cue("dateline", registry.canonical(agency), match.group(0).strip(" -:"))
            return cue, paragraph[match.end() :].strip(), paragraph[: match.start()].strip()
    return None, paragraph, ""


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


# A dateline is read at the start of the story: its first line, or one of its first this many lines
# when those before it are short (a consent notice's sentences, a headline with a full stop; they are
# then chrome: a story paragraph before it means the dateline is another story's, run below this one).
DATELINE_LINE = 3
_BEFORE_DATELINE_WORDS = 25


def analyse(text: str, registry: Registry) -> Analysis:
    """Normalise ``text`` and split it into story lines, chrome lines and attribution cues."""
    normalised = normalize(
        strip_markdown(strip_markup(repair_mojibake(unescape_twice_escaped(text))), registry)
    )
    story: list[str] = []
    chrome: list[str] = []
    cues: list[Cue] = []
    in_comments = False
    datelined = False
    liked: int | None = None  # a "Like this story?" cue naming no outlet, for the next line to name it
    bylined: int | None = None  # a byline naming no outlet, for the next line to name it
    # A registered outlet's name alone on a header line, for a date on the next line to make it a byline
    # ("Reuters" over "June 5, 2024 10:41 AM"): the name and its line.
    masthead: tuple[str, str] | None = None
    header = HEADER_LINES  # the page's first lines left, before a list's label, where its header may be
    lines = unwrap(*single_spaced(normalised.split("\n")))
    if any(len(line) > FLAT_LINE for line in lines):
        flat: list[str] = []
        for line in lines:
            if len(line) <= FLAT_LINE:
                flat.append(line)
                continue
            for piece in carry_quotes(split_sentences(line)):
                if (credit := _BRACKETED_CREDIT.match(piece)) and credit.end() < len(piece):
                    flat.append(credit.group(0))
                    piece = piece[credit.end() :].strip()
                # Cue lines glued into it are read before the chrome around them is dropped.
                parts: list[str] = []
                cut: list[str] = []
                for part, is_cue in split_cues(piece, registry):
                    if is_cue:
                        parts.append(part)
                        continue
                    kept, dropped = salvage_flat_piece(part) if part else (None, [])
                    cut += dropped
                    if kept:
                        parts += split_chrome_prefix(kept)
                # (Only a sentence the rules cut: one left whole is read as a line below.)
                recut = (cut or parts != [piece]) and len(piece) <= _WHOLE_CUE_MAX and "|" not in piece
                whole = line_cue(piece, registry) if recut else None
                if whole is not None:
                    found = [c for c in (line_cue(p, registry) for p in parts if p) if c is not None]
                    # A sentence that is a cue line as a whole, which the rules above cut into pieces that
                    # are none ("- AFP" into "-" and "AFP") or name no outlet ("Copyright 2024 The
                    # Associated Press." cut inside the name).
                    if not any(c.outlet for c in found) and (whole.outlet or not found):
                        parts, cut = [piece], []
                flat += parts
                chrome += cut
        lines = flat
    previous = None  # the last non-empty line before this one
    for line in lines:
        if not line:
            if story and story[-1]:
                story.append("")
            bylined = masthead = None  # (the outlet's line comes right under the byline's, or the date's)
            continue
        before, previous = previous, line
        header = 0 if header and _HEADER_LIST.match(line) else max(header - 1, 0)
        # (where a page's header lines may still come: its first lines, before its story but a standfirst)
        in_header = bool(header) and _standfirst_at_most(story)
        if masthead is not None:
            if header and is_date_field(line.strip(" ."), calendar=True):
                cues.append(Cue("byline", masthead[0], f"{masthead[1]} {line}"))
            masthead = None
        if bylined is not None:
            named = byline_outlet(line, registry)
            if named:
                cues[bylined] = Cue("byline", named, f"{cues[bylined].text} {line}")
                chrome.append(line)
                bylined = None
                continue
            bylined = None
        if liked is not None:
            # "Like this story? Share it." with the outlet on the next short line ("Get more from Axios.").
            plug = len(line) <= _LIKE_NEXT_MAX and _PLUG.search(line) and line_cue(line, registry) is None
            named = _closing_outlet(line, registry) if plug else None
            if named:
                cues[liked] = Cue("like_this_story", named, f"{cues[liked].text} {line}")
                chrome.append(line)
                liked = None
                continue
            liked = None
        cue = line_cue(line, registry)
        if cue is not None:
            if cue.kind == "like_this_story" and cue.outlet is None:
                liked = len(cues)
            elif cue.kind == "byline" and cue.outlet is None and in_header:
                bylined = len(cues)
            cues.append(cue)
            chrome.append(line)
            continue
        if in_header and (outlet := header_byline(line, registry)):
            cues.append(Cue("byline", outlet, line))
            chrome.append(line)
            continue
        if link := _source_link_start(line):  # run into the comment form after it
            cues.append(Cue("source_link", None, link))
            chrome.append(line)
            continue
        if not in_comments and _COMMENTS_HEADER.match(line.strip(" *")):
            # (A comment count in a page's head, "12 Comments" under a byline, is a chrome line, not the
            # start of the readers' section: before the story, or right after a chrome or cue line (a
            # byline) that follows no more than a standfirst's words. After a story line, or any other
            # header, the section starts.)
            in_comments = not _COMMENT_COUNT.match(line.strip(" *")) or (
                any(story)
                and not (chrome and chrome[-1] == before)
                or sum(len(s.split()) for s in story) > COMMENT_COUNT_STANDFIRST_WORDS
            )
            if not in_comments:
                chrome.append(line)
                continue
        if in_comments or is_chrome(line) or not is_story_line(line):
            # (Not a photo credit under its caption, nor one in capitals, "REUTERS", over the page's date.)
            if (
                in_header
                and not line.isupper()
                and not (before or "").rstrip().endswith((".", "!", "?", ")"))
                and (outlet := byline_outlet(line, registry))
            ):
                masthead = (outlet, line)
            chrome.append(line)
            if not in_comments:  # a caption is chrome, and its photo credit is the page's own
                cues += _photo_credits(line, registry)
            if "axios" in line.lower() or "newsletter" in line.lower():
                outlet = _outlet_in(line, registry)
                if outlet:
                    cues.append(Cue("plug", outlet, line))
            continue
        line, dropped = drop_chrome_sentences(line, registry)
        chrome += dropped
        # (Its first story lines, as many as can still come before a dateline: not the whole story anew
        # for every line, which was quadratic in a page's lines.)
        before = list(itertools.islice((s for s in story if s), DATELINE_LINE))
        cue = None
        # The story starts at its dateline, on its first line or one of the next (sentences that chrome
        # patterns missed before it, a consent notice's or a headline's with its full stop, are chrome),
        # and a headline or chrome run into the line before it is chrome too.
        if not before or (
            len(before) < DATELINE_LINE
            and not datelined
            and all(len(b.split()) <= _BEFORE_DATELINE_WORDS for b in before)
        ):
            cue, line = dateline(line, registry)
            if cue is None:
                cue, line, headline = inner_dateline(line, registry)
                chrome += [headline] if headline else []
            if cue is not None:
                cues.append(cue)
                chrome += before
                story = []
        datelined = datelined or (cue is not None and cue.kind == "dateline")
        cues += _photo_credits(line, registry)
        story.append(line)
    while story and not story[-1]:
        story.pop()
    run_on = sum(1 for p in story if p) == 1  # (a page run into one line)
    for _ in range(2):  # (two writers' notes, each a paragraph of its own)
        found = closing_author_note(story[-1], "\n".join(story[:-1]), registry, run_on) if story else None
        if found is None:
            break
        story[-1], note = found
        cues.append(note)
        chrome.append(note.text)
        while story and not story[-1]:
            story.pop()
    if story:
        story[-1], tail_cues, tail_lines = trailing_cues(story[-1], registry)
        cues += tail_cues
        chrome += tail_lines
    match_text = "\n".join(story).strip()
    return Analysis(normalised, match_text, chrome, cues)
